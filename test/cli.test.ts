import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';

const temp = mkdtempSync(join(tmpdir(), 'folio-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Runs the CLI in this process and returns its exit code and what it printed on stdout and stderr. */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts) => void out.push(parts.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts) => void err.push(parts.join(' ')));
  try {
    return { code: await main(args), stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('the command line', () => {
  it('prints the help and the version with exit 0', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: folio <command>') });
    expect(await run(['build', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: folio build [DIR]') });
    expect(await run(['preview', '-h'])).toMatchObject({ code: 0, stdout: expect.stringContaining('--port N') });
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string;
    expect(await run(['--version'])).toEqual({ code: 0, stdout: version, stderr: '' });
  });

  const usageErrors: Array<[string[], string]> = [
    [['build', '--formt', 'epub'], 'folio: unknown option `--formt` (did you mean `--format`?); see `folio --help`'],
    [['biuld'], 'folio: unknown command `biuld` (did you mean `build`?); commands: build, check, preview, init'],
    [['build', '--out'], 'folio: option `--out` needs a value, e.g. `--out DIR`'],
    [['check', 'one', 'two'], 'folio: `folio check` takes one folder, got 2: one two'],
  ];
  for (const [args, message] of usageErrors) {
    it(`exits 2 with one line for \`folio ${args.join(' ')}\``, async () => {
      expect(await run(args)).toEqual({ code: 2, stdout: '', stderr: message });
    });
  }

  it('takes the manuscript folder as a positional argument', async () => {
    const book = join(temp, 'positional');
    expect((await run(['init', book])).code).toBe(0);
    const result = await run(['check', book, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, diagnostics: [] });
    // The default manuscript would have six chapters' worth of files; this book's own chapter is what was read.
    writeFileSync(join(book, '01-first-steps.md'), '# Broken\n\nA call[^missing].\n');
    expect((await run(['check', book])).code).toBe(1);
  });

  it('exits 1 for a manuscript error', async () => {
    const book = join(temp, 'broken');
    await run(['init', book]);
    writeFileSync(join(book, 'foreword.md'), '# Foreword\n\nSee[^nowhere].\n');
    expect(await run(['check', book])).toMatchObject({ code: 1, stderr: expect.stringContaining('[footnote-undefined]') });
  });

  it('init writes a book that checks with no message, and never overwrites one', async () => {
    const book = join(temp, 'fresh');
    expect((await run(['init', book])).code).toBe(0);
    for (const name of ['book.yaml', 'foreword.md', '01-first-steps.md', '02-a-conversation.md', 'images/ornament.svg']) {
      expect(existsSync(join(book, name))).toBe(true);
    }
    const yaml = readFileSync(join(book, 'book.yaml'), 'utf8');
    for (const line of yaml.split('\n').filter((text) => /^\s*#?\s*[a-zA-Z]+:/.test(text))) expect(line).toMatch(/#/);
    const chapters = ['01-first-steps.md', '02-a-conversation.md'].map((name) => readFileSync(join(book, name), 'utf8')).join('\n');
    expect(chapters).toMatch(/\[\^first\]:/);
    expect(chapters).toMatch(/^\*\*The Editor:\*\*/m);
    expect(chapters).toMatch(/!\[[^\]]+\]\(images\/ornament\.svg\)/);
    expect(chapters).toMatch(/<span lang="zh">/);
    expect(await run(['check', book, '--strict', '--json'])).toMatchObject({ code: 0 });
    expect(JSON.parse((await run(['check', book, '--json'])).stdout).diagnostics).toEqual([]);

    writeFileSync(join(book, 'foreword.md'), '# Mine\n');
    const again = await run(['init', book]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/init writes nothing: .*foreword\.md/);
    expect(readFileSync(join(book, 'foreword.md'), 'utf8')).toBe('# Mine\n');
  });
});
