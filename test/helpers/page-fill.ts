import { execFileSync } from 'node:child_process';

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PageWords {
  width: number;
  height: number;
  words: Word[];
}

/** Every word of every page with its box in points from the top left, as `pdftotext -bbox` reads them. */
export function wordsByPage(pdf: string): PageWords[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const pages: PageWords[] = [];
  for (const page of html.split('<page ').slice(1)) {
    const size = /width="([\d.]+)" height="([\d.]+)"/.exec(page)!;
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: m[5]!,
    }));
    pages.push({ width: Number(size[1]), height: Number(size[2]), words });
  }
  return pages;
}

export interface TextBlock {
  top: number;
  bottom: number;
}

/**
 * How far down its text block each page's text reaches (0 to 1), for the pages that should be full: not blank, not
 * the last page of a chapter (the page before a chapter opening, told by its large heading, or the book's last).
 * Running heads and folios lie outside the block and are not counted; a figure's caption marks the figure's foot.
 */
export function pageFill(pages: PageWords[], block: TextBlock): Array<{ page: number; fill: number }> {
  const inBlock = (word: Word) => word.yMin >= block.top - 2 && word.yMax <= block.bottom + 2;
  const opensChapter = (page: PageWords) => page.words.some((word) => inBlock(word) && word.yMax - word.yMin > 16);
  const fills: Array<{ page: number; fill: number }> = [];
  pages.forEach((page, index) => {
    const words = page.words.filter(inBlock);
    const next = pages[index + 1];
    if (words.length === 0 || !next || opensChapter(next) || next.words.filter(inBlock).length === 0) return;
    const bottom = Math.max(...words.map((word) => word.yMax));
    fills.push({ page: index + 1, fill: (bottom - block.top) / (block.bottom - block.top) });
  });
  return fills;
}

/**
 * The inside (gutter) and outside margins of each page's text block, in points: from its words below the running
 * head and above the folio, on pages with at least `minWords` of them (openers and blank pages are left out).
 * Odd pages are rectos, with the gutter on the left.
 */
export function textBlockMargins(pdf: string, minWords: number): Array<{ page: number; gutter: number; fore: number }> {
  return wordsByPage(pdf).flatMap(({ width, words }, index) => {
    const body = words.filter((word) => word.yMin > 90 && word.yMin < 560);
    if (body.length < minWords) return [];
    const left = Math.min(...body.map((word) => word.xMin));
    const right = width - Math.max(...body.map((word) => word.xMax));
    const page = index + 1;
    const [gutter, fore] = page % 2 === 1 ? [left, right] : [right, left];
    return [{ page, gutter, fore }];
  });
}
