import { UserError } from '../../../../kernel/src/core/errors';
import { isQueryShaped } from '../../../../kernel/src/results/query-shape';
import { aggregateSql, checkViewName, countSql, createViewSql, firstRowsSql, quoteIdentifier, sampleSql } from '../../../../kernel/src/results/result-sql';

describe('quoteIdentifier', () => {
  it.each([
    ['amount', '`amount`'],
    ['Total Sales', '`Total Sales`'],
    ['a.b', '`a.b`'],
    ['we`ird', '`we``ird`'],
    ['``', '``````']
  ])('quotes %s as %s', (name, quoted) => {
    expect(quoteIdentifier(name)).toBe(quoted);
  });
});

describe('checkViewName', () => {
  it('accepts a name a later cell can write unquoted', () => {
    expect(checkViewName('daily_sales_2')).toBe('daily_sales_2');
    expect(checkViewName('_tmp')).toBe('_tmp');
  });

  it.each(['2days', 'db.sales', 'my-view', 'a b', '', 'x`y'])('refuses %j with the rule and an example', name => {
    expect(() => checkViewName(name)).toThrow(UserError);
    expect(() => checkViewName(name)).toThrow(/--view needs a plain name .*such as daily_sales, not ".*"\. A temporary view belongs to the session and has no database part\./);
  });
});

describe('isQueryShaped', () => {
  it.each([
    'SELECT 1',
    '  select * from t',
    '-- a comment\nSELECT 1',
    '/* one /* nested */ comment */ SELECT 1',
    '(SELECT 1) UNION ALL (SELECT 2)',
    'WITH c AS (SELECT 1 AS x) SELECT * FROM c',
    'VALUES (1, 2), (3, 4)',
    'TABLE sales',
    'FROM sales SELECT region',
    "SELECT 'insert' AS word, `insert` FROM t",
    'WITH c AS (SELECT 1) SELECT "INSERT" FROM c'
  ])('takes %j as a query', sql => {
    expect(isQueryShaped(sql)).toBe(true);
  });

  it.each([
    'SHOW TABLES',
    'SET spark.sql.shuffle.partitions=8',
    'CREATE TABLE t AS SELECT 1',
    'INSERT INTO t SELECT 1',
    'WITH c AS (SELECT 1 AS x) INSERT INTO t SELECT * FROM c',
    'FROM src INSERT OVERWRITE TABLE a SELECT x INSERT OVERWRITE TABLE b SELECT y',
    'EXPLAIN SELECT 1',
    'DESCRIBE sales',
    'CACHE TABLE t',
    '-- only a comment',
    ''
  ])('runs %j as it is', sql => {
    expect(isQueryShaped(sql)).toBe(false);
  });
});

describe('generated SQL', () => {
  const query = { kind: 'query' as const, query: 'SELECT * FROM sales -- all of it' };
  const view = { kind: 'view' as const, name: 'daily' };

  it('wraps the query on lines of its own, so a trailing comment cannot swallow the parenthesis', () => {
    expect(firstRowsSql(query, 1000)).toBe('SELECT * FROM (\nSELECT * FROM sales -- all of it\n) AS `emr_livy_result`\nLIMIT 1001');
  });

  it('reads a registered view by its quoted name', () => {
    expect(firstRowsSql(view, 10)).toBe('SELECT * FROM `daily`\nLIMIT 11');
    expect(countSql(view)).toBe('SELECT count(1) AS `rows` FROM `daily`');
    expect(createViewSql('daily', 'SELECT 1')).toBe('CREATE OR REPLACE TEMPORARY VIEW `daily` AS\nSELECT 1');
  });

  it('aggregates per group with positional aliases, ordered by the axes, one group more than kept', () => {
    expect(aggregateSql(view, { dimensions: ['day', 're`gion'], measure: 'a.b', aggregate: 'avg', groupLimit: 1000 })).toBe(
      'SELECT `day` AS `d0`, `re``gion` AS `d1`, avg(`a.b`) AS `m` FROM `daily`\nGROUP BY `day`, `re``gion`\nORDER BY `d0`, `d1`\nLIMIT 1001'
    );
  });

  it('counts rows when there is no measure, and values with one', () => {
    expect(aggregateSql(view, { dimensions: ['day'], aggregate: 'count', groupLimit: 5 })).toMatch(/^SELECT `day` AS `d0`, count\(1\) AS `m` FROM/);
    expect(aggregateSql(view, { dimensions: ['day'], measure: 'x', aggregate: 'count', groupLimit: 5 })).toMatch(/, count\(`x`\) AS `m` FROM/);
  });

  it('samples a scatter at random without sorting everything', () => {
    expect(sampleSql(view, ['x', 'y'], 5000)).toBe('SELECT `x`, `y` FROM `daily`\nORDER BY rand(4) LIMIT 5000');
  });
});
