import { IAwsTarget, ICatalogColumn, ICatalogPreview, ICatalogSourceInfo, ICatalogTable, ICatalogTableDetail } from '@jupyterlab-emr/common';
import { ISignal, Signal } from '@lumino/signaling';
import { ICatalogChannel } from './catalog-channel';

/** Tables are asked for this many at a time; the list asks for the next page as it scrolls near the end. */
export const TABLE_PAGE_SIZE = 200;

/** One line of the Catalog list, flattened from the tree so the view can draw only what is on screen. */
export type CatalogRow =
  | { kind: 'source'; key: string; depth: 0; source: ICatalogSourceInfo; open: boolean }
  | { kind: 'database'; key: string; depth: 1; source: ICatalogSourceInfo; database: string; open: boolean }
  | { kind: 'table'; key: string; depth: 2; source: ICatalogSourceInfo; table: ICatalogTable; open: boolean }
  | { kind: 'column'; key: string; depth: 3; column: ICatalogColumn }
  | { kind: 'more'; key: string; depth: 2; source: ICatalogSourceInfo; database: string; loaded: number; total: number }
  | { kind: 'message'; key: string; depth: number; text: string; error: boolean };

interface ITables {
  tables: ICatalogTable[];
  total: number;
  loading: boolean;
  error?: string;
}

type Loadable<T> = { state: 'loading' } | { state: 'loaded'; value: T } | { state: 'failed'; error: string };

const key = (...parts: string[]): string => JSON.stringify(parts);

/**
 * The Catalog section's state: the sources, what of each is open, the pages of tables loaded, the
 * columns of opened tables and one preview, and a search over all of it. The list is derived
 * (rows()), never kept, so a search or a page arriving cannot leave it inconsistent.
 */
export class CatalogModel {
  private readonly _changed = new Signal<this, void>(this);
  private _sources: Loadable<ICatalogSourceInfo[]> = { state: 'loading' };
  private readonly _open = new Set<string>();
  private readonly _databases = new Map<string, Loadable<string[]>>();
  private readonly _tables = new Map<string, ITables>();
  private readonly _details = new Map<string, Loadable<ICatalogTableDetail>>();
  private _search = '';
  private _preview: { title: string; result: Loadable<ICatalogPreview> } | undefined;

  /** `aws`: the panel's region and profile settings, for the Glue source. */
  constructor(
    private readonly _channel: () => Promise<ICatalogChannel>,
    private readonly _aws: () => IAwsTarget = () => ({})
  ) {}

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get search(): string {
    return this._search;
  }

  get preview(): { title: string; result: Loadable<ICatalogPreview> } | undefined {
    return this._preview;
  }

  /** Asks for the sources again; with `refresh` the kernel forgets its cache first. */
  async load(refresh = false): Promise<void> {
    this._sources = { state: 'loading' };
    this._databases.clear();
    this._tables.clear();
    this._details.clear();
    this._emit();
    try {
      const channel = await this._channel();
      const aws = this._aws();
      const { sources } = refresh ? await channel.request('refresh', { aws }) : await channel.request('listSources', { aws });
      this._sources = { state: 'loaded', value: sources };
    } catch (error) {
      this._sources = { state: 'failed', error: (error as Error).message };
    }
    this._emit();
    // What was open stays open: ask again for what it shows.
    for (const source of this._sources.state === 'loaded' ? this._sources.value : []) {
      if (this._open.has(key(source.id))) {
        void this._loadDatabases(source);
      }
    }
  }

  setSearch(text: string): void {
    this._search = text;
    this._emit();
  }

  /** Opens or closes a source, database or table; opening asks for what it holds the first time. */
  toggle(row: CatalogRow): void {
    if (row.kind === 'column' || row.kind === 'message' || row.kind === 'more') {
      return;
    }
    if (this._open.delete(row.key)) {
      this._emit();
      return;
    }
    this._open.add(row.key);
    this._emit();
    if (row.kind === 'source' && !this._databases.has(row.source.id)) {
      void this._loadDatabases(row.source);
    } else if (row.kind === 'database' && !this._tables.has(row.key)) {
      void this.loadMoreTables(row.source, row.database);
    } else if (row.kind === 'table' && !this._details.has(row.key)) {
      void this._loadDetail(row.source, row.table, row.key);
    }
  }

  /** The next page of a database's tables (the first when none is loaded). */
  async loadMoreTables(source: ICatalogSourceInfo, database: string): Promise<void> {
    const tablesKey = key(source.id, database);
    const current = this._tables.get(tablesKey) ?? { tables: [], total: 0, loading: false };
    if (current.loading) {
      return;
    }
    this._tables.set(tablesKey, { ...current, loading: true, error: undefined });
    this._emit();
    try {
      const page = await (await this._channel()).request('listTables', { source: source.id, database, offset: current.tables.length, limit: TABLE_PAGE_SIZE });
      this._tables.set(tablesKey, { tables: [...current.tables, ...page.tables], total: page.total, loading: false });
    } catch (error) {
      this._tables.set(tablesKey, { ...current, loading: false, error: (error as Error).message });
    }
    this._emit();
  }

  async showPreview(source: ICatalogSourceInfo, table: ICatalogTable): Promise<void> {
    const title = `${table.database}.${table.name}`;
    this._preview = { title, result: { state: 'loading' } };
    this._emit();
    let result: Loadable<ICatalogPreview>;
    try {
      result = { state: 'loaded', value: await (await this._channel()).request('previewTable', { source: source.id, database: table.database, table: table.name }) };
    } catch (error) {
      result = { state: 'failed', error: (error as Error).message };
    }
    if (this._preview?.title === title) {
      this._preview = { title, result };
      this._emit();
    }
  }

  closePreview(): void {
    this._preview = undefined;
    this._emit();
  }

  /** The visible lines: what is open, and with a search, the names that contain it and what leads to them. */
  rows(): CatalogRow[] {
    if (this._sources.state !== 'loaded') {
      return [{ kind: 'message', key: 'sources', depth: 0, text: this._sources.state === 'loading' ? 'Loading catalogs…' : this._sources.error, error: this._sources.state === 'failed' }];
    }
    const rows: CatalogRow[] = [];
    const wanted = this._search.trim().toLowerCase();
    const matches = (name: string): boolean => wanted === '' || name.toLowerCase().includes(wanted);
    for (const source of this._sources.value) {
      const sourceKey = key(source.id);
      const below = this._databaseRows(source, matches, wanted !== '');
      if (wanted !== '' && below.length === 0 && !matches(source.label)) {
        continue;
      }
      // A search opens what holds a match, so every match is on screen.
      const open = this._open.has(sourceKey) || (wanted !== '' && below.length > 0);
      rows.push({ kind: 'source', key: sourceKey, depth: 0, source, open });
      if (open) {
        rows.push(...(wanted !== '' || this._open.has(sourceKey) ? below : []));
      }
    }
    return rows;
  }

  private _databaseRows(source: ICatalogSourceInfo, matches: (name: string) => boolean, searching: boolean): CatalogRow[] {
    const databases = this._databases.get(source.id);
    if (!databases) {
      return [];
    }
    if (databases.state !== 'loaded') {
      return searching
        ? []
        : [{ kind: 'message', key: key(source.id, '…'), depth: 1, text: databases.state === 'loading' ? 'Loading databases…' : databases.error, error: databases.state === 'failed' }];
    }
    const rows: CatalogRow[] = [];
    for (const database of databases.value) {
      const databaseKey = key(source.id, database);
      const below = this._tableRows(source, database, matches, searching);
      if (searching && below.length === 0 && !matches(database)) {
        continue;
      }
      const open = this._open.has(databaseKey) || (searching && below.length > 0);
      rows.push({ kind: 'database', key: databaseKey, depth: 1, source, database, open });
      if (open) {
        rows.push(...below);
      }
    }
    return rows;
  }

  private _tableRows(source: ICatalogSourceInfo, database: string, matches: (name: string) => boolean, searching: boolean): CatalogRow[] {
    const tables = this._tables.get(key(source.id, database));
    if (!tables) {
      return [];
    }
    const rows: CatalogRow[] = [];
    for (const table of tables.tables) {
      const tableKey = key(source.id, database, table.name);
      const columns = this._columnRows(tableKey, matches, searching);
      if (searching && columns.length === 0 && !matches(table.name)) {
        continue;
      }
      const open = this._open.has(tableKey) || (searching && columns.length > 0);
      rows.push({ kind: 'table', key: tableKey, depth: 2, source, table, open });
      if (open) {
        rows.push(...columns);
      }
    }
    if (!searching && (tables.loading || tables.error)) {
      rows.push({ kind: 'message', key: key(source.id, database, '…'), depth: 2, text: tables.error ?? 'Loading tables…', error: tables.error !== undefined });
    } else if (!searching && tables.tables.length < tables.total) {
      rows.push({ kind: 'more', key: key(source.id, database, '+'), depth: 2, source, database, loaded: tables.tables.length, total: tables.total });
    }
    return rows;
  }

  private _columnRows(tableKey: string, matches: (name: string) => boolean, searching: boolean): CatalogRow[] {
    const detail = this._details.get(tableKey);
    if (!detail) {
      return [];
    }
    if (detail.state !== 'loaded') {
      return searching ? [] : [{ kind: 'message', key: `${tableKey}…`, depth: 3, text: detail.state === 'loading' ? 'Loading columns…' : detail.error, error: detail.state === 'failed' }];
    }
    return detail.value.columns.filter(column => !searching || matches(column.name)).map(column => ({ kind: 'column', key: `${tableKey}.${column.name}`, depth: 3, column }) as CatalogRow);
  }

  private async _loadDatabases(source: ICatalogSourceInfo): Promise<void> {
    this._databases.set(source.id, { state: 'loading' });
    this._emit();
    try {
      const { databases } = await (await this._channel()).request('listDatabases', { source: source.id });
      this._databases.set(source.id, { state: 'loaded', value: databases });
    } catch (error) {
      this._databases.set(source.id, { state: 'failed', error: (error as Error).message });
    }
    this._emit();
  }

  private async _loadDetail(source: ICatalogSourceInfo, table: ICatalogTable, tableKey: string): Promise<void> {
    this._details.set(tableKey, { state: 'loading' });
    this._emit();
    try {
      const detail = await (await this._channel()).request('describeTable', { source: source.id, database: table.database, table: table.name });
      this._details.set(tableKey, { state: 'loaded', value: detail });
    } catch (error) {
      this._details.set(tableKey, { state: 'failed', error: (error as Error).message });
    }
    this._emit();
  }

  private _emit(): void {
    this._changed.emit();
  }
}
