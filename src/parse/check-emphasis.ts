import type { Emphasis, PhrasingContent, Root, Strong, Text } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from '../../templates/util/visit.js';

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
    const escaped = (node: Text, index: number) => {
      const offset = node.position?.start.offset;
      // Where the text still maps one to one onto the source, the character before the marker tells.
      return offset !== undefined && source.slice(offset, node.position!.end.offset).replace(/\\([*_])/g, '$1') === node.value
        ? sourceIndex(source, offset, node.value, index) > 0 && source[sourceIndex(source, offset, node.value, index) - 1] === '\\'
        : false;
    };
    visit(tree, 'text', (node: Text, index, parent) => {
      if (!parent || index === undefined) return;
      const pieces: PhrasingContent[] = [];
      let last = 0;
      for (const match of node.value.matchAll(cjkPair)) {
        if (escaped(node, match.index)) continue;
        if (match.index > last) pieces.push({ type: 'text', value: node.value.slice(last, match.index) });
        const inner: Text = { type: 'text', value: match[2]! };
        pieces.push(match[1]!.length === 2 ? ({ type: 'strong', children: [inner], position: node.position } as Strong) : ({ type: 'emphasis', children: [inner], position: node.position } as Emphasis));
        last = match.index + match[0].length;
      }
      if (pieces.length === 0) return report(node);
      if (last < node.value.length) pieces.push({ type: 'text', value: node.value.slice(last) });
      parent.children.splice(index, 1, ...(pieces as never[]));
      return [SKIP, index + pieces.length];
    });

    function report(node: Text) {
      for (const match of node.value.matchAll(leftover)) {
        const marker = match[1] ?? match[2] ?? match[3] ?? '';
        if (match[1] && /\w/u.test(node.value[match.index - 1] ?? '') && marker.startsWith('_')) continue;
        if (escaped(node, match.index)) continue;
        const start = node.position?.start;
        const before = node.value.slice(0, match.index);
        const lines = before.split('\n');
        const place = start && {
          line: start.line + lines.length - 1,
          column: lines.length > 1 ? lines.at(-1)!.length + 1 : start.column + before.length,
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

/** The source offset of the text's `index`-th character, counting the backslashes of escapes the text dropped. */
function sourceIndex(source: string, start: number, text: string, index: number): number {
  let at = start;
  for (let seen = 0; seen < index; seen++) {
    if (source[at] === '\\' && source[at + 1] === text[seen]) at++;
    at++;
  }
  if (source[at] === '\\' && source[at + 1] === text[index]) at++;
  return at;
}
