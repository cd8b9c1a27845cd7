import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBrowser } from '../../src/browser/launch.js';

export interface AceViolation {
  /** The content document (or package document) the rule failed in. */
  document: string;
  rule: string;
  impact: string;
  description: string;
}

export interface AceReport {
  outcome: 'pass' | 'fail';
  violations: AceViolation[];
  /** Accessibility metadata Ace found in the package document, by property. */
  metadata: Record<string, unknown>;
}

interface EarlAssertion {
  'earl:testSubject'?: { url?: string };
  'earl:test'?: { 'dct:title'?: string; 'earl:impact'?: string };
  'earl:result'?: { 'dct:description'?: string };
  assertions?: EarlAssertion[];
}

/**
 * Runs Ace by DAISY (`@daisy/ace-cli` with its puppeteer runner, `-E`) on an EPUB with the browser Folio found,
 * and returns its violations. Puppeteer downloads no browser of its own (`.puppeteerrc.cjs`).
 * Rejects when Ace itself fails to run (as opposed to finding violations). Asynchronous, so a test file can let
 * Ace work while EPUBCheck runs.
 */
export async function ace(epubPath: string): Promise<AceReport> {
  const browser = findBrowser();
  if (!browser) throw new Error('Ace needs Chromium or Chrome (see findBrowser)');
  const out = mkdtempSync(join(tmpdir(), 'folio-ace-'));
  // Exit code 2 (-E) means violations were found: the report says which, so it is read either way.
  const run = await new Promise<{ status: number; output: string }>((resolve, reject) => {
    execFile(
      join('node_modules', '.bin', 'ace-cli'),
      ['-E', '-s', '-f', '-o', out, epubPath],
      { encoding: 'utf8', env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: browser.executablePath }, timeout: 180_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ status: typeof error?.code === 'number' ? error.code : 0, output: `${stderr}${stdout}` });
      },
    );
  });
  let report: { 'earl:result': { 'earl:outcome': 'pass' | 'fail' }; assertions: EarlAssertion[]; properties?: unknown; 'a11y-metadata': Record<string, unknown> };
  try {
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  } catch (error) {
    throw new Error(`Ace wrote no report (exit ${run.status}): ${run.output}`, { cause: error });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const violations = report.assertions.flatMap((subject) =>
    (subject.assertions ?? []).map((assertion) => ({
      document: subject['earl:testSubject']?.url ?? '',
      rule: assertion['earl:test']?.['dct:title'] ?? '',
      impact: assertion['earl:test']?.['earl:impact'] ?? '',
      description: assertion['earl:result']?.['dct:description'] ?? '',
    })),
  );
  return { outcome: report['earl:result']['earl:outcome'], violations, metadata: report['a11y-metadata'] };
}
