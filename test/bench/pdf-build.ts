/**
 * PDF build time: the default manuscript and a generated book of about 300 pages, with the ratios that
 * tell whether layout time grows with the page count or faster. Run: `npx tsx test/bench/pdf-build.ts [pages]`.
 * Not part of the test suite (a 300-page layout takes minutes on CI's two cores). FOLIO_KEEP_BENCH=1 keeps the PDFs.
 * In-process, so without start-up; `npm run bench` (test/bench/run.ts) times whole processes against peers.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../../src/build.js';
import { generateBook } from './books.js';

async function timeBuild(manuscript: string, out: string): Promise<{ seconds: number; pages: number; detail: string }> {
  const started = performance.now();
  const result = await build({ manuscript, out, formats: ['pdf'] });
  const seconds = (performance.now() - started) / 1000;
  const output = result.outputs[0];
  if (!result.ok || !output || output.error) {
    throw new Error(`build of ${manuscript} failed: ${output?.error?.message ?? result.diagnostics.map((d) => d.reason).join('; ')}`);
  }
  const pages = Number(/(\d+) pages/.exec(output.detail ?? '')?.[1] ?? 0);
  return { seconds, pages, detail: output.detail ?? '' };
}

const targetPages = Number(process.argv[2] ?? 300);
const work = await mkdtemp(join(tmpdir(), 'folio-bench-'));
try {
  const small = await timeBuild('manuscript', join(work, 'default'));
  console.log(`default manuscript: ${small.pages} pages in ${small.seconds.toFixed(1)} s (${((small.seconds / small.pages) * 1000).toFixed(0)} ms/page)`);
  console.log(`  ${small.detail}`);

  const generated = join(work, 'long');
  await mkdir(generated);
  // About 250 words to a page, 25 pages to a chapter, with notes and figures in the proportions of `npm run bench`'s 300p book.
  const chapters = Math.max(1, Math.round(targetPages / 25));
  await generateBook(generated, { title: 'A Long Generated Book', chapters, words: targetPages * 250, notes: chapters * 12, figures: chapters * 4, timeout: '30min' });
  const long = await timeBuild(generated, join(work, 'long-dist'));
  console.log(`generated book:     ${long.pages} pages in ${long.seconds.toFixed(1)} s (${((long.seconds / long.pages) * 1000).toFixed(0)} ms/page)`);
  console.log(`  ${long.detail}`);
  console.log(
    `ratios (long / default): pages ×${(long.pages / small.pages).toFixed(1)}, time ×${(long.seconds / small.seconds).toFixed(1)}, ` +
      `time per page ×${(long.seconds / long.pages / (small.seconds / small.pages)).toFixed(2)}`,
  );
} finally {
  if (process.env.FOLIO_KEEP_BENCH) console.log(`kept ${work}`);
  else await rm(work, { recursive: true, force: true });
}
