import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { findBrowser } from '../src/browser/launch.js';
import { formatShopReport, shopChecks, type PackageFacts } from '../src/emit/package/shop-checks.js';
import { rasterizeSvg } from '../src/resources/rasterize.js';
import { hasCommand } from './helpers/tools.js';

const good: PackageFacts = {
  pages: 200,
  paper: 'white',
  trimIn: { width: 6, height: 9 },
  insideIn: 0.8125,
  outsideIn: 0.6,
  kdpMinimumInsideIn: 0.5,
  interiorBleedIn: 0,
  coverBleedIn: 0.125,
  fonts: { total: 10, notEmbedded: [], type3: [] },
  lowResolutionImages: [],
};
const failed = (shop: 'kdp' | 'ingram', facts: Partial<PackageFacts>) =>
  shopChecks(shop, { ...good, ...facts })
    .filter((check) => !check.passed)
    .map((check) => check.name);

describe('the shops’ checks', () => {
  it('pass a 200-page 6 × 9 in book with Folio’s margins at both shops', () => {
    expect(failed('kdp', {})).toEqual([]);
    expect(failed('ingram', {})).toEqual([]);
    expect(formatShopReport('kdp', shopChecks('kdp', good))).toContain('All 10 checks passed.');
  });

  it('fail page counts out of range, and an odd count at IngramSpark', () => {
    expect(failed('kdp', { pages: 20 })).toEqual(['page count', 'spine text']);
    expect(failed('kdp', { pages: 829 })).toEqual(['page count']);
    expect(failed('ingram', { pages: 201 })).toEqual(['page count multiple']);
  });

  it('fail a gutter under the minimum for the page count, a thin outside margin, a foreign trim, Type 3 and low-resolution images', () => {
    expect(failed('kdp', { pages: 400, insideIn: 0.5, kdpMinimumInsideIn: 0.625 })).toEqual(['inside margin (gutter)']);
    expect(failed('ingram', { pages: 100, insideIn: 0.4, kdpMinimumInsideIn: 0.375 })).toEqual(['inside margin (gutter)']);
    expect(failed('kdp', { outsideIn: 0.3, interiorBleedIn: 0.125 })).toEqual(['outside margin']);
    expect(failed('kdp', { trimIn: { width: 5.83, height: 8.27 } })).toEqual(['trim size']);
    expect(failed('ingram', { trimIn: { width: 5.83, height: 8.27 } })).toEqual([]);
    expect(failed('kdp', { fonts: { total: 2, notEmbedded: ['Arial'], type3: ['T3'] } })).toEqual(['fonts embedded', 'no Type 3 fonts']);
    expect(failed('kdp', { lowResolutionImages: [{ page: 3, ppi: 72 }] })).toEqual(['images at 300 dpi or more']);
    expect(failed('kdp', { interiorBleedIn: 3 / 25.4 })).toEqual(['bleed']);
  });
});

const tools = ['pdfinfo', 'pdffonts', 'pdfimages', 'qpdf'].filter((tool) => !hasCommand(tool));

describe.skipIf(!findBrowser() || tools.length > 0)('npm run build -- --package kdp', () => {
  const folder = mkdtempSync(join(tmpdir(), 'folio-package-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('writes the upload folder and a report that flags a short book with a low-resolution image', async () => {
    // A 40 × 40 px image set 4 in wide prints at 10 ppi; one short chapter is far under KDP's 24 pages and 80 for spine text.
    const png = await rasterizeSvg('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#888"/></svg>', {
      fitTo: { mode: 'width', value: 40 },
    });
    writeFileSync(join(folder, 'dot.png'), png);
    writeFileSync(join(folder, 'book.yaml'), 'title: Too Thin\nchapters:\n  - one.md\n');
    writeFileSync(join(folder, 'one.md'), '# One\n\n![A grey square](dot.png)\n\nA short chapter.\n');
    const out = join(folder, 'dist');
    const result = await build({ manuscript: folder, out, formats: ['pdf', 'epub', 'cover'], package: 'kdp' });
    const dir = join(out, 'too-thin-kdp');
    for (const file of ['too-thin.pdf', 'too-thin-cover.pdf', 'too-thin.epub', 'report.txt']) expect(existsSync(join(dir, file))).toBe(true);
    const report = readFileSync(join(dir, 'report.txt'), 'utf8');
    expect(report).toMatch(/^FAIL {2}page count: \d+ pages; the shop takes 24–828$/m);
    expect(report).toMatch(/^FAIL {2}spine text: \d+ pages is too few for spine text/m);
    expect(report).toMatch(/^FAIL {2}images at 300 dpi or more: page \d+: \d+ dpi$/m);
    expect(report).toMatch(/^PASS {2}no Type 3 fonts: none$/m);
    expect(report).toMatch(/^PASS {2}trim size: 6in × 9in$/m);
    expect(result.diagnostics.filter((d) => d.ruleId === 'shop-check').map((d) => d.reason)).toHaveLength(3);
  }, 300_000);
});
