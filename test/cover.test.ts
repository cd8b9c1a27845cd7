import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/browser/launch.js';
import { parseBookConfig } from '../src/config/parse-config.js';
import { parseTrim } from '../src/config/trim.js';
import { emitCover } from '../src/emit/cover/index.js';
import { freshInteriorPages } from '../src/emit/cover/interior.js';
import { coverGeometry, isRightToLeft, spineTextAllowed, spineWidthIn } from '../src/emit/cover/spine.js';
import type { BookConfig } from '../src/types.js';
import { VFile } from 'vfile';
import { hasCommand, pdffonts } from './helpers/tools.js';

describe('the spine width', () => {
  it('follows KDP’s published figures per page and paper', () => {
    // KDP cover calculator: 0.002252in white, 0.0025in cream, 0.002347in premium colour, per page.
    expect(spineWidthIn(300, 'white', 'kdp')).toBeCloseTo(0.6756, 6);
    expect(spineWidthIn(300, 'cream', 'kdp')).toBeCloseTo(0.75, 6);
    expect(spineWidthIn(300, 'color', 'kdp')).toBeCloseTo(0.7041, 6);
    expect(spineWidthIn(24, 'white', 'kdp')).toBeCloseTo(0.054048, 6);
    expect(spineWidthIn(828, 'white', 'kdp')).toBeCloseTo(1.864656, 6);
  });

  it('follows IngramSpark’s caliper per paper', () => {
    expect(spineWidthIn(200, 'cream', 'ingram')).toBeCloseTo(0.5, 6);
    expect(spineWidthIn(444, 'white', 'ingram')).toBeCloseTo(1, 2);
    expect(spineWidthIn(200, 'color', 'ingram')).toBeCloseTo(0.4, 6);
  });

  it('carries text only from the shop’s minimum page count', () => {
    expect(spineTextAllowed(79, 'kdp')).toBe(false);
    expect(spineTextAllowed(80, 'kdp')).toBe(true);
    expect(spineTextAllowed(47, 'ingram')).toBe(false);
    expect(spineTextAllowed(48, 'ingram')).toBe(true);
  });
});

describe('the cover sheet geometry', () => {
  const trim = { trimWidthPt: 432, trimHeightPt: 648 };

  it('is 2 × trim width + spine + 2 × bleed wide and trim height + 2 × bleed high', () => {
    const geometry = coverGeometry({ ...trim, pages: 300, paper: 'cream' });
    expect(geometry.widthPt).toBeCloseTo(2 * 432 + 300 * 0.0025 * 72 + 2 * 9, 6);
    expect(geometry.heightPt).toBe(648 + 18);
    expect(geometry.spine.x).toBe(9 + 432);
    expect(geometry.back).toBe(geometry.left);
    expect(geometry.front).toBe(geometry.right);
  });

  it('keeps the barcode box on the back cover, in its bottom corner by the spine, inside the trim', () => {
    const { barcode, back } = coverGeometry({ ...trim, pages: 200, paper: 'white' });
    expect(barcode.width).toBe(144);
    expect(barcode.height).toBeCloseTo(86.4, 6);
    expect(barcode.x + barcode.width).toBeCloseTo(back.x + back.width - 18, 6);
    expect(barcode.y + barcode.height).toBeCloseTo(back.y + back.height - 18, 6);
  });

  it('puts the front on the left for a right-bound (right-to-left) book, and the barcode by the spine on the back', () => {
    const geometry = coverGeometry({ ...trim, pages: 200, paper: 'white', rightBound: true });
    expect(geometry.front).toBe(geometry.left);
    expect(geometry.back).toBe(geometry.right);
    expect(geometry.barcode.x).toBeCloseTo(geometry.right.x + 18, 6);
    expect(['ar', 'he', 'fa', 'ur', 'ar-EG'].every(isRightToLeft)).toBe(true);
    expect(['en', 'zh-Hans', 'ja'].some(isRightToLeft)).toBe(false);
  });
});

describe('book.yaml `cover`', () => {
  const parse = (yaml: string) => parseBookConfig(new VFile({ path: 'book.yaml', value: yaml }));

  it('still takes a path as the front image', () => {
    const parsed = parse('cover: images/front.jpg\n');
    expect(parsed.config.cover).toEqual({ image: 'images/front.jpg' });
  });

  it('takes `{image, back}` and `print.paper`', () => {
    const parsed = parse('cover:\n  image: front.png\n  back: Copy for the back.\nprint:\n  paper: cream\n');
    expect(parsed.config.cover).toEqual({ image: 'front.png', back: 'Copy for the back.' });
    expect(parsed.config.print).toEqual({ paper: 'cream' });
  });
});

const tools = ['pdfinfo', 'pdftotext', 'pdffonts', 'qpdf'].filter((tool) => !hasCommand(tool));
const browser = findBrowser();

describe.skipIf(!browser || tools.length > 0)('the cover PDF', () => {
  const dir = mkdtempSync(join(tmpdir(), 'folio-cover-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const config = (overrides: Partial<BookConfig> = {}): BookConfig => ({
    title: 'The Long Shore',
    language: 'en',
    identifier: 'urn:uuid:0',
    subjects: [],
    contributors: [{ name: 'Ada Lane', role: 'author' }],
    frontmatter: [],
    chapters: [],
    backmatter: [],
    print: { trim: parseTrim('6x9in') },
    notes: { placement: 'page', numbering: 'chapter', style: 'numbers' },
    epub: { embedFonts: 'body' },
    figures: { numbering: 'none' },
    cover: { back: 'A back-cover paragraph about the sea.' },
    ...overrides,
  });
  const boxes = (path: string) => {
    const text = execFileSync('pdfinfo', ['-box', path], { encoding: 'utf8' });
    const box = (name: string) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(text)![1]!.trim().split(/\s+/).map(Number);
    return { media: box('MediaBox'), trim: box('TrimBox'), bleed: box('BleedBox'), pages: Number(/^Pages:\s+(\d+)/m.exec(text)![1]) };
  };
  const words = (path: string) => {
    const html = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' });
    return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      text: m[5]!,
    }));
  };

  it('has MediaBox = 2 × trim + spine + 2 × bleed, TrimBox inset by the bleed, embedded TrueType fonts and spine text', async () => {
    const path = join(dir, 'cover-300.pdf');
    await emitCover(config(), dir, path, { pages: 300 });
    const { media, trim, bleed, pages } = boxes(path);
    const width = 2 * 432 + 300 * 0.002252 * 72 + 2 * 9;
    expect(pages).toBe(1);
    expect(media[2]).toBeCloseTo(width, 2);
    expect(media[3]).toBeCloseTo(666, 2);
    expect(trim).toEqual([9, 9, expect.closeTo(width - 9, 2), 657].map((n) => (typeof n === 'number' ? expect.closeTo(n, 2) : n)));
    expect(bleed).toEqual(media);
    const fonts = pdffonts(path);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((font) => font.embedded && font.type !== 'Type 3')).toBe(true);
    // Title on the front, on the back and on the spine (set top to bottom, so pdftotext reads it on the spine's x).
    const spineX = 9 + 432;
    const shore = words(path).filter((word) => word.text === 'Shore');
    expect(shore).toHaveLength(3);
    expect(shore.some((word) => word.x > spineX - 2 && word.x < spineX + 300 * 0.002252 * 72 + 2)).toBe(true);
    expect(words(path).some((word) => word.text === 'sea.')).toBe(true);
  }, 120_000);

  it('leaves a thin book’s spine bare', async () => {
    const path = join(dir, 'cover-40.pdf');
    await emitCover(config(), dir, path, { pages: 40 });
    expect(words(path).filter((word) => word.text === 'Shore')).toHaveLength(2);
  }, 120_000);

  it('swaps back and front for a right-to-left book', async () => {
    const path = join(dir, 'cover-rtl.pdf');
    await emitCover(config({ language: 'ar' }), dir, path, { pages: 200 });
    // In a right-to-left paragraph the full stop moves to the left of `sea`: look for another word.
    const copy = words(path).find((word) => word.text === 'paragraph')!;
    expect(copy.x).toBeGreaterThan(9 + 432 + 200 * 0.002252 * 72);
    // The author's name: on the front (now on the left) and on the spine, never on the right-hand panel.
    const credits = words(path).filter((word) => word.text === 'Lane');
    expect(credits.some((word) => word.x < 9 + 432)).toBe(true);
    expect(credits.every((word) => word.x < 9 + 432 + 200 * 0.002252 * 72)).toBe(true);
  }, 120_000);

  it('sets a Chinese title with the bundled Chinese face, upright on the spine', async () => {
    const path = join(dir, 'cover-zh.pdf');
    await emitCover(config({ title: '我们不再跟随', language: 'zh-Hans' }), dir, path, { pages: 300 });
    const fonts = pdffonts(path);
    expect(fonts.some((font) => /NotoSerifSC/.test(font.name))).toBe(true);
    expect(fonts.every((font) => font.embedded && font.type !== 'Type 3')).toBe(true);
    expect(execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' })).toContain('我们不再跟随');
  }, 120_000);

  it('draws the guides only when asked', async () => {
    const plain = join(dir, 'plain.pdf');
    const guided = join(dir, 'guided.pdf');
    await emitCover(config(), dir, plain, { pages: 200 });
    await emitCover(config(), dir, guided, { pages: 200, guides: true });
    expect(execFileSync('pdftotext', [plain, '-'], { encoding: 'utf8' })).not.toContain('barcode');
    expect(execFileSync('pdftotext', [guided, '-'], { encoding: 'utf8' })).toContain('barcode');
  }, 120_000);

  it('reuses an interior PDF only when it is newer than every input', async () => {
    const interior = join(dir, 'plain.pdf');
    const input = join(dir, 'chapter.md');
    writeFileSync(input, '# One\n');
    const past = new Date(Date.now() - 60_000);
    utimesSync(input, past, past);
    expect(await freshInteriorPages(interior, [input])).toBe(1);
    const future = new Date(Date.now() + 60_000);
    utimesSync(input, future, future);
    expect(await freshInteriorPages(interior, [input])).toBeUndefined();
    expect(await freshInteriorPages(join(dir, 'missing.pdf'), [input])).toBeUndefined();
  }, 120_000);
});
