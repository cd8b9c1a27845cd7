import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Fills a fresh sibling folder with `fill`, then swaps it in for `target`: readers of `target` see the
 * old complete folder or the new complete one, and a failed fill leaves the old one untouched.
 */
export async function replaceDirectory(target: string, fill: (folder: string) => Promise<void>): Promise<void> {
  const staging = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  const retired = join(dirname(target), `.${basename(target)}.${process.pid}.old`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await fill(staging);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const hadTarget = await rename(target, retired).then(
    () => true,
    () => false,
  );
  try {
    await rename(staging, target);
  } catch (error) {
    // Put the old folder back where readers look for it, and leave no staging folder behind.
    if (hadTarget) await rename(retired, target).catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await rm(retired, { recursive: true, force: true });
}
