import type { Construct, Event, Point, Resolver, Token, TokenizeContext } from 'micromark-util-types';
import type { Processor } from 'unified';
import { GapBuffer } from './gap-buffer.js';
import { swapResolver } from './swap-resolver.js';

/*
 * Why this exists: micromark pairs emphasis markers (`*`, `_`) once the paragraph is read, in the `resolveAll` of the
 * attention construct (here remark-cjk-friendly's copy of it, which has the same resolver as micromark's). That
 * resolver costs a paragraph time quadratic in its size twice over:
 * - each pair found is written in with one `splice` of the paragraph's whole event list, which moves every later
 *   event: a 2 MB paragraph with `*now*` in every sentence took 28 s;
 * - each closing marker looks back for its opener as far as the paragraph's start, so a paragraph of markers that
 *   close nothing (`a* b* c* …`) reads its events once per marker.
 *
 * This resolver gives the very same events (tokens, positions, types, the other span resolvers run on each pair's
 * inside) but splices through a gap buffer, whose cursor follows the pairs from the paragraph's start to its end, and
 * keeps CommonMark's "openers bottom": where a closer found no opener, the next closer of the same kind (marker, can
 * it open, length modulo 3) needs to look back no further, as no opener before it can match that kind either. The
 * bottom is a source offset, not an index, because indices shift with each pair written in. An opener only partly
 * used by a pair is shorter afterwards and may then match kinds it did not, so every bottom drops below it.
 *
 * The attention tokenizer (which says where a marker may open and close, with the CJK rules) stays remark-cjk-friendly's.
 */

const kinds = 12;

/** Where a closer of this kind stops looking back: openers before it cannot match it (see above). */
function kindOf(marker: number, closer: Token): number {
  return (marker === 95 ? 6 : 0) + (closer._open ? 3 : 0) + (length(closer) % 3);
}

const length = (token: Token): number => token.end.offset - token.start.offset;

function movePoint(point: Point, offset: number): void {
  point.column += offset;
  point.offset += offset;
  point._bufferIndex += offset;
}

/** Like micromark-util-resolve-all: each distinct `resolveAll` of the constructs once, in order. */
export function resolveAll(constructs: ReadonlyArray<Pick<Construct, 'resolveAll'>>, events: Event[], context: TokenizeContext): Event[] {
  const called: Resolver[] = [];
  for (const construct of constructs) {
    const resolve = construct.resolveAll;
    if (resolve && !called.includes(resolve)) {
      events = resolve(events, context);
      called.push(resolve);
    }
  }
  return events;
}

/**
 * The marker of a sequence. It never changes as pairs use the sequence up from its inner side, and reading it from the
 * source costs the sequence's length, so it is read once.
 */
function markerOf(token: Token, markers: Map<Token, number>, context: TokenizeContext): number {
  let marker = markers.get(token);
  if (marker === undefined) markers.set(token, (marker = context.sliceSerialize(token).charCodeAt(0)));
  return marker;
}

export function resolveAllAttentionLinear(initial: Event[], context: TokenizeContext): Event[] {
  // The inside of each pair is resolved again (by the other span resolvers, and this one): most have no closer left.
  if (!initial.some(([kind, token]) => kind === 'enter' && token.type === 'attentionSequence' && token._close)) {
    for (const [, token] of initial) if (token.type === 'attentionSequence') token.type = 'data';
    return initial;
  }
  const events = new GapBuffer(initial);
  const markers = new Map<Token, number>();
  const bottoms = new Array<number>(kinds).fill(-Infinity);

  let index = -1;
  while (++index < events.length) {
    const [kind, closer] = events.get(index);
    if (kind !== 'enter' || closer.type !== 'attentionSequence' || !closer._close) continue;
    const marker = markerOf(closer, markers, context);
    const closerKind = kindOf(marker, closer);
    const bottom = bottoms[closerKind]!;
    let open = index;
    let matched = false;
    while (open--) {
      const [openKind, opener] = events.get(open);
      if (opener.end.offset <= bottom) break;
      if (openKind !== 'exit' || opener.type !== 'attentionSequence' || !opener._open || markerOf(opener, markers, context) !== marker) continue;
      if ((opener._close || closer._open) && length(closer) % 3 && !((length(opener) + length(closer)) % 3)) continue;

      const use = length(opener) > 1 && length(closer) > 1 ? 2 : 1;
      const start = { ...opener.end };
      const end = { ...closer.start };
      movePoint(start, -use);
      movePoint(end, use);
      const openingSequence: Token = { type: use > 1 ? 'strongSequence' : 'emphasisSequence', start, end: { ...opener.end } };
      const closingSequence: Token = { type: use > 1 ? 'strongSequence' : 'emphasisSequence', start: { ...closer.start }, end };
      const text: Token = { type: use > 1 ? 'strongText' : 'emphasisText', start: { ...opener.end }, end: { ...closer.start } };
      const group: Token = { type: use > 1 ? 'strong' : 'emphasis', start: { ...openingSequence.start }, end: { ...closingSequence.end } };
      opener.end = { ...openingSequence.start };
      closer.start = { ...closingSequence.end };

      const nextEvents: Event[] = [];
      if (length(opener)) {
        nextEvents.push(['enter', opener, context], ['exit', opener, context]);
        for (let other = 0; other < kinds; other++) bottoms[other] = Math.min(bottoms[other]!, opener.start.offset);
      }
      nextEvents.push(['enter', group, context], ['enter', openingSequence, context], ['exit', openingSequence, context], ['enter', text, context]);
      const inside = resolveAll(context.parser.constructs.insideSpan.null ?? [], events.slice(open + 1, index), context);
      for (const event of inside) nextEvents.push(event);
      nextEvents.push(['exit', text, context], ['enter', closingSequence, context], ['exit', closingSequence, context], ['exit', group, context]);
      let offset = 0;
      if (length(closer)) {
        offset = 2;
        nextEvents.push(['enter', closer, context], ['exit', closer, context]);
      }
      events.splice(open - 1, index - open + 3, nextEvents);
      index = open + nextEvents.length - offset - 2;
      matched = true;
      break;
    }
    if (!matched) bottoms[closerKind] = Math.max(bottom, closer.start.offset);
  }

  // Back into the list micromark gave, which it may still hold.
  initial.length = 0;
  for (const event of events.toArray()) {
    if (event[1].type === 'attentionSequence') event[1].type = 'data';
    initial.push(event);
  }
  return initial;
}

/** A remark plugin: emphasis is paired in time linear in the paragraph (see above). Use it right after remark-cjk-friendly. */
export function remarkLinearAttention(this: Processor): void {
  swapResolver(this, [42, 95], 'attention', resolveAllAttentionLinear, 'remarkLinearAttention: use it after remark-cjk-friendly, whose attention construct it speeds up');
}
