import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Why `out` cannot hold the build's outputs, or undefined when it can: it, or the nearest folder above it that
 * exists, must be a writable folder. Checked before any work, so a mistyped `--out` fails at once with its reason
 * instead of with a bare `EEXIST … mkdir` after the whole PDF was laid out.
 */
export function outDirProblem(out: string): string | undefined {
  for (let path = resolve(out); ; path = dirname(path)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      if (dirname(path) === path) return `no folder of ${out} exists`;
      continue; // Not there yet: the build creates it, if the folder above allows.
    }
    if (!isDirectory) return path === resolve(out) ? `${out} is a file, not a folder` : `${path} is a file, so ${out} cannot be created`;
    try {
      accessSync(path, constants.W_OK);
    } catch {
      return `${path} is not writable`;
    }
    return undefined;
  }
}
