import type { Event, Token, TokenizeContext } from 'micromark-util-types';
import type { Processor } from 'unified';
import { GapBuffer } from './gap-buffer.js';
import { swapResolver } from './swap-resolver.js';
import { resolveAll } from './linear-attention.js';

/*
 * Why this exists: GFM pairs strikethrough markers (`~~`, `~`) as micromark pairs emphasis (see linear-attention.ts),
 * in a `resolveAll` that writes each pair in with a `splice` of the paragraph's whole event list and looks back for
 * each closer's opener as far as the paragraph's start: quadratic in one huge paragraph (`~~a~~` in every sentence).
 * remark-cjk-friendly-gfm-strikethrough's copy, whose tokenizer Folio uses, has the same resolver.
 *
 * This one gives the very same events, splicing through a gap buffer, and remembers, for each length of sequence,
 * where a closer found no opener: a later closer of that length need look back no further, since sequences are
 * paired whole (never used in part) and only with one of the same length. The place is a source offset, as indices
 * shift with each pair written in. The tokenizer (where a marker may open and close, with the CJK rules) stays theirs.
 */

const TEMPORARY = 'strikethroughSequenceTemporary';
const length = (token: Token): number => token.end.offset - token.start.offset;

export function resolveAllStrikethroughLinear(initial: Event[], context: TokenizeContext): Event[] {
  // The inside of each pair is resolved again: most have no closer left.
  if (!initial.some(([kind, token]) => kind === 'enter' && token.type === TEMPORARY && token._close)) {
    for (const [, token] of initial) if (token.type === TEMPORARY) token.type = 'data';
    return initial;
  }
  const events = new GapBuffer(initial);
  const bottoms = new Map<number, number>();

  let index = -1;
  while (++index < events.length) {
    const [kind, closer] = events.get(index);
    if (kind !== 'enter' || closer.type !== TEMPORARY || !closer._close) continue;
    const size = length(closer);
    const bottom = bottoms.get(size) ?? -Infinity;
    let open = index;
    let matched = false;
    while (open--) {
      const [openKind, opener] = events.get(open);
      if (opener.end.offset <= bottom) break;
      if (openKind !== 'exit' || opener.type !== TEMPORARY || !opener._open || length(opener) !== size) continue;
      closer.type = 'strikethroughSequence';
      opener.type = 'strikethroughSequence';
      const strikethrough: Token = { type: 'strikethrough', start: { ...opener.start }, end: { ...closer.end } };
      const text: Token = { type: 'strikethroughText', start: { ...opener.end }, end: { ...closer.start } };
      const nextEvents: Event[] = [['enter', strikethrough, context], ['enter', opener, context], ['exit', opener, context], ['enter', text, context]];
      const insideSpan = context.parser.constructs.insideSpan.null;
      if (insideSpan) for (const event of resolveAll(insideSpan, events.slice(open + 1, index), context)) nextEvents.push(event);
      nextEvents.push(['exit', text, context], ['enter', closer, context], ['exit', closer, context], ['exit', strikethrough, context]);
      events.splice(open - 1, index - open + 3, nextEvents);
      index = open + nextEvents.length - 2;
      matched = true;
      break;
    }
    if (!matched) bottoms.set(size, Math.max(bottom, closer.start.offset));
  }

  // Back into the list micromark gave, which it may still hold.
  initial.length = 0;
  for (const event of events.toArray()) {
    if (event[1].type === TEMPORARY) event[1].type = 'data';
    initial.push(event);
  }
  return initial;
}

/**
 * A remark plugin: strikethrough is paired in time linear in the paragraph (see above). Use it right after
 * remark-cjk-friendly-gfm-strikethrough, the last strikethrough extension, whose tokenizer is the one micromark runs.
 */
export function remarkLinearStrikethrough(this: Processor): void {
  swapResolver(this, [126], 'strikethrough', resolveAllStrikethroughLinear, 'remarkLinearStrikethrough: use it after remark-cjk-friendly-gfm-strikethrough, whose construct it speeds up');
}
