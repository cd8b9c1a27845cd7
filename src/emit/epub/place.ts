import { relative } from 'node:path';
import type { VFile } from 'vfile';

/** The file as diagnostics name it: relative to the working directory, like `manuscript/03-name.md`. */
export function placeOf(file: VFile): string {
  return file.path ? relative(process.cwd(), file.path) || file.path : '';
}
