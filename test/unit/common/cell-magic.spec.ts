import { escapeHtml, splitCellMagic } from '@jupyterlab-emr/common';

describe('splitCellMagic', () => {
  it('splits a %% magic into name, arguments and body', () => {
    expect(splitCellMagic('%%SQL -n 5 --view v\nSELECT 1\nFROM t')).toEqual({
      form: 'cell',
      name: 'sql',
      args: '-n 5 --view v',
      body: 'SELECT 1\nFROM t',
      bodyLineOffset: 1
    });
  });

  it('skips blank lines before the magic line and counts them', () => {
    const split = splitCellMagic('\n  \n%%pyspark\nprint(1)');
    expect(split).toMatchObject({ form: 'cell', name: 'pyspark', body: 'print(1)', bodyLineOffset: 3 });
  });

  it('treats a one-percent word as a line magic with its arguments', () => {
    expect(splitCellMagic('%connect http://h:8998')).toMatchObject({ form: 'line', name: 'connect', args: 'http://h:8998', body: '' });
  });

  it.each([
    ['%spark', 'scala'],
    ['%livy.spark', 'scala'],
    ['%sql', 'sql'],
    ['%livy.sql', 'sql'],
    ['%pyspark', 'pyspark'],
    ['%livy.pyspark', 'pyspark'],
    ['%md', 'md']
  ])('maps the Zeppelin prefix %s onto %s', (prefix, name) => {
    expect(splitCellMagic(`${prefix}\nbody`)).toMatchObject({ form: 'zeppelin', name, args: '', body: 'body' });
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('treats %%%s as a line magic, not as an inherited Zeppelin prefix', name => {
    const split = splitCellMagic(`%${name}\n`);
    expect(split.form).toBe('line');
    expect(split.name).toBe(name.toLowerCase());
  });

  it('keeps code written on the Zeppelin prefix line as the first line of the body', () => {
    expect(splitCellMagic('%sql select 1\nfrom t')).toMatchObject({ name: 'sql', body: 'select 1\nfrom t', bodyLineOffset: 0 });
  });

  it('leaves plain code alone, even with a percent sign later on', () => {
    const cell = 'val x = 10 % 3\n%%sql';
    expect(splitCellMagic(cell)).toEqual({ form: 'none', name: '', args: '', body: cell, bodyLineOffset: 0 });
  });
});

describe('escapeHtml', () => {
  it('escapes markup and both quote kinds', () => {
    expect(escapeHtml(`<img src=x onerror=alert(1)> & "a" 'b'`)).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;a&quot; &#39;b&#39;');
  });
});
