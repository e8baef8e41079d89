/**
 * Screen layout from the terminal size. Everything is counted in cells;
 * the components only draw what this decides.
 *
 *   header (3 rows: host, counts, most likely cause) · tabs (1) · body: list pane | detail pane · key bar (1)
 *
 * Each pane has a border (a titled top line, a bottom line, two sides).
 */

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

export interface Layout {
  readonly columns: number;
  readonly rows: number;
  /** Below the minimum the screen only says so. */
  readonly tooSmall: boolean;
  readonly headerRows: number;
  /** Rows of the body (panes including their borders). */
  readonly bodyRows: number;
  /** Outer widths of the two panes; they add up to `columns`. */
  readonly listWidth: number;
  readonly detailWidth: number;
  /** Rows and columns inside a pane border. */
  readonly innerRows: number;
  readonly listInner: number;
  readonly detailInner: number;
  /** Columns inside a full-width pane (overlays, the picker) with its padding. */
  readonly fullInner: number;
  /** Wide enough to spell out severity and status words on every list row. */
  readonly wordsInList: boolean;
}

export const MIN_SIZE: Size = { columns: 60, rows: 16 };

/** How much of the width the list pane takes: the host tree needs more room for its indentation. */
export const LIST_SHARE = { findings: 0.38, checks: 0.38, host: 0.46 } as const;

export function computeLayout(size: Size, listShare = 0.38): Layout {
  const columns = Math.max(1, Math.floor(size.columns));
  const rows = Math.max(1, Math.floor(size.rows));
  const tooSmall = columns < MIN_SIZE.columns || rows < MIN_SIZE.rows;
  const headerRows = 4; // three header lines and the tab line
  const bodyRows = Math.max(3, rows - headerRows - 1);
  // The list gets a bit over a third, within sensible bounds; the detail gets the rest.
  const listWidth = Math.max(26, Math.min(Math.round(columns * 0.5), 64, Math.round(columns * listShare)));
  const detailWidth = Math.max(1, columns - listWidth);
  return {
    columns, rows, tooSmall, headerRows, bodyRows,
    listWidth, detailWidth,
    innerRows: Math.max(1, bodyRows - 2),
    listInner: Math.max(1, listWidth - 2),
    detailInner: Math.max(1, detailWidth - 4),
    fullInner: Math.max(1, columns - 4),
    wordsInList: listWidth >= 44,
  };
}
