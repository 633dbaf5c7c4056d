import { isComplete } from '../../../../kernel/src/magics/is-complete';

describe('isComplete', () => {
  it.each<[string, string, string | null]>([
    ['spark.range(10).count()', 'complete', null],
    ['val xs = List(\n  1,', 'incomplete', '  '],
    ['def f(x: Int) = {\n  if (x > 0) {', 'incomplete', '    '],
    ['println("a ) b")', 'complete', null],
    ['val c = \'"\'', 'complete', null],
    ['val s = """multi\n line (', 'incomplete', ''],
    ['/* a comment ( */ 1', 'complete', null],
    ['// (\n1', 'complete', null],
    ['/* open', 'incomplete', ''],
    ['1)', 'invalid', null],
    ['List(1]', 'invalid', null],
    ['println("oops)\n2', 'invalid', null]
  ])('Scala %j is %s', (code, status, indent) => {
    expect(isComplete(code, 'scala')).toEqual(indent === null ? { status } : { status, indent });
  });

  it.each<[string, string, string | null]>([
    ['%%pyspark\nfor i in range(3):', 'incomplete', '    '],
    ['%%pyspark\nprint("(")', 'complete', null],
    ['%%pyspark\nx = [1,\n', 'incomplete', '    '],
    ['%%sql\nSELECT (1', 'incomplete', '  '],
    ["%%sql\nSELECT 'it''s'", 'complete', null],
    ["%%sql\nSELECT ')'", 'complete', null],
    ['%%sql', 'incomplete', ''],
    ['%%info', 'complete', null],
    ['%connect j-1', 'complete', null],
    ['%%configure\n{"conf": {', 'incomplete', '    ']
  ])('%j is %s', (code, status, indent) => {
    expect(isComplete(code, 'scala')).toEqual(indent === null ? { status } : { status, indent });
  });
});
