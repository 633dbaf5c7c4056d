import { randomBytes } from 'crypto';
import { SilverMode } from '../cell-commands';
import { IDatabase } from '../database';
import { engineFor } from '../engines/registry';
import { addColumnSql, addPrimaryKeySql, checkWritableFields, ISparkField, ITableRef } from '../sql-dialect';
import { decideColumns, IColumnPlan } from './columns';
import { inspectTarget, ISilverInspection, ITargetFacts, UpsertStrategy } from './inspect';
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
  /** The keys, spelled as the database spells them: an upsert's, or the primary key of a table made or swapped in. */
  keys: string[];
  /** The target does not exist yet: the merge creates it from the staging table. */
  createTarget: boolean;
  /** An overwrite of an existing target that nothing blocks: the staging table is made to take the target's place. */
  swap?: boolean;
  /** Statements that build the staging table's indexes once its rows are in (PostgreSQL swap: the target's indexes; --key's primary key). */
  indexesAfterLoad?: string[];
  /** How an upsert merges. */
  upsertBy?: UpsertStrategy;
  /** --evolve: the columns the merge adds to the target (the staging table has them already). */
  addColumns?: { name: string; type: string }[];
  /** The swapped-in table gets --key as its primary key, so the overwrite must swap. */
  addPrimaryKey?: boolean;
}

/** A staging table name no one else uses, within the identifier limits of both engines. */
export function stagingName(random: () => string = () => randomBytes(6).toString('hex')): string {
  return `silver_stage_${random()}`;
}

/**
 * Step 3 of %%silver: the staging table and the plan. Into an existing table the writer matches the
 * columns and checks their types itself during the load (one statement instead of two), so its plan
 * has no columns yet; a new table is made from the rows' types, and --evolve adds the columns the
 * rows bring, so for those the rows are defined and their schema read first.
 */
export async function planRun(run: ISilverRun, { facts, source, schemaFirst }: ISilverInspection): Promise<ISilverPlan> {
  const fields = schemaFirst ? await defineSource(run, source) : undefined;
  return planFrom(run.database, facts, fields && decideColumns(run.database, facts, fields, run.command.evolve));
}

/**
 * The same step without Spark, for rows whose fields are known: matches them to the target's
 * columns (or plans to create the target), checks the keys, and creates the staging table.
 * Nothing in the target changes here.
 */
export async function prepareStaging(
  database: IDatabase,
  request: { table: { schema?: string; name: string }; mode: SilverMode; keys: string[]; fields: ISparkField[]; evolve?: boolean },
  staging = stagingName()
): Promise<ISilverPlan> {
  checkWritableFields(engineFor(database.engine).dialect, request.fields);
  const facts = await inspectTarget(database, request);
  return planFrom(database, facts, decideColumns(database, facts, request.fields, request.evolve ?? false), staging);
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

/** The plan and its staging table, from the facts and the planned columns (undefined: the load matches them). */
async function planFrom(database: IDatabase, facts: ITargetFacts, columns: IColumnPlan | undefined, staging = stagingName()): Promise<ISilverPlan> {
  const planned = columns ?? { columns: [], keys: facts.keys, addColumns: [] };
  const made = await createStaging(database, facts, columns, staging);
  return {
    target: facts.target,
    mode: facts.mode,
    createTarget: !facts.exists,
    swap: facts.swap,
    ...made,
    columns: planned.columns,
    keys: planned.keys,
    ...(facts.upsertBy ? { upsertBy: facts.upsertBy } : {}),
    ...(planned.addColumns.length > 0 ? { addColumns: planned.addColumns } : {}),
    ...(facts.addPrimaryKey ? { addPrimaryKey: true } : {})
  };
}

/**
 * Creates the staging table: like the target when it exists (for a swap, carrying everything the
 * target has, its indexes deferred until the rows are in), with the columns --evolve adds; else
 * from Spark's types.
 */
async function createStaging(database: IDatabase, facts: ITargetFacts, columns: IColumnPlan | undefined, staging: string): Promise<Pick<ISilverPlan, 'staging' | 'indexesAfterLoad'>> {
  const engine = engineFor(database.engine);
  const { dialect } = engine;
  const stagingRef = { schema: facts.target.schema, name: staging };
  if (!facts.exists && !columns) {
    throw new Error("a staging table for a new target needs the result's fields");
  }
  const createSql = facts.swap
    ? engine.createSwapStagingSql(stagingRef, facts.target)
    : facts.exists || !columns
      ? dialect.createStagingLike(stagingRef, facts.target)
      : dialect.createStagingFrom(stagingRef, columns.fields, columns.keys);
  await database.query(createSql);
  for (const column of columns?.addColumns ?? []) {
    await database.query(addColumnSql(dialect, stagingRef, column.name, column.type));
  }
  const deferred = facts.swap && engine.deferStagingIndexes ? await engine.deferStagingIndexes(database, stagingRef) : [];
  const indexesAfterLoad = [...deferred, ...(facts.addPrimaryKey ? addPrimaryKeySql(dialect, stagingRef, facts.keys) : [])];
  return { staging: stagingRef, ...(indexesAfterLoad.length > 0 ? { indexesAfterLoad } : {}) };
}
