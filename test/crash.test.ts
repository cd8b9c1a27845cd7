import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutBrowser } from './helpers/tools.js';
import { closeBrowser, findBrowser, launchBrowser } from '../src/browser/launch.js';
import { sweepDeadTempDirs } from '../src/process/lifecycle.js';
import { emitPdf } from '../src/emit/pdf/index.js';
import { loadManuscript } from '../src/load/index.js';
import { renderBook } from '../src/pipeline.js';
import type { RenderedBook } from '../src/types.js';

/*
 * Chromium dying under a build: killed (the OOM killer, a user), or its tab's renderer crashing. The build must
 * say so in one line naming the PDF step, promptly (not at the layout timeout), keep the previous PDF and leave
 * no browser or temporary file behind.
 */
const repo = new URL('../', import.meta.url).pathname;
const tsx = import.meta.resolve('tsx');
const scratch = mkdtempSync(join(tmpdir(), 'folio-crash-'));
const shortTemps: string[] = [];
/** A folder for a child build's TMPDIR, short enough that its browser profile stays under it (see shortTempBase). */
const shortTemp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'c-'));
  shortTemps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of [scratch, ...shortTemps]) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

const STEPS = '(opening a tab|loading the print document|laying out the book|printing the PDF)';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => T | undefined, timeoutMs: number, everyMs = 100): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await sleep(everyMs);
  }
  return undefined;
}

function pgrep(args: string[]): number[] {
  try {
    return execFileSync('pgrep', args, { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** The browser's own process (not a renderer, zygote or utility): the one whose command line has no `--type=`. */
function browserProcessUnder(folder: string): number | undefined {
  return pgrep(['-f', folder]).find((pid) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return args.some((arg) => arg.startsWith(`--user-data-dir=${folder}`)) && !args.some((arg) => arg.startsWith('--type='));
    } catch {
      return false;
    }
  });
}

/** The print document `renderPdf` writes just before it opens it in the browser, two folders down: `folio-<pid>-…/folio-pdf-…/book.html`. */
function printDocumentUnder(folder: string): string | undefined {
  const walk = (dir: string, depth: number): string | undefined => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return undefined;
    }
    if (names.includes('book.html') && dir.includes('folio-pdf-')) return join(dir, 'book.html');
    if (depth === 0) return undefined;
    for (const name of names) {
      if (!name.startsWith('folio-')) continue;
      const found = walk(join(dir, name), depth - 1);
      if (found) return found;
    }
    return undefined;
  };
  return walk(folder, 2);
}

describe.skipIf(skipWithoutBrowser())('a PDF build whose browser is killed midway', () => {
  it('exits 1 with one line naming the PDF step, keeps the previous PDF and leaves no browser or temporary file', { timeout: 120_000 }, async () => {
    const out = join(scratch, 'cli', 'dist');
    // Directly under the run's temporary folder: a TMPDIR over 40 characters would send the browser's profile to /tmp.
    const temp = shortTemp();
    mkdirSync(out, { recursive: true });
    // Binary bytes, so "byte-identical" means it: a rewrite through a text encoding would change them.
    const previous = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.from([0, 255, 128, 10]), Buffer.from('the previous good PDF\n')]);
    const pdfName = 'interview-with-deepseek-founder.pdf';
    writeFileSync(join(out, pdfName), previous);

    const child = spawn(process.execPath, ['--import', tsx, 'src/cli.ts', 'build', '--format', 'pdf', '--no-cache', '--out', out], {
      cwd: repo,
      env: { ...process.env, TMPDIR: temp, FORCE_COLOR: '0' },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));

    // Mid-render: the print document is written and about to be opened, laid out and printed, which takes seconds.
    const printDocument = await until(() => printDocumentUnder(temp), 90_000, 20);
    expect(printDocument, `the build never wrote its print document:\n${stderr}`).toBeDefined();
    const browserPid = browserProcessUnder(temp);
    expect(browserPid, `no browser found under ${temp}:\n${stderr}`).toBeDefined();
    expect(child.exitCode, `the build ended before the browser could be killed:\n${stderr}`).toBeNull();
    process.kill(browserPid!, 'SIGKILL');

    const started = Date.now();
    expect(await exited).toBe(1);
    expect(Date.now() - started, 'the build waited for the layout timeout instead of noticing the crash').toBeLessThan(20_000);
    const lines = stderr.trim().split('\n');
    expect(lines.filter((line) => line.startsWith('✗'))).toEqual([
      expect.stringMatching(new RegExp(`^✗ pdf: The browser quit unexpectedly while ${STEPS}; the PDF was not written\\. \\(\\d+\\.\\d s\\)$`)),
    ]);
    expect(lines.at(-1)).toMatch(/^folio: build failed \(\d+\.\d s\)$/);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('internal error');
    expect(stdout).toBe('');

    expect(readdirSync(out)).toEqual([pdfName]);
    expect(readFileSync(join(out, pdfName)).equals(previous)).toBe(true);
    const left = await until(() => (pgrep(['-f', temp]).length === 0 ? true : undefined), 5_000);
    expect(left, `left running: ${pgrep(['-f', temp]).join(', ')}`).toBe(true);
    // tsx keeps its compile cache in TMPDIR; everything else (print document, browser profile) must be gone.
    expect(readdirSync(temp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
  });
});

/**
 * A `preparePage` that lets the page load but holds paged.js in its `before` hook for ever, so the browser is
 * killed while the book is being laid out, every time; `held` resolves with the page once it has loaded
 * (paged.js starts before the fonts are in) and `renderPdf` has had a moment to start waiting for layout.
 */
function holdLayout(): { preparePage: (page: Page) => Promise<void>; held: Promise<Page> } {
  let resolveHeld!: (page: Page) => void;
  const started = new Promise<Page>((resolve) => (resolveHeld = resolve));
  const held = started.then(async (page) => {
    await page.waitForFunction(() => document.readyState === 'complete');
    await sleep(300);
    return page;
  });
  const preparePage = async (page: Page) => {
    await page.exposeFunction('__testLayoutHeld', () => resolveHeld(page));
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { PagedConfig?: Record<string, unknown>; __testLayoutHeld: () => void };
      let config: Record<string, unknown> | undefined;
      Object.defineProperty(window, 'PagedConfig', {
        configurable: true,
        get: () => config,
        set: (value: Record<string, unknown>) => {
          config = { ...value, before: () => (w.__testLayoutHeld(), new Promise(() => {})) };
        },
      });
    });
  };
  return { preparePage, held };
}

describe.skipIf(skipWithoutBrowser())('emitPdf when the browser dies during layout', { timeout: 60_000 }, () => {
  let book: RenderedBook;
  beforeAll(async () => {
    const { manuscript } = await loadManuscript(join(repo, 'manuscript'));
    book = await renderBook(manuscript!, 'pdf');
  });

  it('throws at once that the browser quit while laying out the book, writes nothing and leaves none of its processes', async () => {
    const dir = mkdtempSync(join(scratch, 'quit-'));
    const browser = await launchBrowser();
    const pid = browser.process()!.pid!;
    try {
      const { preparePage, held } = holdLayout();
      const out = join(dir, 'book.pdf');
      const printing = emitPdf(book, out, { browser, preparePage, timeoutMs: 120_000 });
      printing.catch(() => {});
      await held;
      const killed = Date.now();
      process.kill(pid, 'SIGKILL');
      await expect(printing).rejects.toThrow(/^The browser quit unexpectedly while laying out the book; the PDF was not written\.$/);
      expect(Date.now() - killed).toBeLessThan(10_000);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
      // Puppeteer starts the browser as the leader of its own process group: renderers and helpers go with it.
      expect(await until(() => (pgrep(['-g', String(pid)]).length === 0 ? true : undefined), 5_000), `left running: ${pgrep(['-g', String(pid)]).join(', ')}`).toBe(true);
    } finally {
      await browser.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws at once that the tab crashed while laying out the book, and leaves a borrowed browser open', async () => {
    const dir = mkdtempSync(join(scratch, 'tab-'));
    const browser: Browser = await launchBrowser();
    try {
      const { preparePage, held } = holdLayout();
      const out = join(dir, 'book.pdf');
      const printing = emitPdf(book, out, { browser, preparePage, timeoutMs: 120_000 });
      printing.catch(() => {});
      const page = await held;
      const crashed = Date.now();
      const session = await page.createCDPSession();
      void session.send('Page.crash').catch(() => {}); // answers never: the renderer is gone
      await expect(printing).rejects.toThrow(/^The browser tab printing the book crashed while laying out the book; the PDF was not written\.$/);
      expect(Date.now() - crashed).toBeLessThan(10_000);
      expect(readdirSync(dir)).toEqual([]);
      expect(browser.connected).toBe(true);
    } finally {
      await browser.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Every process whose command line names `folder`: the browser, its renderers, zygote and helpers all carry the profile path. */
const processesUnder = (folder: string) => pgrep(['-f', folder]);

describe.skipIf(skipWithoutBrowser())('a PDF build killed with SIGKILL', () => {
  it('takes its browser with it within a second, and the next run sweeps the temporary folder it could not remove', { timeout: 120_000 }, async () => {
    const out = join(scratch, 'sigkill', 'dist');
    const temp = shortTemp();
    mkdirSync(out, { recursive: true });
    // Its own process group, as a shell job or a CI step would be: the whole group is killed at once.
    const child = spawn(process.execPath, ['--import', tsx, 'src/cli.ts', 'build', '--format', 'pdf', '--no-cache', '--out', out], {
      cwd: repo,
      env: { ...process.env, TMPDIR: temp, FORCE_COLOR: '0' },
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const printDocument = await until(() => printDocumentUnder(temp), 90_000, 20);
    expect(printDocument, 'the build never wrote its print document').toBeDefined();
    expect(processesUnder(temp).length).toBeGreaterThan(0);
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    await sleep(1_000);
    const running = processesUnder(temp).map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 120);
      } catch {
        return `${pid} (gone while looked at)`;
      }
    });
    expect(running, 'browser processes still running a second after SIGKILL').toEqual([]);

    // The killed build could not remove its folder; the next one does, and keeps a live process's folder.
    const left = readdirSync(temp).filter((name) => /^folio-\d+-/.test(name));
    expect(left.length).toBe(1);
    const live = mkdtempSync(join(temp, `folio-${process.pid}-`));
    expect(sweepDeadTempDirs([temp])).toEqual([join(temp, left[0]!)]);
    expect(readdirSync(temp).filter((name) => /^folio-\d+-/.test(name))).toEqual([live.slice(temp.length + 1)]);
  });
});

describe.skipIf(skipWithoutBrowser())('closing a launched browser', () => {
  it('returns once none of its processes is left, and removes its temporary folder, even with a long TMPDIR', { timeout: 60_000 }, async () => {
    // macOS gives TMPDIR paths of 50 characters and more; Chromium's socket path under it must still fit.
    const long = join(scratch, 'a-temporary-folder-with-a-long-name'.repeat(3));
    mkdirSync(long);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = long;
    const browser = await launchBrowser().finally(() => (process.env.TMPDIR = saved));
    const pid = browser.process()!.pid!;
    const profile = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').find((arg) => arg.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length);
    const page = await browser.newPage();
    await page.setContent('<p>a page, so a renderer runs</p>');
    expect(processesUnder(profile).length).toBeGreaterThan(1);
    await closeBrowser(browser);
    expect(processesUnder(profile)).toEqual([]);
    expect(existsSync(join(profile, '..'))).toBe(false);
  });
});
