import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../package-root.js';

/** How to start a preview server process: the script and Node's flags. */
export interface WorkerEntry {
  script: string;
  execArgv: string[];
}

/**
 * The first server process runs the same code as this one. A process started again because a template changed
 * must run the new template: compiled code (`.build/`, the `folio` command) holds the template as it was at the
 * last compile, so in a checkout, where the TypeScript sources and tsx are at hand, it runs the sources with tsx.
 * An installed package has no template sources and is never restarted for one.
 */
export function workerEntry(restarted: boolean): WorkerEntry {
  const same = { script: process.argv[1]!, execArgv: process.execArgv };
  const compiled = fileURLToPath(import.meta.url).endsWith('.js');
  const source = join(PACKAGE_ROOT, 'src', 'cli.ts');
  if (!restarted || !compiled || !existsSync(source)) return same;
  try {
    return { script: source, execArgv: [...process.execArgv, '--import', import.meta.resolve('tsx')] };
  } catch {
    return same;
  }
}
