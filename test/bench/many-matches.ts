/**
 * Time of `check` and the templates on one paragraph holding many matches of one pass:
 * `npx tsx test/bench/many-matches.ts [count] [--only=<name>]` (count default 50 000).
 * Each case is a manuscript whose single paragraph repeats one construct `count` times: runs of Han in English text
 * (mixed scripts), Latin phrases in Arabic text, in one text node and across inline elements, footnote calls,
 * CJK emphasis the parse stage closes or reports, dead links the link check unwraps, `<picture>`s the parse stage
 * flattens, bad `lang` attributes, remote images and undefined footnote calls. A pass that splices each match into
 * its parent, or copies the text before each match, is quadratic here (issue 14); a linear one takes about as long
 * per match at any count, so compare the figures at two counts. This process's CPU time is printed: on a shared
 * machine it is the steadier figure.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../../src/build.js';
import { loadManuscript } from '../../src/load/index.js';
import { BookPipeline } from '../../src/pipeline.js';

const count = Number(process.argv.slice(2).find((argument) => !argument.startsWith('--')) ?? 50_000);
const only = process.argv.find((argument) => argument.startsWith('--only='))?.slice('--only='.length);

interface Case {
  name: string;
  language: string;
  text: string;
}

const repeated = (make: (n: number) => string) => Array.from({ length: count }, (_, n) => make(n + 1)).join('');
const cases: Case[] = [
  { name: 'han runs in one text', language: 'en', text: repeated(() => 'abc 汉字 ') },
  { name: 'han runs between emphasis', language: 'en', text: repeated(() => 'abc 汉字 *x* ') },
  { name: 'latin phrases in arabic text', language: 'ar', text: repeated(() => 'كلمة abc ') + 'كلمة' },
  { name: 'latin phrases across emphasis in arabic', language: 'ar', text: repeated(() => 'كلمة Git *rebase* command ') + 'كلمة' },
  { name: 'footnote calls', language: 'en', text: `${repeated((n) => `word[^${n}] `)}\n\n${repeated((n) => `[^${n}]: Note ${n}.\n`)}` },
  { name: 'cjk emphasis closed between code spans', language: 'ja', text: repeated(() => 'ほう_全員_が `x` ') },
  { name: 'cjk emphasis reported in one text', language: 'ja', text: repeated(() => '例子** ') },
  { name: 'dead links', language: 'en', text: repeated(() => '[see](#nowhere) ') },
  { name: 'pictures flattened', language: 'en', text: repeated(() => '<picture><source srcset="a.webp"><img src="a.png" alt="a"></picture> ') },
  { name: 'bad lang attributes', language: 'en', text: repeated(() => '<span lang="not a tag">x</span> ') },
  { name: 'remote images', language: 'en', text: repeated(() => '![a](https://example.org/a.png) ') },
  { name: 'undefined footnote calls', language: 'en', text: repeated(() => 'word[^missing] ') },
];

async function cpuSeconds(run: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

const dir = mkdtempSync(join(tmpdir(), 'folio-many-matches-bench-'));
try {
  console.log(`${count} matches in one paragraph; CPU seconds`);
  for (const { name, language, text } of cases) {
    if (only && !name.includes(only)) continue;
    const manuscript = join(dir, name.replace(/\W+/g, '-'));
    mkdirSync(manuscript, { recursive: true });
    writeFileSync(join(manuscript, 'book.yaml'), `title: Many\nlanguage: ${language}\nchapters:\n  - 01.md\n`);
    writeFileSync(join(manuscript, '01.md'), `# Many\n\n${text}\n`);
    writeFileSync(join(manuscript, 'a.png'), Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'));
    let diagnostics = 0;
    const check = await cpuSeconds(async () => {
      diagnostics = (await build({ manuscript, out: join(dir, 'dist'), formats: [] })).diagnostics.length;
    });
    const { manuscript: loaded } = await loadManuscript(manuscript);
    const pipeline = new BookPipeline();
    await pipeline.update(loaded!);
    const stages = [`check ${check.toFixed(2)} s (${diagnostics} diagnostics)`];
    for (const target of ['epub', 'pdf'] as const) stages.push(`${target} templates ${(await cpuSeconds(() => pipeline.book(target))).toFixed(2)} s`);
    console.log(`${name}: ${stages.join(', ')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
