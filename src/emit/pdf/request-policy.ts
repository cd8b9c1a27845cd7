import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { isWithin } from '../../load/inside.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import { fontFiles, type FontChoice } from '../../resources/fonts.js';
import { pagedDistDir } from './in-page.js';

const PROJECT_ROOT = PACKAGE_ROOT;

export interface RequestPolicyOptions {
  /** Folders whose files the page may load (`file://` URLs); anything else is refused. */
  allowedRoots: string[];
  /** Called with each refused URL as it is refused, e.g. to print it while the book is laid out. */
  onRefused?: (url: string) => void;
}

export interface RequestPolicy {
  /** Every URL refused so far, in order, each once. */
  refused: string[];
  /** The refused URLs as warnings, ready to print or to put on the build's messages (rule `resource-refused`). */
  warnings(): string[];
}

/**
 * The folders a print page may read from: the manuscript, `styles/`, `templates/`, the font packages, the
 * paged.js build and the temporary folder holding the print document.
 */
export function printRoots(manuscriptRoot: string, printDocumentDir: string, fonts?: FontChoice): string[] {
  // One folder per package, not one per subset (a CJK face has hundreds).
  const fontDirs = [...new Set(fontFiles({ fonts }).map((font) => dirname(font.path)))];
  return [manuscriptRoot, join(PROJECT_ROOT, 'styles'), join(PROJECT_ROOT, 'templates'), ...fontDirs, pagedDistDir(), printDocumentDir];
}


/**
 * Lets `page` load only `file://` URLs inside `allowedRoots` (after following symlinks) and `data:`/`blob:`
 * URLs; every other request (the network, `/etc/passwd`, a file beside the manuscript) is aborted and recorded.
 * Call before `page.goto`. Manuscript scripts never reach the page: the parse stage sanitises them away.
 */
export async function applyRequestPolicy(page: Page, options: RequestPolicyOptions): Promise<RequestPolicy> {
  const roots = [...new Set(options.allowedRoots.map(canonical))];
  const refused: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (isAllowed(url, roots)) {
      void request.continue().catch(() => undefined);
      return;
    }
    if (!refused.includes(url)) {
      refused.push(url);
      options.onRefused?.(url);
    }
    void request.abort('blockedbyclient').catch(() => undefined);
  });
  return {
    refused,
    warnings: () => refused.map(refusedReason),
  };
}

/** The warning for one refused URL. */
export function refusedReason(url: string): string {
  const shown = url.length > 100 ? `${url.slice(0, 97)}…` : url;
  return url.startsWith('file:')
    ? `Refused to load \`${shown}\`: only files in the manuscript folder, styles/ and the fonts may be used`
    : `Refused to load \`${shown}\`: a book is printed from its own files, never from the network`;
}

/** Whether the print page may load `url`. Exported for tests. */
export function isAllowed(url: string, roots: string[]): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  if (!url.startsWith('file:')) return false;
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch {
    return false;
  }
  const real = canonical(path);
  return roots.some((root) => isWithin(root, real));
}

/** The path with symlinks resolved (as far as it exists), so a link inside a root cannot lead out of it. */
function canonical(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(canonical(parent), absolute.slice(parent.length + 1));
}
