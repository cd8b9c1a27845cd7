import type { Element, Root } from 'hast';
import type GithubSlugger from 'github-slugger';
import { slug } from 'github-slugger';
import { SKIP, visit } from './util/visit.js';
import type { VFile } from 'vfile';
import { textOf } from './util/text.js';
import { headingRank } from 'hast-util-heading-rank';

export interface HeadingIdsOptions {
  /**
   * Slugger shared by every chapter of one book, so ids stay unique when chapters are joined into one
   * document (the print PDF). Required: the caller owns its state, not this module. The book's caller
   * seeds it with every chapter id and the reserved ids (`transformBook`), so a heading never takes them.
   */
  slugger: GithubSlugger;
  /** Id base for a heading whose text has no letter or digit (`## ???`). Default: `section`. */
  fallback?: string;
  /**
   * Warn (`chapter-untitled`) when the chapter has no `h1`. Default: `true`. Off for fragments that are not
   * whole chapters, such as other templates' fixtures.
   */
  reportUntitled?: boolean;
}

/**
 * Gives every heading an id. The chapter's first `h1` takes the chapter id (`file.data.chapterId`) so the
 * contents can link to it; other headings get a slug of their text. Ids written in raw HTML are kept and
 * registered first, so no generated id repeats them; a heading that skips a level (`#` then `####`) gets a
 * `heading-level-skipped` warning with the level to use. Sets `file.data.title`; a chapter without an `h1`
 * gets a `chapter-untitled` warning at its start.
 */
export default function rehypeHeadingIds(options: HeadingIdsOptions) {
  const fallback = options.fallback ?? 'section';
  return (tree: Root, file: VFile) => {
    const { slugger } = options;
    const chapterId = file.data.chapterId;
    visit(tree, 'element', (node: Element) => {
      // GFM's footnote ids (`fn-1`, `fnref-1`, `footnote-label`) repeat in every chapter; the footnotes template replaces them.
      if ('dataFootnotes' in node.properties) return SKIP;
      if ('dataFootnoteRef' in node.properties || node.properties.id === undefined || node.properties.id === null) return;
      const id = String(node.properties.id);
      if (Object.hasOwn(slugger.occurrences, id)) {
        // Two elements with one id make the EPUB's document (and the print document) invalid: the earlier keeps it.
        delete node.properties.id;
        file.message(`The id \`${id}\` written in HTML is already used earlier in the book: removed here, so links to it go to the earlier one; give this element another id`, {
          place: node.position,
          ruleId: 'heading-id-duplicate',
          source: 'folio',
        });
        return;
      }
      // Registered as written, not slugged: a later heading must not produce this exact id.
      slugger.occurrences[id] = 0;
    });

    let sawTitle = false;
    let previousLevel: number | undefined;
    visit(tree, 'element', (node: Element) => {
      if (headingRank(node) === undefined) return;
      const text = textOf(node);
      const level = Number(node.tagName[1]);
      if (previousLevel !== undefined && level > previousLevel + 1) {
        const want = previousLevel + 1;
        file.message(
          `Heading \`${text}\` is level ${level} right after a level ${previousLevel} heading: make it \`${'#'.repeat(want)}\` (level ${want}); reading systems and screen readers need levels in order`,
          { place: node.position, ruleId: 'heading-level-skipped', source: 'folio' },
        );
      }
      previousLevel = level;
      if (!sawTitle && node.tagName === 'h1' && chapterId) {
        sawTitle = true;
        file.data.title = text;
        node.properties.id = chapterId;
        if (!Object.hasOwn(slugger.occurrences, chapterId)) slugger.occurrences[chapterId] = 0;
        return;
      }
      if (node.properties.id) return;
      // A heading that recurs (\`Summary\` in every chapter) gets \`summary-1\`, \`summary-2\`… in silence: the author
      // wrote no id. A link to the id it would have had is reported by the link check, with the id it has.
      node.properties.id = slugger.slug(slug(text) ? text : fallback);
    });

    if (!sawTitle && chapterId && options.reportUntitled !== false) {
      file.message('The chapter does not open with a `# heading`: readers and the contents get its file name as its title', {
        place: { line: 1, column: 1 },
        ruleId: 'chapter-untitled',
        source: 'folio',
      });
    }
  };
}
