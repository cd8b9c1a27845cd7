/**
 * The property test's EPUBCheck promise on every book, not a sample:
 * `npx tsx test/bench/property-epubcheck.ts [books] [seed]` (defaults: 200 books, the test's seed).
 * Builds random books (test/helpers/random-book.ts) to EPUB, runs EPUBCheck on all of them in one Java start,
 * and prints how many built, how many EPUBCheck passed, the time of each stage and every error with the
 * chapter's Markdown. Exits 1 when an EPUB that built fails EPUBCheck.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { build } from '../../src/build.js';
import { makeTempDir } from '../../src/process/lifecycle.js';
import { book, writeBook } from '../helpers/random-book.js';
import { epubcheckMany } from '../helpers/tools.js';

const count = Number(process.argv[2] ?? 200);
const seed = Number(process.argv[3] ?? 20250201);
const work = makeTempDir();
try {
  const books = fc.sample(book, { seed, numRuns: count });
  const built: Array<{ epub: string; chapters: string[] }> = [];
  let refused = 0;
  let started = performance.now();
  for (const [index, chapters] of books.entries()) {
    const folder = join(work, `book-${index}`);
    mkdirSync(folder, { recursive: true });
    writeBook(folder, chapters);
    const result = await build({ manuscript: folder, out: join(folder, 'dist'), formats: ['epub'] });
    if (result.outputs[0]?.error || result.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) refused++;
    else built.push({ epub: join(folder, 'dist', 'fuzz.epub'), chapters });
  }
  const buildSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const reports = epubcheckMany(built.map(({ epub }) => epub));
  const checkSeconds = (performance.now() - started) / 1000;
  let failed = 0;
  for (const { epub, chapters } of built) {
    const errors = reports.get(epub)!.messages.filter((message) => message.severity === 'ERROR' || message.severity === 'FATAL');
    if (errors.length === 0) continue;
    failed++;
    for (const error of errors) console.log(`${error.ID} ${error.message.slice(0, 200)} (${error.locations[0]?.path}:${error.locations[0]?.line})`);
    console.log(`${chapters.join('\n---\n')}\n========`);
  }
  console.log(
    `${count} books (seed ${seed}): ${built.length} built, ${refused} refused with an error; ` +
      `EPUBCheck: ${built.length - failed} passed, ${failed} failed. ` +
      `Build ${buildSeconds.toFixed(1)} s, EPUBCheck ${checkSeconds.toFixed(1)} s (${(checkSeconds / Math.max(1, built.length)).toFixed(2)} s per EPUB, one Java start)`,
  );
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
