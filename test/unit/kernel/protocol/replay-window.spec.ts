import { ReplayWindow } from '../../../../kernel/src/protocol/replay-window';

describe('ReplayWindow', () => {
  it('remembers signatures it was given', () => {
    const window = new ReplayWindow(4);
    window.remember('a');
    expect(window.has('a')).toBe(true);
    expect(window.has('b')).toBe(false);
  });

  it('forgets the oldest signature first once over capacity, so memory stays bounded', () => {
    const window = new ReplayWindow(3);
    ['a', 'b', 'c', 'd'].forEach(signature => window.remember(signature));
    expect(window.size).toBe(3);
    expect(window.has('a')).toBe(false);
    expect(['b', 'c', 'd'].every(signature => window.has(signature))).toBe(true);
  });

  it('rejects a capacity below one', () => {
    expect(() => new ReplayWindow(0)).toThrow(RangeError);
  });
});
