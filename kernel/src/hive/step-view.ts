import { escapeHtml } from '@jupyterlab-emr/common';
import { MimeBundle } from '../core/output-sink';
import { formatElapsed } from '../bundles/progress';
import { IStepStatus } from './emr-steps';

export interface IStepView {
  stepId: string;
  name: string;
  clusterId: string;
  status: IStepStatus;
  elapsedMs: number;
  /** False once the kernel stopped looking (it ended, or the step outlived the watch). */
  watching: boolean;
}

/** The line that shows a step's state, replaced in place as it changes. */
export function stepBundle(view: IStepView): MimeBundle {
  const parts = [`EMR step ${view.stepId} (${view.name}) on ${view.clusterId}: ${view.status.state}`, formatElapsed(view.elapsedMs)];
  if (view.status.reason) {
    parts.push(view.status.reason);
  }
  if (view.status.logFile) {
    parts.push(`log: ${view.status.logFile}`);
  }
  if (!view.watching) {
    parts.push('no longer watched; the side panel shows its state');
  }
  const text = parts.join(' · ');
  return { 'text/plain': text, 'text/html': `<div class="jp-emr-Progress">${escapeHtml(text)}</div>` };
}
