import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

/** Absolute path of a stylesheet in `styles/`. */
export function stylesheetPath(name: string): string {
  return join(PACKAGE_ROOT, 'styles', name);
}
