import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { formatDiagnostic } from '../src/report.js';

function manuscriptWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'folio-ms-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  return folder;
}

async function messagesFor(files: Record<string, string>): Promise<string[]> {
  const folder = manuscriptWith(files);
  const result = await build({ manuscript: folder, out: join(folder, 'dist'), formats: ['html'] });
  expect(existsSync(join(folder, 'dist'))).toBe(result.ok);
  return result.diagnostics.map((diagnostic) => formatDiagnostic({ ...diagnostic, file: diagnostic.file.replace(/^.*\//, '') }));
}

describe('book.yaml validation', () => {
  it('names the line and column of an unknown key and suggests the right one', async () => {
    const messages = await messagesFor({ 'book.yaml': 'title: A Book\nlanguage: en\nchapterz:\n  - one.md\n', 'one.md': '# One\n\nText.\n' });
    expect(messages).toEqual(['book.yaml:3:1: error: Unknown key `chapterz` in book.yaml (did you mean `chapters`?) [config-unknown-key]']);
  });

  it('names the line and column of a value of the wrong type', async () => {
    const messages = await messagesFor({ 'book.yaml': 'title: A Book\nsubjects: fiction\n', 'one.md': '# One\n' });
    expect(messages).toEqual(['book.yaml:2:11: error: `subjects` must be a list [config-type]']);
  });

  it('refuses a date that is not on the calendar, at its place', async () => {
    for (const date of ['2025-13', '2025-02-30', '2025-00-10', '2023-02-29']) {
      const messages = await messagesFor({ 'book.yaml': `title: A Book\ndate: ${date}\n`, 'one.md': '# One\n' });
      expect(messages).toEqual([`book.yaml:2:7: error: \`date\` is not a real date: \`${date}\` [config-type]`]);
    }
    expect(await messagesFor({ 'book.yaml': 'title: A Book\ndate: 2024-02-29\n', 'one.md': '# One\n' })).toEqual([]);
  });

  it('reports a YAML syntax error at its place', async () => {
    const messages = await messagesFor({ 'book.yaml': 'title: A Book\nlanguage: [en\n', 'one.md': '# One\n' });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^book\.yaml:\d+:\d+: error: .+ \[config-syntax\]$/);
  });

  it('points at a listed chapter that does not exist', async () => {
    const messages = await messagesFor({ 'book.yaml': 'title: A Book\nchapters:\n  - one.md\n  - two.md\n', 'one.md': '# One\n' });
    expect(messages).toEqual(['book.yaml:4:5: error: Chapter `two.md` listed in `chapters` does not exist [chapter-missing]']);
  });

  it('rejects an unknown contributor role', async () => {
    const messages = await messagesFor({ 'book.yaml': 'title: A Book\ncontributors:\n  - name: Ann\n    role: auther\n', 'one.md': '# One\n' });
    expect(messages).toEqual(['book.yaml:4:11: error: Unknown contributor role `auther` (did you mean `author`?) [config-type]']);
  });
});

describe('a folder without book.yaml', { timeout: 30_000 }, () => {
  it('builds its Markdown files in file-name order, titled by the first heading', async () => {
    const folder = manuscriptWith({
      '10-last.md': '# Last Chapter\n\nThe end.\n',
      '2-second.md': '# Second Chapter\n\nMiddle.\n',
      '1-first.md': '# My Little Book\n\nIt begins.\n',
    });
    const out = join(folder, 'out');
    const result = await build({ manuscript: folder, out, formats: ['html', 'epub'] });
    expect(result.ok).toBe(true);
    expect(existsSync(join(out, 'my-little-book.epub'))).toBe(true);
    const index = (await import('node:fs')).readFileSync(join(out, 'html', 'index.html'), 'utf8');
    const order = ['My Little Book', 'Second Chapter', 'Last Chapter'].map((title) => index.indexOf(`>${title}</a>`));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('the command line', { timeout: 60_000 }, () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', ...env } });

  it('still builds the EPUB and HTML without a browser, and says how to get one for the PDF', () => {
    const folder = manuscriptWith({ 'one.md': '# One\n\nText.\n' });
    const out = join(folder, 'dist');
    const run = cli(['build', '--manuscript', folder, '--out', out], { PUPPETEER_EXECUTABLE_PATH: join(folder, 'no-such-chrome') });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/✗ pdf: .*apt-get install chromium/s);
    expect(existsSync(join(out, 'one.epub'))).toBe(true);
    expect(existsSync(join(out, 'html', 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'one.pdf'))).toBe(false);
  });

  it('exits 1 with file:line:col and a code frame when book.yaml is bad, and writes nothing', () => {
    const folder = manuscriptWith({ 'book.yaml': 'title: A Book\nlanguage: en\nprint:\n  trimm: 6x9in\n', 'one.md': '# One\n' });
    const run = cli(['build', '--manuscript', folder, '--out', join(folder, 'dist'), '--format', 'epub']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('book.yaml:4:3: error: Unknown key `print.trimm` (did you mean `print.trim`?) [config-unknown-key]');
    expect(run.stderr).toContain('> 4 |   trimm: 6x9in');
    expect(existsSync(join(folder, 'dist'))).toBe(false);
  });

  it('checks the default manuscript without errors', () => {
    const run = cli(['check']);
    expect(run.stderr).toContain('no errors');
    expect(run.status).toBe(0);
  });

  it('refuses an unknown format', () => {
    const run = cli(['build', '--format', 'docx']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown format `docx`');
  });
});

describe('print settings', () => {
  it('rejects a trim size Folio cannot print, at its place', async () => {
    const messages = await messagesFor({ 'book.yaml': 'title: A Book\nprint:\n  trim: letter\n', 'one.md': '# One\n' });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^book\.yaml:3:9: error: `print\.trim`: Unknown print trim size 'letter'.* \[config-type\]$/);
  });

  it('rejects print settings that are not a mapping', async () => {
    const messages = await messagesFor({ 'book.yaml': 'title: A Book\nprint: 6x9in\n', 'one.md': '# One\n' });
    expect(messages).toEqual(['book.yaml:2:8: error: `print` must be a mapping of keys to values [config-type]']);
  });
});
