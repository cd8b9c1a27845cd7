import { join } from 'node:path';
import GithubSlugger from 'github-slugger';
import type { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { emitters } from '../src/emit/outputs.js';
import { loadHyphenator } from '../src/transform/hyphenator.js';
import type { Target } from '../src/types.js';
import rehypeAbbreviations from '../templates/abbreviations.js';
import rehypeChapterLinks from '../templates/chapter-links.js';
import rehypeDialogue from '../templates/dialogue.js';
import rehypeCodeBlocks from '../templates/code-blocks.js';
import rehypeFigures from '../templates/figures.js';
import rehypeFootnotes from '../templates/footnotes.js';
import rehypeHeadingIds from '../templates/heading-ids.js';
import rehypeHyphenate from '../templates/hyphenate.js';
import rehypeMixedScripts from '../templates/mixed-scripts.js';
import rehypeSectionBreaks from '../templates/section-breaks.js';
import rehypeTables from '../templates/tables.js';
import rehypeTypography from '../templates/typography.js';
import rehypeUrlBreaks from '../templates/url-breaks.js';
import { expectedOrWrite, fixtureCases, runFixture, type FixturePipeline } from './helpers/template-fixtures.js';

/**
 * One fixture folder per template. `typography` runs the whole typographic chain in the book's order
 * (speaker turns, section breaks, scripts, punctuation, abbreviations), so cases show what a reader gets.
 * Options come from each case's options.json; objects a caller owns (slugger, hyphenators) are made here.
 */
const pipelines: Record<string, FixturePipeline> = {
  typography: (options) => [
    [rehypeDialogue, options],
    [rehypeSectionBreaks, options],
    [rehypeMixedScripts, options],
    [rehypeTypography, options],
    [rehypeAbbreviations, options],
  ],
  footnotes: (options) => [
    [rehypeHeadingIds, { slugger: new GithubSlugger(), reportUntitled: false }],
    [rehypeFootnotes, options],
  ],
  dialogue: (options) => [[rehypeDialogue, options]],
  'code-blocks': (options) => [[rehypeCodeBlocks, options]],
  tables: (options) => [[rehypeTables, options]],
  'url-breaks': (options) => [[rehypeUrlBreaks, options]],
  // The transform stage numbers body chapters; a fixture says which chapter it plays.
  figures: (options) => [[() => (_tree: unknown, file: VFile) => void (file.data.chapterNumber = options.chapterNumber)], [rehypeFigures, options]],
  abbreviations: (options) => [[rehypeAbbreviations, options]],
  'mixed-scripts': (options) => [[rehypeMixedScripts, options]],
  'section-breaks': (options) => [[rehypeSectionBreaks, options]],
  // The fixtures name their output; its links are placed as that output's emitter says.
  'chapter-links': ({ target, ...options }) => [[rehypeChapterLinks, { ...options, hrefFor: emitters[target as Target].hrefFor }]],
  'heading-ids': (options) => [[rehypeHeadingIds, { ...options, slugger: new GithubSlugger() }]],
  hyphenate: async (options) => {
    const hyphenators: Record<string, (word: string) => string> = {};
    for (const tag of options.otherLanguages ?? []) hyphenators[tag] = (await loadHyphenator(tag))!;
    const hyphenateWord = (await loadHyphenator(options.language ?? 'en'))!;
    // Soft hyphens shown as `|` so the expected output can be read.
    const visible = (hyphenate: (word: string) => string) => (word: string) => hyphenate(word).replace(/\u00AD/g, '|');
    return [
      [
        rehypeHyphenate,
        {
          ...options,
          hyphenateWord: visible(hyphenateWord),
          hyphenators: Object.fromEntries(Object.entries(hyphenators).map(([tag, hyphenate]) => [tag, visible(hyphenate)])),
        },
      ],
    ];
  },
};

for (const [name, pipeline] of Object.entries(pipelines)) {
  describe(`the ${name} template`, () => {
    const cases = fixtureCases(name);
    it('has golden fixtures', () => {
      expect(cases.length).toBeGreaterThan(0);
    });
    for (const fixture of cases) {
      it(`renders ${fixture.name.replace(/-/g, ' ')} as expected`, async () => {
        const { html, messages } = await runFixture(pipeline, fixture);
        expect(html).toBe(expectedOrWrite(join(fixture.folder, 'output.html'), html));
        expect(messages).toBe(expectedOrWrite(join(fixture.folder, 'messages.txt'), messages));
      });
    }
  });
}

describe('the footnotes template with book-wide numbering', () => {
  it('refuses to run without a counter owned by the caller', () => {
    expect(() => rehypeFootnotes({ numbering: 'book' })).toThrow(/counter/);
  });
});
