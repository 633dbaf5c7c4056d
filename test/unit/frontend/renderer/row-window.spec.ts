import { rowWindow, windowChanged } from '../../../../src/renderer/row-window';

const base = { viewportHeight: 480, rowHeight: 24, rowCount: 10_000, overscan: 10 };

describe('rowWindow', () => {
  it('at the top, draws the rows in view plus the overscan below', () => {
    expect(rowWindow({ ...base, scrollTop: 0 })).toEqual({ first: 0, end: 30, before: 0, after: (10_000 - 30) * 24 });
  });

  it('in the middle, draws the rows in view with overscan on both sides, and spacers for the rest', () => {
    const window = rowWindow({ ...base, scrollTop: 24 * 5000 });
    expect(window).toEqual({ first: 4990, end: 5030, before: 4990 * 24, after: (10_000 - 5030) * 24 });
    // Spacers and drawn rows add up to the full height, so the scroll bar is right.
    expect(window.before + (window.end - window.first) * 24 + window.after).toBe(10_000 * 24);
  });

  it('starts at an even row so the stripes stay on the same rows', () => {
    const window = rowWindow({ ...base, scrollTop: 24 * 5001 });
    expect(window.first).toBe(4990);
    expect(rowWindow({ ...base, scrollTop: 24 * 5002 }).first).toBe(4992);
  });

  it('at the bottom, stops at the last row', () => {
    const window = rowWindow({ ...base, scrollTop: 24 * 10_000 });
    expect(window.end).toBe(10_000);
    expect(window.after).toBe(0);
  });

  it('handles fewer rows than fit, none, and an overscrolled (negative) position', () => {
    expect(rowWindow({ ...base, rowCount: 5, scrollTop: 0 })).toEqual({ first: 0, end: 5, before: 0, after: 0 });
    expect(rowWindow({ ...base, rowCount: 0, scrollTop: 0 })).toEqual({ first: 0, end: 0, before: 0, after: 0 });
    expect(rowWindow({ ...base, scrollTop: -50 }).first).toBe(0);
  });

  it('never draws more than the viewport plus the overscan, however many rows there are', () => {
    const window = rowWindow({ ...base, rowCount: 1_000_000, scrollTop: 24 * 500_000 });
    expect(window.end - window.first).toBeLessThanOrEqual(480 / 24 + 2 * 10 + 1);
  });
});

describe('windowChanged', () => {
  it('is true only when other rows must be drawn', () => {
    const window = rowWindow({ ...base, scrollTop: 24 * 100 + 1 });
    expect(windowChanged(undefined, window)).toBe(true);
    expect(windowChanged(window, rowWindow({ ...base, scrollTop: 24 * 100 + 2 }))).toBe(false);
    expect(windowChanged(window, rowWindow({ ...base, scrollTop: 24 * 100 }))).toBe(true);
  });
});
