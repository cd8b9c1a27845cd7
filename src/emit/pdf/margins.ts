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
 * scales with the text area and leans low, since a second layout follows whenever the bracket was wrong.
 */
export function estimatePages(characters: number, trimAreaSquareIn: number): number {
  const perPage = 2000 * (trimAreaSquareIn / 54);
  return Math.floor((characters / perPage) * 0.9);
}

/**
 * Lays the book out until its page count falls in the bracket whose margin it was laid out with: starts
 * with `first`, and lays out again with the bracket the page count asks for. When two brackets send the
 * book back and forth (the wider margin adds the pages that cross the limit), the wider one is kept: its
 * margin is more than enough for the shorter count too. Returns the settled layout and how many it took.
 */
export async function settleBinding<T extends { pages: number }>(
  first: BindingBracket,
  layOut: (bracket: BindingBracket, pass: number) => Promise<T>,
): Promise<{ bracket: BindingBracket; result: T; passes: number }> {
  const tried = new Map<BindingBracket, T>();
  let bracket = first;
  for (;;) {
    const result = await layOut(bracket, tried.size + 1);
    tried.set(bracket, result);
    const needed = bindingBracket(result.pages);
    if (needed === bracket) return { bracket, result, passes: tried.size };
    const before = tried.get(needed);
    if (before) {
      return needed.insideIn > bracket.insideIn
        ? { bracket: needed, result: before, passes: tried.size }
        : { bracket, result, passes: tried.size };
    }
    bracket = needed;
  }
}
