import { resolveConnection } from '../../../../kernel/src/aurora/credentials';
import { engineFor, engineOf, registerEngine } from '../../../../kernel/src/aurora/engines/registry';
import { openDatabase } from '../../../../kernel/src/aurora/open-database';
import { sparkFailure } from '../../../../kernel/src/aurora/silver/spark';
import { mergeStaging } from '../../../../kernel/src/aurora/silver/merge';
import { prepareStaging } from '../../../../kernel/src/aurora/silver/plan';
import { writeCall } from '../../../../kernel/src/aurora/silver/writer';
import { parseTargets } from '../../../../kernel/src/aurora/targets';
import { Redactor } from '../../../../kernel/src/redact';
import { TOY_ENGINE, toyDatabase } from './toy/toy-engine';

// kernel/README.md's route for a new database engine: one module implementing IAuroraEngine and one
// line in aurora/engines/registry.ts. Here the line is registerEngine, the call that list makes.
registerEngine(TOY_ENGINE);

describe('a database engine added as one module', () => {
  it('is a target engine the config accepts and a secret can name; an unknown one is refused by name', () => {
    expect(parseTargets({ toy: { engine: 'toydb', host: 'toy.local' } })).toEqual({ targets: [{ name: 'toy', engine: 'toydb', host: 'toy.local' }] });
    expect(engineOf('toydb-serverless')).toBe('toydb');
    expect(parseTargets({ odd: { engine: 'oracle', host: 'o.local' } })).toEqual({ problem: 'target "odd" needs "engine": "postgres" or "mysql" or "toydb"' });
    expect(() => engineFor('oracle')).toThrow('Aurora has no engine "oracle"; the engines are postgres, mysql, toydb.');
  });

  it("resolves a connection on the engine's default port and opens it through the engine's driver", async () => {
    const sources = {
      env: { TOY_PW: 'pw' },
      redactor: new Redactor(),
      readFile: () => '',
      getSecret: () => Promise.reject(new Error('no secrets here')),
      iamToken: () => Promise.reject(new Error('no IAM here'))
    };
    const params = await resolveConnection({ name: 'toy', engine: 'toydb', host: 'toy.local', database: 'd', user: 'u', passwordEnv: 'TOY_PW' }, sources);
    expect(params).toMatchObject({ engine: 'toydb', port: 7777 });
    const database = await openDatabase(params);
    expect(TOY_ENGINE.opened).toContain(database);
  });

  it('stages and merges with its own dialect and names, and asks it whether an overwrite can swap', async () => {
    const database = toyDatabase();
    const fields = [
      { name: 'id', type: 'long', nullable: false },
      { name: 'name', type: 'string', nullable: true }
    ];
    const plan = await prepareStaging(database, { table: { name: 'events' }, mode: 'overwrite', keys: ['id'], fields }, 'stage_1');
    expect(plan).toMatchObject({ target: { schema: 'main', name: 'EVENTS' }, createTarget: true, swap: false });
    expect(database.statements.slice(-1)).toEqual(['CREATE TABLE [main].[stage_1] ([id] TOY_INT NOT NULL, [name] TOY_TEXT)']);
    database.statements.length = 0;
    database.script(
      { match: /^SELECT count\(\*\) FROM \[main\]\.\[stage_1\]$/, rows: [[2]] },
      { match: /^SELECT count\(\*\) FROM \[main\]\.\[EVENTS\]$/, rows: [[0]] },
      { match: /^SELECT count\(\*\) FROM \[main\]\.\[EVENTS\]$/, rows: [[2]] }
    );
    expect(await mergeStaging(database, plan, 2)).toEqual({ staged: 2, before: 0, after: 2, method: 'copy' });
    expect(database.statements[0]).toMatch(/^SELECT \[id\], count\(\*\) AS emr_rows, count\(\*\) OVER \(\) AS emr_keys FROM \[main\]\.\[stage_1\] GROUP BY \[id\]/);
    expect(database.statements[1]).toBe('BEGIN TOY');
    expect(database.statements).toContain('CREATE TABLE [main].[EVENTS] COPYING [main].[stage_1]');
    expect(database.statements).toContain('LOCK [main].[EVENTS]');
  });

  it('writes from Spark with its JDBC driver, URL, loader and column types', () => {
    const params = { target: 'toy', engine: 'toydb', host: 'toy.local', port: 7777, database: 'd', user: 'u', password: 'pw', ssl: false };
    const call = writeCall({ id: 'ab12', source: 'spark.table("v")', params, staging: { schema: 'main', name: 'stage_1' }, columns: ['id'], batchSize: 10, localInfile: true });
    expect(call).toContain('driverClass = "org.toydb.Driver"');
    expect(call).toContain('url = "jdbc:toydb://toy.local:7777/d"');
    expect(call).toContain('loader = "load-data"');
    expect(call).toContain('driverFlags = Seq("toy-load-data")');
    expect(call).toContain('staging = "[main].[stage_1]"');
    expect(call).toContain('writableTypes = Seq("long", "string")');
  });

  it('names its driver when the executors lack it', () => {
    expect(sparkFailure('java.lang.ClassNotFoundException: org.toydb.Driver\n\tat x')).toMatch(/the JDBC driver org\.toydb\.Driver is not on the executors' classpath.*\{"toydb": /);
  });
});
