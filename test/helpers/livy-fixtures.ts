import * as fs from 'fs';
import * as path from 'path';
import { IHttpResponse } from '../../kernel/src/livy/http';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'livy');

interface IFixtureFile {
  request: { method: string; path: string; body?: unknown };
  response: { status: number; contentType: string | null; body: string };
}

/** A response recorded from the real Livy (test/fixtures/livy/record.js), exactly as it was sent. */
export function livyFixture(name: string): IHttpResponse {
  const file = JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as IFixtureFile;
  return { status: file.response.status, headers: { 'content-type': file.response.contentType ?? undefined }, body: file.response.body };
}

/** The parsed body of a recorded response (plain JSON.parse: for building fakes, not for checking parsing). */
export function livyFixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(livyFixture(name).body) as T;
}
