import { LivyTransportError, StatementLostError } from '../../../../kernel/src/livy/errors';
import { LivySessionManager } from '../../../../kernel/src/livy/session-manager';
import { StatementRunner } from '../../../../kernel/src/livy/statement-runner';
import { toKernelError } from '../../../../kernel/src/cell-kit/user-errors';
import { FakeLivy } from '../../../helpers/fake-livy';
import { clientFor, FAST_POLL } from '../../../helpers/fake-livy-client';

// A POST whose answer never came, then look-ups that fail too (a Livy that is only slow, as the
// delay-proxy fault test makes it): the kernel cannot know whether the cell runs, and must not say
// it did not.

const timeout = (sent: boolean): LivyTransportError => new LivyTransportError('LIVY_TIMEOUT', 'Livy did not answer within 2 s.', 'http://livy.test', 'ETIMEDOUT', sent);

async function lostStatement(lookUpsFail: boolean): Promise<StatementLostError> {
  const livy = new FakeLivy();
  const client = clientFor(livy);
  const sessions = new LivySessionManager({ client, namePrefix: 't', createRequest: { kind: 'spark' }, heartbeatTimeoutSeconds: 0, startTimeoutMs: 5000, keepOnShutdown: false, poll: FAST_POLL });
  const { session } = await sessions.ensure();
  const runner = new StatementRunner({ client, poll: FAST_POLL, cancelWaitMs: 1000, lookupDelaysMs: [1, 1] });
  if (lookUpsFail) {
    // Livy receives and runs the statement; its answer is lost, and so are the look-ups'.
    livy.fail('POST', /statements$/, timeout(true), true);
    livy.fail('GET', /statements$/, timeout(false));
    livy.fail('GET', /statements$/, timeout(false));
  } else {
    // The request was sent but Livy never acted on it; the look-ups work and find nothing.
    livy.fail('POST', /statements$/, timeout(true), false);
  }
  const code = 'val ran = 1';
  return (await runner.run(session, { code, kind: 'spark' }).catch(caught => caught)) as StatementLostError;
}

describe('a statement whose POST went unanswered', () => {
  it('when even the look-ups failed, says it may still be running and that running it again could repeat it', async () => {
    const error = await lostStatement(true);
    expect(error).toBeInstanceOf(StatementLostError);
    expect(error.checked).toBe(false);
    const shown = toKernelError(error, 'http://livy.test') as Error;
    expect(shown.message).toMatch(/may still be running/);
    expect(shown.message).toMatch(/could run it twice/);
    expect(shown.message).not.toMatch(/did not run/);
  });

  it('when the look-ups worked and found nothing, says it most likely did not run', async () => {
    const error = await lostStatement(false);
    expect(error).toBeInstanceOf(StatementLostError);
    expect(error.checked).toBe(true);
    expect((toKernelError(error, 'http://livy.test') as Error).message).toMatch(/most likely did not run/);
  });
});
