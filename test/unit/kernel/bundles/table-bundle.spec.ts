import { isTablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { Redactor } from '../../../../kernel/src/redact';
import { LosslessNumber } from '../../../../kernel/src/json/lossless-json';
import { tableFromSqlOutput } from '../../../../kernel/src/bundles/result-table';
import { tableBundle } from '../../../../kernel/src/bundles/table-bundle';
import { recordedSqlOutput } from './sql-fixtures';

describe('tableBundle', () => {
  it('carries the table for the extension beside text and HTML for everything else', () => {
    const table = tableFromSqlOutput(recordedSqlOutput('statement-sql-typed'), 1000);
    const bundle = tableBundle(table);
    expect(bundle).toBeDefined();
    expect(Object.keys(bundle as object).sort()).toEqual([TABLE_MIME_TYPE, 'text/html', 'text/plain'].sort());
    const payload = JSON.parse(JSON.stringify((bundle as Record<string, unknown>)[TABLE_MIME_TYPE]));
    expect(isTablePayload(payload)).toBe(true);
    expect(payload.schema.fields.map((field: { name: string }) => field.name)).toEqual(table.schema.fields.map(field => field.name));
    expect(payload.rows).toHaveLength(table.rows.length);
  });

  it('sends no bundle for a statement without columns', () => {
    expect(tableBundle({ schema: { fields: [] }, rows: [], rowCount: 0, truncated: false })).toBeUndefined();
  });

  it('keeps a number beyond 2^53 exact through the redactor every output passes', () => {
    const exact = '9007199254740993';
    const bundle = tableBundle({
      schema: { fields: [{ name: 'id', type: 'long' }] },
      rows: [[new LosslessNumber(exact)]],
      rowCount: 1,
      truncated: false
    });
    const sent = JSON.parse(JSON.stringify(new Redactor().redactValue(bundle)));
    expect(sent[TABLE_MIME_TYPE].rows).toEqual([[exact]]);
  });
});
