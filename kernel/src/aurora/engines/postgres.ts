import type { IConnectionParams } from '../connection';
import { IDatabase } from '../database';
import { PostgresDatabase } from '../postgres-database';
import { columnDefinitions, ISqlDialect, ITableRef, keysMatch, list, qualified, SPARK_DECIMAL, TypeFamily } from '../sql-dialect';
import { ICatalogSql, IAuroraEngine, IJdbcTls } from './engine';

// PostgreSQL (and Aurora PostgreSQL): every fact of the engine that the Aurora cells use.

const POSTGRES_TYPES: Record<string, string> = {
  string: 'text',
  integer: 'integer',
  long: 'bigint',
  short: 'smallint',
  byte: 'smallint',
  double: 'double precision',
  float: 'real',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamptz',
  timestamp_ntz: 'timestamp',
  binary: 'bytea'
};

/** information_schema's data_type names, by what they hold. */
const POSTGRES_FAMILIES: Record<string, TypeFamily> = {
  smallint: 'integer',
  integer: 'integer',
  bigint: 'integer',
  numeric: 'decimal',
  real: 'float',
  'double precision': 'float',
  text: 'text',
  'character varying': 'text',
  character: 'text',
  boolean: 'boolean',
  date: 'date',
  'timestamp with time zone': 'timestamp',
  'timestamp without time zone': 'timestamp',
  bytea: 'binary'
};

function sparkColumnType(type: string, _isKey: boolean): string | undefined {
  const decimal = SPARK_DECIMAL.exec(type);
  if (decimal) {
    return `numeric(${decimal[1]},${decimal[2]})`;
  }
  return Object.prototype.hasOwnProperty.call(POSTGRES_TYPES, type) ? POSTGRES_TYPES[type] : undefined;
}

export const POSTGRES_DIALECT: ISqlDialect = {
  engine: 'postgres',
  quote: identifier => `"${identifier.replace(/"/g, '""')}"`,
  param: index => `$${index}`,
  currentSchemaSql: 'SELECT current_schema()',
  // UNLOGGED: the rows are in the staging table only until the merge, and skipping the WAL doubles COPY's speed.
  createStagingLike: (staging, target) => `CREATE UNLOGGED TABLE ${qualified(POSTGRES_DIALECT, staging)} (LIKE ${qualified(POSTGRES_DIALECT, target)} INCLUDING DEFAULTS)`,
  createStagingFrom: (staging, fields, keys) => `CREATE UNLOGGED TABLE ${qualified(POSTGRES_DIALECT, staging)} (${columnDefinitions(POSTGRES_DIALECT, fields, keys)})`,
  createTargetLike: (target, staging) => `CREATE TABLE ${qualified(POSTGRES_DIALECT, target)} (LIKE ${qualified(POSTGRES_DIALECT, staging)} INCLUDING DEFAULTS)`,
  onConflict: (keys, others) =>
    `ON CONFLICT (${list(POSTGRES_DIALECT, keys)}) ${others.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${others.map(column => `${POSTGRES_DIALECT.quote(column)} = EXCLUDED.${POSTGRES_DIALECT.quote(column)}`).join(', ')}`}`,
  uniqueIndexesSql:
    "SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
    'CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum ' +
    'WHERE n.nspname = $1 AND c.relname = $2 AND i.indisunique AND i.indpred IS NULL GROUP BY i.indexrelid',
  columnsSql:
    "SELECT column_name, data_type, is_nullable, column_default IS NOT NULL OR is_identity = 'YES' OR is_generated <> 'NEVER' " +
    'FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
  typeFamily: type => POSTGRES_FAMILIES[type] ?? 'other',
  primaryKeySql:
    'SELECT a.attname FROM pg_constraint k CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS c(attnum, ord) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = c.attnum ' +
    "WHERE k.conrelid = to_regclass(format('%I.%I', $1::text, $2::text)) AND k.contype = 'p' ORDER BY c.ord",
  deleteMatchingSql: (target, staging, keys) => `DELETE FROM ${qualified(POSTGRES_DIALECT, target)} t USING ${qualified(POSTGRES_DIALECT, staging)} s WHERE ${keysMatch(POSTGRES_DIALECT, keys)}`,
  findTableSql: "SELECT table_schema, table_name FROM information_schema.tables WHERE lower(table_schema) = lower($1) AND lower(table_name) = lower($2) AND table_type = 'BASE TABLE'",
  ddlCommits: false,
  beginSql: 'BEGIN',
  // An upsert's DELETE … USING hashes the staging table: at the default 4 MB a million keys spill to
  // disk in 8 batches (2.2 s here) where 64 MB holds them in one (1.3 s). LOCAL: this transaction only.
  mergeSettingsSql: ["SET LOCAL work_mem = '64MB'"],
  // Blocks other writers (not readers) until COMMIT, so the row counts checked before it are the ones committed.
  lockSql: target => `LOCK TABLE ${qualified(POSTGRES_DIALECT, target)} IN SHARE ROW EXCLUSIVE MODE`,
  columnType: (type, isKey) => sparkColumnType(type, isKey),
  writableSparkTypes: Object.keys(POSTGRES_TYPES)
};

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
async function deferStagingIndexes(database: IDatabase, staging: ITableRef): Promise<string[]> {
  const definitions = (await database.query(INDEX_DEFINITIONS_SQL, [qualified(POSTGRES_DIALECT, staging)])).rows.map(([drop, build]) => ({ drop: String(drop), build: String(build) }));
  for (const { drop } of definitions) {
    await database.query(drop);
  }
  return definitions.map(({ build }) => build);
}

/** Why the target cannot be swapped (empty when it can). */
async function swapBlockers(database: IDatabase, target: ITableRef): Promise<string[]> {
  return [...new Set((await database.query(POSTGRES_BLOCKERS_SQL, [qualified(POSTGRES_DIALECT, target)])).rows.map(row => String(row[0])))];
}

const INDEX_SHAPE_SQL =
  "SELECT ci.relname, regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+ ', '\\1') FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid " +
  'WHERE i.indrelid = to_regclass($1) ORDER BY ci.relname';

/**
 * Pairs each target index with the staging index of the same definition, so the swapped table keeps
 * the index (and constraint) names; undefined when one of the target's has no twin, which forces the
 * copy. A staging index without a twin is one the run added (--key's primary key) and goes along.
 */
async function pairIndexes(database: IDatabase, target: ITableRef, staging: ITableRef): Promise<[string, string][] | undefined> {
  const shapes = async (table: ITableRef): Promise<string[][]> => (await database.query(INDEX_SHAPE_SQL, [qualified(POSTGRES_DIALECT, table)])).rows.map(row => row.map(String));
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
  return pairs;
}

const GRANTS_SQL =
  "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END, a.privilege_type, a.is_grantable " +
  'FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee WHERE c.oid = to_regclass($1) AND a.grantee <> c.relowner';

/**
 * The statements, run inside the merge's transaction after the counts are checked, that put the
 * staging table in the target's place on PostgreSQL; undefined when the swap would not be faithful.
 */
async function swapSql(database: IDatabase, target: ITableRef, staging: ITableRef): Promise<string[] | undefined> {
  if ((await swapBlockers(database, target)).length > 0) {
    return undefined;
  }
  const indexes = await pairIndexes(database, target, staging);
  if (!indexes) {
    return undefined;
  }
  const grants = (await database.query(GRANTS_SQL, [qualified(POSTGRES_DIALECT, target)])).rows.map(
    ([grantee, privilege, grantable]) => `GRANT ${String(privilege)} ON ${qualified(POSTGRES_DIALECT, target)} TO ${String(grantee)}${grantable === true ? ' WITH GRANT OPTION' : ''}`
  );
  const old = { schema: target.schema, name: `${staging.name}_old` };
  return [
    `ALTER TABLE ${qualified(POSTGRES_DIALECT, target)} RENAME TO ${POSTGRES_DIALECT.quote(old.name)}`,
    `ALTER TABLE ${qualified(POSTGRES_DIALECT, staging)} RENAME TO ${POSTGRES_DIALECT.quote(target.name)}`,
    ...grants,
    `DROP TABLE ${qualified(POSTGRES_DIALECT, old)}`,
    // Renaming an index that backs a constraint renames the constraint as well.
    ...indexes.map(([from, to]) => `ALTER INDEX ${qualified(POSTGRES_DIALECT, { schema: target.schema, name: from })} RENAME TO ${POSTGRES_DIALECT.quote(to)}`)
  ];
}

/**
 * pgjdbc's default LibPQFactory reads the CA from a file only (sslrootcert; without it
 * ~/.postgresql/root.crt, which no executor has), so the writer puts the text in a file of its JVM.
 * Without a caBundle it trusts the JVM's truststore, as the kernel's own connection trusts Node's
 * CAs, which needs DefaultJavaSSLFactory (verify-full still checks the host name).
 */
function jdbcTls(params: IConnectionParams): IJdbcTls {
  const caPem = params.ssl ? (params.caPem ?? '') : '';
  const properties: [string, string][] = params.ssl && !caPem ? [['sslfactory', 'org.postgresql.ssl.DefaultJavaSSLFactory']] : [];
  return { properties, caProperty: 'sslrootcert', caInFile: true, caPem };
}

// The catalog over information_schema; a null schema is current_schema().
const POSTGRES_CATALOG: ICatalogSql = {
  databases:
    "SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name NOT IN ('information_schema', 'pg_catalog', 'pg_toast') AND schema_name NOT LIKE 'pg\\_temp\\_%' AND schema_name NOT LIKE 'pg\\_toast\\_temp\\_%' ORDER BY 1",
  tables:
    'SELECT table_schema AS database, table_name AS name, table_type AS type, NULL AS format FROM information_schema.tables ' +
    'WHERE table_schema = COALESCE($1::text, current_schema()) ORDER BY table_name',
  // The comment is pg_description's, reached through the column's attribute number.
  columns:
    'SELECT c.column_name AS name, c.data_type AS type, col_description(a.attrelid, a.attnum) AS comment FROM information_schema.columns c ' +
    'JOIN pg_catalog.pg_namespace n ON n.nspname = c.table_schema JOIN pg_catalog.pg_class r ON r.relnamespace = n.oid AND r.relname = c.table_name ' +
    'JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attname = c.column_name ' +
    'WHERE c.table_schema = COALESCE($1::text, current_schema()) AND c.table_name = $2 ORDER BY c.ordinal_position'
};

export const POSTGRES_ENGINE: IAuroraEngine = {
  name: 'postgres',
  matchesSecret: text => /postgres/.test(text),
  defaultPort: 5432,
  dialect: POSTGRES_DIALECT,
  open: params => PostgresDatabase.open(params),
  // COPY needs nothing from the server's settings.
  allowsLocalLoad: async () => false,
  loader: () => 'copy',
  // PostgreSQL folds unquoted names to lower case, so a new table is made the way later queries will name it.
  newTableName: name => name.toLowerCase(),
  swapBlockers,
  // Logged, and with the target's constraints, indexes and comments, so it can become the target.
  createSwapStagingSql: (staging, target) => `CREATE TABLE ${qualified(POSTGRES_DIALECT, staging)} (LIKE ${qualified(POSTGRES_DIALECT, target)} INCLUDING ALL)`,
  deferStagingIndexes,
  swapInTransaction: {
    // The renames need ACCESS EXCLUSIVE; the merge takes it as its first statement, before the counts.
    lockSql: target => `LOCK TABLE ${qualified(POSTGRES_DIALECT, target)} IN ACCESS EXCLUSIVE MODE`,
    statements: swapSql
  },
  catalog: POSTGRES_CATALOG,
  completionDialect: 'postgres',
  jdbc: {
    driverClass: 'org.postgresql.Driver',
    // Without ssl, plaintext: pgjdbc would otherwise take whatever TLS the server offers, unverified ("prefer").
    url: params => `jdbc:postgresql://${params.host}:${params.port}/${encodeURIComponent(params.database)}?sslmode=${params.ssl ? 'verify-full' : 'disable'}`,
    tls: jdbcTls,
    driverFlags: () => []
  },
  stackJar: /^postgresql-.*\.jar$/
};
