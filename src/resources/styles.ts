import { fileURLToPath } from 'node:url';

/** Absolute path of a stylesheet in `styles/`. */
export function stylesheetPath(name: string): string {
  return fileURLToPath(new URL(`../../styles/${name}`, import.meta.url));
}
