import { splitStatements } from '../../../../kernel/src/hive/statement-splitter';

describe('splitStatements', () => {
  it('splits on semicolons and gives each statement its first line', () => {
    expect(splitStatements('SELECT 1;\n\nSELECT 2;\nSELECT 3')).toEqual([
      { text: 'SELECT 1', line: 0 },
      { text: 'SELECT 2', line: 2 },
      { text: 'SELECT 3', line: 3 }
    ]);
  });

  it('keeps semicolons inside strings, back-quoted names and comments', () => {
    const script = "SELECT 'a;b', \"c;d\", `e;f` FROM t -- not; here\n/* nor; here */ WHERE x = 'it\\'s;'";
    expect(splitStatements(script).map(statement => statement.text)).toEqual([script]);
  });

  it('handles doubled back-quotes inside a name', () => {
    expect(splitStatements('SELECT 1 AS `a``;b`; SELECT 2').map(statement => statement.text)).toEqual(['SELECT 1 AS `a``;b`', 'SELECT 2']);
  });

  it('drops statements that are only blanks and comments', () => {
    expect(splitStatements(' ;\n-- just a comment;\n;SELECT 1;;\n/* end */')).toEqual([{ text: 'SELECT 1', line: 2 }]);
    expect(splitStatements('')).toEqual([]);
  });

  it('ends an unterminated string or comment at the end of the script', () => {
    expect(splitStatements("SELECT 'open; still open").map(statement => statement.text)).toEqual(["SELECT 'open; still open"]);
    expect(splitStatements('SELECT 1 /* open; comment').map(statement => statement.text)).toEqual(['SELECT 1 /* open; comment']);
  });
});
