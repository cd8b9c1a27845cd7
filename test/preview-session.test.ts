import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textOf } from '../templates/util/text.js';
import { PreviewSession } from '../src/preview/session.js';
import type { Chapter } from '../src/types.js';

/*
 * The preview transforms one chapter at a time; with `notes.numbering: book` each must still start its notes
 * where the chapters before it left off, as the build numbers them. No browser: the session is called directly.
 */
const bookYaml = `title: Notes Across Chapters
language: en
identifier: urn:uuid:0b6f2f0e-8f1c-4a52-9d8e-3c1e2a7b9f40
publisher: Folio Test Press
date: 2024-06-15
rights: "© 2024 Folio Test Press."
description: Two chapters with notes numbered through the book.
contributors:
  - name: Ada Quill
    role: author
chapters:
  - 01-one.md
  - 02-two.md
notes:
  numbering: book
`;

const chapterOne = (notes: number) =>
  `# One\n\n${Array.from({ length: notes }, (_, i) => `Claim ${i + 1}.[^c${i + 1}]`).join(' ')}\n\n` +
  Array.from({ length: notes }, (_, i) => `[^c${i + 1}]: Source ${i + 1}.`).join('\n') +
  '\n';
const chapterTwo = (extra = '') => `# Two\n\nFirst.[^a] Second.[^b] Again the first.[^a]${extra}\n\n[^a]: Note a.\n[^b]: Note b.\n`;

/** The note calls in reading order as the reader sees them: the screen's buttons, or print's superscripts. */
function noteCalls(chapter: Chapter): string[] {
  const calls: string[] = [];
  visit(chapter.tree as Root, 'element', (node: Element) => {
    const classes = node.properties.className;
    const isCall = (node.tagName === 'button' && Array.isArray(classes) && classes.includes('noteref')) || (node.tagName === 'sup' && Array.isArray(classes) && classes.includes('note-call'));
    if (isCall) calls.push(textOf(node));
  });
  return calls;
}

let dir: string;
let session: PreviewSession;
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'folio-preview-session-'));
  write('book.yaml', bookYaml);
  write('01-one.md', chapterOne(3));
  write('02-two.md', chapterTwo());
  session = new PreviewSession(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the preview with notes numbered through the book', () => {
  it('starts chapter 2 at the number after chapter 1’s last note on first load, on screen and in print', async () => {
    await session.refresh();
    expect(session.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [one, two] = session.book!.chapters;
    expect(noteCalls(one!)).toEqual(['1', '2', '3']);
    expect(noteCalls(two!)).toEqual(['4', '5', '4']);
    const [, printedTwo] = await session.printChapters();
    expect(noteCalls(printedTwo!)).toEqual(['4', '5', '4']);
  });

  it('keeps chapter 2’s numbers running on from chapter 1 after chapter 2 alone is edited', async () => {
    await session.refresh();
    write('02-two.md', chapterTwo(' A third.[^c]\n\n[^c]: Note c.'));
    const result = await session.refresh();
    expect(result.reprocessed).toBe(1);
    expect(result.changed).toEqual(['two']);
    expect(noteCalls(session.book!.chapters[1]!)).toEqual(['4', '5', '4', '6']);
    const [, printedTwo] = await session.printChapters();
    expect(noteCalls(printedTwo!)).toEqual(['4', '5', '4', '6']);
  });

  it('renumbers chapter 2 and reports it changed when a note is added to chapter 1', async () => {
    await session.refresh();
    await session.printChapters();
    write('01-one.md', chapterOne(4));
    const result = await session.refresh();
    expect(result.reprocessed).toBe(1);
    expect(result.changed).toEqual(['one', 'two']);
    expect(noteCalls(session.book!.chapters[1]!)).toEqual(['5', '6', '5']);
    const [, printedTwo] = await session.printChapters();
    expect(noteCalls(printedTwo!)).toEqual(['5', '6', '5']);
  });
});

describe('the preview’s image checks', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex');
  const images = (chapter: Chapter) => {
    const srcs: unknown[] = [];
    visit(chapter.tree as Root, 'element', (node: Element) => void (node.tagName === 'img' && srcs.push(node.properties.src)));
    return srcs;
  };

  it('reports a missing image as check does, and stops once the image is added', async () => {
    write('02-two.md', '# Two\n\n![A chart](chart.png)\n');
    await session.refresh();
    const missing = session.diagnostics.filter((d) => d.ruleId === 'image-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ line: 3, reason: 'Image `chart.png` does not exist' });
    expect(missing[0]!.file).toMatch(/02-two\.md$/);

    writeFileSync(join(dir, 'chart.png'), png);
    const result = await session.refresh();
    expect(result.changed).toEqual(['two']);
    expect(session.diagnostics.filter((d) => d.ruleId === 'image-missing')).toEqual([]);
  });

  it('reports and leaves out an image outside the manuscript folder', async () => {
    write('02-two.md', '# Two\n\n![Kept](inside.png) ![Secret](../outside.png)\n');
    writeFileSync(join(dir, 'inside.png'), png);
    await session.refresh();
    expect(session.diagnostics.filter((d) => d.ruleId === 'path-outside')).toHaveLength(1);
    expect(images(session.book!.chapters[1]!)).toEqual(['inside.png']);
  });
});

describe('the preview’s links and ids', () => {
  it('rewrites links to other chapters and keeps headings off chapter ids, as the build does', async () => {
    write('01-one.md', '# One\n\n## Two\n\nSee [the second chapter](02-two.md#second).\n');
    write('02-two.md', '# Two\n\n## Second\n\nText.\n');
    await session.refresh();
    const [one] = session.book!.chapters;
    const hrefs: string[] = [];
    const ids: string[] = [];
    visit(one!.tree as Root, 'element', (node: Element) => {
      if (node.tagName === 'a' && typeof node.properties.href === 'string') hrefs.push(node.properties.href);
      if (/^h[1-6]$/.test(node.tagName)) ids.push(String(node.properties.id));
    });
    expect(hrefs).toContain('two.html#second');
    // `## Two` may not take `two`, the id of the second chapter.
    expect(ids).toEqual(['one', 'two-1']);
  });
});
