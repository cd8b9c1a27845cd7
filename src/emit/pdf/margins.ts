/**
 * The binding (inside) margin grows with the page count: a thicker book opens less flat, so more of the
 * inside of each page disappears into the spine. The brackets follow the print-on-demand shops (KDP's
 * minimum inside margin, measured from the trim, shown as `shopMinimumIn`); Folio's margins are wider than
 * those minimums in every bracket, since the shops' figures are the least text can survive, not a good page.
 */
export interface BindingBracket {
  /** Largest page count in the bracket (inclusive). */
  maxPages: number;
  /** Folio's inside margin, in inches. */
  insideIn: number;
  /** The shop's minimum inside margin for the bracket, in inches (KDP: 24–150 pages 0.375in, …). */
  shopMinimumIn: number;
}

export const BINDING_BRACKETS: readonly BindingBracket[] = [
  { maxPages: 150, insideIn: 0.75, shopMinimumIn: 0.375 },
  { maxPages: 300, insideIn: 0.8125, shopMinimumIn: 0.5 },
  { maxPages: 500, insideIn: 0.875, shopMinimumIn: 0.625 },
  { maxPages: 700, insideIn: 0.9375, shopMinimumIn: 0.75 },
  { maxPages: Infinity, insideIn: 1, shopMinimumIn: 0.875 },
];

/** Outside margin in inches: shops ask for at least 0.25in (0.375in with bleed). */
export const OUTSIDE_MARGIN_IN = 0.6;

export function bindingBracket(pages: number): BindingBracket {
  return BINDING_BRACKETS.find((bracket) => pages <= bracket.maxPages) ?? BINDING_BRACKETS.at(-1)!;
}

/**
 * A first guess at the page count from the amount of text, so a long book is usually laid out once with
 * the right margin instead of twice. About 2 000 characters fill a 6 × 9 in page of 11 pt text; the guess
 * scales with the text area and leans low: a book that lands a bracket off keeps its layout and only moves its text
 * block sideways (settleBinding).
 */
export function estimatePages(characters: number, trimAreaSquareIn: number): number {
  const perPage = 2000 * (trimAreaSquareIn / 54);
  return Math.floor((characters / perPage) * 0.9);
}

/**
 * The least outside margin a laid-out book may be moved to rather than laid out again: a book that lands one
 * bracket above the guess loses 0.0625in there (0.6 → 0.5375in), well above the shops' 0.375in with bleed.
 */
export const MIN_MOVED_OUTSIDE_IN = 0.5;

/** Where the text block of a laid-out book goes: the inside margin of its bracket, and the outside one. */
export interface TextBlockPlace {
  bracket: BindingBracket;
  insideIn: number;
  outsideIn: number;
}

/**
 * Places the text block of a book laid out with `laidOut`'s inside margin (and OUTSIDE_MARGIN_IN) once its
 * page count is known: the inside margin becomes the one that count asks for and the outside margin takes the
 * rest, so the block keeps its width and no line can break differently. Undefined when the outside margin would
 * fall under MIN_MOVED_OUTSIDE_IN (the guess was two brackets or more too low) or grow wider than the inside one
 * (far too high): then the book is laid out again.
 */
export function placeTextBlock(laidOut: BindingBracket, pages: number): TextBlockPlace | undefined {
  const bracket = bindingBracket(pages);
  const outsideIn = movedOutside(laidOut, bracket);
  return outsideIn >= MIN_MOVED_OUTSIDE_IN && outsideIn <= bracket.insideIn ? { bracket, insideIn: bracket.insideIn, outsideIn } : undefined;
}

/** The outside margin that keeps the text block laid out with `laidOut`'s margins as wide, at `bracket`'s inside one. */
function movedOutside(laidOut: BindingBracket, bracket: BindingBracket): number {
  // In ten-thousandths of an inch: the brackets' sixteenths add up exactly there, not in binary fractions.
  return Math.round((laidOut.insideIn + OUTSIDE_MARGIN_IN - bracket.insideIn) * 10_000) / 10_000;
}

/**
 * Settles the binding margin with as few layouts as it can: lays the book out with `first`'s margins, and once
 * the page count is known (`layOut` calls `place` with it, before printing) moves the text block sideways to
 * the inside margin that count asks for (placeTextBlock). Only when that would squeeze the outside margin too
 * much is `place` answered with undefined: `layOut` then returns without printing, and the book is laid out
 * again with the bracket its count asked for. That second layout is moved whatever it counts, since it lands
 * within a bracket of the first (a 0.25in margin changes the count by far less than a bracket), so at most
 * two layouts are made, and nearly always one.
 */
export async function settleBinding<T extends { pages: number }>(
  first: BindingBracket,
  layOut: (bracket: BindingBracket, pass: number, place: (pages: number) => TextBlockPlace | undefined) => Promise<T>,
): Promise<{ place: TextBlockPlace; result: T; passes: number }> {
  let bracket = first;
  for (let pass = 1; ; pass++) {
    let place: TextBlockPlace | undefined;
    const laidOut = bracket;
    const result = await layOut(laidOut, pass, (pages) => {
      place = placeTextBlock(laidOut, pages);
      if (!place && pass > 1) {
        const needed = bindingBracket(pages);
        place = { bracket: needed, insideIn: needed.insideIn, outsideIn: movedOutside(laidOut, needed) };
      }
      return place;
    });
    if (place) return { place, result, passes: pass };
    bracket = bindingBracket(result.pages);
  }
}
