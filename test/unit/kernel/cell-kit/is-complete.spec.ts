import { isComplete } from '../../../../kernel/src/cell-kit/is-complete';
import { MAGIC_SPECS } from '../../../../kernel/src/magics/features';
import { MagicRegistry } from '../../../../kernel/src/cell-kit/registry';

const registry = new MagicRegistry(MAGIC_SPECS);

describe('isComplete', () => {
  it.each<[string, string, string | null]>([
    ['spark.range(10).count()', 'complete', null],
    ['val xs = List(\n  1,', 'incomplete', '  '],
    ['def f(x: Int) = {\n  if (x > 0) {', 'incomplete', '    '],
    ['println("a ) b")', 'complete', null],
    ["val c = '\"'", 'complete', null],
    ['val s = """multi\n line (', 'incomplete', ''],
    ['/* a comment ( */ 1', 'complete', null],
    ['// (\n1', 'complete', null],
    ['/* open', 'incomplete', ''],
    ['1)', 'invalid', null],
    ['List(1]', 'invalid', null],
    ['println("oops)\n2', 'invalid', null]
  ])('Scala %j is %s', (code, status, indent) => {
    expect(isComplete(code, 'scala', registry)).toEqual(indent === null ? { status } : { status, indent });
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
    ['%%configure\n{"conf": {', 'incomplete', '    '],
    ['%%spark\nList(1,', 'incomplete', '  '],
    ['%%aurora --target silver-pg', 'incomplete', ''],
    ['%%aurora --target silver-pg\nSELECT count(*)\nFROM t WHERE name IN (', 'incomplete', '  '],
    ["%%aurora\nSELECT 'an open\nstring", 'incomplete', ''],
    ['%%aurora\nSELECT count(*)\nFROM t', 'complete', null],
    ['%%silver --from df --table public.t', 'complete', null]
  ])('%j is %s', (code, status, indent) => {
    expect(isComplete(code, 'scala', registry)).toEqual(indent === null ? { status } : { status, indent });
  });
});
