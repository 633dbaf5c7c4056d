/**
 * Lets a describe block own some process.env variables: before its tests they are cleared and set
 * to `values`, after them they are put back as they were. The AWS SDK reads its credentials,
 * region and endpoints from process.env, and scripts/test exports the stack's emulator there.
 */
export function ownEnvironment(names: string[], values: Record<string, string> = {}): void {
  const saved = new Map(names.map(name => [name, process.env[name]]));
  beforeAll(() => {
    names.forEach(name => delete process.env[name]);
    Object.assign(process.env, values);
  });
  afterAll(() => saved.forEach((value, name) => (value === undefined ? delete process.env[name] : (process.env[name] = value))));
}
