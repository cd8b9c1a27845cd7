/**
 * The layout limits of issue 14: a book of many short chapters and a book of many notes must build their
 * PDFs with the default timeout, or fail saying which limit ran out and how to raise it. Not part of the test
 * suite (each takes many minutes on two shared cores).
 * Run: `npx tsx test/bench/pdf-limits.ts [chapters|notes|endnotes|both] [count]` (defaults: both, 2000 chapters,
 * 20000 notes; `endnotes` is the notes book with `notes: {placement: chapter-end}`). A notes book that builds is
 * checked with pdftotext: every note call and every note printed once, in order.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
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

/** 20 chapters sharing `count` notes, one note per sentence, all the sentences of a chapter in one paragraph. */
async function manyNotes(dir: string, count: number, placement?: string): Promise<void> {
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
  const notes = placement ? [`notes: {placement: ${placement}}`] : [];
  await writeFile(join(dir, 'book.yaml'), ['title: Many Notes', 'chapters:', ...names.map((n) => `  - ${n}`), ...notes, ''].join('\n'));
}

/**
 * What of the notes book's PDF is missing or repeated: the text layer has each call as "note.<number>" and each note
 * as "Note <number> of chapter <c>.", numbered from 1 in each chapter. Empty when all are there once, in order.
 */
function notesMissing(pdf: string, count: number): string {
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 30 }).replace(/[\s\u00AD-]/g, '');
  const per = Math.ceil(count / 20);
  const expected = Array.from({ length: 20 }, (_, c) => Array.from({ length: per }, (_, i) => `${i + 1}/${c + 1}`)).flat();
  const notes = [...text.matchAll(/Note(\d+)ofchapter(\d+)\./g)].map((m) => `${m[1]}/${m[2]}`);
  // Not "anote.": a page may break between "a" and "note", and pdftotext puts the next page's folio and running head there.
  const calls = [...text.matchAll(/note\.(\d+)/g)].length;
  const problems: string[] = [];
  if (notes.join() !== expected.join()) problems.push(`${notes.length} notes printed of ${expected.length}, or out of order`);
  if (calls !== expected.length) problems.push(`${calls} note calls printed of ${expected.length}`);
  return problems.join('; ');
}

async function run(label: string, make: (dir: string) => Promise<void>, verify?: (pdf: string) => string): Promise<void> {
  const work = await mkdtemp(join(makeTempDir(), 'bench-'));
  try {
    const manuscript = join(work, 'manuscript');
    await mkdir(manuscript);
    await make(manuscript);
    const started = performance.now();
    const result = await build({ manuscript, out: join(work, 'dist'), formats: ['pdf'] });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const output = result.outputs[0];
    if (result.ok && output && !output.error) {
      const missing = verify?.(output.path);
      // To look at a PDF that failed its check: KEEP_PDF=<path>.
      if (missing && process.env.KEEP_PDF) await copyFile(output.path, process.env.KEEP_PDF);
      console.log(`${label}: built in ${seconds} s (${output.detail})${missing ? `, BUT ${missing}` : verify ? ', every note and call printed once, in order' : ''}`);
    }
    else console.log(`${label}: failed after ${seconds} s: ${output?.error?.message ?? result.diagnostics.map((d) => d.reason).join('; ')}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const which = process.argv[2] ?? 'both';
const count = process.argv[3] ? Number(process.argv[3]) : undefined;
if (which === 'chapters' || which === 'both') await run(`${count ?? 2000} chapters`, (dir) => manyChapters(dir, count ?? 2000));
const notes = count ?? 20000;
if (which === 'notes' || which === 'both') await run(`${notes} notes`, (dir) => manyNotes(dir, notes), (pdf) => notesMissing(pdf, notes));
if (which === 'endnotes' || which === 'both') {
  await run(`${notes} notes at chapter ends`, (dir) => manyNotes(dir, notes, 'chapter-end'), (pdf) => notesMissing(pdf, notes));
}
