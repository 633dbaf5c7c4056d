import { UserError } from '../../../../kernel/src/core/errors';
import { MAGIC_SPECS } from '../../../../kernel/src/magics/features';
import { parseCell } from '../../../../kernel/src/cell-kit/parser';
import { MagicRegistry } from '../../../../kernel/src/cell-kit/registry';

const registry = new MagicRegistry(MAGIC_SPECS);
const parse = (code: string, defaultMagic = 'scala') => parseCell(code, registry, defaultMagic);

describe('parseCell', () => {
  it('answers a magic named after an Object property (%__proto__) with the unknown-magic user error', () => {
    expect(() => parse('%__proto__\n')).toThrow(UserError);
    expect(() => parse('%%constructor\nSELECT 1')).toThrow(UserError);
  });

  it('runs a cell without a magic as the default language', () => {
    expect(parse('spark.range(1).count()')).toEqual({ kind: 'code', language: 'scala', code: 'spark.range(1).count()', bodyLine: 0 });
    expect(parse('SELECT 1', 'sql')).toMatchObject({ kind: 'sql', engine: 'sql', query: 'SELECT 1' });
    expect(parse('  \n ')).toEqual({ kind: 'empty' });
  });

  it.each([
    ['%%scala\nx', { kind: 'code', language: 'scala', code: 'x', bodyLine: 1 }],
    ['%%spark\nx', { kind: 'code', language: 'scala', code: 'x', bodyLine: 1 }],
    ['%%pyspark\nprint(1)', { kind: 'code', language: 'pyspark', code: 'print(1)', bodyLine: 1 }],
    ['%%sql -n 10 -q\nSELECT 1', { kind: 'sql', engine: 'sql', query: 'SELECT 1', bodyLine: 1, limit: 10, view: undefined, quiet: true, cache: false, chart: {} }],
    ['%%hive\nSHOW TABLES', { kind: 'hive', sql: { kind: 'sql', engine: 'hive', query: 'SHOW TABLES', bodyLine: 1, limit: undefined, view: undefined, quiet: false, cache: false, chart: {} } }],
    ['%spark\nx', { kind: 'code', language: 'scala', code: 'x', bodyLine: 1 }],
    ['%livy.pyspark\nprint(1)', { kind: 'code', language: 'pyspark', code: 'print(1)', bodyLine: 1 }],
    ['%sql SELECT 1\nFROM t', { kind: 'sql', engine: 'sql', query: 'SELECT 1\nFROM t', bodyLine: 0, limit: undefined, view: undefined, quiet: false, cache: false, chart: {} }],
    [
      '%%sql --chart bar --x region --y "total sales" --color year --agg sum\nSELECT 1',
      { kind: 'sql', engine: 'sql', query: 'SELECT 1', bodyLine: 1, quiet: false, cache: false, chart: { mark: 'bar', x: 'region', y: 'total sales', color: 'year', aggregate: 'sum' } }
    ],
    ['%%hive --no-chart\nSELECT 1', { kind: 'hive', sql: { kind: 'sql', engine: 'hive', query: 'SELECT 1', bodyLine: 1, quiet: false, cache: false, chart: { mark: 'none' } } }],
    ['%%hive --engine auto -n 5\nSELECT 1', { kind: 'hive', engine: 'auto', sql: { kind: 'sql', engine: 'hive', query: 'SELECT 1', bodyLine: 1, limit: 5, quiet: false, cache: false, chart: {} } }],
    [
      '%%hive --step --wait --name nightly --cluster j-abc123\nINSERT INTO t SELECT 1',
      {
        kind: 'hive',
        step: { wait: true, name: 'nightly', clusterId: 'j-ABC123' },
        sql: { kind: 'sql', engine: 'hive', query: 'INSERT INTO t SELECT 1', bodyLine: 1, quiet: false, cache: false, chart: {} }
      }
    ],
    ['%%sql --chart none --no-chart\nSELECT 1', { kind: 'sql', engine: 'sql', query: 'SELECT 1', bodyLine: 1, quiet: false, cache: false, chart: { mark: 'none' } }],
    ['%%info', { kind: 'info' }],
    ['%info', { kind: 'info' }],
    ['%%logs -n 20', { kind: 'logs', lines: 20 }],
    ['%%cleanup -f', { kind: 'cleanup', everything: true }],
    ['%%help %%sql', { kind: 'help', topic: 'sql' }],
    ['%connect http://h:8998/', { kind: 'connect', target: { kind: 'url', url: 'http://h:8998' }, sessionId: undefined }],
    ['%connect j-2axxxxxxgaplf', { kind: 'connect', target: { kind: 'cluster', clusterId: 'j-2AXXXXXXGAPLF' }, sessionId: undefined }],
    ['%connect --session 12', { kind: 'connect', target: undefined, sessionId: 12 }],
    ['%%configure -f\n{"executorMemory": 4, "conf": {"a": 1}}', { kind: 'configure', force: true, request: { executorMemory: 4, conf: { a: '1' } } }]
  ])('reads %j', (code, command) => {
    if (code.includes('executorMemory": 4')) {
      expect(() => parse(code)).toThrow(/"executorMemory": 4, but it must be a non-empty string/);
      return;
    }
    expect(parse(code)).toEqual(command);
  });

  it('suggests the closest magic for a typo and lists them all', () => {
    expect(() => parse('%%sqll\nSELECT 1')).toThrow(
      /^Unknown magic %%sqll\. Did you mean %%sql\? The magics are %%scala, %%pyspark, %%sql, %%hive, %connect, %%configure, %%info, %%logs, %%cleanup, %emr, %%aurora, %%silver, %%help; %%help explains each\.$/
    );
  });

  it('asks for %% on a cell magic written with one percent sign', () => {
    expect(() => parse('%hive SHOW TABLES')).toThrow('%hive is a cell magic: write %%hive alone on the first line and the code below it.');
  });

  it('refuses a body under a magic that takes none, so no code is silently dropped', () => {
    expect(() => parse('%%info\nspark.range(1).count()')).toThrow(/%%info takes no cell body/);
  });

  it('needs a target for %connect and recognises neither URL nor cluster id in a stray word', () => {
    expect(() => parse('%connect')).toThrow(/needs a Livy URL, an EMR cluster id/);
    expect(() => parse('%connect livy-host:8998')).toThrow(/not "livy-host:8998"/);
  });

  it('rejects a chart kind it does not draw, and --no-chart beside another chart', () => {
    expect(() => parse('%%sql --chart pies\nSELECT 1')).toThrow('%%sql: --chart bar|line|area|point|pie|heatmap|none takes one of bar, line, area, point, pie, heatmap, none, not "pies".');
    expect(() => parse('%%sql --agg median\nSELECT 1')).toThrow(/--agg sum\|avg\|count\|min\|max takes one of sum, avg, count, min, max, not "median"/);
    expect(() => parse('%%sql --no-chart --chart line\nSELECT 1')).toThrow('%%sql: --no-chart and --chart line contradict each other; keep one.');
  });

  it('reports a magic without a name', () => {
    expect(() => parse('%% sql')).toThrow(UserError);
  });
});
