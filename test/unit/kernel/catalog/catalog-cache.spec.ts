import { ICatalogSource } from '../../../../kernel/src/catalog/catalog-source';
import { CatalogCache } from '../../../../kernel/src/catalog/catalog-cache';
import { changesCatalog } from '../../../../kernel/src/catalog/ddl';
import { describedTable } from '../../../../kernel/src/catalog/spark-catalog';

function countingSource(answer: () => Promise<string[]>): ICatalogSource & { asked: number; signals: AbortSignal[] } {
  const source = {
    info: { id: 'test', kind: 'spark' as const, label: 'test source', magic: '%%sql' },
    asked: 0,
    signals: [] as AbortSignal[],
    databases: (signal: AbortSignal) => {
      source.asked += 1;
      source.signals.push(signal);
      return answer();
    },
    tables: async () => [],
    table: async () => ({ database: 'd', name: 't', columns: [] }),
    preview: async () => ({ columns: [], rows: [] })
  };
  return source;
}

describe('CatalogCache', () => {
  it('asks once until invalidated', async () => {
    const source = countingSource(async () => ['default']);
    const cache = new CatalogCache(source, 1000);
    expect(await cache.databases()).toEqual(['default']);
    expect(await cache.databases()).toEqual(['default']);
    expect(source.asked).toBe(1);
    cache.invalidate();
    await cache.databases();
    expect(source.asked).toBe(2);
  });

  it('forgets a failed lookup, so the next one asks again', async () => {
    let fail = true;
    const source = countingSource(async () => {
      if (fail) {
        throw new Error('down');
      }
      return ['x'];
    });
    const cache = new CatalogCache(source, 1000);
    await expect(cache.databases()).rejects.toThrow('down');
    fail = false;
    expect(await cache.databases()).toEqual(['x']);
  });

  it('gives up a lookup at its bound and aborts the source', async () => {
    const source = countingSource(() => new Promise(() => undefined));
    const cache = new CatalogCache(source, 50);
    await expect(cache.databases()).rejects.toThrow('test source did not answer within 50 ms');
    expect(source.signals[0].aborted).toBe(true);
  });
});

describe('changesCatalog', () => {
  it('sees DDL and USE, not words in strings or comments', () => {
    expect(changesCatalog('CREATE TABLE accounts (id INT)')).toBe(true);
    expect(changesCatalog('SELECT 1;\n  drop view v')).toBe(true);
    expect(changesCatalog('ALTER TABLE t ADD COLUMNS (c INT)')).toBe(true);
    expect(changesCatalog('use silver')).toBe(true);
    expect(changesCatalog("SELECT 'drop table x'")).toBe(false);
    expect(changesCatalog('-- create table\nSELECT 1')).toBe(false);
    expect(changesCatalog('SELECT created FROM creates')).toBe(false);
  });
});

describe("Spark's DESCRIBE TABLE EXTENDED", () => {
  it('reads columns, partition columns and the table details', () => {
    const rows: [string, string, string][] = [
      ['id', 'bigint', ''],
      ['status', 'string', 'HTTP status'],
      ['day', 'date', ''],
      ['# Partition Information', '', ''],
      ['# col_name', 'data_type', 'comment'],
      ['day', 'date', ''],
      ['', '', ''],
      ['# Detailed Table Information', '', ''],
      ['Catalog', 'spark_catalog', ''],
      ['Database', 'silver', ''],
      ['Table', 'events', ''],
      ['Type', 'EXTERNAL', ''],
      ['Provider', 'parquet', ''],
      ['Location', 'file:/tmp/warehouse/silver.db/events', '']
    ];
    expect(describedTable('silver', 'events', rows)).toEqual({
      database: 'silver',
      name: 'events',
      type: 'external',
      location: 'file:/tmp/warehouse/silver.db/events',
      format: 'parquet',
      partitionColumns: ['day'],
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'status', type: 'string', comment: 'HTTP status' },
        { name: 'day', type: 'date' }
      ]
    });
  });
});
