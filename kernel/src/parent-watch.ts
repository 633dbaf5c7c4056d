/**
 * Calls back once when the process that started the kernel is gone. A kernel whose Jupyter
 * server was killed would otherwise live on and keep its Livy session (and the cluster's
 * memory) until Livy's idle timeout; ipykernel's parent poller exists for the same reason.
 */
const POLL_INTERVAL_MS = 1000;

export function watchParent(onGone: () => void, options: { pollIntervalMs?: number; parentPid?: () => number } = {}): () => void {
  const parentPid = options.parentPid ?? (() => process.ppid);
  const parent = parentPid();
  const timer = setInterval(() => {
    // An orphan is re-parented (to init or a subreaper), so its parent pid changes.
    if (parentPid() !== parent) {
      clearInterval(timer);
      onGone();
    }
  }, options.pollIntervalMs ?? POLL_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
