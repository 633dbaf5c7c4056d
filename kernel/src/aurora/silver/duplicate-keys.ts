import { UserError } from '../../core/errors';
import { IDatabase } from '../database';
import { engineFor } from '../engines/registry';
import { duplicateKeysSql, ISqlDialect, nullKeySql, uniqueKeysIndexSql } from '../sql-dialect';
import { ISilverPlan } from './plan';

// Rows of the result that share a key have no one right outcome: PostgreSQL's ON CONFLICT fails the
// whole statement ("cannot affect row a second time"), MySQL's ON DUPLICATE KEY UPDATE keeps
// whichever row came last, delete+insert would insert both, a primary key refuses the load. So they
// are refused before the merge, as the database compares keys (its collation, not Spark's).
//
// A unique index on the staged keys settles it in one sort; only when it cannot be built (a key
// occurs twice, a column too wide to index), or cannot be used, or NULL keys came, does the slower
// GROUP BY run, to name the keys or to find there are none after all.

const EXAMPLES = 5;

/** Refuses the staged rows when a key occurs more than once, naming how many keys and up to five of them. */
export async function refuseDuplicateKeys(database: IDatabase, plan: ISilverPlan): Promise<void> {
  if (plan.keys.length === 0) {
    return;
  }
  const { dialect } = engineFor(database.engine);
  if ((await keysIndexed(database, dialect, plan)) && !(await hasNullKey(database, dialect, plan))) {
    return;
  }
  const { rows } = await database.query(duplicateKeysSql(dialect, plan.staging, plan.keys, EXAMPLES));
  if (rows.length === 0) {
    return;
  }
  const keyCount = Number(rows[0][plan.keys.length + 1]);
  const examples = rows.map(row => `${plan.keys.map((key, index) => `${key}=${String(row[index])}`).join(', ')} (${String(row[plan.keys.length])} rows)`);
  throw new UserError(
    `%%silver: the result has ${keyCount} key${keyCount > 1 ? 's' : ''} of (${plan.keys.join(', ')}) that occur more than once, such as ${examples.join('; ')}. ` +
      `Nothing was written to ${plan.target.schema}.${plan.target.name}. Keep one row per key in the query ` +
      `(for example WHERE row_number() OVER (PARTITION BY ${plan.keys.join(', ')} ORDER BY …) = 1 in a subquery), or choose a key that is unique.`,
    'SilverDuplicateKeys'
  );
}

/**
 * Builds the unique index where the staging table only feeds rows to a target that exists: a
 * staging table swapped in becomes the target, and MySQL's CREATE TABLE … LIKE copies its indexes,
 * so there an index of the check's would outlive it.
 */
async function keysIndexed(database: IDatabase, dialect: ISqlDialect, plan: ISilverPlan): Promise<boolean> {
  if (plan.createTarget || plan.swap) {
    return false;
  }
  return database.query(uniqueKeysIndexSql(dialect, plan.staging, plan.keys)).then(
    () => true,
    () => false
  );
}

/** A unique index lets any number of NULL keys in, where the GROUP BY counts them as one key: those rows need the GROUP BY's look. */
async function hasNullKey(database: IDatabase, dialect: ISqlDialect, plan: ISilverPlan): Promise<boolean> {
  const { rows } = await database.query(nullKeySql(dialect, plan.staging, plan.keys));
  return rows.length > 0;
}
