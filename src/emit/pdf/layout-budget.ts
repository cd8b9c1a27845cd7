/**
 * How long a print layout may take when `print.timeout` does not say. paged.js spends its time per page, but
 * also per chapter (each opens a new named page and restarts its counters), per note (a footnote is moved to
 * its page's note area and the page re-measured) and per figure (images wait to load and are measured): a book
 * of 2 000 short chapters or 20 000 notes has few characters and takes many times what its text suggests.
 * The allowances are about four times what a loaded two-core machine takes (test/bench/pdf-limits.ts), so an
 * honest book is not cut off while a hung layout still stops.
 */
export interface LayoutSize {
  pages: number;
  chapters: number;
  notes: number;
  figures: number;
}

export const LAYOUT_ALLOWANCE_MS = { base: 60_000, page: 1_000, chapter: 1_000, note: 100, figure: 500 } as const;

export function defaultLayoutTimeoutMs(size: LayoutSize): number {
  const a = LAYOUT_ALLOWANCE_MS;
  return a.base + a.page * size.pages + a.chapter * size.chapters + a.note * size.notes + a.figure * size.figures;
}
