import { LivyAbortedError } from './errors';

/**
 * Settles with `work`, or rejects with LivyAbortedError as soon as `signal` aborts: for a wait
 * the cell must be able to leave (an interrupt) although the work itself cannot be told to stop.
 */
export function abortable<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) {
    return work;
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new LivyAbortedError());
    if (signal.aborted) {
      onAbort();
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
    }
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
