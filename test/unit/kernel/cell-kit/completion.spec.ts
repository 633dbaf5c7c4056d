import { completeCell, ICompletionSources } from '../../../../kernel/src/cell-kit/completion';
import { ILivyConnection, ILivyEndpoint } from '../../../../kernel/src/cell-kit/context';
import { MAGIC_SPECS } from '../../../../kernel/src/magics/features';
import { MagicRegistry } from '../../../../kernel/src/cell-kit/registry';
import { FakeLivy } from '../../../helpers/fake-livy';
import { fakeLivyEndpoint } from '../../../helpers/fake-livy-client';

function sources(livy: FakeLivy): { sources: ICompletionSources; endpoint: ILivyEndpoint } {
  const endpoint = fakeLivyEndpoint(livy);
  const connection: ILivyConnection = { current: () => endpoint, require: () => endpoint, switchTo: async () => ({ endpoint }) };
  return { sources: { registry: new MagicRegistry(MAGIC_SPECS), connection, defaultMagic: 'scala', timeoutMs: 1000 }, endpoint };
}

describe('completeCell', () => {
  it('completes magic names on the first line, with the percent signs typed', async () => {
    const { sources: s } = sources(new FakeLivy());
    expect(await completeCell('%%c', 3, s)).toEqual({ matches: ['%%cleanup', '%%configure', '%%connect'], cursorStart: 0, cursorEnd: 3 });
    expect((await completeCell('%livy.', 6, s)).matches).toEqual(['%livy.pyspark', '%livy.spark', '%livy.sql']);
    expect((await completeCell('%con', 4, s)).matches).toEqual(['%connect']);
  });

  it("completes a magic's options", async () => {
    const { sources: s } = sources(new FakeLivy());
    expect(await completeCell('%%sql --m', 9, s)).toEqual({ matches: ['--max-rows'], cursorStart: 6, cursorEnd: 9 });
  });

  it('completes SQL keywords locally, in the case the user types', async () => {
    const livy = new FakeLivy();
    const { sources: s } = sources(livy);
    expect((await completeCell('%%sql\nselect * fro', 17, s)).matches).toEqual(['from']);
    expect((await completeCell('%%hive\nSELECT * FROM t WH', 25, s)).matches).toEqual(['WHEN', 'WHERE']);
    expect((await completeCell('%%aurora --target pg\nSELECT * FROM t WH', 39, s)).matches).toEqual(['WHEN', 'WHERE']);
    expect(livy.requests).toHaveLength(0);
  });

  it('asks Livy for Scala names only when a session exists, never starting one', async () => {
    const livy = new FakeLivy();
    const { sources: s, endpoint } = sources(livy);
    expect((await completeCell('spark.ra', 8, s)).matches).toEqual([]);
    expect(livy.requests).toHaveLength(0);
    await endpoint.sessions.ensure();
    const completion = await completeCell('%%scala\nspark.ra', 16, s);
    expect(completion).toEqual({ matches: ['range'], cursorStart: 14, cursorEnd: 16 });
    const [request] = livy.requestsTo('POST', /completion$/);
    expect(JSON.parse(request.body as string)).toEqual({ code: 'spark.ra', kind: 'spark', cursor: 8 });
  });

  it('waits for a session starting with the kernel, within its budget, and answers from it', async () => {
    const livy = new FakeLivy();
    livy.startPolls = 5;
    const { sources: s, endpoint } = sources(livy);
    endpoint.sessions.startEarly();
    expect((await completeCell('spark.ra', 8, s)).matches).toEqual(['range']);
    expect(livy.requestsTo('POST', /^\/sessions$/)).toHaveLength(1);
  });

  it('answers nothing, in about half its budget, while a session is still far from up', async () => {
    const livy = new FakeLivy();
    livy.startPolls = 1_000_000;
    const { sources: s, endpoint } = sources(livy);
    endpoint.sessions.startEarly();
    const asked = Date.now();
    expect((await completeCell('spark.ra', 8, s)).matches).toEqual([]);
    expect(Date.now() - asked).toBeLessThan(1000);
    expect(livy.requestsTo('POST', /completion$/)).toHaveLength(0);
    await endpoint.sessions.shutdown(500);
  });

  it('counts the cursor in code points, as Jupyter does', async () => {
    const livy = new FakeLivy();
    const { sources: s, endpoint } = sources(livy);
    await endpoint.sessions.ensure();
    const code = '// 😀\nspark.ra';
    const cursor = [...code].length;
    const completion = await completeCell(code, cursor, s);
    expect(completion).toEqual({ matches: ['range'], cursorStart: cursor - 2, cursorEnd: cursor });
    expect(JSON.parse(livy.requestsTo('POST', /completion$/)[0].body as string).cursor).toBe(code.length);
  });

  it('offers nothing, without failing, when Livy cannot complete', async () => {
    const livy = new FakeLivy();
    const { sources: s, endpoint } = sources(livy);
    await endpoint.sessions.ensure();
    livy.fail('POST', /completion$/, { status: 500, headers: {}, body: '"boom"' });
    expect(await completeCell('spark.ra', 8, s)).toEqual({ matches: [], cursorStart: 8, cursorEnd: 8 });
  });
});
