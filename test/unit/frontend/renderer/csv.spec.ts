import { csvField, toCsv } from '../../../../src/renderer/csv';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    [' padded ', '" padded "'],
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    [42, '42'],
    [false, 'false'],
    [null, ''],
    [undefined, ''],
    [{ a: [1, 'x,y'] }, '"{""a"":[1,""x,y""]}"']
  ])('writes %p as %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('toCsv', () => {
  const fields = [
    { name: 'id', type: 'integer' },
    { name: 'name, full', type: 'string' }
  ];
  const rows = [
    [1, 'Ann'],
    [2, 'Bo "B"'],
    [3, null]
  ];

  it('writes a quoted header, then the rows in the given order, with CRLF line ends', () => {
    expect(toCsv(fields, rows, [2, 0, 1])).toBe('id,"name, full"\r\n3,\r\n1,Ann\r\n2,"Bo ""B"""\r\n');
  });

  it('writes one field per column for short and long rows', () => {
    expect(toCsv(fields, [[1], [2, 'b', 'extra']], [0, 1])).toBe('id,"name, full"\r\n1,\r\n2,b\r\n');
  });
});
