import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `work` in a new temporary folder named `folio-<purpose>-…` and removes the folder when the work ends,
 * whether it returns or throws: tools that only read and write files (qpdf, Ghostscript, poppler, Chromium's
 * file:// page) each need one, and a folder left behind by a failed step would pile up in /tmp.
 */
export async function withTempDir<T>(purpose: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `folio-${purpose}-`));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
