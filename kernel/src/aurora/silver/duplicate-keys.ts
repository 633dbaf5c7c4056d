import { UserError } from '../../core/errors';
import { IDatabase } from '../database';
import { engineFor } from '../engines/registry';
import { duplicateKeysSql } from '../sql-dialect';
import { ISilverPlan } from './plan';

// Rows of the result that share a key have no one right outcome: PostgreSQL's ON CONFLICT fails the
// whole statement ("cannot affect row a second time"), MySQL's ON DUPLICATE KEY UPDATE keeps
// whichever row came last, delete+insert would insert both, a primary key refuses the load. So they
// are refused before the merge, as the database compares keys (its collation, not Spark's).

const EXAMPLES = 5;

/** Refuses the staged rows when a key occurs more than once, naming how many keys and up to five of them. */
export async function refuseDuplicateKeys(database: IDatabase, plan: ISilverPlan): Promise<void> {
  if (plan.keys.length === 0) {
    return;
  }
  const { rows } = await database.query(duplicateKeysSql(engineFor(database.engine).dialect, plan.staging, plan.keys, EXAMPLES));
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
