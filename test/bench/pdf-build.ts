/**
 * PDF build time: the default manuscript and a generated book of about 300 pages, with the ratios that
 * tell whether layout time grows with the page count or faster. Run: `npx tsx test/bench/pdf-build.ts [pages]`.
 * Not part of the test suite (a 300-page layout takes minutes on CI's two cores). FOLIO_KEEP_BENCH=1 keeps the PDFs.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../../src/build.js';

const WORDS = (
  'type page press ink paper margin folio quire sheet gutter measure leading line word letter serif compositor proof ' +
  'binding signature edition reader printer forme chase galley stick case fount spacing rhythm colour texture hand craft ' +
  'setting column block the of and a to in that it with as for on was by at from but not this which they all'
).split(' ');

function generator(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const sentence = () => {
    const words = Array.from({ length: 8 + Math.floor(next() * 14) }, () => WORDS[Math.floor(next() * WORDS.length)]!);
    const text = words.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1) + '.';
  };
  return { paragraph: (sentences = 5 + Math.floor(next() * 3)) => Array.from({ length: sentences }, sentence).join(' '), next };
}

/** A manuscript of `chapters` chapters of ~15 pages each: prose, interview turns, notes, breaks, a little Chinese. */
async function generateManuscript(dir: string, chapters: number): Promise<void> {
  const names: string[] = [];
  for (let c = 1; c <= chapters; c++) {
    const g = generator(c * 7919);
    const parts = [`# Chapter ${c}: On the ${WORDS[c % WORDS.length]} and the ${WORDS[(c * 3) % WORDS.length]}`, ''];
    const notes: string[] = [];
    for (let p = 0; p < 48; p++) {
      if (p === 20) parts.push('***', '');
      if (p % 12 === 5) parts.push(`## A section on ${WORDS[(c + p) % WORDS.length]}`, '');
      if (p % 9 === 3) {
        parts.push(`**Ada Writer:** ${g.paragraph(2)}`, '', `**Ben Editor:** ${g.paragraph(3)}`, '');
        continue;
      }
      const note = p % 10 === 7 ? `[^n${p}]` : '';
      if (note) notes.push(`[^n${p}]: ${g.paragraph(1 + Math.floor(g.next() * 3))}`);
      const chinese = p === 31 ? ' He grew up in Guangdong (<span lang="zh">他成长在中国最富有的省份广东省</span>).' : '';
      parts.push(`${g.paragraph()}${note}${chinese} *${g.paragraph(1)}* ${g.paragraph(2)}`, '');
    }
    const name = `${String(c).padStart(2, '0')}-chapter.md`;
    names.push(name);
    await writeFile(join(dir, name), [...parts, ...notes, ''].join('\n'));
  }
  await writeFile(
    join(dir, 'book.yaml'),
    ['title: A Long Generated Book', 'language: en', 'contributors: [Ada Writer]', 'print:', '  timeout: 20min', 'chapters:', ...names.map((n) => `  - ${n}`), ''].join('\n'),
  );
}

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
  await generateManuscript(generated, Math.max(1, Math.round(targetPages / 15)));
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
