import { tableBundle } from '../../bundles/table-bundle';
import { engineFor } from '../engines/registry';
import { addColumnSql, newTableSql } from '../sql-dialect';
import { ISilverInspection, ITargetFacts } from './inspect';
import { decideColumns, IColumnPlan } from './columns';
import { ISilverRun } from './resolve';
import { countCode, marker, readMarker, sourceCode } from './session-code';
import { readSchema, sourceError } from './spark';

/**
 * --dry-run, in place of plan → load → merge → verify: the plan in words, from the inspection and
 * the rows' schema and count. The rows are defined as the run's view (dropped by the cleanup), the
 * password is never handed over, and nothing is created or written in the database.
 */
export async function showPlan(run: ISilverRun, { facts, source }: ISilverInspection): Promise<void> {
  const { command, spark, id, view, database, cell } = run;
  const answer = await spark.run(sourceCode(id, view, source, [countCode(id)]), true);
  if ('failure' in answer) {
    throw sourceError(command, answer.failure);
  }
  const fields = readSchema(answer.text, id);
  const rows = Number(readMarker(answer.text, marker(id, 'COUNT')));
  // The same checks as a write: a result that does not fit the table is refused here too, with its table of differences.
  const columns = decideColumns(database, facts, fields, command.evolve);
  const { dialect } = engineFor(database.engine);
  const table = `${facts.target.schema}.${facts.target.name}`;
  const ddl = facts.exists ? columns.addColumns.map(column => addColumnSql(dialect, facts.target, column.name, column.type)) : newTableSql(dialect, facts.target, fields, columns.keys);
  const lines: [string, string | number][] = [
    ['table', `${table} ${facts.exists ? 'exists' : 'will be created'}`],
    ...(ddl.length > 0 ? [['ddl', ddl.join(';\n')] as [string, string]] : []),
    ['key', facts.keyFound ?? 'none'],
    ['strategy', strategy(facts)],
    [
      'columns',
      columnMapping(
        fields.map(field => field.name),
        columns
      )
    ],
    ['source_rows', rows],
    ['written', 'nothing (--dry-run)']
  ];
  cell.sink.display(
    tableBundle({
      schema: {
        fields: [
          { name: 'plan', type: 'string' },
          { name: 'value', type: 'string' }
        ]
      },
      rows: lines.map(([name, value]) => [name, String(value)]),
      rowCount: lines.length,
      truncated: false
    }) ?? {}
  );
}

/** How the rows would go in, in words. */
function strategy(facts: ITargetFacts): string {
  if (!facts.exists) {
    return 'create the table from the staging table, then insert';
  }
  if (facts.mode === 'overwrite') {
    return facts.swap ? 'swap: the loaded staging table takes the table’s place' : 'copy: delete every row, insert the staged rows';
  }
  if (facts.mode === 'append') {
    return 'insert the staged rows';
  }
  return facts.upsertBy === 'merge' ? 'merge: insert, updating the rows whose key exists' : 'delete+insert: delete the rows whose key comes in, insert the staged rows';
}

/** Each result column and the table column it goes to; columns --evolve adds are marked. */
function columnMapping(names: string[], columns: IColumnPlan): string {
  return names
    .map((name, index) => {
      const to = columns.columns[index];
      const added = columns.addColumns.some(column => column.name === to) ? ' (added)' : '';
      return to === name ? `${name}${added}` : `${name} → ${to}${added}`;
    })
    .join(', ');
}
