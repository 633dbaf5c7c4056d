import { ILivyEndpoint } from '../../../../kernel/src/cell-kit/context';
import { CatalogBusyError } from '../../../../kernel/src/catalog/catalog-source';
import { SparkCatalogSource } from '../../../../kernel/src/catalog/spark-catalog';
import { FakeLivy } from '../../../helpers/fake-livy';
import { fakeLivyEndpoint } from '../../../helpers/fake-livy-client';

/** An endpoint whose runner records the statements sent and answers SHOW DATABASES. */
function endpoint(session: object | undefined): { endpoint: ILivyEndpoint; sent: string[] } {
  const sent: string[] = [];
  const runner = {
    wait: async (_session: unknown, statement: unknown) => statement,
    submit: async (_session: unknown, request: { code: string }) => {
      sent.push(request.code);
      return {
        id: 1,
        state: 'available',
        output: {
          status: 'ok',
          execution_count: 1,
          data: { 'application/json': { schema: { type: 'struct', fields: [{ name: 'namespace', type: 'string', nullable: false }] }, data: [['default'], ['silver']] } }
        }
      };
    }
  };
  return { endpoint: { url: 'http://livy', sessions: { current: session }, runner } as unknown as ILivyEndpoint, sent };
}

describe('SparkCatalogSource', () => {
  const signal = new AbortController().signal;

  it('reads the catalog with sql-kind statements on the idle session', async () => {
    const { endpoint: livy, sent } = endpoint({ id: 3 });
    const source = new SparkCatalogSource({ endpoint: () => livy, cellRunning: () => false });
    expect(await source.databases(signal)).toEqual(['default', 'silver']);
    expect(sent).toEqual(['SHOW DATABASES']);
  });

  it('sends nothing while a cell runs (Livy would queue it in front of the next cell), nor without a session', async () => {
    let running = true;
    const { endpoint: livy, sent } = endpoint({ id: 3 });
    const source = new SparkCatalogSource({ endpoint: () => livy, cellRunning: () => running });
    await expect(source.tables('silver', signal)).rejects.toBeInstanceOf(CatalogBusyError);
    const none = endpoint(undefined);
    await expect(new SparkCatalogSource({ endpoint: () => none.endpoint, cellRunning: () => false }).databases(signal)).rejects.toThrow('no Spark session is up');
    expect([...sent, ...none.sent]).toEqual([]);
    running = false;
    await source.databases(signal);
    expect(sent).toEqual(['SHOW DATABASES']);
  });

  it('gives way to a cell: the statement in flight is cancelled through Livy and its lookup fails at once', async () => {
    const livy = new FakeLivy();
    // A catalog statement that would run until cancelled, as a slow metastore listing might.
    livy.script = () => ({ endless: true, cancellingPolls: 1_000, output: {} });
    const livyEndpoint = fakeLivyEndpoint(livy);
    await livyEndpoint.sessions.ensure();
    const source = new SparkCatalogSource({ endpoint: () => livyEndpoint, cellRunning: () => false });
    const lookup = source.databases(signal);
    lookup.catch(() => undefined);
    while (livy.requestsTo('GET', /statements\/\d+$/).length === 0) {
      await new Promise(resolve => setTimeout(resolve, 1));
    }
    await source.giveWay();
    // The cancel was answered before giveWay resolved: the cell sends its statement only then.
    expect(livy.requestsTo('POST', /statements\/0\/cancel$/)).toHaveLength(1);
    await expect(lookup).rejects.toBeInstanceOf(CatalogBusyError);
    // Livy is still cancelling (1,000 polls): neither giveWay nor the lookup waited for that.
    expect([...livy.sessions.values()][0].statements[0].state).toBe('cancelling');
    await livyEndpoint.sessions.shutdown(500);
  });

  it('cancels a statement still being sent as soon as Livy gives it an id, and nothing once the lookup ended', async () => {
    const livy = new FakeLivy();
    livy.script = code =>
      code === 'SHOW DATABASES'
        ? {
            output: {
              status: 'ok',
              execution_count: 0,
              data: { 'application/json': { schema: { type: 'struct', fields: [{ name: 'namespace', type: 'string', nullable: false }] }, data: [['default']] } }
            }
          }
        : { endless: true, output: {} };
    const livyEndpoint = fakeLivyEndpoint(livy);
    await livyEndpoint.sessions.ensure();
    const source = new SparkCatalogSource({ endpoint: () => livyEndpoint, cellRunning: () => false });
    expect(await source.databases(signal)).toEqual(['default']);
    await source.giveWay();
    expect(livy.requestsTo('POST', /cancel$/)).toHaveLength(0);
    const lookup = source.tables('silver', signal);
    lookup.catch(() => undefined);
    // giveWay before the statement's POST is answered.
    await source.giveWay();
    await expect(lookup).rejects.toBeInstanceOf(CatalogBusyError);
    expect(livy.requestsTo('POST', /statements\/1\/cancel$/)).toHaveLength(1);
    await livyEndpoint.sessions.shutdown(500);
  });
});
