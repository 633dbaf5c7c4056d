import { ILivyEndpoint } from '../../kernel/src/cell-kit/context';
import { SESSION_START_POLL } from '../../kernel/src/livy/backoff';
import { LivyClient } from '../../kernel/src/livy/client';
import { LivyHttp } from '../../kernel/src/livy/http';
import { LivySessionManager } from '../../kernel/src/livy/session-manager';
import { StatementRunner } from '../../kernel/src/livy/statement-runner';
import { FakeLivy } from './fake-livy';

/** The real Livy client, talking to an in-memory FakeLivy. */
export function clientFor(livy: FakeLivy): LivyClient {
  return new LivyClient(new LivyHttp({ baseUrl: 'http://livy.test:8998', transport: livy, requestedBy: 'tests', timeoutMs: 1000 }));
}

export const FAST_POLL = { initialMs: 1, factor: 1.5, maxMs: 5 };

/** A cell layer's Livy endpoint (client, session manager, statement runner) on an in-memory FakeLivy, polling fast. */
export function fakeLivyEndpoint(livy: FakeLivy): ILivyEndpoint {
  const client = clientFor(livy);
  const sessions = new LivySessionManager({
    client,
    namePrefix: 't',
    createRequest: { kind: 'spark' },
    heartbeatTimeoutSeconds: 0,
    startTimeoutMs: 1000,
    keepOnShutdown: false,
    poll: { ...SESSION_START_POLL, initialMs: 1, maxMs: 2 }
  });
  return { url: 'http://livy.test:8998', client, sessions, runner: new StatementRunner({ client, poll: FAST_POLL, cancelWaitMs: 100 }) };
}
