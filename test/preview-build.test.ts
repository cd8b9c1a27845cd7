import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPrintDocument } from '../src/emit/pdf/print-document.js';
import { stringifyHtml } from '../src/emit/stringify.js';
import { loadManuscript } from '../src/load/index.js';
import { BookPipeline, renderBook } from '../src/pipeline.js';
import { PreviewSession } from '../src/preview/session.js';
import type { Chapter, RenderedBook, Target } from '../src/types.js';

/*
 * The build and the preview run the same pipeline: for the same manuscript, the chapters the preview shows (on
 * screen and in its print view) and its print document are the build's, even after an edit served from its cache.
 * The book has what used to drift: a German chapter (hyphenated in print), notes numbered through the book,
 * a heading id repeated across chapters and a link from one chapter to another.
 */
const bookYaml = `title: One Pipeline
language: en
identifier: urn:uuid:7d1c4b1e-3f0a-4c55-8a6e-2b9f0c1d5e77
contributors:
  - name: Ada Quill
    role: author
chapters:
  - 01-one.md
  - 02-zwei.md
  - 03-three.md
notes:
  numbering: book
`;
const files: Record<string, string> = {
  '01-one.md': '# One\n\n## Background\n\nA claim.[^a] See [the German chapter](02-zwei.md).\n\n[^a]: A source.\n',
  '02-zwei.md': '---\nlang: de\n---\n\n# Zwei\n\n## Background\n\nDie Donaudampfschifffahrtsgesellschaft fährt.[^b]\n\n[^b]: Eine Anmerkung.\n',
  '03-three.md': '# Three\n\n## Background\n\nThe end.[^c]\n\n[^c]: The last note.\n',
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'folio-preview-build-'));
  writeFileSync(join(dir, 'book.yaml'), bookYaml);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function built(target: Target): Promise<RenderedBook> {
  const { manuscript } = await loadManuscript(dir);
  return renderBook(manuscript!, target);
}

const pages = (chapters: Chapter[]) => chapters.map((chapter) => `${chapter.id}\n${stringifyHtml(chapter.tree)}`);

describe('the preview and the build', () => {
  it('give the same screen chapters, print chapters and print document', async () => {
    const session = new PreviewSession(dir);
    await session.refresh();
    expect(pages(session.book!.chapters)).toEqual(pages((await built('html')).chapters));
    expect(pages(await session.printChapters())).toEqual(pages((await built('pdf')).chapters));
    expect(buildPrintDocument((await session.printBook())!)).toBe(buildPrintDocument(await built('pdf')));
  });

  it('give the same chapters whether the templates copy the parsed trees or take them (a one-shot build)', async () => {
    const { manuscript } = await loadManuscript(dir);
    const pipeline = new BookPipeline();
    await pipeline.update(manuscript!);
    const copied = pages((await pipeline.book('pdf')).chapters);
    expect(pages((await pipeline.book('pdf', { lastUse: true })).chapters)).toEqual(copied);
    // Taken from memory: the templates did not run again, so render the other way round too.
    expect(pages((await built('pdf')).chapters)).toEqual(copied);
    await expect(pipeline.book('html')).rejects.toThrow(/cannot be rendered again/);
  });

  it('hyphenate a chapter in another language in the preview’s print view, as in the PDF', async () => {
    const session = new PreviewSession(dir);
    await session.refresh();
    const zwei = (await session.printChapters()).find((chapter) => chapter.id === 'zwei')!;
    expect(stringifyHtml(zwei.tree)).toContain('Do\u00ADnau\u00ADdampf');
  });

  it('stay equal after an edit the preview serves from its cache', async () => {
    const session = new PreviewSession(dir);
    await session.refresh();
    await session.printChapters();
    writeFileSync(join(dir, '01-one.md'), files['01-one.md']!.replace('A claim.[^a]', 'A claim.[^a] Another.[^x]') + '[^x]: Another source.\n');
    const result = await session.refresh();
    expect(result.reprocessed).toBe(1);
    expect(pages(session.book!.chapters)).toEqual(pages((await built('html')).chapters));
    expect(pages(await session.printChapters())).toEqual(pages((await built('pdf')).chapters));
    expect(buildPrintDocument((await session.printBook())!)).toBe(buildPrintDocument(await built('pdf')));
  });
});
