/**
 * The layout limits of issue 14: a book of many short chapters and a book of many notes must build their
 * PDFs with the default timeout, or fail saying which limit ran out and how to raise it. Not part of the test
 * suite (each takes many minutes on two shared cores).
 * Run: `npx tsx test/bench/pdf-limits.ts [chapters|notes|both] [count]` (defaults: both, 2000 chapters, 20000 notes).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from '../../src/build.js';
import { makeTempDir } from '../../src/process/lifecycle.js';

/** `count` chapters of one heading and one short paragraph each: few characters, many chapter openings. */
async function manyChapters(dir: string, count: number): Promise<void> {
  const names: string[] = [];
  for (let c = 1; c <= count; c++) {
    const name = `${String(c).padStart(5, '0')}.md`;
    names.push(name);
    await writeFile(join(dir, name), `# Chapter ${c}\n\nA short chapter, number ${c}, of a very long book.\n`);
  }
  await writeFile(join(dir, 'book.yaml'), ['title: Many Chapters', 'chapters:', ...names.map((n) => `  - ${n}`), ''].join('\n'));
}

/** 20 chapters sharing `count` notes, one note per sentence. */
async function manyNotes(dir: string, count: number): Promise<void> {
  const chapters = 20;
  const names: string[] = [];
  for (let c = 1; c <= chapters; c++) {
    const per = Math.ceil(count / chapters);
    const text = Array.from({ length: per }, (_, i) => `A sentence with a note.[^n${i}]`).join(' ');
    const notes = Array.from({ length: per }, (_, i) => `[^n${i}]: Note ${i + 1} of chapter ${c}.`).join('\n');
    const name = `${String(c).padStart(2, '0')}.md`;
    names.push(name);
    await writeFile(join(dir, name), `# Chapter ${c}\n\n${text}\n\n${notes}\n`);
  }
  await writeFile(join(dir, 'book.yaml'), ['title: Many Notes', 'chapters:', ...names.map((n) => `  - ${n}`), ''].join('\n'));
}

async function run(label: string, make: (dir: string) => Promise<void>): Promise<void> {
  const work = await mkdtemp(join(makeTempDir(), 'bench-'));
  try {
    const manuscript = join(work, 'manuscript');
    await mkdir(manuscript);
    await make(manuscript);
    const started = performance.now();
    const result = await build({ manuscript, out: join(work, 'dist'), formats: ['pdf'] });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const output = result.outputs[0];
    if (result.ok && output && !output.error) console.log(`${label}: built in ${seconds} s (${output.detail})`);
    else console.log(`${label}: failed after ${seconds} s: ${output?.error?.message ?? result.diagnostics.map((d) => d.reason).join('; ')}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const which = process.argv[2] ?? 'both';
const count = process.argv[3] ? Number(process.argv[3]) : undefined;
if (which === 'chapters' || which === 'both') await run(`${count ?? 2000} chapters`, (dir) => manyChapters(dir, count ?? 2000));
if (which === 'notes' || which === 'both') await run(`${count ?? 20000} notes`, (dir) => manyNotes(dir, count ?? 20000));
