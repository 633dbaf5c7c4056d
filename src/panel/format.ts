/** How a state reads at a glance; each tone has a theme colour in style/panel.css. */
export type StateTone = 'ok' | 'pending' | 'ended' | 'failed';

const FAILED = /FAIL|ERROR|DEAD|KILLED|ARRESTED|SHUTTING/i;
const PENDING = /START|BOOTSTRAP|PENDING|SUBMITTED|RESIZING|PROVISIONING|TERMINATING|CANCEL_PENDING|RECOVERING|NOT_STARTED|BUSY/i;
const OK = /^(RUNNING|WAITING|IDLE|ACTIVE)$/i;

export function stateTone(state: string): StateTone {
  if (FAILED.test(state)) {
    return 'failed';
  }
  if (OK.test(state)) {
    return 'ok';
  }
  return PENDING.test(state) ? 'pending' : 'ended';
}

/** "3d 4h", "2h 5m", "12m": enough to tell a forgotten cluster from a fresh one. */
export function formatUptime(from: string | undefined, to: string | undefined, now: number): string {
  const start = from ? Date.parse(from) : NaN;
  if (Number.isNaN(start)) {
    return '';
  }
  const end = to ? Date.parse(to) : now;
  const minutes = Math.max(0, Math.floor((end - start) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) {
    return `${days}d ${hours}h`;
  }
  return hours > 0 ? `${hours}h ${minutes % 60}m` : `${minutes}m`;
}
