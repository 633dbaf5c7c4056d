/** The rows of a virtualized table that are in the page, and the space standing in for the rest. */
export interface IRowWindow {
  /** First row in the page (a position in display order). */
  first: number;
  /** One past the last row in the page. */
  end: number;
  /** Height of the space above the first row, in pixels. */
  before: number;
  /** Height of the space below the last row, in pixels. */
  after: number;
}

export interface IRowWindowInput {
  /** How far the rows are scrolled, measured from the first row's top. */
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Rows kept in the page beyond each edge, so a fast scroll does not show blank space. */
  overscan: number;
  /** The tallest the rows may make the page (MAX_SCROLL_HEIGHT unless a test says otherwise). */
  maxHeight?: number;
}

/**
 * Browsers lay out at most some 33 million pixels (Chromium; Firefox less): 5 million rows of
 * 24 px would be 120 million. Past this height the scroll bar stands for the rows in proportion,
 * each pixel of scrolling several rows, and the drawn rows sit wherever the view is.
 */
export const MAX_SCROLL_HEIGHT = 8_000_000;

/**
 * Which rows to put in the page. The first row is always at an even position so the table's
 * odd/even row stripes (JupyterLab's nth-child rules) stay on the same rows while scrolling.
 */
export function rowWindow(input: IRowWindowInput): IRowWindow {
  const { scrollTop, viewportHeight, rowHeight, rowCount, overscan, maxHeight = MAX_SCROLL_HEIGHT } = input;
  if (rowCount * rowHeight > maxHeight) {
    return scaledWindow(input, maxHeight);
  }
  const top = Math.max(0, scrollTop);
  const firstVisible = Math.floor(top / rowHeight);
  const lastVisible = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  let first = Math.max(0, Math.min(firstVisible - overscan, rowCount));
  first -= first % 2;
  const end = Math.max(first, Math.min(rowCount, lastVisible + overscan));
  return { first, end, before: first * rowHeight, after: (rowCount - end) * rowHeight };
}

/** The row at the top of the view when scrolled to `top`, with its fraction, in a page of `maxHeight`. */
function scaledTopRow(top: number, viewportHeight: number, rowHeight: number, rowCount: number, maxHeight: number): number {
  const scrollable = Math.max(1, maxHeight - viewportHeight);
  const lastTop = Math.max(0, rowCount - viewportHeight / rowHeight);
  return (Math.min(Math.max(0, top), scrollable) / scrollable) * lastTop;
}

function scaledWindow({ scrollTop, viewportHeight, rowHeight, rowCount, overscan }: IRowWindowInput, maxHeight: number): IRowWindow {
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, maxHeight - viewportHeight));
  const firstVisible = Math.floor(scaledTopRow(top, viewportHeight, rowHeight, rowCount, maxHeight));
  let first = Math.max(0, firstVisible - overscan);
  first -= first % 2;
  const end = Math.min(rowCount, firstVisible + Math.ceil(Math.max(0, viewportHeight) / rowHeight) + overscan + 1);
  const before = Math.max(0, top - (firstVisible - first) * rowHeight);
  return { first, end, before, after: Math.max(0, maxHeight - before - (end - first) * rowHeight) };
}

/** Where to scroll so that row `position` is at the top of the view (the inverse of rowWindow). */
export function scrollTopForRow(position: number, viewportHeight: number, rowHeight: number, rowCount: number, maxHeight = MAX_SCROLL_HEIGHT): number {
  if (rowCount * rowHeight <= maxHeight) {
    return position * rowHeight;
  }
  const lastTop = Math.max(1, rowCount - viewportHeight / rowHeight);
  return Math.floor((Math.min(position, lastTop) / lastTop) * Math.max(1, maxHeight - viewportHeight));
}

/** True when the page must be redrawn to show `next`; scaled, the same rows may move within the page. */
export function windowChanged(current: IRowWindow | undefined, next: IRowWindow): boolean {
  return current === undefined || current.first !== next.first || current.end !== next.end || current.before !== next.before;
}
