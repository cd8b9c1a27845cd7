import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { emitPdf } from '../src/emit/pdf/index.js';
import type { LayoutAdded } from '../src/emit/pdf/in-page.js';
import { loadManuscript } from '../src/load/index.js';
import { renderBook } from '../src/pipeline.js';
import { TECHNICAL_BOOK_FIGURES, writeTechnicalBook } from './helpers/technical-book.js';
import { skipWithoutBrowser } from './helpers/tools.js';

const scratch = mkdtempSync(join(tmpdir(), 'folio-layout-loss-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(skipWithoutBrowser(['pdfinfo', 'pdffonts', 'pdfimages']))('a PDF layout that would lose content', () => {
  it('fails at the manuscript line of the first block cut off, and writes no PDF', { timeout: 120_000 }, async () => {
    const manuscript = join(scratch, 'manuscript');
    const out = join(scratch, 'dist');
    rmSync(manuscript, { recursive: true, force: true });
    const columns = 60;
    const row = (cell: (i: number) => string) => `|${Array.from({ length: columns }, (_, i) => cell(i)).join('|')}|`;
    mkdirSync(manuscript);
    writeFileSync(join(manuscript, '01-wide.md'), ['# Wide', '', 'A table too wide for its page.', '', row((i) => `c${i}`), row(() => '---'), row((i) => `cell${i}`), ''].join('\n'));
    const result = await build({ manuscript, out, formats: ['pdf'] });
    expect(result.ok).toBe(false);
    expect(result.outputs[0]!.error?.message).toMatch(/^The layout lost content in 'Wide'/);
    const lost = result.diagnostics.filter((d) => d.ruleId === 'layout-content-lost');
    expect(lost).toEqual([expect.objectContaining({ severity: 'error', line: 5, file: expect.stringMatching(/01-wide\.md$/) })]);
    expect(existsSync(out) ? readdirSync(out).filter((name) => name.endsWith('.pdf')) : []).toEqual([]);
  });
});

/*
 * A figure held back for a later page (a deferred float, in-page.ts) that paged.js then loses must neither
 * vanish unseen (its hidden original stays where it was called and used to count as laid out) nor fail the
 * build: the book is laid out again with every figure where it is called. The loss is forced here by removing
 * a placed figure before the check; in CI it happened now and then when paged.js laid pages out again.
 */
describe.skipIf(skipWithoutBrowser(['pdftotext']))('a PDF layout that loses a deferred figure', () => {
  it('is laid out again with the figures in the flow, and prints every figure once, in order', { timeout: 300_000 }, async () => {
    const manuscript = writeTechnicalBook(join(scratch, 'technical'));
    const book = await renderBook((await loadManuscript(manuscript)).manuscript!, 'pdf');
    const out = join(scratch, 'technical.pdf');
    const removed: string[] = [];
    const preparePage = async (page: Page) => {
      await page.exposeFunction('__testRemovedFigure', (caption: string) => removed.push(caption));
      await page.evaluateOnNewDocument(() => {
        const w = window as unknown as { __testRemovedFigure: (caption: string) => void };
        let config: Record<string, unknown> | undefined;
        Object.defineProperty(window, 'PagedConfig', {
          configurable: true,
          get: () => config,
          set: (value: { after: () => void }) => {
            config = {
              ...value,
              after: () => {
                const placed = document.querySelector('.pagedjs_pages figure[data-folio-placed]');
                if (placed) {
                  w.__testRemovedFigure(placed.querySelector('figcaption')?.textContent ?? '');
                  placed.remove();
                }
                value.after();
              },
            };
          },
        });
      });
    };
    const result = await emitPdf(book, out, { preparePage });
    expect(removed).toHaveLength(1);
    expect(result.deferredFigures).toBe(0);
    const captions = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).match(/Figure \d+\.\d+\./g) ?? [];
    const expected = Array.from({ length: TECHNICAL_BOOK_FIGURES }, (_, i) => `Figure ${Math.floor(i / 11) + 1}.${(i % 11) + 1}.`);
    expect(captions).toEqual(expected);
  });
});

/*
 * Soft hyphens at which no line broke are taken out of the text layer after each page is laid out. Chromium
 * then sometimes breaks a paragraph's lines differently, one line longer, after paged.js measured the page: the
 * page's last lines went into a column beyond the paper. In Pro Git's chapter 2 that lost the two lines of a
 * listing at a page foot ("This block runs off the edge of its printed page"); the 300-page bench book failed
 * the same way. Now a paragraph keeps a soft hyphen whose removal would move a line.
 */
describe.skipIf(skipWithoutBrowser(['pdftotext']))('a real book whose paragraphs and listings fall across page feet', () => {
  it('keeps every line on its page and leaves few soft hyphens in the text layer', { timeout: 300_000 }, async () => {
    const manuscript = join(scratch, 'progit-en-2');
    cpSync(new URL('./books/progit-en', import.meta.url).pathname, manuscript, { recursive: true });
    const yaml = readFileSync(join(manuscript, 'book.yaml'), 'utf8').replace(/^ {2}- 0[13]-.*\n/gm, '');
    writeFileSync(join(manuscript, 'book.yaml'), yaml);
    const out = join(scratch, 'progit-en-2-dist');
    const result = await build({ manuscript, out, formats: ['pdf'] });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const text = execFileSync('pdftotext', [join(out, 'pro-git.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('diff --git a/lib/simplegit.rb b/lib/simplegit.rb');
    expect(text).toContain('index a0a60ae..47c6340 100644');
    const words = text.split(/\s+/).length;
    const midLine = text.match(/\u00AD(?!\n)/g)?.length ?? 0;
    // Measured: 0 to 16 soft hyphens stay in the text layer of 116 pages of Pro Git, of about 7,000 taken out.
    expect(midLine / words).toBeLessThan(0.002);
  });
});

/*
 * paged.js 0.4.3 finds the source of the text node a page breaks in by its text, so in a paragraph whose text
 * between inline elements repeats (the same words between note calls, emphasis or links) the next page started
 * back at the first text node alike: text was printed twice, notes repeated and dropped, and the end of a long
 * paragraph lost (the 20,000-note book of pdf-limits.ts). Before the fix, the notes chapter failed as "a paragraph
 * that calls more notes than a page can hold" and the emphasis chapter printed words 2 to 69 twice, without error.
 */
describe.skipIf(skipWithoutBrowser(['pdftotext']))('a paragraph whose text between inline elements repeats, across pages', () => {
  it('prints every sentence, note call and note once, in order', { timeout: 180_000 }, async () => {
    const manuscript = join(scratch, 'alike');
    mkdirSync(manuscript, { recursive: true });
    const text = Array.from({ length: 30 }, (_, i) => `A sentence with a note.[^n${i}]`).join(' ');
    const notes = Array.from({ length: 30 }, (_, i) => `[^n${i}]: Note ${i + 1} of the chapter.`).join('\n');
    writeFileSync(join(manuscript, '01.md'), `# Dense\n\n${text}\n\n${notes}\n`);
    const words = Array.from({ length: 150 }, (_, i) => `A sentence with a *word ${i + 1}*.`).join(' ');
    writeFileSync(join(manuscript, '02.md'), `# Emphasis\n\n${words}\n`);
    writeFileSync(join(manuscript, 'book.yaml'), 'title: Alike\nchapters: [01.md, 02.md]\n');
    const built = await build({ manuscript, out: join(scratch, 'alike-dist'), formats: ['pdf'] });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Soft hyphens, hyphens and line ends out, so a word split across lines reads whole.
    const pdfText = execFileSync('pdftotext', [join(scratch, 'alike-dist', 'alike.pdf'), '-'], { encoding: 'utf8' }).replace(/[\s\u00AD-]/g, '');
    const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect([...pdfText.matchAll(/Note(\d+)ofthechapter\./g)].map((m) => Number(m[1]))).toEqual(upTo(30));
    // Each call follows its sentence; the last one of a page may run into the page number, hence the prefix.
    const calls = [...pdfText.matchAll(/withanote\.(\d+)/g)].map((m) => m[1]!);
    expect(calls.map((call, i) => call.startsWith(String(i + 1)))).toEqual(upTo(30).map(() => true));
    expect([...pdfText.matchAll(/word(\d+)\./g)].map((m) => Number(m[1]))).toEqual(upTo(150));
  });
});

/*
 * The loss check's message names what can be at fault for the kind of block that lost text: a note gets the
 * setting that moves notes out of the page, a paragraph is not told about tables. The losses are forced by removing
 * laid-out text before the check.
 */
describe.skipIf(skipWithoutBrowser())('a lost note or a lost paragraph', () => {
  const manuscript = join(scratch, 'lost-kinds');
  const lose = (selector: string) => async (page: Page) => {
    await page.evaluateOnNewDocument((selector: string) => {
      let config: Record<string, unknown> | undefined;
      Object.defineProperty(window, 'PagedConfig', {
        configurable: true,
        get: () => config,
        set: (value: { after: () => void }) => {
          config = { ...value, after: () => { document.querySelector(selector)?.remove(); value.after(); } };
        },
      });
    }, selector);
  };
  const lostReason = async (selector: string) => {
    const book = await renderBook((await loadManuscript(manuscript)).manuscript!, 'pdf');
    const error = await emitPdf(book, join(scratch, 'lost-kinds.pdf'), { preparePage: lose(selector) }).then(() => undefined, (e: unknown) => e);
    return (error as { messages?: { rule: string; reason: string }[] } | undefined)?.messages;
  };

  it('tells a lost note to move the notes to the chapter end, a lost paragraph to split, and neither about tables', { timeout: 180_000 }, async () => {
    mkdirSync(manuscript, { recursive: true });
    writeFileSync(join(manuscript, '01.md'), '# Lost\n\nA paragraph with a note.[^a]\n\nAnother paragraph.\n\n[^a]: The note.\n');
    writeFileSync(join(manuscript, 'book.yaml'), 'title: Lost\nchapters: [01.md]\n');
    const note = await lostReason('.pagedjs_pages .pagedjs_footnote_content .footnote');
    expect(note).toEqual([expect.objectContaining({ rule: 'layout-content-lost', reason: expect.stringContaining('`notes: {placement: chapter-end}`') })]);
    const paragraph = await lostReason('.pagedjs_pages .chapter p:not(:first-of-type)');
    expect(paragraph).toEqual([expect.objectContaining({ rule: 'layout-content-lost', reason: expect.stringContaining('shorter paragraphs') })]);
    expect(paragraph![0]!.reason).not.toMatch(/table/);
  });
});

/**
 * A page that reports what the layout added, and, with `withoutBreakCorrection`, lays out without FolioHandler's
 * break-token correction (in-page.ts): its onBreakToken is taken off the class before paged.js makes its handlers,
 * which it does after PagedConfig.before, so paged.js 0.4.3 breaks pages from its own token (pagedjs issue #208).
 */
const watchLayout = (onAdded: (added: LayoutAdded | null) => void, withoutBreakCorrection = false) => async (page: Page) => {
  await page.exposeFunction('__testLayoutAdded', onAdded);
  await page.evaluateOnNewDocument((withoutBreakCorrection: boolean) => {
    const w = window as unknown as {
      __testLayoutAdded: (added: unknown) => void;
      __folio: { added?: unknown };
      Paged: { registeredHandlers: Array<{ name: string; prototype: Record<string, unknown> }> };
    };
    let config: Record<string, unknown> | undefined;
    Object.defineProperty(window, 'PagedConfig', {
      configurable: true,
      get: () => config,
      set: (value: { before: () => unknown; after: () => void }) => {
        config = {
          ...value,
          before: () => {
            if (withoutBreakCorrection) {
              const folio = w.Paged.registeredHandlers.find((handler) => handler.name === 'FolioHandler');
              if (!folio) throw new Error('FolioHandler is not registered');
              delete folio.prototype.onBreakToken;
            }
            return value.before();
          },
          after: () => {
            value.after();
            w.__testLayoutAdded(w.__folio.added ?? null);
          },
        };
      },
    });
  }, withoutBreakCorrection);
};

/*
 * Text laid out twice must fail the build as text lost does, and what paged.js and Folio's handlers add of their
 * own must not: the hyphen paged.js appends where a page splits a word, the header row repeated on each page a
 * table continues on, a cell spanning rows across a page break, which paged.js copies onto the next page, and the
 * hidden original of a table turned onto a page of its own.
 */
describe.skipIf(skipWithoutBrowser(['pdftotext']))('a PDF layout that sets text twice', () => {
  it('is not seen in words split across pages, repeated table heads, cells spanning a page break or turned tables', { timeout: 300_000 }, async () => {
    const manuscript = join(scratch, 'added');
    mkdirSync(manuscript, { recursive: true });
    // Long German compounds, hyphenated ahead of layout: most page breaks in the paragraphs fall inside a word.
    const words = ['Donaudampfschifffahrtsgesellschaftskapitän', 'Rechtsschutzversicherungsgesellschaften', 'Kraftfahrzeughaftpflichtversicherung',
      'Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung', 'Nahrungsmittelunverträglichkeit', 'Bundesausbildungsförderungsgesetz'];
    const paragraph = (p: number) => Array.from({ length: 120 }, (_, i) => words[(i + p) % words.length]).join(' ') + '.';
    writeFileSync(join(manuscript, '01.md'), `# Wörter\n\n${Array.from({ length: 12 }, (_, p) => paragraph(p)).join('\n\n')}\n`);
    const rows = Array.from({ length: 160 }, (_, i) => `| Zeile ${i + 1} | Versicherungsgesellschaft ${i + 1} | ${(i + 1) * 7} |`);
    writeFileSync(join(manuscript, '02.md'), `# Tabelle\n\n| Nummer | Name | Wert |\n| --- | --- | ---: |\n${rows.join('\n')}\n`);
    const spanned = Array.from({ length: 120 }, (_, i) =>
      `<tr>${i % 12 === 0 ? `<td rowspan="12">Gruppe ${i / 12 + 1}</td>` : ''}<td>Eintrag ${i + 1}</td><td>${i + 1}</td></tr>`,
    ).join('\n');
    writeFileSync(join(manuscript, '03.md'), `# Gruppen\n\n<table>\n<thead><tr><th>Gruppe</th><th>Eintrag</th><th>Wert</th></tr></thead>\n<tbody>\n${spanned}\n</tbody>\n</table>\n`);
    // A table too wide even scaled, turned onto a page of its own after the short paragraphs that follow it.
    const columns = Array.from({ length: 11 }, (_, i) => i);
    const wide = [`|${columns.map((i) => `Spalte ${i}`).join('|')}|`, `|${columns.map(() => '---').join('|')}|`, ...Array.from({ length: 20 }, (_, r) => `|${columns.map((i) => `Wert${r}x${i}lang`).join('|')}|`)];
    const after = Array.from({ length: 30 }, (_, i) => `Ein kurzer Absatz nach der Tabelle, Nummer ${i + 1}.`);
    writeFileSync(join(manuscript, '04.md'), `# Gedreht\n\n${'Ein Satz vor der Tabelle, der etwas Platz braucht. '.repeat(5)}\n\n${wide.join('\n')}\n\n${after.join('\n\n')}\n`);
    writeFileSync(join(manuscript, 'book.yaml'), 'title: Zusätze\nlanguage: de\nchapters: [01.md, 02.md, 03.md, 04.md]\n');
    const book = await renderBook((await loadManuscript(manuscript)).manuscript!, 'pdf');
    let added: LayoutAdded | null = null;
    const out = join(scratch, 'added.pdf');
    await emitPdf(book, out, { preparePage: watchLayout((a) => { added = a; }) });
    // Each kind was there to be taken out: words split across pages, header rows repeated, spanning cells copied,
    // and the turned table's hidden original, which paged.js lays out too.
    expect(added).toMatchObject({ hyphens: expect.any(Number), repeatedHeads: expect.any(Number), rowSpans: expect.any(Number), movedTables: expect.any(Number) });
    const { hyphens, repeatedHeads, rowSpans, movedTables } = added!;
    expect(hyphens).toBeGreaterThanOrEqual(5);
    expect(repeatedHeads).toBeGreaterThan(0);
    expect(rowSpans).toBeGreaterThan(0);
    expect(movedTables).toBeGreaterThan(0);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(text).toContain('Zeile 160');
  });

  it('fails at the paragraph paged.js set twice, with its own rule, and writes no PDF', { timeout: 180_000 }, async () => {
    const manuscript = join(scratch, 'twice');
    mkdirSync(manuscript, { recursive: true });
    const words = Array.from({ length: 150 }, (_, i) => `A sentence with a *word ${i + 1}*.`).join(' ');
    writeFileSync(join(manuscript, '01.md'), `# Emphasis\n\n${words}\n`);
    writeFileSync(join(manuscript, 'book.yaml'), 'title: Twice\nchapters: [01.md]\n');
    const book = await renderBook((await loadManuscript(manuscript)).manuscript!, 'pdf');
    const out = join(scratch, 'twice.pdf');
    const error = await emitPdf(book, out, { preparePage: watchLayout(() => {}, true) }).then(() => undefined, (e: unknown) => e as Error & { messages?: { rule: string; reason: string; file?: string; place?: { line: number } }[] });
    expect(error?.message).toMatch(/^The layout repeated content in 'Emphasis'/);
    expect(error?.messages).toEqual([
      expect.objectContaining({ rule: 'layout-content-repeated', file: expect.stringMatching(/01\.md$/), place: expect.objectContaining({ line: 3 }), reason: expect.stringContaining('twice') }),
    ]);
    expect(existsSync(out)).toBe(false);
  });
});
