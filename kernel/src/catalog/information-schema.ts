import type { AuroraEngine } from '../aurora/targets';

/**
 * One engine's catalog queries over information_schema. Each takes its parameters in the order
 * named and reads the columns by the names given here. A null database means the connection's
 * current one (PostgreSQL's current_schema(), MySQL's DATABASE()).
 */
export interface IInformationSchemaSql {
  /** → name */
  databases: string;
  /** (database | null) → database, name, type (information_schema's table_type), format */
  tables: string;
  /** (database | null, table) → name, type, comment */
  columns: string;
  /** An identifier as the engine quotes it. */
  quote(name: string): string;
}

const POSTGRES: IInformationSchemaSql = {
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
    'WHERE c.table_schema = COALESCE($1::text, current_schema()) AND c.table_name = $2 ORDER BY c.ordinal_position',
  quote: name => `"${name.replace(/"/g, '""')}"`
};

const MYSQL: IInformationSchemaSql = {
  databases: "SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name NOT IN ('information_schema', 'mysql', 'performance_schema', 'sys') ORDER BY 1",
  tables:
    'SELECT table_schema AS `database`, table_name AS name, table_type AS type, engine AS format FROM information_schema.tables ' + 'WHERE table_schema = COALESCE(?, DATABASE()) ORDER BY table_name',
  columns:
    'SELECT column_name AS name, column_type AS type, column_comment AS comment FROM information_schema.columns ' +
    'WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? ORDER BY ordinal_position',
  quote: name => `\`${name.replace(/`/g, '``')}\``
};

export const INFORMATION_SCHEMA: Readonly<Partial<Record<AuroraEngine, IInformationSchemaSql>>> = { postgres: POSTGRES, mysql: MYSQL };
