import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { shortTempBase } from '../../src/process/lifecycle.js';

/**
 * Vitest global setup: every test file, every CLI it spawns and every browser those launch write their
 * temporary folders under one folder per run, removed when the run ends, whether its tests pass or fail.
 * The tests create dozens of `folio-*` folders (manuscripts, outputs, Ace reports) and not all remove theirs;
 * without this a developer's /tmp grows by some 10 MB a run.
 *
 * The folder is named `folio-<pid>-XXXXXX` after the vitest process: if that process is killed before its
 * teardown, the next Folio run (or test run) sweeps it, as it does a killed build's. It sits on the short
 * base `shortTempBase()` picks, so the browser's socket paths under it stay short whatever TMPDIR was.
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(shortTempBase(), `folio-${process.pid}-`));
  // Workers and the processes they spawn inherit the environment, and os.tmpdir() reads TMPDIR on each call.
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
