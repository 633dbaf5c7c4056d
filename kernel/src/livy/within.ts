/**
 * `work`, or a rejection once `ms` have passed: for a wait that must stay short although the work
 * itself cannot be told to stop (it goes on, and its late outcome is dropped).
 */
export function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
