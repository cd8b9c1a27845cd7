import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Folio's package.json. `styles/` and `templates/` are found from it rather than from a
 * module's own place, because the same module runs from `src/` (tsx, the tests) and compiled into `.build/src/`
 * (the installed `folio` command), one folder deeper.
 */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Folio's package.json not found above ${start}`);
  }
}
