import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess, spawnCli, transcript } from './helpers/run-cli.js';
import { expectedOrWrite } from './helpers/template-fixtures.js';

/*
 * One small broken manuscript per folder in test/fixtures/broken/<case>/: `manuscript/` is the book,
 * `args.txt` the command line (default `check`), `expected.txt` the exit code and exactly what the user reads
 * (`UPDATE=1` rewrites it: review the diff). A case runs in a scratch copy, so `build` writes its `dist/`
 * there and paths print as `manuscript/…`. `check` runs in this process (a CLI start costs ~2 s of tsx);
 * `build` runs the real CLI, which installs signal handlers and a private TMPDIR.
 */
const root = new URL('./fixtures/broken/', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'folio-broken-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const cases = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function prepare(name: string): { folder: string; work: string; args: string[] } {
  const folder = join(root, name);
  const argsPath = join(folder, 'args.txt');
  const args = existsSync(argsPath) ? readFileSync(argsPath, 'utf8').trim().split(/\s+/) : ['check'];
  const work = join(scratch, name);
  cpSync(join(folder, 'manuscript'), join(work, 'manuscript'), { recursive: true, verbatimSymlinks: true });
  return { folder, work, args: [...args, '--manuscript', 'manuscript', '--out', 'dist'] };
}

describe('a broken manuscript', () => {
  it('has cases to run', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  for (const name of cases) {
    it(`${name.replace(/-/g, ' ')}: prints the expected messages and exit code`, { timeout: 60_000 }, async () => {
      const { folder, work, args } = prepare(name);
      const run = args[0] === 'build' ? await spawnCli(work, args) : await runInProcess(work, args);
      const actual = transcript(run);
      expect(actual).toBe(expectedOrWrite(join(folder, 'expected.txt'), actual));
      // Never a stack trace, whatever the input.
      expect(run.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+\)?\n/);
      // A failed run writes nothing; a build that passed leaves no temporary files beside its outputs.
      if (run.code !== 0) expect(existsSync(join(work, 'dist'))).toBe(false);
      else if (existsSync(join(work, 'dist'))) expect(readdirSync(join(work, 'dist')).filter((file) => file.startsWith('.'))).toEqual([]);
    });
  }

  it('prints the same from the real command line as in process', { timeout: 60_000 }, async () => {
    const { folder, work, args } = prepare('footnote-undefined');
    const run = await spawnCli(work, args);
    expect(transcript(run)).toBe(readFileSync(join(folder, 'expected.txt'), 'utf8'));
  });
});
