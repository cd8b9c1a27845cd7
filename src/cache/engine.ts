import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../package-root.js';

let fingerprint: string | undefined;

/**
 * What identifies this Folio, for cache keys: every file of its code (`src/` and `templates/`, compiled or not,
 * whichever is running), its stylesheets and its package.json, which pins every dependency's version. Hashing
 * the code rather than trusting the version number means an edited template or a rebuilt checkout never
 * reuses output the old code made. About 2 MB to read, once per process.
 */
export function engineFingerprint(): string {
  if (fingerprint) return fingerprint;
  // This module is <code root>/src/cache/engine.(ts|js): the code root is `.build/` when compiled, the checkout under tsx.
  const codeRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
  const hash = createHash('sha256');
  for (const dir of [join(codeRoot, 'src'), join(codeRoot, 'templates'), join(PACKAGE_ROOT, 'styles')]) {
    for (const path of filesUnder(dir)) hash.update(`${path.slice(dir.length)}\0`).update(readFileSync(path));
  }
  hash.update(readFileSync(join(PACKAGE_ROOT, 'package.json')));
  fingerprint = hash.digest('hex');
  return fingerprint;
}

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (name.endsWith('.map') || name.endsWith('.tsbuildinfo')) return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
