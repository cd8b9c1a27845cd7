import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import fc from 'fast-check';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { book, writeBook } from './helpers/random-book.js';
import { epubcheckMany, requireTools } from './helpers/tools.js';

/*
 * Random Markdown (nested lists and quotes, emphasis, footnotes, raw HTML fragments good and bad, elements with
 * random attributes, unicode: test/helpers/random-book.ts) through load → parse → templates → the HTML and EPUB
 * emitters. Whatever the input: no exception, every EPUB chapter is well-formed XHTML with nothing that could
 * run, and the EPUBs of a sample pass EPUBCheck (all of them in `npx tsx test/bench/property-epubcheck.ts`).
 */
const scratch = mkdtempSync(join(tmpdir(), 'folio-property-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Problems a strict XML parser finds in `text`; empty when it is well-formed. xmldom knows HTML's named entities
 * and lets through characters XML 1.0 forbids, so those two are checked here.
 */
function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(text);
  if (forbidden) problems.push(`character U+${forbidden[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed in XML`);
  const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)[^;\s]*;?/i.exec(text);
  if (entity) problems.push(`\`${entity[0]}\` is not an XML entity`);
  try {
    new DOMParser({ onError: (level, message) => void (level !== 'warning' && problems.push(message)) }).parseFromString(text, 'application/xhtml+xml');
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return problems;
}

/** Markup that could run or embed something; only inside tags, since escaped text (`&lt;b onclick=`) is harmless. */
const runnable = /<(?:script|iframe|object|embed)\b|<[a-z][^>]*\son[a-z]+\s*=|<[a-z][^>]*\s(?:href|src)\s*=\s*["']?\s*javascript:/i;

let runs = 0;
const elapsed: number[] = [];
afterAll(() => console.info(`property: ${elapsed.length} books, ${Math.round(elapsed.reduce((a, b) => a + b, 0) / Math.max(1, elapsed.length))} ms each`));

/** How many of the books built get EPUBCheck (in one Java start, a few seconds each on a loaded machine). */
const sampleSize = Number(process.env.FOLIO_PROPERTY_EPUBCHECK ?? 6);
const sample: Array<{ epub: string; chapters: string[] }> = [];

describe('random Markdown', () => {
  // A fixed seed keeps CI repeatable; FOLIO_PROPERTY_RUNS=200 FOLIO_PROPERTY_SEED=n explore further.
  const numRuns = Number(process.env.FOLIO_PROPERTY_RUNS ?? 15);
  it('builds to HTML and an EPUB whose chapters are well-formed XHTML without scripts', { timeout: 60_000 + numRuns * 6_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(book, async (chapters) => {
        const started = performance.now();
        const folder = join(scratch, `book-${runs++}`);
        mkdirSync(folder, { recursive: true });
        writeBook(folder, chapters);

        const result = await build({ manuscript: folder, out: join(folder, 'dist'), formats: ['html', 'epub'] });
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        expect(errors, JSON.stringify(errors)).toEqual([]);
        expect(result.outputs.map((output) => output.error?.message)).toEqual([undefined, undefined]);

        const zip = await JSZip.loadAsync(readFileSync(join(folder, 'dist', 'fuzz.epub')));
        const documents = Object.keys(zip.files).filter((name) => name.endsWith('.xhtml'));
        expect(documents.length).toBeGreaterThan(chapters.length);
        for (const name of documents) {
          const xhtml = await zip.file(name)!.async('string');
          expect(xmlProblems(xhtml), `${name}:\n${xhtml}`).toEqual([]);
          expect(xhtml).not.toMatch(runnable);
        }
        for (const page of readdirSync(join(folder, 'dist', 'html')).filter((name) => name.endsWith('.html'))) {
          expect(readFileSync(join(folder, 'dist', 'html', page), 'utf8')).not.toMatch(runnable);
        }
        // Every EPUB is kept for the EPUBCheck sample below until it has enough; one book may be tried many times
        // while fast-check shrinks a failure, and the sample is of distinct books.
        if (sample.length < sampleSize) {
          const kept = join(scratch, `sample-${sample.length + 1}.epub`);
          copyFileSync(join(folder, 'dist', 'fuzz.epub'), kept);
          sample.push({ epub: kept, chapters });
        }
        rmSync(folder, { recursive: true, force: true });
        elapsed.push(performance.now() - started);
      }),
      { numRuns, seed: Number(process.env.FOLIO_PROPERTY_SEED ?? 20250201) },
    );
  });

  it.skipIf(requireTools(['java']))('builds EPUBs that pass EPUBCheck with no error, on a sample of the books above', { timeout: 300_000 }, () => {
    expect(sample.length).toBe(Math.min(sampleSize, Number(process.env.FOLIO_PROPERTY_RUNS ?? 15)));
    const reports = epubcheckMany(sample.map(({ epub }) => epub));
    const failures = sample.flatMap(({ epub, chapters }) =>
      reports
        .get(epub)!
        .messages.filter((message) => message.severity === 'ERROR' || message.severity === 'FATAL')
        .map((message) => `${message.ID} ${message.message} (${message.locations[0]?.path}:${message.locations[0]?.line})\n${chapters.join('\n---\n')}`),
    );
    expect(failures).toEqual([]);
  });
});
