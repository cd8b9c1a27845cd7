/**
 * Time of `check` and the templates on huge text: `npx tsx test/bench/typography.ts [megabytes] [--build] [--only=<name>]`.
 * Writes manuscripts holding one paragraph of `megabytes` MB (default 5) — prose with a bare link per sentence, the
 * same prose hard-wrapped at 72 columns, prose thick with links and e-mail addresses, prose with emphasis in every
 * sentence, `word* ` repeated (markers that close nothing) — and one holding a
 * single word of a fifth of that size, then times on each `check` (load, parse, the HTML templates, the link check)
 * and the EPUB and PDF templates (hyphenation, URL breaks); `--build` also times `build --format epub,html`. Wall
 * time and this process's CPU time are printed: on a shared machine the CPU time is the steadier figure.
 * The target (issue 14): `check` under 10 s for the 5 MB paragraph and the 1 MB word, every stage linear in the text.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../../src/build.js';
import { loadManuscript } from '../../src/load/index.js';
import { BookPipeline } from '../../src/pipeline.js';

const targetSeconds = 10;
const megabytes = Number(process.argv.slice(2).find((argument) => !argument.startsWith('--')) ?? 5);
const alsoBuild = process.argv.includes('--build');
const only = process.argv.find((argument) => argument.startsWith('--only='))?.slice('--only='.length);

const size = megabytes * 1e6;
const repeat = (text: string, bytes: number): string => text.repeat(Math.ceil(bytes / text.length));
const sentence = `"It's the 1990s--or was it 'the '80s'?" she asked... Dr. Smith said pages 2-3 of the NASA report, see www.example.org/a-b. `;
const linked = `See [the report](https://example.org/r "Report") or https://example.com/a?b=c, write to me@example.net and <https://example.org>. `;
const emphasized = `She said it was *now* or never, and **so** it was; the _report_ said otherwise. `;
const cases: Array<[string, string]> = [
  [`a ${megabytes} MB paragraph`, repeat(sentence, size)],
  [`a ${megabytes} MB paragraph in 72-column lines`, repeat(sentence, size).replace(/(.{1,72})( |$)/g, '$1\n').trimEnd()],
  [`a ${megabytes} MB paragraph of links`, repeat(linked, size)],
  [`a ${megabytes} MB paragraph with emphasis in every sentence`, repeat(emphasized, size)],
  [`a ${megabytes} MB paragraph of emphasis closers that close nothing`, repeat('word* ', size)],
  [`a ${megabytes / 5} MB word`, 'x'.repeat(Math.round(size / 5))],
];

interface Timing {
  wall: number;
  cpu: number;
}

async function timed(run: () => Promise<unknown>): Promise<Timing> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - wall) / 1000, cpu: (used.user + used.system) / 1e6 };
}

const show = ({ wall, cpu }: Timing): string => `${wall.toFixed(2)} s (CPU ${cpu.toFixed(2)} s)`;

const dir = mkdtempSync(join(tmpdir(), 'folio-typography-bench-'));
try {
  console.log(`target: check under ${targetSeconds} s for a 5 MB paragraph and a 1 MB word`);
  for (const [name, text] of cases) {
    if (only && !name.includes(only)) continue;
    const manuscript = join(dir, name.replace(/\W+/g, '-'));
    mkdirSync(manuscript, { recursive: true });
    writeFileSync(join(manuscript, '01.md'), `# Huge\n\n${text}\n`);
    let verdict = '';
    const check = await timed(async () => {
      const checked = await build({ manuscript, out: join(dir, 'dist'), formats: [] });
      verdict = checked.ok ? 'ok' : `${checked.diagnostics.length} diagnostics`;
    });
    const { manuscript: loaded } = await loadManuscript(manuscript);
    const pipeline = new BookPipeline();
    await pipeline.update(loaded!);
    const stages = [`check ${show(check)} ${check.wall < targetSeconds ? 'under' : 'OVER'} ${targetSeconds} s (${verdict})`];
    for (const target of ['epub', 'pdf'] as const) stages.push(`${target} templates ${show(await timed(() => pipeline.book(target)))}`);
    if (alsoBuild) {
      const out = join(dir, 'dist');
      stages.push(`build epub,html ${show(await timed(() => build({ manuscript, out, formats: ['epub', 'html'] })))}`);
      rmSync(out, { recursive: true, force: true });
    }
    console.log(`${name}: ${stages.join(', ')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
