import type { Construct, ConstructRecord, Effects, Event, Extension, State, TokenizeContext } from 'micromark-util-types';
import type { Processor } from 'unified';

/*
 * Why this exists: micromark merges adjacent `data` tokens of a paragraph only once the paragraph is read
 * (`resolveAllText`), with one `events.splice` per run of them — each splice moves every later event, so a paragraph
 * costs (number of runs) × (number of events). GFM autolink literals end a `data` token at every word (any word may
 * start an e-mail address), so each run is many tokens long, and a run ends at every link, line ending, emphasis or
 * escape: a 5 MB paragraph with a link per sentence took minutes to parse.
 *
 * This construct is tried first wherever a text construct may start. When the two last tokens are both `data`, it
 * merges them where they stand, at the end of the event list (constant time), and succeeds without consuming
 * anything, so the tokenizer tries again at the same character and the real constructs run. Runs therefore never
 * hold more than one token when a construct ends them, and the final merge has nothing left to splice. The events
 * are those `resolveAllText` would have produced; only the time differs.
 */

const mergeData: Construct = {
  name: 'folioMergeData',
  tokenize: tokenizeMergeData,
  resolveTo: resolveMergeData,
  // Never makes a place a possible construct start: only tried where another construct already could start.
  previous: () => false,
};

function tokenizeMergeData(this: TokenizeContext, _effects: Effects, ok: State, nok: State): State {
  const mergeable = endsWithTwoData(this.events);
  return (code) => (mergeable ? ok(code) : nok(code));
}

function endsWithTwoData(events: Event[]): boolean {
  const length = events.length;
  if (length < 4) return false;
  const [last, second, third, fourth] = [events[length - 1]!, events[length - 2]!, events[length - 3]!, events[length - 4]!];
  return (
    last[0] === 'exit' &&
    last[1].type === 'data' &&
    second[0] === 'enter' &&
    second[1] === last[1] &&
    third[0] === 'exit' &&
    third[1].type === 'data' &&
    fourth[0] === 'enter' &&
    fourth[1] === third[1]
  );
}

function resolveMergeData(events: Event[]): Event[] {
  const length = events.length;
  const first = events[length - 4]![1];
  const second = events[length - 1]![1];
  first.end = second.end;
  // The GFM autolink literal scan stops at a token it marked as having no unclosed `[` before it; the first token
  // has nothing between it and the second, so the mark holds for it too.
  const marked = second as { _gfmAutolinkLiteralWalkedInto?: boolean };
  if (marked._gfmAutolinkLiteralWalkedInto) (first as typeof marked)._gfmAutolinkLiteralWalkedInto = true;
  events.length = length - 2;
  return events;
}

/** Tried before every text construct: the codes where they start (ASCII, and the line ending and tab codes). */
function linearTextExtension(): Extension {
  const text: ConstructRecord = {};
  for (let code = -5; code < 128; code++) text[code] = mergeData;
  return { text };
}

/** A remark plugin: paragraphs parse in time linear in their size (see above). Use it after the other syntax plugins. */
export function remarkLinearText(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(linearTextExtension());
}
