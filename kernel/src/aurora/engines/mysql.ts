import { IDatabase } from '../database';
import { MysqlDatabase } from '../mysql-database';
import { columnDefinitions, ISqlDialect, ITableRef, keysMatch, qualified, SPARK_DECIMAL, TypeFamily } from '../sql-dialect';
import { ICatalogSql, IAuroraEngine } from './engine';

// MySQL, MariaDB and Aurora MySQL: every fact of the engine that the Aurora cells use.

const MYSQL_TYPES: Record<string, string> = {
  string: 'LONGTEXT',
  integer: 'INT',
  long: 'BIGINT',
  short: 'SMALLINT',
  byte: 'TINYINT',
  double: 'DOUBLE',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'DATETIME(6)',
  timestamp_ntz: 'DATETIME(6)',
  binary: 'LONGBLOB'
};

/** information_schema's data_type names (and boolean, see columnsSql), by what they hold. */
const MYSQL_FAMILIES: Record<string, TypeFamily> = {
  tinyint: 'integer',
  smallint: 'integer',
  mediumint: 'integer',
  int: 'integer',
  bigint: 'integer',
  decimal: 'decimal',
  float: 'float',
  double: 'float',
  char: 'text',
  varchar: 'text',
  tinytext: 'text',
  text: 'text',
  mediumtext: 'text',
  longtext: 'text',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamp',
  timestamp: 'timestamp',
  binary: 'binary',
  varbinary: 'binary',
  tinyblob: 'binary',
  blob: 'binary',
  mediumblob: 'binary',
  longblob: 'binary'
};

function sparkColumnType(type: string, isKey: boolean): string | undefined {
  const decimal = SPARK_DECIMAL.exec(type);
  if (decimal) {
    return `DECIMAL(${decimal[1]},${decimal[2]})`;
  }
  // A MySQL TEXT column cannot be a key without a prefix length.
  if (isKey && type === 'string') {
    return 'VARCHAR(255)';
  }
  return Object.prototype.hasOwnProperty.call(MYSQL_TYPES, type) ? MYSQL_TYPES[type] : undefined;
}

export const MYSQL_DIALECT: ISqlDialect = {
  engine: 'mysql',
  quote: identifier => `\`${identifier.replace(/`/g, '``')}\``,
  param: () => '?',
  currentSchemaSql: 'SELECT DATABASE()',
  // The target's columns (types, NOT NULL, defaults) without its indexes: the merge checks the keys
  // (rows that share one are refused with examples, not by a load failing on a duplicate entry).
  createStagingLike: (staging, target) => `CREATE TABLE ${qualified(MYSQL_DIALECT, staging)} AS SELECT * FROM ${qualified(MYSQL_DIALECT, target)} LIMIT 0`,
  createStagingFrom: (staging, fields, keys) => `CREATE TABLE ${qualified(MYSQL_DIALECT, staging)} (${columnDefinitions(MYSQL_DIALECT, fields, keys)})`,
  createTargetLike: (target, staging) => `CREATE TABLE ${qualified(MYSQL_DIALECT, target)} LIKE ${qualified(MYSQL_DIALECT, staging)}`,
  // With no other column, "updating" a key to itself keeps the row: MySQL has no DO NOTHING.
  onConflict: (keys, others) => `ON DUPLICATE KEY UPDATE ${(others.length > 0 ? others : keys).map(column => `${MYSQL_DIALECT.quote(column)} = VALUES(${MYSQL_DIALECT.quote(column)})`).join(', ')}`,
  uniqueIndexesSql:
    "SELECT GROUP_CONCAT(column_name ORDER BY seq_in_index SEPARATOR ',') FROM information_schema.statistics WHERE table_schema = ? AND table_name = ? AND non_unique = 0 GROUP BY index_name",
  // BOOLEAN is TINYINT(1) in MySQL, and is read as the boolean it was declared as.
  columnsSql:
    "SELECT column_name, CASE WHEN column_type LIKE 'tinyint(1)%' THEN 'boolean' ELSE data_type END, is_nullable, " +
    "column_default IS NOT NULL OR extra LIKE '%auto_increment%' OR extra LIKE '%GENERATED%' " +
    'FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position',
  typeFamily: type => MYSQL_FAMILIES[type.toLowerCase()] ?? 'other',
  primaryKeySql: "SELECT column_name FROM information_schema.statistics WHERE table_schema = ? AND table_name = ? AND index_name = 'PRIMARY' ORDER BY seq_in_index",
  // MySQL's multi-table DELETE: it names the table to delete from before the join.
  deleteMatchingSql: (target, staging, keys) => `DELETE t FROM ${qualified(MYSQL_DIALECT, target)} t JOIN ${qualified(MYSQL_DIALECT, staging)} s ON ${keysMatch(MYSQL_DIALECT, keys)}`,
  findTableSql: "SELECT table_schema, table_name FROM information_schema.tables WHERE lower(table_schema) = lower(?) AND lower(table_name) = lower(?) AND table_type = 'BASE TABLE'",
  ddlCommits: true,
  beginSql: 'START TRANSACTION',
  // Its multi-table DELETE looks each staged key up in the target's index: no buffer to size.
  mergeSettingsSql: [],
  lockSql: () => undefined,
  columnType: (type, isKey) => sparkColumnType(type, isKey),
  writableSparkTypes: Object.keys(MYSQL_TYPES)
};

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

/** Whether a MySQL server takes LOAD DATA LOCAL INFILE (a global setting, often off where security rules say so). */
async function allowsLocalInfile(database: IDatabase): Promise<boolean> {
  const value = (await database.query('SELECT @@GLOBAL.local_infile')).rows[0]?.[0];
  return value === 1 || value === '1' || value === 'ON';
}

/** MySQL's one atomic statement that swaps the tables; it commits, so everything checked must come before it. */
function swapSql(target: ITableRef, staging: ITableRef): { rename: string; dropOld: string } {
  const old = { schema: target.schema, name: `${staging.name}_old` };
  return {
    rename: `RENAME TABLE ${qualified(MYSQL_DIALECT, target)} TO ${qualified(MYSQL_DIALECT, old)}, ${qualified(MYSQL_DIALECT, staging)} TO ${qualified(MYSQL_DIALECT, target)}`,
    dropOld: `DROP TABLE IF EXISTS ${qualified(MYSQL_DIALECT, old)}`
  };
}

// The catalog over information_schema; a null database is DATABASE().
const MYSQL_CATALOG: ICatalogSql = {
  databases: "SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name NOT IN ('information_schema', 'mysql', 'performance_schema', 'sys') ORDER BY 1",
  tables: 'SELECT table_schema AS `database`, table_name AS name, table_type AS type, engine AS format FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) ORDER BY table_name',
  columns:
    'SELECT column_name AS name, column_type AS type, column_comment AS comment FROM information_schema.columns ' +
    'WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? ORDER BY ordinal_position'
};

export const MYSQL_ENGINE: IAuroraEngine = {
  name: 'mysql',
  matchesSecret: text => /mysql|mariadb/.test(text),
  defaultPort: 3306,
  dialect: MYSQL_DIALECT,
  open: params => MysqlDatabase.open(params),
  allowsLocalLoad: allowsLocalInfile,
  // LOAD DATA where the server allows LOCAL, else batches.
  loader: localLoad => (localLoad ? 'load-data' : 'batches'),
  newTableName: name => name,
  swapBlockers: async (database, target) => [
    ...new Set(
      (
        await database.query(MYSQL_BLOCKERS_SQL, [
          ...Array<string>(5)
            .fill('')
            .flatMap(() => [target.schema, target.name])
        ])
      ).rows.map(row => String(row[0]))
    )
  ],
  // LIKE copies the indexes and options too, as the table that takes the target's place must have them.
  createSwapStagingSql: (staging, target) => `CREATE TABLE ${qualified(MYSQL_DIALECT, staging)} LIKE ${qualified(MYSQL_DIALECT, target)}`,
  swapCommitting: swapSql,
  catalog: MYSQL_CATALOG,
  completionDialect: 'mysql',
  jdbc: {
    driverClass: 'org.mariadb.jdbc.Driver',
    // MariaDB Connector/J has no TLS unless asked.
    url: params => `jdbc:mariadb://${params.host}:${params.port}/${encodeURIComponent(params.database)}${params.ssl ? '?sslMode=verify-full' : ''}`,
    // MariaDB Connector/J 3 takes the CA's PEM text itself in serverSslCert, and trusts the JVM's truststore without one.
    tls: params => ({ properties: [], caProperty: 'serverSslCert', caInFile: false, caPem: params.ssl ? (params.caPem ?? '') : '' }),
    // MariaDB Connector/J batches with its bulk protocol; MySQL Connector/J reads rewriteBatchedStatements.
    driverFlags: loader => (loader === 'load-data' ? ['allowLocalInfile'] : ['useBulkStmts', 'rewriteBatchedStatements'])
  },
  stackJar: /^mariadb-java-client-.*\.jar$/
};
