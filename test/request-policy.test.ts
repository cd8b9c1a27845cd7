import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutBrowser } from './helpers/tools.js';
import { findBrowser, launchBrowser } from '../src/browser/launch.js';
import { applyRequestPolicy, isAllowed, printRoots } from '../src/emit/pdf/request-policy.js';

const scratch = mkdtempSync(join(tmpdir(), 'folio-policy-'));
const manuscript = join(scratch, 'manuscript');
const printDir = join(scratch, 'print');
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

beforeAll(() => {
  mkdirSync(manuscript, { recursive: true });
  mkdirSync(printDir, { recursive: true });
  writeFileSync(join(manuscript, 'dot.png'), png);
  writeFileSync(join(scratch, 'beside.png'), png);
  symlinkSync('/etc/hostname', join(manuscript, 'host.png'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the print request policy', () => {
  const roots = () => printRoots(manuscript, printDir);

  it('allows the manuscript, the fonts, paged.js and data: URLs', () => {
    const fontsAndPaged = roots().slice(3).map((folder) => pathToFileURL(join(folder, 'x')).href);
    for (const url of [pathToFileURL(join(manuscript, 'dot.png')).href, 'data:image/png;base64,AAAA', ...fontsAndPaged]) {
      expect(isAllowed(url, roots()), url).toBe(true);
    }
  });

  it('refuses the network, files beside the manuscript and symlinks pointing out', () => {
    for (const url of ['http://example.com/x.png', 'https://example.com/', 'file:///etc/passwd', pathToFileURL(join(scratch, 'beside.png')).href, pathToFileURL(join(manuscript, 'host.png')).href, pathToFileURL(join(manuscript, '..', 'beside.png')).href]) {
      expect(isAllowed(url, roots()), url).toBe(false);
    }
  });

  describe.skipIf(skipWithoutBrowser())('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('loads only allowed resources and reports each refused URL', async () => {
      const html = `<!doctype html><body>
        <img id="ok" src="${pathToFileURL(join(manuscript, 'dot.png')).href}">
        <img id="inline" src="data:image/png;base64,${png.toString('base64')}">
        <img id="passwd" src="file:///etc/passwd">
        <img id="web" src="http://example.com/x.png">
        <img id="link" src="${pathToFileURL(join(manuscript, 'host.png')).href}">
        <img id="beside" src="${pathToFileURL(join(scratch, 'beside.png')).href}">
      </body>`;
      const documentPath = join(printDir, 'book.html');
      writeFileSync(documentPath, html);
      const page = await browser.newPage();
      try {
        const policy = await applyRequestPolicy(page, { allowedRoots: roots() });
        await page.goto(pathToFileURL(documentPath).href, { waitUntil: 'load' });
        const loaded = await page.evaluate(() => Object.fromEntries([...document.images].map((image) => [image.id, image.naturalWidth > 0])));
        expect(loaded).toEqual({ ok: true, inline: true, passwd: false, web: false, link: false, beside: false });
        expect(policy.refused.sort()).toEqual(
          ['file:///etc/passwd', 'http://example.com/x.png', pathToFileURL(join(manuscript, 'host.png')).href, pathToFileURL(join(scratch, 'beside.png')).href].sort(),
        );
        expect(policy.warnings()).toContain('Refused to load `http://example.com/x.png`: a book is printed from its own files, never from the network');
      } finally {
        await page.close();
      }
    }, 60_000);
  });
});
