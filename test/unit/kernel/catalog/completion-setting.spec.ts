import { ICatalogTable } from '@jupyterlab-emr/common';
import { CatalogService, CellCatalog } from '../../../../kernel/src/catalog/catalog-service';
import { loadKernelConfig } from '../../../../kernel/src/config';
import { MagicRegistry } from '../../../../kernel/src/cell-kit/registry';
import { CellCatalogLink } from '../../../../kernel/src/magics/cell-catalog';
import { MAGIC_SPECS } from '../../../../kernel/src/magics/features';
import { IKernelServices } from '../../../../kernel/src/magics/kernel-services';
import { Redactor } from '../../../../kernel/src/redact';
import { SqlResultSettings } from '../../../../kernel/src/results/result-settings';

const TABLES: ICatalogTable[] = [{ database: 'default', name: 'accounts' }];

/** A cell catalog link on a catalog that records which catalogs completion asked for. */
function link(sqlResults: SqlResultSettings): { link: CellCatalogLink; asked: CellCatalog[] } {
  const asked: CellCatalog[] = [];
  const catalog = {
    forCell: async (cell: CellCatalog) => {
      asked.push(cell);
      return { tables: async () => TABLES };
    },
    cellStarting: async () => undefined
  } as unknown as CatalogService;
  // Two Aurora targets, one on each engine, and any other name unknown to the config.
  const engines: Record<string, string> = { pg: 'postgres', my: 'mysql' };
  const aurora = {
    target: (name: string) => {
      if (!engines[name]) {
        throw new Error(`no target ${name}`);
      }
      return { name, engine: engines[name] };
    }
  };
  const services = { registry: new MagicRegistry(MAGIC_SPECS), settings: { sqlResults }, aurora } as unknown as IKernelServices;
  return { link: new CellCatalogLink(() => catalog, services, 'scala'), asked };
}

describe('the catalogCompletion setting', () => {
  const configured = { defaultLimit: 1000, defaultChart: 'auto' as const, chartOverFullData: true, catalogCompletion: true };

  it('reaches completion from the Settings Editor: off, SQL cells complete keywords only and no catalog is asked; unset again, names come back', async () => {
    const sqlResults = new SqlResultSettings(configured);
    const { link: cells, asked } = link(sqlResults);
    expect((await cells.sqlCatalog('%%sql\nSELECT * FROM acc')).names).toBeDefined();
    expect(asked).toEqual([{ kind: 'spark' }]);

    expect(sqlResults.apply({ sql: { catalogCompletion: false } }).problems).toEqual([]);
    expect(await cells.sqlCatalog('%%sql\nSELECT * FROM acc')).toEqual({ dialect: 'spark', names: undefined });
    expect(asked).toHaveLength(1);

    sqlResults.apply({ sql: {} });
    expect((await cells.sqlCatalog('%%sql\nSELECT * FROM acc')).names).toBeDefined();
    expect(asked).toHaveLength(2);
  });

  it('refuses a value that is not a boolean, keeping the configured one', () => {
    const sqlResults = new SqlResultSettings(configured);
    expect(sqlResults.apply({ sql: { catalogCompletion: 'no' } }).problems).toEqual(['catalogCompletion must be true or false, not "no"']);
    expect(sqlResults.current().catalogCompletion).toBe(true);
  });

  it('is on unless the kernel config turns it off (EMR_LIVY_SQL_CATALOG_COMPLETION)', () => {
    const load = (env: NodeJS.ProcessEnv) => loadKernelConfig({ env, redactor: new Redactor(), homeDir: '/nonexistent-home' }).sqlResults.catalogCompletion;
    expect(load({})).toBe(true);
    expect(load({ EMR_LIVY_SQL_CATALOG_COMPLETION: 'false' })).toBe(false);
  });

  it("completes an %%aurora cell in its target engine's dialect, with or without catalog names", async () => {
    const sqlResults = new SqlResultSettings(configured);
    const { link: cells } = link(sqlResults);
    expect((await cells.sqlCatalog('%%aurora --target my\nSELECT * FROM t')).dialect).toBe('mysql');
    expect((await cells.sqlCatalog('%%aurora --target pg\nSELECT * FROM t')).dialect).toBe('postgres');
    sqlResults.apply({ sql: { catalogCompletion: false } });
    expect(await cells.sqlCatalog('%%aurora --target my\nSELECT * FROM t')).toEqual({ dialect: 'mysql', names: undefined });
    // A target the config does not name completes as PostgreSQL; running the cell says what is wrong.
    expect((await cells.sqlCatalog('%%aurora --target nowhere\nSELECT * FROM t')).dialect).toBe('postgres');
  });
});
