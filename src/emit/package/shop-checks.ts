import { SHOP_RULES, spineTextAllowed, spineWidthIn, type Paper, type Shop } from '../cover/spine.js';

/**
 * The checks each shop publishes for a paperback upload, judged from what Folio knows of the files it wrote.
 * Pure: the package emitter gathers the facts (poppler reads the PDFs), this decides.
 */

/**
 * Trim sizes in inches. KDP: "Paperback trim sizes" (kdp.amazon.com help, 2025). IngramSpark offers these
 * and more (its "Trim sizes" list); we accept the same list plus A5 and Royal, its common metric sizes.
 */
const TRIMS_IN: Record<Shop, Array<[number, number]>> = {
  kdp: [
    [5, 8], [5.06, 7.81], [5.25, 8], [5.5, 8.5], [6, 9], [6.14, 9.21], [6.69, 9.61], [7, 10], [7.44, 9.69],
    [7.5, 9.25], [8, 10], [8.25, 6], [8.25, 8.25], [8.5, 8.5], [8.5, 11], [8.27, 11.69],
  ],
  ingram: [
    [5, 8], [5.06, 7.81], [5.25, 8], [5.5, 8.5], [5.83, 8.27], [6, 9], [6.14, 9.21], [6.69, 9.61], [7, 10],
    [7.44, 9.69], [7.5, 9.25], [8, 10], [8.25, 11], [8.5, 8.5], [8.5, 11], [8.27, 11.69],
  ],
};

/**
 * Minimum inside margin by page count: KDP's table (24–150 pages 0.375in, 151–300 0.5in, 301–500 0.625in,
 * 501–700 0.75in, 701–828 0.875in), which `src/emit/pdf/margins.ts` also keeps as `shopMinimumIn`. IngramSpark
 * asks for at least 0.5in inside whatever the count; we apply the larger of the two.
 */
export function minimumInsideIn(pages: number, shop: Shop, kdpMinimum: number): number {
  return shop === 'ingram' ? Math.max(0.5, kdpMinimum) : kdpMinimum;
}

export interface PackageFacts {
  pages: number;
  paper: Paper;
  trimIn: { width: number; height: number };
  /** The inside and outside margins the interior was laid out with, and the shop minimum inside for its page count. */
  insideIn: number;
  outsideIn: number;
  kdpMinimumInsideIn: number;
  /** Interior bleed in inches (0: none) and the cover's. */
  interiorBleedIn: number;
  coverBleedIn: number;
  /** Fonts across the interior and the cover, as pdffonts lists them. */
  fonts: { total: number; notEmbedded: string[]; type3: string[] };
  /** Interior images under 300 ppi at their printed size. */
  lowResolutionImages: Array<{ page: number; ppi: number }>;
}

export interface ShopCheck {
  name: string;
  passed: boolean;
  detail: string;
}

export function shopChecks(shop: Shop, facts: PackageFacts): ShopCheck[] {
  const rules = SHOP_RULES[shop];
  const { pages } = facts;
  const inside = minimumInsideIn(pages, shop, facts.kdpMinimumInsideIn);
  const outside = facts.interiorBleedIn > 0 ? 0.375 : 0.25;
  const trim = TRIMS_IN[shop].find(([w, h]) => Math.abs(w - facts.trimIn.width) < 0.02 && Math.abs(h - facts.trimIn.height) < 0.02);
  const spine = spineWidthIn(pages, facts.paper, shop);
  const inches = (n: number) => `${Number(n.toFixed(4))}in`;
  return [
    { name: 'page count', passed: pages >= rules.minPages && pages <= rules.maxPages, detail: `${pages} pages; the shop takes ${rules.minPages}–${rules.maxPages}` },
    ...(rules.pageMultiple > 1
      ? [{ name: 'page count multiple', passed: pages % rules.pageMultiple === 0, detail: `${pages} pages; must be a multiple of ${rules.pageMultiple} (add a blank page)` }]
      : []),
    { name: 'trim size', passed: trim !== undefined, detail: `${inches(facts.trimIn.width)} × ${inches(facts.trimIn.height)}${trim ? '' : ': not in the shop’s list of trim sizes'}` },
    { name: 'inside margin (gutter)', passed: facts.insideIn >= inside, detail: `${inches(facts.insideIn)}; at least ${inches(inside)} for ${pages} pages` },
    { name: 'outside margin', passed: facts.outsideIn >= outside, detail: `${inches(facts.outsideIn)}; at least ${inches(outside)}${facts.interiorBleedIn > 0 ? ' with bleed' : ''}` },
    {
      name: 'bleed',
      passed: Math.abs(facts.coverBleedIn - rules.bleedIn) < 0.005 && (facts.interiorBleedIn === 0 || Math.abs(facts.interiorBleedIn - rules.bleedIn) < 0.005),
      detail: `cover ${inches(facts.coverBleedIn)}, interior ${facts.interiorBleedIn ? inches(facts.interiorBleedIn) : 'none'}; the shop asks for ${inches(rules.bleedIn)}`,
    },
    { name: 'fonts embedded', passed: facts.fonts.notEmbedded.length === 0, detail: facts.fonts.notEmbedded.length ? `not embedded: ${facts.fonts.notEmbedded.join(', ')}` : `${facts.fonts.total} fonts, all embedded` },
    { name: 'no Type 3 fonts', passed: facts.fonts.type3.length === 0, detail: facts.fonts.type3.length ? `Type 3: ${facts.fonts.type3.join(', ')}` : 'none' },
    {
      name: 'images at 300 dpi or more',
      passed: facts.lowResolutionImages.length === 0,
      detail: facts.lowResolutionImages.length
        ? facts.lowResolutionImages.map((image) => `page ${image.page}: ${image.ppi} dpi`).join(', ')
        : 'every image at 300 dpi or more',
    },
    {
      name: 'spine width',
      passed: true,
      detail: `${inches(spine)} for ${pages} pages on ${facts.paper} paper`,
    },
    {
      name: 'spine text',
      passed: spineTextAllowed(pages, shop),
      detail: spineTextAllowed(pages, shop)
        ? 'title and author on the spine'
        : `${pages} pages is too few for spine text (the shop asks for ${rules.spineTextMinPages} or more): the spine is left blank`,
    },
  ];
}

/** `report.txt`: one line per check, PASS or FAIL, then a summary. */
export function formatShopReport(shop: Shop, checks: ShopCheck[]): string {
  const name = shop === 'kdp' ? 'KDP Print (paperback)' : 'IngramSpark (paperback)';
  const failed = checks.filter((check) => !check.passed);
  return [
    `Folio package for ${name}`,
    '',
    ...checks.map((check) => `${check.passed ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}`),
    '',
    failed.length ? `${failed.length} of ${checks.length} checks failed.` : `All ${checks.length} checks passed.`,
    '',
  ].join('\n');
}
