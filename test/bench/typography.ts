/**
 * Time of the templates on huge text: `npx tsx test/bench/typography.ts [megabytes]`.
 * Writes a manuscript holding one paragraph of `megabytes` MB (default 5) of quoted prose, and another holding one
 * word of a fifth of that size, then times `check` (load, parse, the HTML templates, the link check) and the EPUB
 * and PDF templates (hyphenation, URL breaks) on each. Every template should be linear in its input: the target
 * is under 10 s for each case at the default size.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../../src/build.js';
import { loadManuscript } from '../../src/load/index.js';
import { BookPipeline } from '../../src/pipeline.js';

const megabytes = Number(process.argv[2] ?? 5);
const sentence = `"It's the 1990s--or was it 'the '80s'?" she asked... Dr. Smith said pages 2-3 of the NASA report, see www.example.org/a-b. `;
const cases: Array<[string, string]> = [
  [`a ${megabytes} MB paragraph`, sentence.repeat(Math.ceil((megabytes * 1e6) / sentence.length))],
  [`a ${megabytes / 5} MB word`, 'x'.repeat(Math.round((megabytes / 5) * 1e6))],
];

const dir = mkdtempSync(join(tmpdir(), 'folio-typography-bench-'));
try {
  for (const [name, text] of cases) {
    const manuscript = join(dir, name.replace(/\W+/g, '-'));
    rmSync(manuscript, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(manuscript, { recursive: true }));
    writeFileSync(join(manuscript, '01.md'), `# Huge\n\n${text}\n`);
    let started = performance.now();
    const checked = await build({ manuscript, out: join(dir, 'dist'), formats: [] });
    const checkSeconds = (performance.now() - started) / 1000;
    const { manuscript: loaded } = await loadManuscript(manuscript);
    const pipeline = new BookPipeline();
    await pipeline.update(loaded!);
    const seconds: string[] = [];
    for (const target of ['epub', 'pdf'] as const) {
      started = performance.now();
      await pipeline.book(target);
      seconds.push(`${target} templates ${((performance.now() - started) / 1000).toFixed(2)} s`);
    }
    const verdict = checked.ok ? 'ok' : `${checked.diagnostics.length} diagnostics`;
    console.log(`${name}: check ${checkSeconds.toFixed(2)} s (${verdict}), ${seconds.join(', ')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
