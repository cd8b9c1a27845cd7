/**
 * Time of `check` and the templates on huge text: `npx tsx test/bench/typography.ts [megabytes] [--build] [--only=<name>]`.
 * Writes manuscripts holding one paragraph of `megabytes` MB (default 5) — prose with a bare link per sentence, the
 * same prose hard-wrapped at 72 columns, prose thick with links and e-mail addresses, prose with emphasis in every
 * sentence, `word* ` repeated (markers that close nothing), prose with strikethrough in every sentence — and one
 * holding a single word of a fifth of that size, then times on each `check` as an author runs it (the compiled CLI,
 * cold: load, parse, the HTML templates, the link check; wall time and peak memory) and, in this process, the EPUB
 * and PDF templates (hyphenation, URL breaks; wall and CPU time); `--build` also times `build --format epub,html`.
 * The target (issue 14): `check` under 10 s for the 5 MB paragraph and the 1 MB word, every stage linear in the text.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../../src/build.js';
import { loadManuscript } from '../../src/load/index.js';
import { BookPipeline } from '../../src/pipeline.js';
import { measure } from './process-tree.js';

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
  [`a ${megabytes} MB paragraph with strikethrough in every sentence`, repeat('It was ~~then~~ now, and ~so~ it was. ', size)],
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

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-b', join(ROOT, 'src/tsconfig.build.json')], { stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'folio-typography-bench-'));
try {
  console.log(`target: check under ${targetSeconds} s for a 5 MB paragraph and a 1 MB word`);
  for (const [name, text] of cases) {
    if (only && !name.includes(only)) continue;
    const manuscript = join(dir, name.replace(/\W+/g, '-'));
    mkdirSync(manuscript, { recursive: true });
    writeFileSync(join(manuscript, '01.md'), `# Huge\n\n${text}\n`);
    // `check` as an author runs it: the compiled CLI in its own process, cold (no parse cache).
    const check = await measure(['node', join(ROOT, '.build/src/cli.js'), 'check', manuscript, '--no-cache'], { cwd: dir });
    const verdict = check.code === 0 ? 'ok' : `exit ${check.code}: ${check.output.split('\n').at(-1)}`;
    const { manuscript: loaded } = await loadManuscript(manuscript);
    const pipeline = new BookPipeline();
    await pipeline.update(loaded!);
    const stages = [
      `check ${check.seconds.toFixed(2)} s, peak ${(check.peakRss / 2 ** 20).toFixed(0)} MB, ${check.seconds < targetSeconds ? 'under' : 'OVER'} ${targetSeconds} s (${verdict})`,
    ];
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
