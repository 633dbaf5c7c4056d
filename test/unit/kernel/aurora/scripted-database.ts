import { IDatabase, IQueryResult } from '../../../../kernel/src/aurora/database';
import { AuroraEngine } from '../../../../kernel/src/aurora/targets';

/** A scripted answer: the rows of the first statement that matches, and the rows it changed (DELETE, INSERT). */
export interface IScriptedAnswer {
  match: RegExp;
  rows: unknown[][];
  affected?: number;
}

/** A database that answers counts from a script and records every statement, failing where told. */
export class ScriptedDatabase implements IDatabase {
  readonly statements: string[] = [];

  constructor(
    readonly engine: AuroraEngine,
    private readonly _answers: IScriptedAnswer[],
    private readonly _failOn?: RegExp
  ) {}

  /** Adds answers to the script. */
  script(...answers: IScriptedAnswer[]): void {
    this._answers.push(...answers);
  }

  async query(sql: string): Promise<IQueryResult> {
    this.statements.push(sql);
    if (this._failOn?.test(sql)) {
      throw Object.assign(new Error('server closed the connection unexpectedly'), { code: 'ECONNRESET' });
    }
    const answer = this._answers.find(candidate => candidate.match.test(sql));
    if (answer) {
      this._answers.splice(this._answers.indexOf(answer), 1);
    }
    return { fields: [], rows: answer?.rows ?? [], ...(answer?.affected !== undefined ? { affected: answer.affected } : {}) };
  }

  // Its statements answer at once: there is never one to cancel.
  async cancel(): Promise<void> {}

  async close(): Promise<void> {}
}
