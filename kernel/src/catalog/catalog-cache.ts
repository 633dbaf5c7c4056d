import { ICatalogPreview, ICatalogTable, ICatalogTableDetail } from '@jupyterlab-emr/common';
import { ICatalogSource } from './catalog-source';

/** The current database's key: a source's default needs no name of its own. */
const CURRENT = '';

/**
 * What the kernel knows of one source, asked for once and kept until invalidated (a DDL cell, an
 * explicit refresh). Every lookup is bounded: its signal aborts after `boundMs`, which stops a
 * Livy statement or an HTTP call, and the answer fails then even if the source does not stop.
 * A failed lookup is forgotten, so the next one asks again.
 */
export class CatalogCache {
  private _databases: Promise<string[]> | undefined;
  private readonly _tables = new Map<string, Promise<ICatalogTable[]>>();
  private readonly _details = new Map<string, Promise<ICatalogTableDetail>>();

  constructor(
    readonly source: ICatalogSource,
    private readonly _boundMs: number
  ) {}

  databases(): Promise<string[]> {
    this._databases ??= this._remember(
      signal => this.source.databases(signal),
      () => (this._databases = undefined)
    );
    return this._databases;
  }

  tables(database?: string): Promise<ICatalogTable[]> {
    const key = database?.toLowerCase() ?? CURRENT;
    return this._memo(this._tables, key, signal => this.source.tables(database, signal));
  }

  table(database: string | undefined, name: string): Promise<ICatalogTableDetail> {
    const key = `${database?.toLowerCase() ?? CURRENT}.${name.toLowerCase()}`;
    return this._memo(this._details, key, signal => this.source.table(database, name, signal));
  }

  /** A table's first rows, always read afresh (a preview is asked for to see the data as it is now). */
  preview(database: string, name: string, rows: number): Promise<ICatalogPreview> {
    return this._remember(
      signal => this.source.preview(database, name, rows, signal),
      () => undefined
    );
  }

  /** Forgets everything: the next lookup asks the source again. */
  invalidate(): void {
    this._databases = undefined;
    this._tables.clear();
    this._details.clear();
  }

  private _memo<T>(map: Map<string, Promise<T>>, key: string, ask: (signal: AbortSignal) => Promise<T>): Promise<T> {
    let answer = map.get(key);
    if (!answer) {
      answer = this._remember(ask, () => map.get(key) === answer && map.delete(key));
      map.set(key, answer);
    }
    return answer;
  }

  private _remember<T>(ask: (signal: AbortSignal) => Promise<T>, forget: () => void): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`${this.source.info.label} did not answer within ${this._boundMs} ms`));
      }, this._boundMs);
    });
    const answer = Promise.race([ask(controller.signal), late]).finally(() => clearTimeout(timer));
    answer.catch(forget);
    return answer;
  }
}
