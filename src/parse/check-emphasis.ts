import type { Root, Text } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';

const cjk = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3000-\\u303F\\uFF00-\\uFFEF';
/**
 * A pair of `*` or `_` runs with text between that CommonMark did not take as emphasis, or a run touching CJK
 * text or punctuation (where a marker is never meant literally).
 */
const leftover = new RegExp(`(\\*{1,3}|_{1,3})(?=\\S)[^*_\\n]*?\\S\\1|(?<=[${cjk}])(\\*{1,3}|_{1,3})|(\\*{1,3}|_{1,3})(?=[${cjk}])`, 'u');

/**
 * Emphasis markers left as literal text: CommonMark's flanking rule refuses `**强调**，` beside CJK punctuation
 * (remark-cjk-friendly fixes most of those), and any pair it still does not close prints as `*` or `_` in the
 * book. Reported at the marker. `snake_case_names` and lone asterisks are not pairs of runs and pass.
 */
export function remarkCheckEmphasis() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'text', (node: Text) => {
      const match = leftover.exec(node.value);
      if (!match) return;
      const marker = match[1] ?? match[2] ?? match[3] ?? '';
      if (match[1] && /\w/u.test(node.value[match.index - 1] ?? '') && marker.startsWith('_')) return;
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
    });
  };
}
