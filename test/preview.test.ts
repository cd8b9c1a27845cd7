import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutBrowser } from './helpers/tools.js';
import { findBrowser, launchBrowser } from '../src/browser/launch.js';
import { safeSegments } from '../src/preview/paths.js';
import { startPreview, type PreviewServer } from '../src/preview/server.js';

const chapterFile = '03-more-investment-doesnt-always-fuel-more-innovation.md';
const chapterTitle = 'More Investment Doesn’t Always Fuel More Innovation';
const footnoteText = 'A quantitative investment firm and early DeepSeek backer.';
const screenshots = process.env.PREVIEW_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'folio-preview-shots-'));
// A 1×1 transparent PNG, to check that images are served with their type.
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex');

/**
 * A GET with the path exactly as written: fetch and browsers normalise `..` away before sending. `host` replaces
 * the Host header, as a page on another name resolving to 127.0.0.1 would send it.
 */
function rawGet(port: number, path: string, host?: string): Promise<{ status: number; contentType?: string; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: host ? { host } : {} }, (response) => {
      let body = '';
      response.setEncoding('latin1');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let dir: string;
let manuscript: string;
let server: PreviewServer;
const log: string[] = [];

beforeAll(async () => {
  // A copy, so the edits below never touch the real manuscript.
  dir = mkdtempSync(join(tmpdir(), 'folio-preview-'));
  manuscript = join(dir, 'manuscript');
  cpSync('manuscript', manuscript, { recursive: true });
  writeFileSync(join(manuscript, 'dot.png'), png);
  writeFileSync(join(dir, 'secret.png'), png);
  writeFileSync(join(manuscript, 'drawing.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/_folio/events")</script></svg>');
  writeFileSync(join(manuscript, 'script.js'), 'alert(1)');
  writeFileSync(join(manuscript, 'module.mjs'), 'alert(1)');
  writeFileSync(join(manuscript, 'page.html'), '<script>alert(1)</script>');
  symlinkSync(join(dir, 'secret.png'), join(manuscript, 'escape.png'));
  server = await startPreview({ manuscript, port: 0, log: (line) => log.push(line) });
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the preview server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('answers 404 to any path that leaves the served folders', async () => {
    const refused = [
      '/../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/%2e%2e/package.json',
      '/styles/../package.json',
      '/styles/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/..%5cpackage.json',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/escape.png',
      '/book.yaml',
      `/${encodeURIComponent(chapterFile)}`,
      '/node_modules/pagedjs/package.json',
      '/_folio/fonts/..%2f..%2fpackage.json',
    ];
    const statuses = await Promise.all(refused.map(async (path) => [path, (await rawGet(server.port, path)).status]));
    expect(statuses).toEqual(refused.map((path) => [path, 404]));
  });

  it('serves images, styles, fonts and paged.js with their content types', async () => {
    const fontUrl = /url\("(\/_folio\/fonts\/[^"]+\.woff2)"\)/.exec((await rawGet(server.port, '/_folio/fonts.css')).body)?.[1];
    expect(fontUrl).toBeDefined();
    const types = await Promise.all(
      ['/dot.png', '/styles/screen.css', fontUrl!, '/_folio/paged.polyfill.js', '/_folio/client.js', '/'].map(async (path) => (await rawGet(server.port, path)).contentType),
    );
    expect(types).toEqual(['image/png', 'text/css; charset=utf-8', 'font/woff2', 'text/javascript; charset=utf-8', 'text/javascript; charset=utf-8', 'text/html; charset=utf-8']);
  });

  it('refuses a request whose Host is another name, as a DNS-rebinding page would send it', async () => {
    const refused = await Promise.all(['attacker.example', `attacker.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`].map(async (host) => (await rawGet(server.port, '/dot.png', host)).status));
    expect(refused).toEqual([403, 403, 403, 403]);
    const allowed = await Promise.all([`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LocalHost:${server.port}`, `[::1]:${server.port}`].map(async (host) => (await rawGet(server.port, '/dot.png', host)).status));
    expect(allowed).toEqual([200, 200, 200, 200]);
  });

  it('serves a manuscript SVG sandboxed, so a script in it cannot run in the preview’s origin', async () => {
    const svg = await rawGet(server.port, '/drawing.svg');
    expect(svg.status).toBe(200);
    expect(svg.contentType).toBe('image/svg+xml');
    expect(svg.headers['content-security-policy']).toBe('sandbox');
    expect(svg.headers['x-content-type-options']).toBe('nosniff');
    expect((await rawGet(server.port, '/dot.png')).headers['content-security-policy']).toBe('sandbox');
  });

  it('serves no script or HTML file from the manuscript', async () => {
    const statuses = await Promise.all(['/script.js', '/module.mjs', '/page.html', '/page.html?print'].map(async (path) => (await rawGet(server.port, path)).status));
    // `/page.html` names a chapter page: the preview answers with its own "no such chapter" page, never the file.
    expect(statuses).toEqual([404, 404, 404, 404]);
    expect((await rawGet(server.port, '/page.html')).body).not.toContain('alert(1)');
  });

  it('moves to the next port when the one asked for is taken, and says so', async () => {
    const lines: string[] = [];
    const second = await startPreview({ manuscript, port: server.port, log: (line) => lines.push(line) });
    try {
      expect(second.port).toBeGreaterThan(server.port);
      expect(lines).toContain(`folio preview: port ${server.port} is in use; using ${second.port} instead`);
    } finally {
      await second.close();
    }
  }, 30_000);
});

describe('npm run preview', () => {
  it('prints its address, serves the book and exits 0 on Ctrl-C', async () => {
    // Its own process group, so the interrupt reaches the server process and the one that watches over it, as Ctrl-C does.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'preview', '--manuscript', manuscript, '--port', '0'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed: ${output}`)), 50_000);
      child.stderr.on('data', () => {
        const match = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    const response = await fetch(`${address}more-investment-doesnt-always-fuel-more-innovation.html`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(chapterTitle);
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(address)).rejects.toThrow();
  }, 60_000);
});

describe('path checks', () => {
  it('reject dot segments, encoded or not, backslashes and empty segments', () => {
    expect(safeSegments('/images/a%20b.png')).toEqual(['images', 'a b.png']);
    for (const path of ['/../x', '/%2e%2e/x', '/a/%2E%2E/x', '/a%2f..%2fx', '/a%5cb', '//x', '/a/./b', '/%00', '/%zz', 'x']) {
      expect(safeSegments(path), path).toBeUndefined();
    }
  });
});

const found = findBrowser();

describe.skipIf(skipWithoutBrowser())('the preview in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const chapterPath = () => join(manuscript, chapterFile);

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 900, height: 1000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  const connected = () => page.waitForFunction(() => (window as unknown as { __folioPreview?: { connected: boolean } }).__folioPreview?.connected === true, { timeout: 10_000 });
  const overlayText = () =>
    page.evaluate(() => document.querySelector('folio-preview')?.shadowRoot?.querySelector('.overlay')?.textContent ?? null);

  it('opens the index, follows a chapter link and shows the heading and its footnote', async () => {
    await page.goto(server.url, { waitUntil: 'load' });
    expect(await page.$eval('.book-title', (node) => node.textContent)).toBe('Interview with DeepSeek Founder');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`nav.contents a[href$="more-investment-doesnt-always-fuel-more-innovation.html"]`)]);
    expect(await page.$eval('article h1', (node) => node.textContent)).toBe(chapterTitle);
    // The call and the note, whichever way the footnotes template shows them on screen.
    const note = await page.evaluate(() => ({
      call: document.querySelector('article sup')?.textContent?.trim(),
      bodies: [...document.querySelectorAll('article [role="doc-footnote"]')].map((node) => node.textContent ?? ''),
    }));
    expect(note.call).toBe('1');
    expect(note.bodies.some((text) => text.includes(footnoteText))).toBe(true);
    // The book's face, served by the preview, not a fallback.
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.fonts.check('16px "EB Garamond"') && [...document.fonts].some((face) => face.family.includes('EB Garamond') && face.status === 'loaded'))).toBe(true);
    await page.screenshot({ path: join(screenshots, 'chapter.png') });
  }, 30_000);

  it('shows an edit of the chapter without a manual reload, redoing only that chapter and keeping the scroll position through reloads', async () => {
    await connected();
    await page.evaluate(() => window.scrollTo(0, 600));
    const before = readFileSync(chapterPath(), 'utf8');
    const marker = `Freshly saved sentence ${Date.now()}.`;
    const logged = log.length;
    try {
      const started = performance.now();
      writeFileSync(chapterPath(), before.replace(/^(# .*\n)/, `$1\n${marker}\n`));
      await page.waitForFunction((text) => document.body?.textContent?.includes(text), { polling: 'raf', timeout: 10_000 }, marker);
      const latency = performance.now() - started;
      console.log(`preview: save → new text on screen in ${Math.round(latency)} ms (file event → reload sent: ${Math.round(server.lastReloadMs ?? NaN)} ms)`);
      expect(latency).toBeLessThan(2_000);
      expect(log.slice(logged).filter((line) => /^folio preview: \d+ chapters? processed/.test(line))).toEqual([
        expect.stringMatching(/^folio preview: 1 chapter processed in \d+ ms$/),
      ]);
      expect(await page.evaluate(() => Math.round(window.scrollY))).toBe(600);
      // An image changed: the page loads again (the swap above did not), and the scroll comes back from sessionStorage.
      await page.evaluate(() => ((window as unknown as { beforeImageChange: boolean }).beforeImageChange = true));
      writeFileSync(join(manuscript, 'dot.png'), png);
      await page.waitForFunction(
        () => !(window as unknown as { beforeImageChange?: boolean }).beforeImageChange && (window as unknown as { __folioPreview?: { scrollRestored: boolean } }).__folioPreview?.scrollRestored,
        { timeout: 10_000 },
      );
      expect(await page.evaluate(() => Math.round(window.scrollY))).toBe(600);
    } finally {
      writeFileSync(chapterPath(), before);
    }
    await page.waitForFunction((text) => !document.body?.textContent?.includes(text), { timeout: 10_000 }, marker);
  }, 30_000);

  it('keeps showing edits after an editor saved the chapter by renaming a temporary file over it', async () => {
    await connected();
    const before = readFileSync(chapterPath(), 'utf8');
    const onScreen = (text: string) => page.waitForFunction((wanted) => document.body?.textContent?.includes(wanted), { polling: 'raf', timeout: 10_000 }, text);
    try {
      // vim, JetBrains and sync tools write a temporary file and rename it over the chapter.
      const renamed = `Saved by rename ${Date.now()}.`;
      writeFileSync(`${chapterPath()}.tmp`, before.replace(/^(# .*\n)/, `$1\n${renamed}\n`));
      renameSync(`${chapterPath()}.tmp`, chapterPath());
      await onScreen(renamed);
      // The two saves after it (a person saves again after a moment, not in the same millisecond) must show too.
      for (const edit of ['First edit after the rename', 'Second edit after the rename']) {
        await new Promise((done) => setTimeout(done, 300));
        const marker = `${edit} ${Date.now()}.`;
        writeFileSync(chapterPath(), before.replace(/^(# .*\n)/, `$1\n${marker}\n`));
        await onScreen(marker);
      }
    } finally {
      writeFileSync(chapterPath(), before);
    }
    await page.waitForFunction((text) => !document.body?.textContent?.includes(text), { timeout: 10_000 }, 'after the rename');
  }, 60_000);

  it('shows a broken book.yaml in an overlay and takes it away after the fix', async () => {
    await connected();
    const yamlPath = join(manuscript, 'book.yaml');
    const good = readFileSync(yamlPath, 'utf8');
    try {
      writeFileSync(yamlPath, good.replace('language: en', 'language: [en'));
      await page.waitForFunction(() => document.querySelector('folio-preview')?.shadowRoot?.querySelector('.overlay'), { timeout: 10_000 });
      const text = (await overlayText())!;
      expect(text).toMatch(/book\.yaml:\d+:\d+: error: .+ \[config-syntax\]/);
      // The server keeps serving the chapter underneath, from the last good book.yaml (not the defaults, whose title would differ).
      expect(await page.$eval('article h1', (node) => node.textContent)).toBe(chapterTitle);
      expect(await page.$eval('header.book-header a', (node) => node.textContent)).toBe('Interview with DeepSeek Founder');
      await page.screenshot({ path: join(screenshots, 'overlay.png') });
      await connected();
    } finally {
      writeFileSync(yamlPath, good);
    }
    await page.waitForFunction(() => !document.querySelector('folio-preview')?.shadowRoot?.querySelector('.overlay'), { timeout: 10_000 });
    expect(await overlayText()).toBeNull();
  }, 30_000);

  it('shows a footnote without a definition with its place in the chapter', async () => {
    await connected();
    const good = readFileSync(chapterPath(), 'utf8');
    try {
      writeFileSync(chapterPath(), good.replace('**An Yong:** Are there', '**An Yong:**[^missing] Are there'));
      await page.waitForFunction(() => document.querySelector('folio-preview')?.shadowRoot?.querySelector('.overlay'), { timeout: 10_000 });
      expect(await overlayText()).toContain(`${chapterFile}:7:13: error: Footnote reference \`[^missing]\` has no definition [footnote-undefined]`);
      await connected();
    } finally {
      writeFileSync(chapterPath(), good);
    }
    await page.waitForFunction(() => !document.querySelector('folio-preview')?.shadowRoot?.querySelector('.overlay'), { timeout: 10_000 });
  }, 30_000);

  it('lays the chapter out in pages with paged.js in the print view, footnotes at the foot of the page', async () => {
    await page.goto(`${server.url}more-investment-doesnt-always-fuel-more-innovation.html?print`, { waitUntil: 'load' });
    const pages = await page.evaluate(() => (window as unknown as { __folioDone: Promise<number> }).__folioDone);
    expect(pages).toBeGreaterThan(1);
    const layout = await page.evaluate(() => ({
      pages: document.querySelectorAll('.pagedjs_page').length,
      heading: document.querySelector('.pagedjs_page h1')?.textContent,
      notesAtFoot: [...document.querySelectorAll('.pagedjs_footnote_area .footnote')].map((node) => node.textContent!.replace(/\u00ad/g, '')),
    }));
    expect(layout.pages).toBe(pages);
    expect(layout.heading).toBe(chapterTitle);
    expect(layout.notesAtFoot).toEqual([expect.stringContaining(footnoteText)]);
    await page.screenshot({ path: join(screenshots, 'print.png'), fullPage: false });
  }, 60_000);
});
