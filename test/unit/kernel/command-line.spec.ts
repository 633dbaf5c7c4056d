import { parseCommandLine, UsageError } from '../../../kernel/src/command-line';

const parse = (line: string, env: NodeJS.ProcessEnv = {}) => parseCommandLine(line.split(' ').filter(Boolean), env);

describe('parseCommandLine', () => {
  it.each(['run --connection-file /tmp/k.json', 'run -f /tmp/k.json', 'run --connection-file=/tmp/k.json'])('reads the connection file from "%s"', line => {
    expect(parse(line)).toEqual({ kind: 'run', connectionFile: '/tmp/k.json' });
  });

  it('requires a connection file to run', () => {
    expect(() => parse('run')).toThrow(UsageError);
    expect(() => parse('run -f')).toThrow(/-f needs a value|--connection-file needs a value/);
  });

  it('installs for the user by default, as emr-livy, with jupyter from PATH', () => {
    expect(parse('install')).toEqual({ kind: 'install', scope: { kind: 'user' }, name: 'emr-livy', jupyter: 'jupyter' });
  });

  it('reads the scope, the name and the jupyter to use', () => {
    expect(parse('install --sys-prefix --jupyter .stack/venv/bin/jupyter')).toMatchObject({
      scope: { kind: 'sys-prefix' },
      jupyter: '.stack/venv/bin/jupyter'
    });
    expect(parse('install --prefix /opt/conda --name emr-livy-dev')).toMatchObject({
      scope: { kind: 'prefix', path: '/opt/conda' },
      name: 'emr-livy-dev'
    });
  });

  it('takes the jupyter binary from $JUPYTER unless --jupyter is given', () => {
    expect(parse('uninstall', { JUPYTER: '/venv/bin/jupyter' })).toEqual({
      kind: 'uninstall',
      name: 'emr-livy',
      jupyter: '/venv/bin/jupyter'
    });
    expect(parse('uninstall --jupyter /other/jupyter', { JUPYTER: '/venv/bin/jupyter' })).toMatchObject({
      jupyter: '/other/jupyter'
    });
  });

  it('refuses two scopes at once', () => {
    expect(() => parse('install --user --sys-prefix')).toThrow(/Choose one of --user, --sys-prefix and --prefix/);
  });

  it('refuses unknown commands and stray arguments, showing the usage', () => {
    expect(() => parse('start')).toThrow(/Unknown command: start[\s\S]*Usage:/);
    expect(() => parse('install --usr')).toThrow(/Unexpected argument: --usr/);
  });

  it('prints help when asked or given nothing', () => {
    expect(parse('')).toEqual({ kind: 'help' });
    expect(parse('--help')).toEqual({ kind: 'help' });
  });
});
