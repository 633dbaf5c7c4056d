import { LivyAbortedError } from './errors';

/** Waits `ms`, or rejects with LivyAbortedError as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new LivyAbortedError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new LivyAbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
