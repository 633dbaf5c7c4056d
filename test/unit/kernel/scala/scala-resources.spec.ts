import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IConnectionParams } from '../../../../kernel/src/aurora/credentials';
import { SILVER_WRITER, writeCall } from '../../../../kernel/src/aurora/silver/writer';
import { COMPACT_FETCH_OBJECT, compactFetchCode } from '../../../../kernel/src/results/compact-fetch';
import { scalaObject, scalaResource } from '../../../../kernel/src/scala/scala-object';

// The script the build and jest run to turn kernel/src/*/scala/*.scala into TypeScript modules.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readScalaResource } = require('../../../../scripts/generate-scala-resources') as { readScalaResource(file: string): { stem: string; body: string } };

/**
 * The Scala the kernel sends, pinned: the objects' code as it was when it lived in TypeScript
 * strings (before it moved to .scala resources), by hash and length, and the calls of them. A
 * change to a .scala file fails here on purpose; update the expectations with the change, after
 * the Livy tier has run the new code (compact-fetch and silver-cell specs).
 */
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const PG: IConnectionParams = {
  target: 'silver-pg',
  engine: 'postgres',
  host: 'db.local',
  port: 5432,
  database: 'silver',
  user: 'loader',
  password: 'x',
  ssl: true,
  caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
};
const MYSQL: IConnectionParams = { ...PG, target: 'm', engine: 'mysql', port: 3306, ssl: false, caPem: undefined };
const WRITABLE = 'Seq("string", "integer", "long", "short", "byte", "double", "float", "boolean", "date", "timestamp", "timestamp_ntz", "binary")';

describe('the Scala objects the kernel defines in a session', () => {
  it('are the very code the kernel sent before (name, hash and length)', () => {
    expect(SILVER_WRITER.name).toBe('EmrSilverWriter_11b6acca22f0');
    expect([sha256(SILVER_WRITER.code), SILVER_WRITER.code.length]).toEqual(['56a14f707ee603d63a5453ce2faeba1ad946b028db2a226c0a272021bc73ce09', 14958]);
    expect(COMPACT_FETCH_OBJECT.name).toBe('EmrCompactFetch_a430c0685abc');
    expect([sha256(COMPACT_FETCH_OBJECT.code), COMPACT_FETCH_OBJECT.code.length]).toEqual(['e0de7332979e43de335b6357a57bd9e49dbb3c282eb38f7915fa98f061bb4f72', 13311]);
  });

  it('keep the filled-in constants: the compact marker and the payload limit', () => {
    expect(COMPACT_FETCH_OBJECT.code).toContain('println("EMR_COMPACT_FETCH rows " + payload)');
    expect(COMPACT_FETCH_OBJECT.code).toContain(`else if (payload.length > ${40 * 1024 * 1024}) println("EMR_COMPACT_FETCH too-big "`);
    expect(COMPACT_FETCH_OBJECT.code).not.toContain('${');
    expect(SILVER_WRITER.code).not.toContain('${');
  });

  it('are called as before', () => {
    expect(compactFetchCode('SELECT * FROM t WHERE s = "a\\b" LIMIT 1000', 1000)).toBe(
      'EmrCompactFetch_a430c0685abc.fetch(new String(java.util.Base64.getDecoder.decode("U0VMRUNUICogRlJPTSB0IFdIRVJFIHMgPSAiYVxiIiBMSU1JVCAxMDAw"), "UTF-8"), 1000)'
    );
    const pg = writeCall({
      id: 'ab12',
      source: 'spark.sql("SELECT 1 AS id")',
      params: PG,
      staging: { schema: 'public', name: 'silver_stage_1' },
      columns: ['id', 'Name'],
      batchSize: 100,
      partitions: 4,
      jar: 'file:///jars/postgresql.jar'
    });
    expect(pg).toBe(
      [
        'EmrSilverWriter_11b6acca22f0.write(',
        '  source = spark.sql("SELECT 1 AS id"),',
        '  dropView = "",',
        '  staging = new String(java.util.Base64.getDecoder.decode("InB1YmxpYyIuInNpbHZlcl9zdGFnZV8xIg=="), "UTF-8"),',
        '  columns = Seq(("id", new String(java.util.Base64.getDecoder.decode("ImlkIg=="), "UTF-8"), Seq()), ("Name", new String(java.util.Base64.getDecoder.decode("Ik5hbWUi"), "UTF-8"), Seq())),',
        '  required = Seq(),',
        `  writableTypes = ${WRITABLE},`,
        '  credentialKey = "spark.emr.silver.password.ab12",',
        '  jar = "file:///jars/postgresql.jar",',
        '  url = "jdbc:postgresql://db.local:5432/silver?sslmode=verify-full",',
        '  user = "loader",',
        '  driverClass = "org.postgresql.Driver",',
        '  driverFlags = Seq(),',
        '  tlsProperties = Seq(),',
        '  caPem = new String(java.util.Base64.getDecoder.decode("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="), "UTF-8"),',
        '  caProperty = "sslrootcert",',
        '  caInFile = true,',
        '  loader = "copy",',
        '  batchSize = 100,',
        '  partitions = 4,',
        '  markers = "EMR_SILVER_%s_ab12 "',
        ')'
      ].join('\n')
    );
    const mysql = writeCall({
      id: 'cd34',
      source: 'spark.table("v")',
      dropView: 'v',
      params: MYSQL,
      staging: { schema: 'silver', name: 'silver_stage_2' },
      columns: ['id'],
      batchSize: 250,
      localInfile: true
    });
    expect(mysql).toBe(
      [
        'EmrSilverWriter_11b6acca22f0.write(',
        '  source = spark.table("v"),',
        '  dropView = "v",',
        '  staging = "`silver`.`silver_stage_2`",',
        '  columns = Seq(("id", "`id`", Seq())),',
        '  required = Seq(),',
        `  writableTypes = ${WRITABLE},`,
        '  credentialKey = "spark.emr.silver.password.cd34",',
        '  jar = "",',
        '  url = "jdbc:mariadb://db.local:3306/silver",',
        '  user = "loader",',
        '  driverClass = "org.mariadb.jdbc.Driver",',
        '  driverFlags = Seq("allowLocalInfile"),',
        '  tlsProperties = Seq(),',
        '  caPem = "",',
        '  caProperty = "serverSslCert",',
        '  caInFile = false,',
        '  loader = "load-data",',
        '  batchSize = 250,',
        '  partitions = 0,',
        '  markers = "EMR_SILVER_%s_cd34 "',
        ')'
      ].join('\n')
    );
  });
});

describe('scalaResource', () => {
  const resource = { stem: 'EmrTest', body: '  def run(): Unit = println("${MARKER}" + ${LIMIT})' };

  it('fills every ${NAME} placeholder and names the object by the filled code', () => {
    const filled = scalaResource(resource, { MARKER: 'EMR_TEST ', LIMIT: 3 });
    expect(filled).toEqual(scalaObject('EmrTest', '  def run(): Unit = println("EMR_TEST " + 3)'));
  });

  it('refuses a placeholder without a value and a value without a placeholder', () => {
    expect(() => scalaResource(resource, { MARKER: 'x' })).toThrow('placeholder ${LIMIT} with no value');
    expect(() => scalaResource(resource, { MARKER: 'x', LIMIT: 1, OTHER: 2 })).toThrow('no placeholder for OTHER');
  });
});

describe('scripts/generate-scala-resources.js', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scala-resource-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const read = (text: string): { stem: string; body: string } => {
    const file = path.join(dir, 'Test.scala');
    fs.writeFileSync(file, text);
    return readScalaResource(file);
  };

  it('takes the body between the object line and the closing brace, leaving the comments above out', () => {
    expect(read('// why\n\nobject EmrTest extends java.io.Serializable {\n\n  def a = 1\n\n}\n')).toEqual({ stem: 'EmrTest', body: '\n  def a = 1\n' });
    expect(read('object EmrTest extends java.io.Serializable {\n  def a = 1\n}\n')).toEqual({ stem: 'EmrTest', body: '  def a = 1' });
  });

  it('refuses a file the kernel would send differently from what it shows', () => {
    expect(() => read('object EmrTest {\n}\n')).toThrow('needs a line');
    expect(() => read('import x._\nobject EmrTest extends java.io.Serializable {\n}\n')).toThrow('code above its object line');
    expect(() => read('object EmrTest extends java.io.Serializable {\n  def a = 1\n}\n// after\n')).toThrow('closing brace');
  });
});
