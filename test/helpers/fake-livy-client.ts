import { LivyClient } from '../../kernel/src/livy/client';
import { LivyHttp } from '../../kernel/src/livy/http';
import { FakeLivy } from './fake-livy';

/** The real Livy client, talking to an in-memory FakeLivy. */
export function clientFor(livy: FakeLivy): LivyClient {
  return new LivyClient(new LivyHttp({ baseUrl: 'http://livy.test:8998', transport: livy, requestedBy: 'tests', timeoutMs: 1000 }));
}

export const FAST_POLL = { initialMs: 1, factor: 1.5, maxMs: 5 };
