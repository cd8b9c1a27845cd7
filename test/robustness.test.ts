import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as childProcess from 'node:child_process';
import * as fsPromises from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { findBrowser, launchBrowser } from '../src/browser/launch.js';
import { emitPress } from '../src/emit/pdf/press.js';
import { replaceDirectory } from '../src/io/replace-directory.js';
import { pdfinfo, skipWithoutBrowser } from './helpers/tools.js';
import { build } from '../src/build.js';
import { main } from '../src/cli.js';
import { buildPrintDocument } from '../src/emit/pdf/print-document.js';
import { loadManuscript } from '../src/load/index.js';
import { renderBook } from '../src/pipeline.js';

// `rename` is wrapped so one test can make the final swap of `replaceDirectory` fail; it passes through otherwise.
vi.mock('node:fs/promises', async (original) => {
  const actual = await original<typeof import('node:fs/promises')>();
  return { ...actual, rename: vi.fn(actual.rename) };
});

// `execFile` is wrapped (its promisified form too) so a test can read the arguments Ghostscript gets.
vi.mock('node:child_process', async (original) => {
  const actual = await original<typeof import('node:child_process')>();
  const { promisify } = await import('node:util');
  const custom = (actual.execFile as unknown as Record<symbol, (...args: unknown[]) => unknown>)[promisify.custom]!;
  return { ...actual, execFile: Object.assign(vi.fn(actual.execFile), { [promisify.custom]: vi.fn(custom) }) };
});

// The print emitter is replaced (it needs a browser) so the build's handling of refused requests can be seen alone.
vi.mock('../src/emit/pdf/index.js', () => ({
  pdfEmitter: { emit: async () => ({ outputs: [], detail: 'stub', messages: [{ rule: 'resource-refused', reason: 'Refused to load `https://example.com/x.png`: a book is printed from its own files, never from the network' }] }) },
}));

const scratch = mkdtempSync(join(tmpdir(), 'folio-robustness-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const dot = new URL('./fixtures/broken/image-alt-missing/manuscript/images/dot.png', import.meta.url).pathname;

/** A one-chapter manuscript in a fresh folder, with `dot.png` copied to each of `images`. */
function manuscript(name: string, files: Record<string, string>, images: string[] = []): string {
  const folder = join(scratch, name);
  mkdirSync(folder, { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(folder, path), text);
  for (const path of images) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    cpSync(dot, join(folder, path));
  }
  return folder;
}

describe('the HTML output', () => {
  it('carries the images the chapters show, under content-hashed names', async () => {
    const folder = manuscript('html-images', { 'one.md': '# One\n\n![A red dot](images/red.png)\n\n<img src="images/red.png" alt="Again">\n' }, ['images/red.png']);
    const out = join(folder, 'dist');
    const result = await build({ manuscript: folder, out, formats: ['html'] });
    expect(result.outputs.map((output) => output.error?.message).filter(Boolean)).toEqual([]);
    const copied = readdirSync(join(out, 'html', 'images'));
    expect(copied).toHaveLength(1);
    expect(copied[0]).toMatch(/^[0-9a-f]{16}\.png$/);
    expect(readFileSync(join(out, 'html', 'images', copied[0]!))).toEqual(readFileSync(dot));
    const page = readFileSync(join(out, 'html', 'one.html'), 'utf8');
    expect(page).not.toContain('images/red.png');
    expect(page.match(new RegExp(`src="images/${copied[0]}"`, 'g'))).toHaveLength(2);
    expect(existsSync(join(out, 'html', 'images', 'red.png'))).toBe(false);
  });
});

describe('the print document', () => {
  it('finds a raw-HTML image whose name has a `%`, a query or a fragment, as `check` does', async () => {
    const folder = manuscript('percent-image', { 'one.md': '# One\n\n<img src="images/50%.png" alt="Half">\n\n<img src="images/red.png?v=2#x" alt="Red">\n' }, ['images/50%.png', 'images/red.png']);
    const { manuscript: loaded } = await loadManuscript(folder);
    const book = await renderBook(loaded!, 'pdf');
    const html = buildPrintDocument(book);
    expect(html).toContain(`src="file://${folder}/images/50%25.png"`);
    expect(html).toContain(`src="file://${folder}/images/red.png"`);
  });
});

describe('replacing an output folder', () => {
  it('puts the old folder back and removes the staging folder when the final swap fails', async () => {
    const parent = join(scratch, 'replace');
    const target = join(parent, 'html');
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'index.html'), 'old');
    const rename = vi.mocked(fsPromises.rename);
    const actual = rename.getMockImplementation()!;
    rename.mockImplementation(async (from, to) => {
      if (String(from).endsWith('.tmp')) throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
      return actual(from, to);
    });
    try {
      await expect(replaceDirectory(target, async (folder) => writeFileSync(join(folder, 'index.html'), 'new'))).rejects.toThrow(/EXDEV/);
    } finally {
      rename.mockImplementation(actual);
    }
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('old');
    expect(readdirSync(parent)).toEqual(['html']);
  });
});

describe('the command line', () => {
  const cases: Array<[string[], RegExp]> = [
    [['build', '--format', 'epub', '--press'], /--press needs the pdf format/],
    [['build', '--format', 'html', '--proof'], /--proof needs the pdf format/],
    [['check', '--press'], /--press is for `folio build`/],
    [['build', '--port', '8080'], /--port is for `folio preview`/],
    [['check', '--open'], /--open is for `folio preview`/],
  ];
  for (const [args, message] of cases) {
    it(`refuses \`${args.join(' ')}\` with exit 2 instead of ignoring the flag`, async () => {
      const folder = manuscript('flags', { 'one.md': '# One\n\nText.\n' });
      const errors: string[] = [];
      const spy = vi.spyOn(console, 'error').mockImplementation((...parts) => void errors.push(parts.join(' ')));
      try {
        expect(await main([...args, '--manuscript', folder, '--out', join(folder, 'dist')])).toBe(2);
      } finally {
        spy.mockRestore();
      }
      expect(errors.join('\n')).toMatch(message);
      expect(existsSync(join(folder, 'dist'))).toBe(false);
    });
  }
});

describe('an --out that cannot hold the outputs', () => {
  for (const [what, place] of [
    ['is a file', (file: string) => file],
    ['lies under a file', (file: string) => join(file, 'dist')],
  ] as const) {
    it(`is refused before any work with exit 2 when it ${what}`, async () => {
      const folder = manuscript(`out-${what.replaceAll(' ', '-')}`, { 'one.md': '# One\n\nText.\n' });
      const file = join(folder, 'taken');
      writeFileSync(file, 'not a folder\n');
      const errors: string[] = [];
      const spy = vi.spyOn(console, 'error').mockImplementation((...parts) => void errors.push(parts.join(' ')));
      const started = Date.now();
      try {
        expect(await main(['build', '--format', 'pdf', '--manuscript', folder, '--out', place(file)])).toBe(2);
      } finally {
        spy.mockRestore();
      }
      expect(errors.join('\n')).toMatch(/^folio: --out: .*taken is a file/);
      expect(errors.join('\n')).not.toContain('EEXIST');
      expect(Date.now() - started, 'it laid the book out first').toBeLessThan(2_000);
      expect(readFileSync(file, 'utf8')).toBe('not a folder\n');
    });
  }
});

describe('the press copy', () => {
  it('runs Ghostscript in safe mode, reading only its gray profile, and still writes PDF/X', async () => {
    const folder = join(scratch, 'press');
    mkdirSync(folder, { recursive: true });
    const input = join(folder, 'in.pdf');
    childProcess.execFileSync('gs', ['-q', '-dBATCH', '-dNOPAUSE', '-sDEVICE=pdfwrite', `-sOutputFile=${input}`, '-c', '/Times-Roman findfont 20 scalefont setfont 72 72 moveto (Hello) show showpage']);
    const promised = (childProcess.execFile as unknown as Record<symbol, ReturnType<typeof vi.fn>>)[promisify.custom]!;
    promised.mockClear();
    await emitPress(input, join(folder, 'press.pdf'), { title: 'A Book' });
    const args = promised.mock.calls.map((call) => call[1] as string[]).find((list) => list.includes('-dPDFX'))!;
    expect(args).toContain('-dSAFER');
    expect(args).not.toContain('-dNOSAFER');
    expect(args.filter((arg) => arg.startsWith('--permit-file-read='))).toEqual([expect.stringMatching(/default_gray\.icc$/)]);
    expect(pdfinfo(join(folder, 'press.pdf'))['PDF subtype']).toBe('PDF/X-3:2002');
  });
});

describe.skipIf(skipWithoutBrowser())('a launched browser', () => {
  it('is tracked, so an interrupt kills it even where child processes cannot be listed', async () => {
    const browser = await launchBrowser();
    try {
      // `trackBrowser` unregisters itself when the browser disconnects.
      expect(browser.listenerCount('disconnected')).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('a request the PDF renderer refused', () => {
  it('is a `resource-refused` warning, which `--strict` makes an error', async () => {
    const folder = manuscript('refused', { 'one.md': '# One\n\nText.\n' });
    const lenient = await build({ manuscript: folder, out: join(folder, 'dist'), formats: ['pdf'] });
    expect(lenient.diagnostics.map((d) => [d.severity, d.ruleId, d.reason])).toEqual([
      ['warning', 'resource-refused', 'Refused to load `https://example.com/x.png`: a book is printed from its own files, never from the network'],
    ]);
    expect(lenient.ok).toBe(true);
    const strict = await build({ manuscript: folder, out: join(folder, 'dist'), formats: ['pdf'], strict: true });
    expect(strict.diagnostics.map((d) => [d.severity, d.ruleId])).toEqual([['error', 'resource-refused']]);
    expect(strict.ok).toBe(false);
  });
});
