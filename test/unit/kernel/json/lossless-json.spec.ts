import { JsonSyntaxError, LosslessNumber, parseLosslessJson } from '../../../../kernel/src/json/lossless-json';
import { livyFixture } from '../../../helpers/livy-fixtures';

describe('parseLosslessJson', () => {
  it('keeps a long beyond 2^53 exactly, where JSON.parse rounds it', () => {
    const value = parseLosslessJson('[9007199254740993, 12]') as unknown[];
    expect(value[0]).toEqual(new LosslessNumber('9007199254740993'));
    expect(value[1]).toBe(12);
    expect(JSON.parse('[9007199254740993]')[0]).toBe(9007199254740992);
  });

  it('gives plain numbers when a double holds the value, whatever the spelling', () => {
    expect(parseLosslessJson('[1.5, 1.50, 1.2345678901234568E16, 0.30000000000000004, -0.0, 1e-7]')).toEqual([1.5, 1.5, 12345678901234568, 0.30000000000000004, -0, 1e-7]);
  });

  it('keeps decimals with more digits than a double as their text', () => {
    const value = parseLosslessJson('{"d": 12345678901234567.123456789012345678}') as Record<string, unknown>;
    expect(String(value.d)).toBe('12345678901234567.123456789012345678');
    expect(JSON.stringify(value)).toBe('{"d":"12345678901234567.123456789012345678"}');
  });

  it('reads the typed sql output Livy sent, keeping the long column exact', () => {
    const statement = parseLosslessJson(livyFixture('statement-sql-typed').body) as { output: { data: { 'application/json': { data: unknown[][] } } } };
    const [row] = statement.output.data['application/json'].data;
    expect(String(row[3])).toBe('9007199254740993');
    expect(row[0]).toBe(1);
    expect(row[9]).toBe('<b>x</b> & y');
  });

  it('decodes strings as JSON does, escapes included', () => {
    expect(parseLosslessJson('"a\\"b\\\\c\\n\\u00e9\\ud83d\\ude00"')).toBe('a"b\\c\né😀');
  });

  it('treats a "__proto__" key as data', () => {
    const value = parseLosslessJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it.each(['', '{', '[1,]', '{"a" 1}', 'tru', '01', '"open', '[1] x', '{"a":1,}'])('rejects %j with a position', text => {
    expect(() => parseLosslessJson(text)).toThrow(JsonSyntaxError);
  });
});
