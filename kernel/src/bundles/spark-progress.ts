import { escapeHtml } from '@jupyterlab-emr/common';
import { MimeBundle } from '../core/output-sink';
import { IJobProgress, IJobsSummary, IStageProgress } from '../spark-ui/spark-jobs';
import { formatElapsed } from './progress';

const BAR_WIDTH = 20;

/** Where the Spark UI shows a job and a stage attempt. */
export interface ISparkPages {
  jobPage(jobId: number): string;
  stagePage(stage: IStageProgress): string;
}

function anchor(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}

function bar(stage: IStageProgress): string {
  const ratio = stage.total > 0 ? Math.min(1, stage.done / stage.total) : 0;
  const filled = Math.round(ratio * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
}

function taskCounts(stage: IStageProgress): string {
  if (stage.status === 'SKIPPED') {
    return 'skipped (its output was reused)';
  }
  const parts = [`${stage.done}/${stage.total} tasks`];
  if (stage.running > 0) {
    parts.push(`${stage.running} running`);
  }
  if (stage.failed > 0) {
    parts.push(`${stage.failed} failed`);
  }
  return parts.join(', ');
}

function jobTitle(job: IJobProgress): string {
  return `Job ${job.jobId} ${job.status.toLowerCase()}: ${job.description}`;
}

/**
 * One compact block per Spark job of the running statement: its stages with tasks done, running
 * and failed of the total, and links to the job's and each stage's page; replaced in place.
 */
export function sparkJobsBundle(jobs: readonly IJobProgress[], elapsedMs: number, pages: ISparkPages): MimeBundle {
  const elapsed = formatElapsed(elapsedMs);
  if (jobs.length === 0) {
    const text = `Running · ${elapsed} · no Spark job yet`;
    return { 'text/plain': text, 'text/html': `<div class="jp-emr-Progress">${escapeHtml(text)}</div>` };
  }
  const text = jobs
    .map(job => [jobTitle(job), ...job.stages.map(stage => `  Stage ${stage.stageId} ${bar(stage)} ${taskCounts(stage)}`)].join('\n'))
    .concat(`${elapsed} · Spark UI: ${pages.jobPage(jobs[jobs.length - 1].jobId)}`)
    .join('\n');
  const html = jobs
    .map(job => {
      const stages = job.stages
        .map(stage => {
          const ratio = stage.total > 0 ? Math.min(1, stage.done / stage.total) : 0;
          return (
            `<li>${anchor(pages.stagePage(stage), `Stage ${stage.stageId}`)} <progress max="1" value="${ratio.toFixed(3)}"></progress> ` +
            `${escapeHtml(taskCounts(stage))} <span class="jp-emr-Progress-stageName">${escapeHtml(stage.name)}</span></li>`
          );
        })
        .join('');
      return `<div class="jp-emr-Progress-job">${anchor(pages.jobPage(job.jobId), `Job ${job.jobId}`)} ${escapeHtml(job.status.toLowerCase())}: ${escapeHtml(job.description)}<ul>${stages}</ul></div>`;
    })
    .join('');
  return { 'text/plain': text, 'text/html': `<div class="jp-emr-Progress jp-emr-SparkProgress">${html}<div>${escapeHtml(elapsed)}</div></div>` };
}

function bytes(count: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

const plural = (count: number, word: string): string => `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;

/**
 * What the job blocks collapse into when the statement ends: jobs, stages, tasks, failed tasks,
 * bytes read and shuffled, time; for a cancelled statement, which jobs were cancelled.
 */
export function sparkSummaryBundle(outcome: 'finished' | 'failed' | 'cancelled', summary: IJobsSummary, jobs: readonly IJobProgress[], elapsedMs: number, pages: ISparkPages): MimeBundle {
  const parts = [plural(summary.jobs, 'job'), plural(summary.stages, 'stage'), plural(summary.tasks, 'task')];
  if (summary.failedTasks > 0) {
    parts.push(`${plural(summary.failedTasks, 'failed task')}`);
  }
  if (summary.inputBytes > 0) {
    parts.push(`${bytes(summary.inputBytes)} read`);
  }
  if (summary.shuffleReadBytes + summary.shuffleWriteBytes > 0) {
    parts.push(`${bytes(summary.shuffleWriteBytes)} shuffled`);
  }
  const cancelled = outcome === 'cancelled' ? jobs.filter(job => job.status !== 'SUCCEEDED') : [];
  const cancelledText = cancelled.length > 0 ? ` · cancelled ${cancelled.map(job => `job ${job.jobId} (${job.description})`).join(', ')}` : '';
  const text = `Statement ${outcome} after ${formatElapsed(elapsedMs)} · ${parts.join(', ')}${cancelledText}`;
  const last = jobs[jobs.length - 1];
  const link = last ? ` · ${anchor(pages.jobPage(last.jobId), 'Spark UI')}` : '';
  return { 'text/plain': last ? `${text} · Spark UI: ${pages.jobPage(last.jobId)}` : text, 'text/html': `<div class="jp-emr-Progress">${escapeHtml(text)}${link}</div>` };
}
