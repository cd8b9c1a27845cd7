/**
 * Issue 15 at full size: builds the 300p bench book's PDF N times from scratch (no cache), each in its own process,
 * and compares the PDFs: page counts, the text of each page (pdftotext) and the bytes. Prints the first page that
 * differs between the first build and each other one. test/pdf-reproducible.test.ts checks the same on a small
 * book in the suite; this takes N × 30–60 s on two shared cores, so it is not part of it.
 * Run: `npx tsx test/bench/reproducible-pdf.ts [runs] [book] [parallel]` (defaults: 4 runs, 300p, 1 at a time; two at a
 * time loads the machine, which is when layouts that depend on timing show it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { makeTempDir } from '../../src/process/lifecycle.js';
import { BOOK_SHAPES, generateBook } from './books.js';

const ROOT = resolve(import.meta.dirname, '../..');
const runs = Number(process.argv[2] ?? 4);
const bookName = (process.argv[3] ?? '300p') as keyof typeof BOOK_SHAPES;
const parallel = Math.max(1, Number(process.argv[4] ?? 1));
if (!BOOK_SHAPES[bookName]) throw new Error(`unknown book ${bookName} (choose from ${Object.keys(BOOK_SHAPES).join(', ')})`);

const work = await mkdtemp(join(makeTempDir(), 'bench-reproducible-'));
const manuscript = join(work, 'manuscript');
await generateBook(manuscript, BOOK_SHAPES[bookName]);

function buildOnce(i: number): Promise<{ pdf: string; seconds: number }> {
  const out = join(work, `out-${i}`);
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli.ts'), 'build', '--manuscript', manuscript, '--out', out, '--format', 'pdf', '--no-cache'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', async (code) => {
      if (code !== 0) return fail(new Error(`build ${i} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      const name = (await readdir(out)).find((f) => f.endsWith('.pdf'));
      if (!name) return fail(new Error(`build ${i} wrote no PDF`));
      done({ pdf: join(out, name), seconds: (performance.now() - started) / 1000 });
    });
  });
}

const pageCount = (pdf: string) => Number(/^Pages:\s+(\d+)/m.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)?.[1]);
const pageText = (pdf: string, page: number) => spawnSync('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' }).stdout;

try {
  const built: { pdf: string; seconds: number }[] = [];
  for (let i = 0; i < runs; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, runs - i) }, (_, k) => buildOnce(i + k));
    built.push(...(await Promise.all(batch)));
  }
  const first = built[0]!;
  const firstPages = pageCount(first.pdf);
  const firstBytes = await readFile(first.pdf);
  let same = 0;
  for (const [i, b] of built.entries()) {
    const pages = pageCount(b.pdf);
    let differs: number | undefined;
    let pagesDiffering = 0;
    for (let p = 1; p <= Math.min(pages, firstPages); p++) {
      if (pageText(b.pdf, p) === pageText(first.pdf, p)) continue;
      differs ??= p;
      pagesDiffering++;
    }
    const identical = (await readFile(b.pdf)).equals(firstBytes);
    if (identical) same++;
    console.log(
      `build ${i + 1}: ${pages} pages in ${b.seconds.toFixed(0)} s; ` +
        (i === 0 ? 'the reference' : `${identical ? 'byte-identical' : 'bytes differ'}, ${differs ? `text differs from page ${differs} (${pagesDiffering} pages)` : 'same text on every page'}`),
    );
  }
  console.log(`${same} of ${built.length} builds byte-identical to the first`);
  if (same !== built.length) process.exitCode = 1;
} finally {
  await rm(work, { recursive: true, force: true });
}
