/**
 * `npm run bench`: Folio against its peers on the same input, whole processes, interleaved (A B A B …),
 * medians of the runs, peak RSS of each process tree. Writes the table to stdout and dist/bench.json;
 * `--readme` also puts it in README.md's Speed section. Options:
 *   --quick            only the `small` and `300p` books, one run each
 *   --only LIST        epub, pdf, rebuild, startup, all (the default manuscript in all three formats); comma-separated
 *   --books LIST       small, 300p, 1000p (default: all three)
 *   --runs N           runs of each measurement (default 3; startup is always run 5 times)
 *   --readme           write the table into README.md between the bench markers
 * FOLIO_BENCH_COMMAND (e.g. `node .build/src/cli.js`) overrides the command Folio is run with.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { BOOK_SHAPES, copyDefaultManuscript, generateBook } from './books.js';
import { findChromium, findNpmPeers, findPandoc, machineDescription, CHROMIUM, type Peer } from './peers.js';
import { measure } from './process-tree.js';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * How Folio is started: the compiled entry when a build of it exists, else the TypeScript source through
 * tsx, as `npm run build` does. One place to change when the command changes.
 */
function folioCommand(): string[] {
  const override = process.env.FOLIO_BENCH_COMMAND;
  if (override) return override.split(' ').filter(Boolean);
  const compiled = join(ROOT, '.build/src/cli.js');
  if (existsSync(compiled)) return [process.execPath, compiled];
  return [join(ROOT, 'node_modules/.bin/tsx'), join(ROOT, 'src/cli.ts')];
}

const TASKS = ['epub', 'pdf', 'rebuild', 'startup', 'all'] as const;
type Task = (typeof TASKS)[number];
const BOOKS = ['small', '300p', '1000p'] as const;
type BookName = (typeof BOOKS)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    books: { type: 'string' },
    runs: { type: 'string' },
    readme: { type: 'boolean', default: false },
  },
});
const list = <T extends string>(value: string | undefined, allowed: readonly T[], what: string): T[] | undefined => {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim());
  const wrong = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (wrong.length) {
    console.error(`bench: unknown ${what} ${wrong.join(', ')} (choose from ${allowed.join(', ')})`);
    process.exit(2);
  }
  return items as T[];
};
const tasks = new Set<Task>(list(args.only, TASKS, 'task') ?? TASKS);
const books = list(args.books, BOOKS, 'book') ?? (args.quick ? ['small', '300p'] : [...BOOKS]);
const runs = args.runs ? Number(args.runs) : args.quick ? 1 : 3;
const HOUR = 3_600_000;

interface Row {
  book: string;
  task: string;
  tool: string;
  seconds: number[];
  median?: number;
  peakRssMb?: number;
  /** Pages of the PDF written (by pdfinfo): the peers lay out Pandoc's HTML with their own type, so counts differ. */
  pages?: number;
  note?: string;
}
interface Ratio {
  book: string;
  name: string;
  value?: number;
  text?: string;
  target?: string;
  met?: boolean;
}
const rows: Row[] = [];
const ratios: Ratio[] = [];
const notes: string[] = [];
const log = (line: string) => console.error(`bench: ${line}`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : undefined;
};

interface Contender {
  tool: string;
  /** Prepares a fresh output place for run `i`; returns the command and a check that it wrote its output. */
  start: (i: number) => Promise<{ command: string[]; cwd: string; wrote: () => Promise<boolean>; env?: NodeJS.ProcessEnv; pdf?: () => Promise<string> }>;
  skipped?: string;
}

/** Runs each contender `runs` times, interleaved, and records a row per contender. */
async function race(book: string, task: string, contenders: Contender[], count = runs): Promise<Map<string, Row>> {
  const result = new Map<string, Row>();
  for (const c of contenders) {
    const row: Row = { book, task, tool: c.tool, seconds: [], note: c.skipped ? `skipped: ${c.skipped}` : undefined };
    result.set(c.tool, row);
    rows.push(row);
  }
  for (let i = 0; i < count; i++) {
    for (const c of contenders) {
      const row = result.get(c.tool)!;
      if (c.skipped || (row.note && row.seconds.length === 0 && i > 0)) continue;
      const { command, cwd, wrote, env, pdf } = await c.start(i);
      log(`${book} ${task}: ${c.tool}, run ${i + 1} of ${count}`);
      const m = await measure(command, { cwd, env, timeoutMs: 2 * HOUR });
      const written = await wrote();
      if (m.code !== 0 || !written) {
        row.note = `failed (exit ${m.code}${written ? '' : ', no output'}): ${m.output.split('\n').slice(-3).join(' | ')}`;
        log(row.note);
        continue;
      }
      row.seconds.push(m.seconds);
      if (pdf) row.pages = pageCount(await pdf());
      row.peakRssMb = Math.max(row.peakRssMb ?? 0, Math.round(m.peakRss / 2 ** 20));
    }
  }
  for (const row of result.values()) row.median = median(row.seconds);
  return result;
}

function ratio(book: string, name: string, a: Row | undefined, b: Row | undefined, target?: { max: number; label: string }) {
  if (a?.median === undefined || b?.median === undefined) {
    ratios.push({ book, name, text: 'n/a (a side is missing)' });
    return;
  }
  const value = a.median / b.median;
  ratios.push({ book, name, value, target: target?.label, met: target ? value <= target.max : undefined });
}

async function chapterFiles(bookDir: string): Promise<{ title: string; files: string[] }> {
  const yamlPath = join(bookDir, 'book.yaml');
  const config = existsSync(yamlPath) ? (parseYaml(await readFile(yamlPath, 'utf8')) ?? {}) : {};
  const listed = [...(config.frontmatter ?? []), ...(config.chapters ?? []), ...(config.backmatter ?? [])] as string[];
  const files = listed.length
    ? listed
    : (await readdir(bookDir)).filter((f) => f.endsWith('.md')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const title = config.title ?? (/^#\s+(.*)$/m.exec(await readFile(join(bookDir, files[0]!), 'utf8'))?.[1] ?? 'Book');
  return { title, files };
}

async function outputFile(dir: string, extension: string): Promise<string> {
  const name = (await readdir(dir)).find((f) => f.endsWith(extension) && !f.endsWith(`-press${extension}`));
  return join(dir, name ?? `missing${extension}`);
}

/** Replaces one word (the first of five letters or more after the heading) in `file`. */
async function editOneWord(file: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const bodyStart = text.indexOf('\n');
  const match = /\b[a-z]{5,}\b/.exec(text.slice(bodyStart));
  if (!match) throw new Error(`no word to edit in ${file}`);
  const at = bodyStart + match.index;
  await writeFile(file, text.slice(0, at) + (match[0] === 'revised' ? 'amended' : 'revised') + text.slice(at + match[0].length));
}

const nonEmpty = (file: string) => stat(file).then((s) => s.isFile() && s.size > 0, () => false);
/** Folio names its outputs after the book's title: any non-empty file with the extension will do. */
const folioWrote = (dir: string, ...extensions: string[]) => async () => {
  for (const extension of extensions) if (!(await nonEmpty(await outputFile(dir, extension).catch(() => '')))) return false;
  return true;
};
function pageCount(pdf: string): number | undefined {
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = /^Pages:\s+(\d+)/m.exec(info.stdout ?? '')?.[1];
  return pages ? Number(pages) : undefined;
}
const sameBytes = async (a: string, b: string) => (await readFile(a)).equals(await readFile(b));

// ---------------------------------------------------------------------------------------------------------
const FOLIO = folioCommand();
const work = await mkdtemp(join(tmpdir(), 'folio-bench-'));
const cacheDir = join(ROOT, 'node_modules/.cache/folio-bench/peers');
const started = new Date();
const loadAtStart = loadavg();
const chromiumEnv = { PUPPETEER_EXECUTABLE_PATH: CHROMIUM };
log(`Folio runs as: ${FOLIO.join(' ')}; work folder ${work}`);

const pandoc = findPandoc(log);
const chromium = findChromium();
const needsPdfPeers = tasks.has('pdf');
const { pagedjs, vivliostyle } = needsPdfPeers
  ? findNpmPeers(cacheDir, log)
  : { pagedjs: { name: 'pagedjs-cli', skipped: 'not needed' } as Peer, vivliostyle: { name: '@vivliostyle/cli', skipped: 'not needed' } as Peer };
const peers = [pandoc, chromium, pagedjs, vivliostyle];
for (const p of peers) if (p.skipped && p.skipped !== 'not needed') notes.push(`${p.name} skipped: ${p.skipped}`);
if (vivliostyle.command && Number(process.versions.node.split('.')[0]) < 22) {
  notes.push(`@vivliostyle/cli 11 asks for Node 22.12 or later; it ran here on Node ${process.versions.node}.`);
}

if (tasks.has('pdf')) {
  notes.push("The peers set Pandoc's HTML in Pandoc's default style, larger than Folio's 6 × 9 in book type, hence more pages (pdfinfo, the pages column).");
}

/** A Folio build; cold (`--no-cache`) unless `cached`: only the rebuild measures what `.folio-cache/` saves. */
const folio = (bookDir: string, outDir: string, formats: string[], cached = false) => [
  ...FOLIO,
  'build',
  '--manuscript',
  bookDir,
  '--out',
  outDir,
  ...formats.flatMap((f) => ['--format', f]),
  '--quiet',
  ...(cached ? [] : ['--no-cache']),
];

try {
  if (tasks.has('startup')) {
    await race('-', 'start-up', [
      { tool: 'folio --version', start: async () => ({ command: [...FOLIO, '--version'], cwd: ROOT, wrote: async () => true }) },
      pandoc.command
        ? { tool: 'pandoc --version', start: async () => ({ command: [...pandoc.command!, '--version'], cwd: ROOT, wrote: async () => true }) }
        : { tool: 'pandoc --version', skipped: pandoc.skipped, start: async () => ({ command: [], cwd: ROOT, wrote: async () => false }) },
    ], 5).then((r) => ratio('-', 'start-up: folio / pandoc', r.get('folio --version'), r.get('pandoc --version')));
  }

  const pdfTimes = new Map<string, Row | undefined>();
  const epubTimes = new Map<string, Row | undefined>();
  for (const book of books) {
    const bookDir = join(work, book, 'manuscript');
    await mkdir(bookDir, { recursive: true });
    if (book === 'small') await copyDefaultManuscript(ROOT, bookDir);
    else await generateBook(bookDir, BOOK_SHAPES[book as Exclude<BookName, 'small'>]);
    const { title, files } = await chapterFiles(bookDir);
    const is300 = book === '300p';
    const out = (tool: string, i: number) => join(work, book, 'out', `${tool}-${i}`);
    const fresh = async (dir: string) => {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      return dir;
    };

    if (tasks.has('epub')) {
      const r = await race(book, 'EPUB', [
        {
          tool: 'folio',
          start: async (i) => {
            const dir = await fresh(out('folio-epub', i));
            return { command: folio(bookDir, dir, ['epub']), cwd: ROOT, wrote: folioWrote(dir, '.epub'), env: chromiumEnv };
          },
        },
        {
          tool: 'pandoc --to epub3',
          skipped: pandoc.skipped,
          start: async (i) => {
            const file = join(await fresh(out('pandoc-epub', i)), 'book.epub');
            return { command: [...(pandoc.command ?? []), '--to', 'epub3', '--metadata', `title=${title}`, '-o', file, ...files], cwd: bookDir, wrote: () => nonEmpty(file) };
          },
        },
      ]);
      epubTimes.set(book, r.get('folio'));
      ratio(book, 'EPUB: folio / pandoc', r.get('folio'), r.get('pandoc --to epub3'), is300 ? { max: 1, label: '≤ 1.0' } : undefined);
    }

    if (tasks.has('pdf')) {
      // The peers lay out Pandoc's standalone HTML of the same chapters, on the same trim as Folio's book.
      const html = join(bookDir, 'pandoc-book.html');
      let htmlSkip = pandoc.skipped && `needs Pandoc's HTML: ${pandoc.skipped}`;
      if (pandoc.command) {
        const header = join(work, book, 'page-size.html');
        await writeFile(header, '<style>@page { size: 6in 9in; margin: 0.75in 0.6in; } img { max-width: 100%; }</style>\n');
        const made = await measure([...pandoc.command, '-s', '--to', 'html5', '--metadata', `title=${title}`, '-H', header, '-o', html, ...files], { cwd: bookDir });
        if (made.code !== 0) htmlSkip = `pandoc -s --to html5 failed: ${made.output}`;
      }
      const r = await race(book, 'PDF', [
        {
          tool: 'folio',
          start: async (i) => {
            const dir = await fresh(out('folio-pdf', i));
            return { command: folio(bookDir, dir, ['pdf']), cwd: ROOT, wrote: folioWrote(dir, '.pdf'), env: chromiumEnv, pdf: () => outputFile(dir, '.pdf') };
          },
        },
        {
          tool: 'pagedjs-cli 0.4.3',
          skipped: pagedjs.skipped ?? htmlSkip ?? chromium.skipped,
          start: async (i) => {
            const file = join(await fresh(out('pagedjs', i)), 'book.pdf');
            return { command: [...(pagedjs.command ?? []), html, '-o', file, '--browserArgs', '--no-sandbox', '-t', String(2 * HOUR)], cwd: bookDir, wrote: () => nonEmpty(file), env: chromiumEnv, pdf: async () => file };
          },
        },
        {
          tool: 'vivliostyle',
          skipped: vivliostyle.skipped ?? htmlSkip ?? chromium.skipped,
          start: async (i) => {
            const file = join(await fresh(out('vivliostyle', i)), 'book.pdf');
            const command = [...(vivliostyle.command ?? []), 'build', html, '-o', file, '--executable-browser', CHROMIUM, '-t', '7200', '--log-level', 'silent'];
            return { command, cwd: bookDir, wrote: () => nonEmpty(file), pdf: async () => file };
          },
        },
        {
          tool: 'chromium --print-to-pdf',
          skipped: chromium.skipped ?? htmlSkip,
          start: async (i) => {
            const file = join(await fresh(out('chromium', i)), 'book.pdf');
            const command = [CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${file}`, pathToFileURL(html).href];
            return { command, cwd: bookDir, wrote: () => nonEmpty(file), pdf: async () => file };
          },
        },
      ]);
      const f = r.get('folio');
      pdfTimes.set(book, f);
      ratio(book, 'PDF: folio / pagedjs-cli', f, r.get('pagedjs-cli 0.4.3'), is300 ? { max: 0.5, label: '≤ 0.5' } : undefined);
      ratio(book, 'PDF: folio / vivliostyle', f, r.get('vivliostyle'));
      ratio(book, 'PDF: folio / plain Chromium', f, r.get('chromium --print-to-pdf'), is300 ? { max: 3, label: '≤ 3' } : undefined);
      if (book === '1000p' && f?.peakRssMb !== undefined) {
        ratios.push({ book, name: 'PDF: peak RSS of the process tree (MB)', value: f.peakRssMb, target: '< 1536', met: f.peakRssMb < 1536 });
      }
    }

    if (tasks.has('rebuild')) {
      for (const format of ['epub', 'pdf'] as const) {
        const extension = `.${format}`;
        // Each run starts from its own copy: a full build, then one word edited and the same command again.
        const copies: string[] = [];
        const r = await race(book, `${format.toUpperCase()} rebuild`, [
          {
            tool: 'folio full build',
            start: async (i) => {
              const copy = join(work, book, `rebuild-${format}-${i}`);
              await rm(copy, { recursive: true, force: true });
              await cp(bookDir, join(copy, 'manuscript'), { recursive: true });
              copies[i] = copy;
              const dir = await fresh(join(copy, 'out'));
              return { command: folio(join(copy, 'manuscript'), dir, [format], true), cwd: ROOT, wrote: folioWrote(dir, extension), env: chromiumEnv };
            },
          },
          {
            tool: 'folio rebuild, one word edited',
            start: async (i) => {
              const manuscript = join(copies[i]!, 'manuscript');
              await editOneWord(join(manuscript, files[Math.floor(files.length / 2)]!));
              return { command: folio(manuscript, join(copies[i]!, 'out'), [format], true), cwd: ROOT, wrote: folioWrote(join(copies[i]!, 'out'), extension), env: chromiumEnv };
            },
          },
        ]);
        ratio(book, `${format.toUpperCase()} rebuild / full build`, r.get('folio rebuild, one word edited'), r.get('folio full build'), is300 ? { max: 0.25, label: '≤ 0.25' } : undefined);
        const last = copies.at(-1);
        if (last) {
          // The rebuilt file must be the one a clean build of the edited manuscript gives.
          log(`${book} ${format} rebuild: clean build of the edited manuscript to compare bytes`);
          const clean = await fresh(join(last, 'clean'));
          const m = await measure(folio(join(last, 'manuscript'), clean, [format]), { cwd: ROOT, env: chromiumEnv, timeoutMs: 2 * HOUR });
          const identical = m.code === 0 && (await sameBytes(await outputFile(join(last, 'out'), extension), await outputFile(clean, extension)).catch(() => false));
          ratios.push({ book, name: `${format.toUpperCase()} rebuild byte-identical to a clean build`, text: identical ? 'yes' : 'no', target: 'yes', met: identical });
        }
      }
    }

    if (tasks.has('all') && book === 'small') {
      const r = await race(book, 'EPUB + PDF + HTML', [
        {
          tool: 'folio',
          start: async (i) => {
            const dir = await fresh(out('folio-all', i));
            return { command: folio(bookDir, dir, []), cwd: ROOT, wrote: folioWrote(dir, '.epub', '.pdf'), env: chromiumEnv };
          },
        },
      ]);
      const f = r.get('folio');
      if (f?.median !== undefined) ratios.push({ book, name: 'all three formats (s)', value: f.median, target: '< 3', met: f.median < 3 });
    }

    if (!process.env.FOLIO_KEEP_BENCH) await rm(join(work, book), { recursive: true, force: true });
  }
  for (const [what, times] of [['PDF', pdfTimes], ['EPUB', epubTimes]] as const) {
    if (times.has('300p') && times.has('1000p')) {
      ratio('1000p', `${what}: 1000p / 300p time`, times.get('1000p'), times.get('300p'), what === 'PDF' ? { max: 3.3, label: '< 3.3' } : undefined);
    }
  }
} finally {
  if (process.env.FOLIO_KEEP_BENCH) log(`kept ${work}`);
  else await rm(work, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------------
const loadAtEnd = loadavg();
const machine = machineDescription();
const report = {
  date: started.toISOString(),
  seconds: Math.round((Date.now() - started.getTime()) / 1000),
  machine: { ...machine, loadAverageAtStart: loadAtStart.map((l) => Number(l.toFixed(2))), loadAverageAtEnd: loadAtEnd.map((l) => Number(l.toFixed(2))) },
  folioCommand: FOLIO.map((part) => part.replace(ROOT + '/', '')).join(' '),
  runs,
  peers: peers.map((p) => ({ name: p.name, version: p.version, skipped: p.skipped })),
  rows,
  ratios,
  notes,
};
await mkdir(join(ROOT, 'dist'), { recursive: true });
await writeFile(join(ROOT, 'dist/bench.json'), JSON.stringify(report, null, 2) + '\n');

const fmt = (n: number | undefined, digits = 2) => (n === undefined ? '—' : n.toFixed(digits));
const table = [
  '| book | task | tool | median s | runs (s) | peak RSS MB | pages |',
  '| --- | --- | --- | ---: | --- | ---: | ---: |',
  ...rows.map((r) => `| ${r.book} | ${r.task} | ${r.tool} | ${fmt(r.median)} | ${r.seconds.map((s) => s.toFixed(2)).join(', ') || r.note || '—'} | ${r.peakRssMb ?? '—'} | ${r.pages ?? ''} |`),
  '',
  '| book | ratio | value | target | met |',
  '| --- | --- | ---: | --- | --- |',
  ...ratios.map((r) => `| ${r.book} | ${r.name} | ${r.text ?? fmt(r.value)} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'no'} |`),
].join('\n');
const machineLine =
  `Measured ${report.date.slice(0, 16).replace('T', ' ')} UTC on ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, ${machine.os}, Node ${process.versions.node}; ` +
  `load average ${report.machine.loadAverageAtStart[0]} at the start and ${report.machine.loadAverageAtEnd[0]} at the end; ` +
  `${runs} run${runs === 1 ? '' : 's'} each; Folio as \`${report.folioCommand}\`; ${peers.filter((p) => p.version).map((p) => p.version).join(', ')}.`;
const notesText = notes.map((n) => `- ${n}`).join('\n');
console.log(`\n${machineLine}\n\n${table}\n${notesText ? `\n${notesText}\n` : ''}`);
log(`wrote dist/bench.json (${report.seconds} s)`);

if (args.readme) {
  const readmePath = join(ROOT, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  const start = '<!-- bench:start (written by npm run bench -- --readme) -->';
  const end = '<!-- bench:end -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) log('README.md has no bench markers; the table was not written there');
  else await writeFile(readmePath, `${readme.slice(0, from + start.length)}\n${machineLine}\n\n${table}\n${notesText ? `\n${notesText}\n` : ''}${readme.slice(to)}`);
}
