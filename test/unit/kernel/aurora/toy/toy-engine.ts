import { IAuroraEngine } from '../../../../../kernel/src/aurora/engines/engine';
import { ScriptedDatabase } from '../scripted-database';
import { columnDefinitions, ISqlDialect, qualified, TypeFamily } from '../../../../../kernel/src/aurora/sql-dialect';

/** The toy engine's connection: a scripted database that knows the current schema. */
export const toyDatabase = (): ScriptedDatabase => new ScriptedDatabase('toydb', [{ match: /^SELECT toy_schema\(\)$/, rows: [['main']] }]);

// Square-bracket quoting and its own type names make every statement show which engine wrote it.
const TOY_DIALECT: ISqlDialect = {
  engine: 'toydb',
  quote: identifier => `[${identifier}]`,
  param: index => `:${index}`,
  currentSchemaSql: 'SELECT toy_schema()',
  createStagingLike: (staging, target) => `CREATE TABLE ${qualified(TOY_DIALECT, staging)} COPYING ${qualified(TOY_DIALECT, target)}`,
  createStagingFrom: (staging, fields, keys) => `CREATE TABLE ${qualified(TOY_DIALECT, staging)} (${columnDefinitions(TOY_DIALECT, fields, keys)})`,
  createTargetLike: (target, staging) => `CREATE TABLE ${qualified(TOY_DIALECT, target)} COPYING ${qualified(TOY_DIALECT, staging)}`,
  onConflict: keys => `ON KEY (${keys.join(', ')}) REPLACE`,
  uniqueIndexesSql: 'SELECT toy_unique_indexes(:1, :2)',
  columnsSql: 'SELECT toy_columns(:1, :2)',
  typeFamily: type => (({ TOY_INT: 'integer', TOY_TEXT: 'text' }) as Record<string, TypeFamily>)[type] ?? 'other',
  primaryKeySql: 'SELECT toy_primary_key(:1, :2)',
  deleteMatchingSql: (target, staging, keys) => `DELETE ${qualified(TOY_DIALECT, target)} MATCHING ${qualified(TOY_DIALECT, staging)} ON (${keys.join(', ')})`,
  findTableSql: 'SELECT toy_find_table(:1, :2)',
  ddlCommits: false,
  beginSql: 'BEGIN TOY',
  mergeSettingsSql: [],
  lockSql: target => `LOCK ${qualified(TOY_DIALECT, target)}`,
  columnType: type => ({ long: 'TOY_INT', string: 'TOY_TEXT' })[type],
  writableSparkTypes: ['long', 'string']
};

/** A third engine, as a new module would define it: the registry is all the kernel needs to know of it. */
export const TOY_ENGINE: IAuroraEngine & { opened: ScriptedDatabase[] } = {
  name: 'toydb',
  matchesSecret: text => /toydb/.test(text),
  defaultPort: 7777,
  dialect: TOY_DIALECT,
  opened: [],
  async open() {
    const database = toyDatabase();
    TOY_ENGINE.opened.push(database);
    return database;
  },
  allowsLocalLoad: async () => true,
  loader: localLoad => (localLoad ? 'load-data' : 'batches'),
  newTableName: name => name.toUpperCase(),
  swapBlockers: async () => ['toy tables never swap'],
  createSwapStagingSql: () => {
    throw new Error('the toy engine never swaps');
  },
  // The toy's SQL is close enough to PostgreSQL's for completion's keywords.
  completionDialect: 'postgres',
  catalog: {
    databases: 'SELECT toy_schemata()',
    tables: 'SELECT toy_tables(:1)',
    columns: 'SELECT toy_table_columns(:1, :2)'
  },
  jdbc: {
    driverClass: 'org.toydb.Driver',
    url: params => `jdbc:toydb://${params.host}:${params.port}/${params.database}`,
    tls: () => ({ properties: [], caProperty: 'toyCa', caInFile: false, caPem: '' }),
    driverFlags: loader => [`toy-${loader}`]
  }
};
