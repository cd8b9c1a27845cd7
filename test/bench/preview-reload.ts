/**
 * Save-to-screen time of the preview: `npx tsx test/bench/preview-reload.ts [rounds]`.
 * Serves a copy of the default manuscript, opens a chapter in headless Chromium, then saves the chapter with a new
 * sentence again and again and times each save until the sentence is on screen. Prints each figure and the median.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../../src/browser/launch.js';
import { startPreview } from '../../src/preview/server.js';

const rounds = Number(process.argv[2] ?? 10);
const chapterFile = '03-more-investment-doesnt-always-fuel-more-innovation.md';

const dir = mkdtempSync(join(tmpdir(), 'folio-preview-bench-'));
const manuscript = join(dir, 'manuscript');
cpSync('manuscript', manuscript, { recursive: true });
const server = await startPreview({ manuscript, port: 0, log: () => {} });
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}more-investment-doesnt-always-fuel-more-innovation.html`, { waitUntil: 'load' });
  const path = join(manuscript, chapterFile);
  const original = readFileSync(path, 'utf8');
  const onScreen: number[] = [];
  const onServer: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await page.waitForFunction(() => (window as unknown as { __folioPreview?: { connected: boolean } }).__folioPreview?.connected === true);
    const marker = `Saved sentence number ${round}.`;
    const started = performance.now();
    writeFileSync(path, original.replace(/^(# .*\n)/, `$1\n${marker}\n`));
    await page.waitForFunction((text) => document.body?.textContent?.includes(text), { polling: 'raf' }, marker);
    onScreen.push(performance.now() - started);
    onServer.push(server.lastReloadMs ?? NaN);
    console.log(`round ${round + 1}: ${Math.round(onScreen.at(-1)!)} ms save → on screen (${Math.round(onServer.at(-1)!)} ms file event → reload sent)`);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`median of ${rounds}: ${Math.round(median(onScreen))} ms on screen, ${Math.round(median(onServer))} ms on the server`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
