import { gzipSync } from 'zlib';
import { LosslessNumber } from '../../../../kernel/src/json/lossless-json';
import { ISqlOutput, StatementOutput } from '../../../../kernel/src/livy/types';
import { COMPACT_FETCH_OBJECT, COMPACT_MARKER, CompactAnswerError, compactFetchCode, MAX_PAYLOAD_CHARS, readCompactAnswer, withRowSchemas } from '../../../../kernel/src/results/compact-fetch';

// The compact fetch's code text and the kernel's reading of its answer. That the Scala compiles
// and writes what Livy's sql kind writes is checked on the real Livy
// (test/integration/livy/kernel/compact-fetch.spec.ts).
const ok = (text: string): StatementOutput => ({ status: 'ok', execution_count: 4, data: { 'text/plain': text } });
const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const rowsLine = (json: string): string => `${COMPACT_MARKER}rows ${gzipSync(Buffer.from(json, 'utf8'), { level: 1 }).toString('base64')}\n`;

describe('the compact fetch statement', () => {
  it('is an object named after its code, with the marker and the payload limit written in', () => {
    expect(COMPACT_FETCH_OBJECT.name).toMatch(/^EmrCompactFetch_[0-9a-f]{12}$/);
    expect(COMPACT_FETCH_OBJECT.code).toMatch(new RegExp(`^object ${COMPACT_FETCH_OBJECT.name}\\b`));
    expect(COMPACT_FETCH_OBJECT.code).toContain(`println("${COMPACT_MARKER}rows " + payload)`);
    expect(COMPACT_FETCH_OBJECT.code).toContain(`payload.length > ${MAX_PAYLOAD_CHARS}`);
    expect(COMPACT_FETCH_OBJECT.code).not.toMatch(/\$\{/);
    expect(COMPACT_FETCH_OBJECT.code).toContain('def fetch(query: String, limit: Int): Unit');
  });

  it('passes the SQL as a string literal, Base64 where it has quotes, backslashes or non-ASCII', () => {
    expect(compactFetchCode('SELECT * FROM t\nLIMIT 20001', 20001)).toBe(
      `${COMPACT_FETCH_OBJECT.name}.fetch(new String(java.util.Base64.getDecoder.decode("${base64('SELECT * FROM t\nLIMIT 20001')}"), "UTF-8"), 20001)`
    );
    expect(compactFetchCode('SELECT 1 LIMIT 2', 2)).toBe(`${COMPACT_FETCH_OBJECT.name}.fetch("SELECT 1 LIMIT 2", 2)`);
    const hostile = `SELECT '"), sys.exit(1), ("' AS x, 'é\\u0022' AS y`;
    const code = compactFetchCode(hostile, 5);
    expect(code).toBe(`${COMPACT_FETCH_OBJECT.name}.fetch(new String(java.util.Base64.getDecoder.decode("${base64(hostile)}"), "UTF-8"), 5)`);
  });

  it('takes 1 to 2^31-1 rows (a Scala Int)', () => {
    expect(() => compactFetchCode('SELECT 1', 0)).toThrow(/1 to 2\^31-1 rows/);
    expect(() => compactFetchCode('SELECT 1', 2 ** 31)).toThrow(/1 to 2\^31-1 rows/);
    expect(() => compactFetchCode('SELECT 1', 1.5)).toThrow(/1 to 2\^31-1 rows/);
  });
});

describe('readCompactAnswer', () => {
  const schema = {
    type: 'struct',
    fields: [
      { name: 'id', type: 'long', nullable: false, metadata: {} },
      { name: 'x', type: 'double', nullable: true, metadata: {} }
    ]
  };

  it('gunzips and parses the rows, exact where a double would lose digits', () => {
    const answer = readCompactAnswer(ok(rowsLine(`{"schema":${JSON.stringify(schema)},"data":[[9007199254740993,-0.0],[1,"Infinity"],[2,null]]}`)));
    expect(answer).toEqual({
      kind: 'rows',
      output: {
        schema,
        data: [
          [new LosslessNumber('9007199254740993'), -0],
          [1, 'Infinity'],
          [2, null]
        ]
      }
    });
    expect(Object.is((answer as { output: ISqlOutput }).output.data[0][1], -0)).toBe(true);
  });

  it('finds its line among others the statement printed', () => {
    const answer = readCompactAnswer(ok(`a warning\n${rowsLine(`{"schema":${JSON.stringify(schema)},"data":[]}`)}`));
    expect(answer).toEqual({ kind: 'rows', output: { schema, data: [] } });
  });

  it("reads a failed query from the statement's evalue (Livy puts the first printed line there) as the sql kind's error", () => {
    const error = {
      ename: 'Error',
      evalue: "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column … `nme` …; line 2 pos 7;\n'Project ['nme]",
      traceback: ['org.apache.spark.sql.errors.QueryCompilationErrors$.x(Q.scala:1)']
    };
    const output: StatementOutput = {
      status: 'error',
      execution_count: 7,
      ename: 'Error',
      evalue: `${COMPACT_MARKER}error ${base64(JSON.stringify(error))}`,
      traceback: ['org.apache.spark.sql.AnalysisException: …\n']
    };
    expect(readCompactAnswer(output)).toEqual({ kind: 'error', error: { status: 'error', execution_count: 7, ...error } });
  });

  it('reads a fallback to the sql kind and a payload too big for one statement', () => {
    expect(readCompactAnswer(ok(`${COMPACT_MARKER}fallback ${base64('struct<m:map<boolean,int>>')}\n`))).toEqual({ kind: 'fallback', schema: 'struct<m:map<boolean,int>>' });
    expect(readCompactAnswer(ok(`${COMPACT_MARKER}too-big 1000001 45000000\n`))).toEqual({ kind: 'too-big', rows: 1000001, chars: 45000000 });
  });

  it('says undefined without its line, and fails on a line it cannot read', () => {
    expect(readCompactAnswer(ok('res0: Int = 2\n'))).toBeUndefined();
    expect(readCompactAnswer(null)).toBeUndefined();
    expect(() => readCompactAnswer(ok(`${COMPACT_MARKER}rows not*base64\n`))).toThrow(CompactAnswerError);
    expect(() => readCompactAnswer(ok(`${COMPACT_MARKER}rows ${base64('not gzip')}\n`))).toThrow(/does not gunzip/);
    expect(() => readCompactAnswer(ok(rowsLine('{"rows": []}')))).toThrow(/without schema and data/);
    expect(() => readCompactAnswer(ok(`${COMPACT_MARKER}maybe\n`))).toThrow(/unknown answer "maybe"/);
  });
});

describe('withRowSchemas', () => {
  // Livy 0.9's sql kind (json4s reflection of Spark's row object), recorded for
  // named_struct('x', 1, 'y', named_struct('z', 'w', 'n', CAST(NULL AS STRING))) and an array of
  // named_struct('a', CAST(1.5 AS DECIMAL(3,1)), 'b', TIMESTAMP'2026-01-01 00:00:00').
  const fields = [
    {
      name: 'st',
      type: {
        type: 'struct',
        fields: [
          { name: 'x', type: 'integer', nullable: false, metadata: {} },
          {
            name: 'y',
            type: {
              type: 'struct',
              fields: [
                { name: 'z', type: 'string', nullable: false, metadata: {} },
                { name: 'n', type: 'string', nullable: true, metadata: {} }
              ]
            },
            nullable: false,
            metadata: {}
          }
        ]
      },
      nullable: false,
      metadata: {}
    },
    {
      name: 'arrst',
      type: {
        type: 'array',
        elementType: {
          type: 'struct',
          fields: [
            { name: 'a', type: 'decimal(3,1)', nullable: false, metadata: {} },
            { name: 'b', type: 'timestamp', nullable: false, metadata: {} }
          ]
        },
        containsNull: false
      },
      nullable: false,
      metadata: {}
    },
    { name: 'plain', type: 'integer', nullable: true, metadata: {} }
  ];
  const recorded = [
    {
      schema: [
        { name: 'x', dataType: {}, nullable: false, metadata: { map: {} } },
        {
          name: 'y',
          dataType: [
            { name: 'z', dataType: {}, nullable: false, metadata: { map: {} } },
            { name: 'n', dataType: {}, nullable: true, metadata: { map: {} } }
          ],
          nullable: false,
          metadata: { map: {} }
        }
      ],
      values: [
        1,
        {
          schema: [
            { name: 'z', dataType: {}, nullable: false, metadata: { map: {} } },
            { name: 'n', dataType: {}, nullable: true, metadata: { map: {} } }
          ],
          values: ['w', null]
        }
      ]
    },
    [
      {
        schema: [
          { name: 'a', dataType: { precision: 3, scale: 1 }, nullable: false, metadata: { map: {} } },
          { name: 'b', dataType: {}, nullable: false, metadata: { map: {} } }
        ],
        values: [1.5, '2026-01-01T00:00:00Z']
      }
    ],
    7
  ];

  it("rebuilds json4s' reflection of each struct beside its values, as the sql kind sends it", () => {
    const compact = {
      schema: { type: 'struct' as const, fields },
      data: [
        [{ values: [1, { values: ['w', null] }] }, [{ values: [1.5, '2026-01-01T00:00:00Z'] }], 7],
        [null, null, null]
      ]
    };
    expect(withRowSchemas(compact as unknown as ISqlOutput).data).toEqual([recorded, [null, null, null]]);
  });

  it('reflects nested types, decimals and metadata the way json4s does, and leaves results without structs alone', () => {
    const withMetadata = {
      name: 's',
      type: {
        type: 'struct',
        fields: [
          { name: 'a', type: { type: 'array', elementType: 'decimal(10,2)', containsNull: true }, nullable: true, metadata: { comment: 'c', nested: { k: 1 } } },
          { name: 'm', type: { type: 'map', keyType: 'string', valueType: 'long', valueContainsNull: false }, nullable: true, metadata: {} }
        ]
      },
      nullable: true,
      metadata: {}
    };
    const output = withRowSchemas({ schema: { type: 'struct', fields: [withMetadata] }, data: [[{ values: [[1.5], { k: 2 }] }]] } as unknown as ISqlOutput);
    expect(output.data[0][0]).toEqual({
      schema: [
        { name: 'a', dataType: { elementType: { precision: 10, scale: 2 }, containsNull: true }, nullable: true, metadata: { map: { comment: 'c', nested: { map: { k: 1 } } } } },
        { name: 'm', dataType: { keyType: {}, valueType: {}, valueContainsNull: false }, nullable: true, metadata: { map: {} } }
      ],
      values: [[1.5], { k: 2 }]
    });
    const flat = { schema: { type: 'struct' as const, fields: [{ name: 'plain', type: 'integer', nullable: true, metadata: {} }] }, data: [[1]] };
    expect(withRowSchemas(flat)).toBe(flat);
  });
});
