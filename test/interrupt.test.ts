import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { skipWithoutBrowser } from './helpers/tools.js';
import { findBrowser } from '../src/browser/launch.js';

/*
 * A real PDF build of the default manuscript in a child process, interrupted while Chromium lays the book out.
 * The child gets its own TMPDIR, so its browser (whose profile lives there) is found with `pgrep -f` on that
 * unique folder, without touching other builds running on the machine.
 */
const repo = new URL('../', import.meta.url).pathname;
const tsx = import.meta.resolve('tsx');
const scratch = mkdtempSync(join(tmpdir(), 'folio-interrupt-'));
const temps: string[] = [];
afterAll(() => {
  for (const dir of [scratch, ...temps]) rmSync(dir, { recursive: true, force: true });
});

const previous = {
  'interview-with-deepseek-founder.pdf': '%PDF-1.7 the previous good PDF\n',
  'interview-with-deepseek-founder.epub': 'PK the previous good EPUB\n',
};

function processesUnder(folder: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', folder], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  return undefined;
}

describe.skipIf(skipWithoutBrowser())('a PDF build interrupted midway', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it.concurrent(`by ${signal} exits ${code}, keeps the previous PDF, leaves no part of a file, no browser and no temporary file`, { timeout: 120_000 }, async () => {
      const work = join(scratch, signal);
      const out = join(work, 'dist');
      // Directly under the run's temporary folder: a longer TMPDIR would send the browser's profile to /tmp.
      const temp = mkdtempSync(join(tmpdir(), 'i-'));
      temps.push(temp);
      mkdirSync(out, { recursive: true });
      for (const [name, text] of Object.entries(previous)) writeFileSync(join(out, name), text);

      const child = spawn(process.execPath, ['--import', tsx, 'src/cli.ts', 'build', '--format', 'pdf,epub', '--no-cache', '--out', out], {
        cwd: repo,
        env: { ...process.env, TMPDIR: temp, FORCE_COLOR: '0' },
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));

      // Midway: Chromium is up (its profile is under our TMPDIR) and has had a moment to start laying out.
      const browsers = await until(() => {
        const found = processesUnder(temp);
        return found.length > 0 ? found : undefined;
      }, 60_000);
      expect(browsers, `no browser started:\n${stderr}`).toBeDefined();
      await sleep(1_500);
      expect(child.exitCode, `the build ended before it could be interrupted:\n${stderr}`).toBeNull();
      child.kill(signal);

      expect(await exited).toBe(code);
      expect(stderr).toContain(`interrupted by ${signal}`);
      expect(await until(() => (processesUnder(temp).length === 0 ? true : undefined), 5_000), `left running: ${processesUnder(temp).join(', ')}`).toBe(true);
      expect(readdirSync(out).sort()).toEqual(Object.keys(previous).sort());
      // The PDF was being laid out: the previous one stays. The EPUB is built while the browser lays out, so on a
      // slow machine it may have been finished and put in place before the signal: then it is a whole new EPUB
      // (a readable zip with its package document), never a part of one.
      expect(readFileSync(join(out, 'interview-with-deepseek-founder.pdf'), 'utf8')).toBe(previous['interview-with-deepseek-founder.pdf']);
      const epub = readFileSync(join(out, 'interview-with-deepseek-founder.epub'));
      if (epub.toString('utf8') !== previous['interview-with-deepseek-founder.epub']) {
        const zip = await JSZip.loadAsync(epub);
        expect(await zip.file('mimetype')?.async('string')).toBe('application/epub+zip');
        expect(zip.file('OEBPS/content.opf')).not.toBeNull();
      }
      // tsx keeps its compile cache in TMPDIR; everything else (print document, browser profile) must be gone.
      expect(readdirSync(temp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
    });
  }
});
