import { ITableSchema } from '@jupyterlab-emr/common';
import { UserError } from '../../../../../kernel/src/core/errors';
import { filterCondition, pageSql, sqlString, viewCountSql, viewSql } from '../../../../../kernel/src/results/paging/view-sql';

const SCHEMA: ITableSchema = {
  fields: [
    { name: 'status', type: 'int' },
    { name: 'path', type: 'string' },
    { name: 'day', type: 'date' },
    { name: 'bytes', type: 'bigint' },
    { name: 'attrs', type: 'map<string,string>' }
  ]
};

const V = { kind: 'view' as const, name: 'v' };

describe('the SQL of a result view', () => {
  it("reads the user's query as a subquery until it is cached", () => {
    expect(viewCountSql({ kind: 'query', query: 'SELECT 1 AS status' }, SCHEMA, { filters: [] })).toBe('SELECT count(1) AS `rows` FROM (\nSELECT 1 AS status\n) AS `emr_livy_result`');
  });

  it('pages the result in its own order with LIMIT and OFFSET', () => {
    expect(pageSql({ kind: 'view', name: 'emr_livy_result_r1' }, SCHEMA, { filters: [] }, 4_000_000, 50)).toBe('SELECT * FROM `emr_livy_result_r1`\nLIMIT 50 OFFSET 4000000');
  });

  it('sorts by the column, then by every other orderable column, so ties keep one order across pages', () => {
    expect(viewSql(V, SCHEMA, { sort: { column: 'bytes', descending: true }, filters: [] })).toBe('SELECT * FROM `v`\nORDER BY `bytes` DESC NULLS LAST, `status`, `path`, `day`');
    expect(viewSql(V, SCHEMA, { sort: { column: 'STATUS', descending: false }, filters: [] })).toContain('ORDER BY `status` ASC NULLS LAST');
    expect(() => viewSql(V, SCHEMA, { sort: { column: 'attrs', descending: false }, filters: [] })).toThrow(/cannot sort by attrs/);
  });

  it('filters with WHERE, counting with the same conditions', () => {
    const view = {
      filters: [
        { column: 'status', op: 'equals' as const, value: '500' },
        { column: 'day', op: 'range' as const, min: '2026-01-01', max: '2026-01-31 23:59:59' }
      ]
    };
    const where = "WHERE (`status` = 500) AND (`day` >= DATE'2026-01-01' AND `day` <= TIMESTAMP'2026-01-31 23:59:59')";
    expect(pageSql(V, SCHEMA, view, 0, 10)).toBe(`SELECT * FROM \`v\`\n${where}\nLIMIT 10 OFFSET 0`);
    expect(viewCountSql(V, SCHEMA, view)).toBe(`SELECT count(1) AS \`rows\` FROM \`v\`\n${where}`);
  });

  it('passes every text value as a literal: quotes, backslashes and unicode go through Base64', () => {
    expect(sqlString('plain text')).toBe("'plain text'");
    const hostile = "x' OR 1=1 --\\";
    const literal = sqlString(hostile);
    expect(literal).toBe(`decode(unbase64('${Buffer.from(hostile).toString('base64')}'), 'UTF-8')`);
    expect(literal).not.toContain("x'");
    expect(sqlString('é')).toContain('unbase64');
    expect(filterCondition(SCHEMA, { column: 'path', op: 'contains', value: "/a'b" })).toBe(`instr(CAST(\`path\` AS STRING), ${sqlString("/a'b")}) > 0`);
    // Equals on a number column with text that is not a number compares the text, not code.
    expect(filterCondition(SCHEMA, { column: 'status', op: 'equals', value: '1; DROP TABLE x' })).toBe(`CAST(\`status\` AS STRING) = ${sqlString('1; DROP TABLE x')}`);
  });

  it('refuses range bounds that are not of the column kind, and unknown columns', () => {
    expect(() => filterCondition(SCHEMA, { column: 'bytes', op: 'range', min: '1) OR (1=1' })).toThrow(UserError);
    expect(() => filterCondition(SCHEMA, { column: 'day', op: 'range', max: '42' })).toThrow(/takes a date/);
    expect(() => filterCondition(SCHEMA, { column: 'path', op: 'range', min: 'a' })).toThrow(/number and time columns/);
    expect(() => filterCondition(SCHEMA, { column: 'bytes', op: 'range' })).toThrow(/needs a lower bound/);
    expect(() => filterCondition(SCHEMA, { column: 'nope', op: 'equals', value: '1' })).toThrow(/nope is not a column/);
    expect(filterCondition(SCHEMA, { column: 'bytes', op: 'range', min: '-1.5e3' })).toBe('`bytes` >= -1.5e3');
  });

  it('refuses a page without rows or before the first row', () => {
    expect(() => pageSql(V, SCHEMA, { filters: [] }, -1, 10)).toThrow(UserError);
    expect(() => pageSql(V, SCHEMA, { filters: [] }, 0, 0)).toThrow(UserError);
  });
});
