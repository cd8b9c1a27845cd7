import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess, spawnCli, transcript } from './helpers/run-cli.js';
import { expectedOrWrite } from './helpers/template-fixtures.js';
import { epubcheckMany } from './helpers/tools.js';

/*
 * Manuscripts written by an attacker or a careless author, one per folder in test/hostile/<case>/, run as
 * test/fixtures/broken runs its cases: `manuscript/` is the book, `args.txt` the command line (default `check`),
 * `expected.txt` the exit code and what the user reads (`UPDATE=1` rewrites it). Files git cannot hold are made
 * from `special.txt`, one per line: `fifo NAME`, `sparse NAME BYTES`, `dangling NAME TARGET`. Every EPUB a case
 * builds must then pass EPUBCheck with no error: the promise is that whatever the manuscript holds, what is
 * built is valid.
 */
const root = new URL('./hostile/', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'folio-hostile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const cases = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const built: Array<{ name: string; epub: string }> = [];

function makeSpecialFiles(folder: string, manuscript: string) {
  const list = join(folder, 'special.txt');
  if (!existsSync(list)) return;
  for (const line of readFileSync(list, 'utf8').split('\n').filter((text) => text.trim())) {
    const [kind, name, argument] = line.trim().split(/\s+/) as [string, string, string | undefined];
    const path = join(manuscript, name);
    if (kind === 'fifo') execFileSync('mkfifo', [path]);
    else if (kind === 'sparse') {
      writeFileSync(path, '');
      truncateSync(path, Number(argument));
    } else if (kind === 'dangling') symlinkSync(argument!, path);
    else throw new Error(`special.txt: unknown kind \`${kind}\``);
  }
}

describe('a hostile manuscript', () => {
  for (const name of cases) {
    it(`${name.replace(/-/g, ' ')}: prints the expected messages and exit code`, { timeout: 60_000 }, async () => {
      const folder = join(root, name);
      const argsPath = join(folder, 'args.txt');
      const args = existsSync(argsPath) ? readFileSync(argsPath, 'utf8').trim().split(/\s+/) : ['check'];
      const work = join(scratch, name);
      mkdirSync(work, { recursive: true });
      cpSync(join(folder, 'manuscript'), join(work, 'manuscript'), { recursive: true, verbatimSymlinks: true });
      makeSpecialFiles(folder, join(work, 'manuscript'));
      const command = [...args, '--manuscript', 'manuscript', '--out', 'dist'];
      const run = args[0] === 'build' ? await spawnCli(work, command) : await runInProcess(work, command);
      const actual = transcript(run);
      expect(actual).toBe(expectedOrWrite(join(folder, 'expected.txt'), actual));
      expect(run.stderr).not.toMatch(/internal error|Maximum call stack|\n\s+at .+:\d+:\d+\)?\n/);
      if (run.code !== 0) expect(existsSync(join(work, 'dist'))).toBe(false);
      const dist = join(work, 'dist');
      if (existsSync(dist)) for (const file of readdirSync(dist).filter((entry) => entry.endsWith('.epub'))) built.push({ name, epub: join(dist, file) });
    });
  }

  it('builds EPUBs that EPUBCheck passes with no error, whatever the manuscript held', { timeout: 300_000 }, () => {
    expect(built.length).toBeGreaterThan(0);
    // One Java start for all of them: a JVM per EPUB took minutes on a loaded machine.
    const reports = epubcheckMany(built.map(({ epub }) => epub));
    const failures = built.flatMap(({ name, epub }) =>
      reports
        .get(epub)!
        .messages.filter((message) => message.severity === 'ERROR' || message.severity === 'FATAL')
        .map((message) => `${name}: ${message.ID} ${message.message} (${message.locations[0]?.path ?? ''})`),
    );
    expect(failures).toEqual([]);
  });
});
