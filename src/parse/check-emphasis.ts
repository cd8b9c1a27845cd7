import type { Emphasis, PhrasingContent, Root, Strong, Text } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from '../../templates/util/visit.js';
import { ChildEdits } from '../../templates/util/child-edits.js';

const cjk = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3000-\\u303F\\uFF00-\\uFFEF';
/** `_全員_` or `*全て*` between or beside CJK characters: CommonMark's rules for `_` inside words keep it literal. */
const cjkPair = new RegExp(`(?<=[${cjk}]|^)(\\*{1,2}|_{1,2})(?=[^\\s*_])([^*_\\n]*?[${cjk}][^*_\\n]*?)(?<=[^\\s*_])\\1(?=[${cjk}]|$)`, 'gu');
/**
 * A pair of `*` or `_` runs with text between that CommonMark did not take as emphasis, or a run touching CJK
 * text or punctuation (where a marker is never meant literally).
 */
const leftover = new RegExp(`(\\*{1,3}|_{1,3})(?=\\S)[^*_\\n]*?\\S\\1|(?<=[${cjk}])(\\*{1,3}|_{1,3})|(\\*{1,3}|_{1,3})(?=[${cjk}])`, 'gu');

/**
 * Emphasis markers beside CJK text. remark-cjk-friendly already closes `**强调**，` next to CJK punctuation; a
 * pair it leaves (`_全員_` between kana, where CommonMark reads `_` as part of the word) becomes emphasis here,
 * and a marker still literal after that is an `emphasis-literal` warning at its place, so no stray `*` or `_`
 * reaches the book unnoticed. Markers the author escaped (`\*`) are meant literally and pass.
 */
export function remarkCheckEmphasis() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value ?? '');
    const edits = new ChildEdits();
    visit(tree, 'text', (node: Text, index, parent) => {
      if (!parent || index === undefined) return;
      const escaped = escapedMarkers(source, node);
      const pieces: PhrasingContent[] = [];
      let last = 0;
      for (const match of node.value.matchAll(cjkPair)) {
        if (escaped(match.index)) continue;
        if (match.index > last) pieces.push({ type: 'text', value: node.value.slice(last, match.index) });
        const inner: Text = { type: 'text', value: match[2]! };
        pieces.push(match[1]!.length === 2 ? ({ type: 'strong', children: [inner], position: node.position } as Strong) : ({ type: 'emphasis', children: [inner], position: node.position } as Emphasis));
        last = match.index + match[0].length;
      }
      if (pieces.length === 0) return report(node);
      if (last < node.value.length) pieces.push({ type: 'text', value: node.value.slice(last) });
      edits.replace(parent, index, pieces);
    });
    edits.apply();

    function report(node: Text) {
      const escaped = escapedMarkers(source, node);
      const start = node.position?.start;
      // Lines counted once through the text, not again up to each marker.
      let newlines = 0;
      let lastNewline = -1;
      let counted = 0;
      for (const match of node.value.matchAll(leftover)) {
        const marker = match[1] ?? match[2] ?? match[3] ?? '';
        if (match[1] && /\w/u.test(node.value[match.index - 1] ?? '') && marker.startsWith('_')) continue;
        if (escaped(match.index)) continue;
        for (; counted < match.index; counted++) {
          if (node.value[counted] !== '\n') continue;
          newlines++;
          lastNewline = counted;
        }
        const place = start && {
          line: start.line + newlines,
          column: newlines > 0 ? match.index - lastNewline : start.column + match.index,
        };
        file.message(`\`${match[0]}\` stays literal: the ${marker} is not read as emphasis here; add a space outside it or use <em>…</em>`, {
          place,
          ruleId: 'emphasis-literal',
          source: 'folio',
        });
      }
    }
  };
}

/**
 * Whether the marker at an index of the text was escaped in the source (`\*`), asked of indices in increasing
 * order: the source is walked once per text, not again from the text's start for each marker.
 */
function escapedMarkers(source: string, node: Text): (index: number) => boolean {
  let mapsOntoSource: boolean | undefined;
  const start = node.position?.start.offset ?? 0;
  const text = node.value;
  let at = start;
  let seen = 0;
  return (index) => {
    // Where the text still maps one to one onto the source, the character before the marker tells.
    mapsOntoSource ??=
      node.position?.start.offset !== undefined && source.slice(start, node.position.end.offset).replace(/\\([*_])/g, '$1') === text;
    if (!mapsOntoSource) return false;
    // The source offset of the text's `index`-th character, counting the backslashes of escapes the text dropped.
    for (; seen < index; seen++) {
      if (source[at] === '\\' && source[at + 1] === text[seen]) at++;
      at++;
    }
    const here = source[at] === '\\' && source[at + 1] === text[index] ? at + 1 : at;
    return here > 0 && source[here - 1] === '\\';
  };
}
