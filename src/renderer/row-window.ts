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
}

/**
 * Which rows to put in the page. The first row is always at an even position so the table's
 * odd/even row stripes (JupyterLab's nth-child rules) stay on the same rows while scrolling.
 */
export function rowWindow({ scrollTop, viewportHeight, rowHeight, rowCount, overscan }: IRowWindowInput): IRowWindow {
  const top = Math.max(0, scrollTop);
  const firstVisible = Math.floor(top / rowHeight);
  const lastVisible = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  let first = Math.max(0, Math.min(firstVisible - overscan, rowCount));
  first -= first % 2;
  const end = Math.max(first, Math.min(rowCount, lastVisible + overscan));
  return { first, end, before: first * rowHeight, after: (rowCount - end) * rowHeight };
}

/** True when the page must be redrawn to show `next`. */
export function windowChanged(current: IRowWindow | undefined, next: IRowWindow): boolean {
  return current === undefined || current.first !== next.first || current.end !== next.end;
}
