import { ILivyEndpoint } from '../../../../kernel/src/cell-kit/context';
import { CatalogBusyError } from '../../../../kernel/src/catalog/catalog-source';
import { SparkCatalogSource } from '../../../../kernel/src/catalog/spark-catalog';

/** An endpoint whose runner records the statements sent and answers SHOW DATABASES. */
function endpoint(session: object | undefined): { endpoint: ILivyEndpoint; sent: string[] } {
  const sent: string[] = [];
  const runner = {
    run: async (_session: unknown, request: { code: string }) => {
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
});
