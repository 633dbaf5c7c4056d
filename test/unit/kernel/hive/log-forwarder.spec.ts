import { LogForwarder } from '../../../../kernel/src/hive/log-forwarder';

describe('LogForwarder', () => {
  it('passes lines on at most once per interval, and the rest when flushed', () => {
    let now = 10_000;
    const written: string[] = [];
    const logs = new LogForwarder(
      text => written.push(text),
      1000,
      () => now
    );
    logs.add(['first']);
    now += 300;
    logs.add(['second', 'third\n']);
    expect(written).toEqual(['first\n']);
    now += 800;
    logs.add(['fourth']);
    expect(written).toEqual(['first\n', 'second\nthird\nfourth\n']);
    logs.add(['last']);
    logs.flush();
    logs.flush();
    expect(written).toEqual(['first\n', 'second\nthird\nfourth\n', 'last\n']);
  });
});
