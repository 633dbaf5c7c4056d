import { splitTableName } from '../../../../kernel/src/aurora/cell-commands';
import { KernelError } from '../../../../kernel/src/core/errors';
import { parseCell } from '../../../../kernel/src/cell-kit/parser';
import { MagicRegistry } from '../../../../kernel/src/cell-kit/registry';
import { MAGIC_SPECS } from '../../../../kernel/src/magics/features';

const registry = new MagicRegistry(MAGIC_SPECS);
const parse = (code: string): ReturnType<typeof parseCell> => parseCell(code, registry, 'scala');
const refusal = (code: string): string => {
  try {
    parse(code);
  } catch (error) {
    return (error as KernelError).evalue;
  }
  throw new Error(`${code} was accepted`);
};

describe('%%silver and %%aurora magic lines', () => {
  it('parses every %%silver option into the command', () => {
    expect(parse('%%silver --table silver.events --mode upsert --key day,path --target prod --partitions 8 --batch-size 500\nSELECT * FROM v;\n')).toEqual({
      kind: 'silver',
      table: { schema: 'silver', name: 'events' },
      mode: 'upsert',
      keys: ['day', 'path'],
      target: 'prod',
      partitions: 8,
      batchSize: 500,
      from: undefined,
      evolve: false,
      dryRun: false,
      query: 'SELECT * FROM v',
      bodyLine: 1
    });
    expect(parse('%%silver --table events --mode overwrite --from daily')).toMatchObject({ table: { name: 'events' }, from: 'daily', query: '', batchSize: 10_000, keys: [] });
  });

  it.each([
    ['%%silver --mode append\nSELECT 1', /needs --table SCHEMA\.TABLE and --mode append\|overwrite\|upsert/],
    ['%%silver --table t --mode merge\nSELECT 1', /merge/],
    ['%%silver --table t --mode upsert\nSELECT 1', /--mode upsert needs --key/],
    ['%%silver --table "x;y" --mode append\nSELECT 1', /--table: x;y is not a plain name \(letters, digits, _ and \$, not starting with a digit\)\. If you mean it, quote it: --table '"x;y"'/],
    ['%%silver --table silver.2024 --mode append\nSELECT 1', /--table: 2024 is not a plain name/],
    ['%%silver --table t --mode upsert --key "id,a-b"\nSELECT 1', /--key: a-b is not a plain name.*--key '"a-b"'/],
    ['%%silver --table t --mode upsert --key ",id"\nSELECT 1', /--key ",id" is not a list of column names/],
    ['%%silver --table t --mode append', /needs a SQL query below the magic line, or --from NAME/],
    ['%%silver --table t --mode append --from v\nSELECT 1', /either --from NAME or a query/],
    ['%%silver --table t --mode append --from "x; drop"', /--from "x; drop" must name a temporary view/],
    ['%%silver --table a.b.c --mode append\nSELECT 1', /--table "a\.b\.c" is not a table name/],
    ['%%silver --table t --mode append --partitions 0\nSELECT 1', /partitions/]
  ])('refuses %j', (code, message) => {
    expect(refusal(code)).toMatch(message);
  });

  it('takes --key with every mode (whether it applies depends on the table), quoted odd names, --evolve and --dry-run', () => {
    expect(parse('%%silver --table t --mode overwrite --key id\nSELECT 1')).toMatchObject({ mode: 'overwrite', keys: ['id'] });
    expect(parse('%%silver --table t --mode append --key day,user_id --evolve --dry-run\nSELECT 1')).toMatchObject({ keys: ['day', 'user_id'], evolve: true, dryRun: true });
    expect(parse(`%%silver --table '"Odd Name"' --mode upsert --key '"my col",id'\nSELECT 1`)).toMatchObject({ table: { name: 'Odd Name' }, keys: ['my col', 'id'] });
    expect(parse(`%%silver --table 'silver."x;y"' --mode append\nSELECT 1`)).toMatchObject({ table: { schema: 'silver', name: 'x;y' } });
  });

  it('splits quoted table names and keeps what is inside the quotes', () => {
    expect(splitTableName('"my schema"."Odd ""t"""')).toEqual({ schema: 'my schema', name: 'Odd "t"' });
    expect(splitTableName('`db`.`t`')).toEqual({ schema: 'db', name: 't' });
    expect(splitTableName('events')).toEqual({ name: 'events' });
    expect(splitTableName('a..b')).toBeUndefined();
    expect(splitTableName('')).toBeUndefined();
  });

  it('parses %%aurora with a target, a row limit and chart options', () => {
    expect(parse('%%aurora --target silver-mysql -n 5 --chart bar --x day --y hits\nSELECT day, hits FROM t')).toEqual({
      kind: 'aurora',
      target: 'silver-mysql',
      query: 'SELECT day, hits FROM t',
      bodyLine: 1,
      maxRows: 5,
      quiet: false,
      chart: { mark: 'bar', x: 'day', y: 'hits', color: undefined, aggregate: undefined }
    });
  });
});
