import { ITablePayload } from '@jupyterlab-emr/common';

/**
 * Spark's Thrift server gives statements without output (CREATE, INSERT, USE) a result set with
 * one string column named "Result" and no rows, where Hive's HiveServer2 gives none; shown, it
 * would be an empty table under every DDL statement.
 */
export function isEmptyCommandResult(table: ITablePayload): boolean {
  const fields = table.schema.fields;
  return table.rows.length === 0 && fields.length === 1 && fields[0].name === 'Result' && fields[0].type === 'string';
}
