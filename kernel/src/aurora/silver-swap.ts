import { IDatabase } from './database';
import { ISqlDialect, ITableRef, qualified } from './sql-dialect';

// An overwrite can replace the target by renaming a full staging table into its place instead of
// copying every row a second time (DELETE + INSERT … SELECT). That is only the same table afterwards
// when the staging table carries everything the target has and nothing else points at the old
// table by identity; otherwise the merge copies as before.

/** How an overwrite replaced the rows: renaming the staging table into place, or copying its rows. */
export type OverwriteMethod = 'swap' | 'copy';

/**
 * One row per reason the swap would lose or break something. PostgreSQL ties views, foreign keys,
 * triggers, publications, policies and owned sequences to the table's identity (its oid), so they
 * would follow the old table into the DROP; what LIKE … INCLUDING ALL cannot copy is refused too.
 */
const POSTGRES_BLOCKERS_SQL = `WITH t AS (SELECT c.* FROM pg_class c WHERE c.oid = to_regclass($1))
SELECT 'a view or rule reads it' FROM pg_depend d, t WHERE d.refobjid = t.oid AND d.classid = 'pg_rewrite'::regclass
UNION ALL SELECT 'a foreign key references it or it has one' FROM pg_constraint k, t WHERE k.contype = 'f' AND (k.confrelid = t.oid OR k.conrelid = t.oid)
UNION ALL SELECT 'it has triggers' FROM pg_trigger g, t WHERE g.tgrelid = t.oid AND NOT g.tgisinternal
UNION ALL SELECT 'it is in a publication' FROM pg_publication_rel p, t WHERE p.prrelid = t.oid
UNION ALL SELECT 'it owns a sequence (serial or identity column)' FROM pg_depend d, t WHERE d.refobjid = t.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') AND d.objid IN (SELECT oid FROM pg_class WHERE relkind = 'S')
UNION ALL SELECT 'something uses its row type' FROM pg_depend d, t WHERE d.refobjid = t.reltype AND NOT (d.classid = 'pg_class'::regclass AND d.objid = t.oid)
  AND NOT (d.classid = 'pg_type'::regclass AND d.deptype = 'i')
UNION ALL SELECT 'it takes part in inheritance or partitioning' FROM pg_inherits h, t WHERE h.inhrelid = t.oid OR h.inhparent = t.oid
UNION ALL SELECT 'it has column privileges' FROM pg_attribute a, t WHERE a.attrelid = t.oid AND a.attacl IS NOT NULL
UNION ALL SELECT 'it has a comment' FROM t WHERE obj_description(t.oid, 'pg_class') IS NOT NULL
UNION ALL SELECT 'another role owns it' FROM t WHERE t.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
UNION ALL SELECT 'it has privileges granted by another role, or its owner lacks some of its own'
  FROM t WHERE t.relacl IS NOT NULL AND (EXISTS (SELECT 1 FROM aclexplode(t.relacl) a WHERE a.grantor <> t.relowner)
  OR (SELECT count(*) FROM aclexplode(t.relacl) a WHERE a.grantee = t.relowner) <> (SELECT count(*) FROM aclexplode(acldefault('r', t.relowner))))
UNION ALL SELECT 'it has row security, storage options, its own tablespace, a replica identity or is unlogged'
  FROM t WHERE t.relkind <> 'r' OR t.relrowsecurity OR t.reloptions IS NOT NULL OR t.reltablespace <> 0 OR t.relreplident <> 'd' OR t.relpersistence <> 'p'`;

/**
 * MySQL keeps grants and views by name, yet foreign keys and triggers belong to the table and LIKE
 * does not copy them; views are refused as well, so the swap never changes what a view reads mid-query.
 * LIKE also starts an AUTO_INCREMENT counter afresh, where the copy would have kept counting.
 */
const MYSQL_BLOCKERS_SQL = `SELECT 'a foreign key references it or it has one' FROM information_schema.key_column_usage
  WHERE referenced_table_name IS NOT NULL AND ((table_schema = ? AND table_name = ?) OR (referenced_table_schema = ? AND referenced_table_name = ?))
UNION ALL SELECT 'it has triggers' FROM information_schema.triggers WHERE event_object_schema = ? AND event_object_table = ?
UNION ALL SELECT 'a view reads it' FROM information_schema.views WHERE view_definition LIKE CONCAT('%\`', ?, '\`.\`', ?, '\`%')
UNION ALL SELECT 'it has an AUTO_INCREMENT column, whose counter LIKE would restart' FROM information_schema.columns WHERE table_schema = ? AND table_name = ? AND extra LIKE '%auto_increment%'`;

/** Why the target cannot be swapped (empty when it can). */
export async function swapBlockers(database: IDatabase, dialect: ISqlDialect, target: ITableRef): Promise<string[]> {
  const result =
    dialect.engine === 'postgres'
      ? await database.query(POSTGRES_BLOCKERS_SQL, [qualified(dialect, target)])
      : await database.query(MYSQL_BLOCKERS_SQL, [
          ...Array<string>(5)
            .fill('')
            .flatMap(() => [target.schema, target.name])
        ]);
  return [...new Set(result.rows.map(row => String(row[0])))];
}

/** A staging table that can become the target: on PostgreSQL with its constraints, indexes and comments, and logged. */
export function createSwapStagingSql(dialect: ISqlDialect, staging: ITableRef, target: ITableRef): string {
  return dialect.engine === 'postgres' ? `CREATE TABLE ${qualified(dialect, staging)} (LIKE ${qualified(dialect, target)} INCLUDING ALL)` : dialect.createStagingLike(staging, target);
}

/**
 * For each index of a PostgreSQL table (and the key or unique or exclusion constraint it backs),
 * the statement that drops it and the statement that builds it again as it was, name included.
 */
const INDEX_DEFINITIONS_SQL = `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', $1::text, k.conname), format('ALTER TABLE %s ADD CONSTRAINT %I %s', $1::text, k.conname, pg_get_constraintdef(k.oid))
  FROM pg_constraint k WHERE k.conrelid = to_regclass($1) AND k.contype IN ('p', 'u', 'x')
UNION ALL SELECT format('DROP INDEX %I.%I', n.nspname, ci.relname), pg_get_indexdef(i.indexrelid)
  FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ci.relnamespace
  WHERE i.indrelid = to_regclass($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x'))`;

/**
 * Takes the indexes off an empty PostgreSQL staging table and returns the statements that build
 * them again. Maintaining a primary key while COPY fills the table cost about as much as the COPY
 * itself (2.0-2.5 s against 0.7-1.2 s per million rows here); one build over all the rows after
 * costs 0.5-0.7 s, and PostgreSQL builds a b-tree with parallel workers.
 */
export async function deferStagingIndexes(database: IDatabase, dialect: ISqlDialect, staging: ITableRef): Promise<string[]> {
  const definitions = (await database.query(INDEX_DEFINITIONS_SQL, [qualified(dialect, staging)])).rows.map(([drop, build]) => ({ drop: String(drop), build: String(build) }));
  for (const { drop } of definitions) {
    await database.query(drop);
  }
  return definitions.map(({ build }) => build);
}

const INDEX_SHAPE_SQL =
  "SELECT ci.relname, regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+ ', '\\1') FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid " +
  'WHERE i.indrelid = to_regclass($1) ORDER BY ci.relname';

/**
 * Pairs each target index with the staging index of the same definition, so the swapped table keeps
 * the index (and constraint) names; undefined when one has no twin, which forces the copy.
 */
async function pairIndexes(database: IDatabase, dialect: ISqlDialect, target: ITableRef, staging: ITableRef): Promise<[string, string][] | undefined> {
  const shapes = async (table: ITableRef): Promise<string[][]> => (await database.query(INDEX_SHAPE_SQL, [qualified(dialect, table)])).rows.map(row => row.map(String));
  const mine = await shapes(target);
  const theirs = await shapes(staging);
  const pairs: [string, string][] = [];
  for (const [name, shape] of mine) {
    const twin = theirs.findIndex(candidate => candidate[1] === shape);
    if (twin < 0) {
      return undefined;
    }
    pairs.push([theirs[twin][0], name]);
    theirs.splice(twin, 1);
  }
  return theirs.length === 0 ? pairs : undefined;
}

const GRANTS_SQL =
  "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END, a.privilege_type, a.is_grantable " +
  'FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee WHERE c.oid = to_regclass($1) AND a.grantee <> c.relowner';

/**
 * The statements, run inside the merge's transaction after the counts are checked, that put the
 * staging table in the target's place on PostgreSQL; undefined when the swap would not be faithful.
 */
export async function postgresSwapSql(database: IDatabase, dialect: ISqlDialect, target: ITableRef, staging: ITableRef): Promise<string[] | undefined> {
  if ((await swapBlockers(database, dialect, target)).length > 0) {
    return undefined;
  }
  const indexes = await pairIndexes(database, dialect, target, staging);
  if (!indexes) {
    return undefined;
  }
  const grants = (await database.query(GRANTS_SQL, [qualified(dialect, target)])).rows.map(
    ([grantee, privilege, grantable]) => `GRANT ${String(privilege)} ON ${qualified(dialect, target)} TO ${String(grantee)}${grantable === true ? ' WITH GRANT OPTION' : ''}`
  );
  const old = { schema: target.schema, name: `${staging.name}_old` };
  return [
    `ALTER TABLE ${qualified(dialect, target)} RENAME TO ${dialect.quote(old.name)}`,
    `ALTER TABLE ${qualified(dialect, staging)} RENAME TO ${dialect.quote(target.name)}`,
    ...grants,
    `DROP TABLE ${qualified(dialect, old)}`,
    // Renaming an index that backs a constraint renames the constraint as well.
    ...indexes.map(([from, to]) => `ALTER INDEX ${qualified(dialect, { schema: target.schema, name: from })} RENAME TO ${dialect.quote(to)}`)
  ];
}

/** MySQL's one atomic statement that swaps the tables; it commits, so everything checked must come before it. */
export function mysqlSwapSql(dialect: ISqlDialect, target: ITableRef, staging: ITableRef): { rename: string; dropOld: string } {
  const old = { schema: target.schema, name: `${staging.name}_old` };
  return {
    rename: `RENAME TABLE ${qualified(dialect, target)} TO ${qualified(dialect, old)}, ${qualified(dialect, staging)} TO ${qualified(dialect, target)}`,
    dropOld: `DROP TABLE IF EXISTS ${qualified(dialect, old)}`
  };
}
