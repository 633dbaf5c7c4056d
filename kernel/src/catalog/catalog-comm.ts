import { CATALOG_METHODS, CatalogMethod, CatalogParams, CatalogReply, CatalogResult, ICatalogRequest } from '@jupyterlab-emr/common';
import { CommTargetHandler, IComm } from '../core/comm-manager';
import { Logger } from '../log';
import { JsonObject } from '../protocol/messages';
import { Redactor } from '../redact';
import { CatalogService } from './catalog-service';

const log = new Logger('catalog');

// The panel's preview: a first look, not a result to page through.
const PREVIEW_ROWS = 20;

function parseRequest(data: unknown): ICatalogRequest {
  const request = data as Partial<ICatalogRequest> | null;
  if (typeof request !== 'object' || request === null || typeof request.requestId !== 'string' || !CATALOG_METHODS.includes(request.method as CatalogMethod)) {
    throw new Error(`Not a catalog request: ${JSON.stringify(data)?.slice(0, 200)}`);
  }
  return { requestId: request.requestId, method: request.method as CatalogMethod, params: (typeof request.params === 'object' && request.params) || {} } as ICatalogRequest;
}

/**
 * The kernel's side of the `emr-livy.catalog` comm: each request answered from the catalog's cache
 * (asking the source on a miss), each reply carrying the request's id; what fails is one message,
 * redacted, for the panel to show where the listing would be.
 */
export class CatalogComm {
  constructor(
    private readonly _catalog: () => CatalogService | undefined,
    private readonly _redactor: Redactor
  ) {}

  readonly commTarget: CommTargetHandler = (comm: IComm) => ({
    onMessage: async data => {
      comm.send((await this.handle(data)) as unknown as JsonObject);
    }
  });

  async handle(data: unknown): Promise<CatalogReply> {
    let request: ICatalogRequest;
    try {
      request = parseRequest(data);
    } catch (error) {
      const requestId = (data as { requestId?: unknown } | null)?.requestId;
      return { requestId: typeof requestId === 'string' ? requestId : '', method: 'listSources', ok: false, error: { message: (error as Error).message } };
    }
    try {
      const result = await this._answer(request.method, request.params);
      return { requestId: request.requestId, method: request.method, ok: true, result } as CatalogReply;
    } catch (error) {
      log.debug(`Catalog ${request.method} failed.`, error);
      return { requestId: request.requestId, method: request.method, ok: false, error: { message: this._redactor.redact((error as Error).message ?? String(error)) } };
    }
  }

  private async _answer<M extends CatalogMethod>(method: M, params: CatalogParams<M>): Promise<CatalogResult<CatalogMethod>> {
    const catalog = this._catalog();
    if (!catalog) {
      throw new Error('This kernel has no catalog.');
    }
    const asked = params as CatalogParams<CatalogMethod> & { source?: string; database?: string; table?: string };
    switch (method) {
      case 'listSources':
        return { sources: (await catalog.allSources((params as CatalogParams<'listSources'>).aws)).map(cache => cache.source.info) };
      case 'listDatabases':
        return { databases: [...(await catalog.byId(String(asked.source)).databases())].sort((a, b) => a.localeCompare(b)) };
      case 'listTables': {
        const { offset, limit, filter } = params as CatalogParams<'listTables'>;
        const all = await catalog.byId(String(asked.source)).tables(String(asked.database));
        const wanted = filter ? filter.toLowerCase() : '';
        const matching = [...all].filter(table => table.name.toLowerCase().includes(wanted)).sort((a, b) => a.name.localeCompare(b.name));
        const start = Math.max(0, Math.floor(offset));
        return { tables: matching.slice(start, start + Math.max(0, Math.floor(limit))), offset: start, total: matching.length };
      }
      case 'describeTable':
        return catalog.byId(String(asked.source)).table(String(asked.database), String(asked.table));
      case 'previewTable':
        return catalog.byId(String(asked.source)).preview(String(asked.database), String(asked.table), PREVIEW_ROWS);
      case 'refresh':
        catalog.refresh(asked.source);
        return { sources: (await catalog.allSources((params as CatalogParams<'refresh'>).aws)).map(cache => cache.source.info) };
    }
    throw new Error(`Unknown catalog method ${String(method)}.`);
  }
}
