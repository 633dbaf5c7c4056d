import { escapeHtml } from '@jupyterlab-emr/common';
import { statementDoneBundle, statementProgressBundle } from '../bundles/progress';
import { sparkJobsBundle, sparkSummaryBundle } from '../bundles/spark-progress';
import { IActiveSession } from '../livy/session-manager';
import { IStatementProgress } from '../livy/statement-runner';
import { within } from '../livy/within';
import { Logger } from '../log';
import { sparkJobsOf } from '../spark-ui/session-spark';
import { IJobProgress, SparkJobs, summarizeJobs } from '../spark-ui/spark-jobs';
import { ICellContext } from './context';
import { LiveDisplay } from './live-display';

const log = new Logger('statement-progress');

/** About twice a second: often enough to watch tasks move, rarely enough to cost the driver nothing noticeable. */
export const SPARK_POLL_MS = 500;
/** How long the end of a statement waits for the Spark UI's last word before it summarizes without it. */
const FINAL_LOOK_MS = 1000;

export type StatementOutcome = 'finished' | 'failed' | 'cancelled';

export interface IProgressOptions {
  /** Show nothing for statements shorter than this. */
  delayMs: number;
  /** Read the statement's Spark jobs from the Spark UI (else only Livy's fraction of tasks done). */
  sparkJobs: boolean;
}

/**
 * What a running statement shows, once it has run `delayMs`, updated in place: one block per
 * Spark job of the statement (stages, tasks done / running / failed, links) from the Spark UI's
 * REST API; where that does not answer, Livy's progress bar with a line saying why. At the end
 * it collapses into one summary line.
 */
export class StatementProgress {
  private readonly _line: LiveDisplay;
  private readonly _started = Date.now();
  private readonly _spark: SparkJobs | undefined;
  private _timer: NodeJS.Timeout | undefined;
  private _poll: Promise<void> | undefined;
  private _jobs: IJobProgress[] | undefined;
  private _sparkProblem: string | undefined;
  private _livy: IStatementProgress | undefined;
  private _ended = false;
  private readonly _uiUrl: string | undefined;

  constructor(
    cell: ICellContext,
    session: IActiveSession,
    private readonly _statementId: number,
    private readonly _options: IProgressOptions
  ) {
    this._line = new LiveDisplay(cell, 'progress');
    this._uiUrl = session.links.sparkUiUrl;
    this._spark = _options.sparkJobs ? sparkJobsOf(session) : undefined;
    if (_options.sparkJobs && !this._spark) {
      this._sparkProblem = 'Livy reports no Spark UI for this session';
    }
    if (this._spark) {
      this._timer = setTimeout(() => this._tick(), _options.delayMs);
      this._timer.unref();
    }
  }

  /** Livy's own progress (a fraction of tasks), from each poll of the statement. */
  update(progress: IStatementProgress): void {
    this._livy = progress;
    if (this._jobs === undefined && progress.elapsedMs >= this._options.delayMs) {
      this._showLivy();
    }
  }

  /**
   * Shows the summary in place of the progress, if any was shown, without making the cell wait
   * for the Spark UI: the summary of the last poll at once, then (after the cell's reply, as
   * update_display_data may come at any time) the counts of one more look.
   */
  end(outcome: StatementOutcome): void {
    this._ended = true;
    clearTimeout(this._timer);
    if (!this._line.shown) {
      return;
    }
    const elapsedMs = Date.now() - this._started;
    const spark = this._spark;
    this._showEnd(outcome, elapsedMs, this._jobs ?? []);
    if (spark && this._sparkProblem === undefined) {
      // After the poll in flight, so its older answer cannot overwrite the last look's.
      void (this._poll ?? Promise.resolve())
        .then(() => within(spark.ofStatement(this._statementId), FINAL_LOOK_MS))
        .then(
          jobs => this._showEnd(outcome, elapsedMs, jobs),
          () => undefined
        );
    }
  }

  private _showEnd(outcome: StatementOutcome, elapsedMs: number, jobs: IJobProgress[]): void {
    const spark = this._spark;
    if (spark && jobs.length > 0) {
      this._line.show(sparkSummaryBundle(outcome, summarizeJobs(jobs), jobs, elapsedMs, spark));
    } else {
      this._line.show(statementDoneBundle(outcome, elapsedMs, this._uiUrl));
    }
  }

  private _tick(): void {
    const spark = this._spark;
    if (this._ended || !spark) {
      return;
    }
    this._poll = spark.ofStatement(this._statementId).then(
      jobs => {
        if (this._ended) {
          return;
        }
        this._jobs = jobs;
        this._line.show(sparkJobsBundle(jobs, Date.now() - this._started, spark));
        this._timer = setTimeout(() => this._tick(), SPARK_POLL_MS);
        this._timer.unref();
      },
      error => {
        // Once: a Spark UI that does not answer will not start answering within this statement.
        this._sparkProblem = error instanceof Error ? error.message : String(error);
        log.debug('The Spark UI did not answer; showing Livy progress instead.', error);
        this._jobs = undefined;
        this._showLivy();
      }
    );
  }

  private _showLivy(): void {
    const progress = this._livy ?? { statementId: this._statementId, state: 'running', progress: 0, elapsedMs: Date.now() - this._started };
    const bundle = statementProgressBundle({ ...progress, sparkUiUrl: this._uiUrl });
    if (this._sparkProblem && this._options.sparkJobs) {
      const note = `Spark job details unavailable: ${this._sparkProblem}`;
      bundle['text/plain'] = `${String(bundle['text/plain'])}\n${note}`;
      bundle['text/html'] = `${String(bundle['text/html'])}<div class="jp-emr-Progress-note">${escapeHtml(note)}</div>`;
    }
    this._line.show(bundle);
  }
}
