import { watchParent } from '../../../kernel/src/parent-watch';

describe('watchParent', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('calls back once, on the first poll after the parent pid changes', () => {
    let parent = 4242;
    const onGone = jest.fn();
    watchParent(onGone, { pollIntervalMs: 1000, parentPid: () => parent });
    jest.advanceTimersByTime(5000);
    expect(onGone).not.toHaveBeenCalled();
    parent = 1;
    jest.advanceTimersByTime(1000);
    jest.advanceTimersByTime(5000);
    expect(onGone).toHaveBeenCalledTimes(1);
  });

  it('stops watching when cancelled', () => {
    let parent = 4242;
    const onGone = jest.fn();
    const cancel = watchParent(onGone, { pollIntervalMs: 1000, parentPid: () => parent });
    cancel();
    parent = 1;
    jest.advanceTimersByTime(5000);
    expect(onGone).not.toHaveBeenCalled();
  });
});
