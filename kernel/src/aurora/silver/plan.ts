import { randomBytes } from 'crypto';
import { SilverMode } from '../cell-commands';
import { IDatabase } from '../database';
import { engineFor } from '../engines/registry';
import { checkWritableFields, ISparkField, ITableRef } from '../sql-dialect';
import { planColumns } from './columns';
import { inspectTarget, ISilverInspection, ITargetFacts } from './inspect';
import { ISilverRun } from './resolve';
import { SilverSource, sourceCode } from './session-code';
import { readSchema, sourceError } from './spark';

/** What the kernel decided before any row moves: where rows go, under which column names. */
export interface ISilverPlan {
  target: ITableRef;
  staging: ITableRef;
  mode: SilverMode;
  /** The columns Spark writes, in its order, spelled as the database spells them. */
  columns: string[];
  /** The upsert keys, spelled as the database spells them. */
  keys: string[];
  /** The target does not exist yet: the merge creates it from the staging table. */
  createTarget: boolean;
  /** An overwrite of an existing target that nothing blocks: the staging table is made to take the target's place. */
  swap?: boolean;
  /** Statements that build the staging table's indexes once its rows are in (PostgreSQL swap: the target's indexes). */
  indexesAfterLoad?: string[];
}

/** A staging table name no one else uses, within the identifier limits of both engines. */
export function stagingName(random: () => string = () => randomBytes(6).toString('hex')): string {
  return `silver_stage_${random()}`;
}

/**
 * Step 3 of %%silver: the staging table and the plan. Into an existing table the writer matches the
 * columns itself during the load (one statement instead of two), so its plan has no columns yet;
 * a new table is made from the rows' types, so the rows are defined and their schema read first.
 */
export async function planRun(run: ISilverRun, { facts, source }: ISilverInspection): Promise<ISilverPlan> {
  const fields = facts.exists ? undefined : await defineSource(run, source);
  return planFrom(run.database, facts, fields, run.command.keys);
}

/**
 * The same step without Spark, for rows whose fields are known: matches them to the target's
 * columns (or plans to create the target), checks the upsert key, and creates the staging table.
 * Nothing in the target changes here.
 */
export async function prepareStaging(
  database: IDatabase,
  request: { table: { schema?: string; name: string }; mode: SilverMode; keys: string[]; fields: ISparkField[] },
  staging = stagingName()
): Promise<ISilverPlan> {
  checkWritableFields(engineFor(database.engine).dialect, request.fields);
  return planFrom(database, await inspectTarget(database, request), request.fields, request.keys, staging);
}

/**
 * Defines the run's view over the rows and reads their schema; the password's hand-over rides
 * along rather than costing a statement of its own, and is never made when the rows fail.
 */
async function defineSource({ command, spark, id, view, handover }: ISilverRun, source: SilverSource): Promise<ISparkField[]> {
  const answer = await spark.run(sourceCode(id, view, source, [handover]), false);
  if ('failure' in answer) {
    throw sourceError(command, answer.failure);
  }
  return readSchema(answer.text, id);
}

/** The plan and its staging table, from the facts and the rows' fields (undefined: the load matches them). */
async function planFrom(database: IDatabase, facts: ITargetFacts, fields: ISparkField[] | undefined, keys: string[], staging = stagingName()): Promise<ISilverPlan> {
  if (!fields) {
    return silverPlan(facts, await createStaging(database, facts, undefined, staging), { columns: [], keys: facts.keys });
  }
  const columns = planColumns(database.engine, { ref: facts.target, columns: facts.exists ? facts.columns : undefined }, fields, keys);
  return silverPlan(facts, await createStaging(database, facts, { fields, keys: columns.keys }, staging), columns);
}

/**
 * Creates the staging table: like the target when it exists (for a swap, carrying everything the
 * target has, its indexes deferred until the rows are in), else from Spark's types.
 */
async function createStaging(
  database: IDatabase,
  facts: ITargetFacts,
  newTable: { fields: ISparkField[]; keys: string[] } | undefined,
  staging = stagingName()
): Promise<Pick<ISilverPlan, 'staging' | 'indexesAfterLoad'>> {
  const engine = engineFor(database.engine);
  const { dialect } = engine;
  const stagingRef = { schema: facts.target.schema, name: staging };
  if (!facts.exists && !newTable) {
    throw new Error("a staging table for a new target needs the result's fields");
  }
  const createSql = facts.swap
    ? engine.createSwapStagingSql(stagingRef, facts.target)
    : facts.exists || !newTable
      ? dialect.createStagingLike(stagingRef, facts.target)
      : dialect.createStagingFrom(stagingRef, newTable.fields, newTable.keys);
  await database.query(createSql);
  const indexesAfterLoad = facts.swap && engine.deferStagingIndexes ? await engine.deferStagingIndexes(database, stagingRef) : undefined;
  return { staging: stagingRef, ...(indexesAfterLoad ? { indexesAfterLoad } : {}) };
}

/** The plan of a run, from the target's facts, the staging table and the columns Spark writes. */
function silverPlan(facts: ITargetFacts, staging: Pick<ISilverPlan, 'staging' | 'indexesAfterLoad'>, columns: { columns: string[]; keys: string[] }): ISilverPlan {
  return { target: facts.target, mode: facts.mode, createTarget: !facts.exists, swap: facts.swap, ...staging, ...columns };
}
