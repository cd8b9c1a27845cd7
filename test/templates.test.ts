import { join } from 'node:path';
import GithubSlugger from 'github-slugger';
import type { Plugin } from 'unified';
import { describe, expect, it } from 'vitest';
import rehypeDialogue from '../templates/dialogue.js';
import rehypeFootnotes from '../templates/footnotes.js';
import rehypeHeadingIds from '../templates/heading-ids.js';
import rehypeTypography from '../templates/typography.js';
import { expectedOrWrite, fixtureCases, runFixture } from './helpers/template-fixtures.js';

// Each template's options come from the fixture's options.json; heading-ids needs a slugger object, made here.
const templates: Record<string, Plugin<any[], any>> = {
  typography: rehypeTypography,
  footnotes: rehypeFootnotes,
  dialogue: rehypeDialogue,
  'heading-ids': ((options: object) => rehypeHeadingIds({ ...options, slugger: new GithubSlugger() })) as Plugin<any[], any>,
};

for (const [name, plugin] of Object.entries(templates)) {
  describe(`the ${name} template`, () => {
    const cases = fixtureCases(name);
    it('has golden fixtures', () => {
      expect(cases.length).toBeGreaterThan(0);
    });
    for (const fixture of cases) {
      it(`renders ${fixture.name.replace(/-/g, ' ')} as expected`, async () => {
        const { html, messages } = await runFixture(plugin, fixture);
        expect(html).toBe(expectedOrWrite(join(fixture.folder, 'output.html'), html));
        expect(messages).toBe(expectedOrWrite(join(fixture.folder, 'messages.txt'), messages));
      });
    }
  });
}
