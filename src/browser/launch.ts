import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { BROWSER_ADVICE, systemBrowsers } from './discover.js';
import { trackBrowser } from '../process/lifecycle.js';

/** Where a usable Chrome or Chromium was found, and how. */
export interface FoundBrowser {
  executablePath: string;
  /** `env` (PUPPETEER_EXECUTABLE_PATH), `system` (a distribution package) or `puppeteer-cache`. */
  source: 'env' | 'system' | 'puppeteer-cache';
}

/** Thrown when no browser can be found; the build tells it apart to print its advice instead of a stack. */
export class BrowserNotFoundError extends Error {
  constructor(detail?: string) {
    super(
      [
        'No Chrome or Chromium found to lay out the print PDF.' + (detail ? ` ${detail}` : ''),
        ...BROWSER_ADVICE,
      ].join('\n'),
    );
    this.name = 'BrowserNotFoundError';
  }
}


export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function puppeteerCacheDir(): string {
  return process.env.PUPPETEER_CACHE_DIR || join(homedir(), '.cache', 'puppeteer');
}

interface InstalledBrowserLike {
  browser: string;
  buildId: string;
  executablePath: string;
}

/**
 * Browsers installed in puppeteer's cache, newest build first, read with `@puppeteer/browsers`
 * (a dependency of puppeteer-core, so resolved from there) or, failing that, by listing the folder.
 */
function cachedBrowsers(cacheDir: string): string[] {
  if (!existsSync(cacheDir)) return [];
  const compareBuilds = (a: string, b: string) => b.localeCompare(a, 'en', { numeric: true });
  try {
    const fromPuppeteer = createRequire(createRequire(import.meta.url).resolve('puppeteer-core'));
    const browsers = fromPuppeteer('@puppeteer/browsers') as {
      Cache: new (dir: string) => { getInstalledBrowsers(): InstalledBrowserLike[] };
    };
    const installed = new browsers.Cache(cacheDir)
      .getInstalledBrowsers()
      .filter((b) => b.browser === 'chrome' || b.browser === 'chromium' || b.browser === 'chrome-headless-shell')
      .sort((a, b) => {
        const rank = (name: string) => ['chrome', 'chromium', 'chrome-headless-shell'].indexOf(name);
        return rank(a.browser) - rank(b.browser) || compareBuilds(a.buildId, b.buildId);
      });
    return installed.map((b) => b.executablePath);
  } catch {
    // Fall back to the folder layout puppeteer uses: chrome/linux-<build>/chrome-linux64/chrome.
    const root = join(cacheDir, 'chrome');
    if (!existsSync(root)) return [];
    return readdirSync(root)
      .sort(compareBuilds)
      .map((dir) => join(root, dir, 'chrome-linux64', 'chrome'));
  }
}

/**
 * Finds a browser to print with, in order: PUPPETEER_EXECUTABLE_PATH, the system Chromium or Chrome,
 * then puppeteer's cache. Returns undefined when there is none.
 */
export function findBrowser(): FoundBrowser | undefined {
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv && isExecutable(fromEnv)) return { executablePath: fromEnv, source: 'env' };
  // Chromium and Chrome where Linux, macOS and Windows install them.
  const [system] = systemBrowsers();
  if (system) return { executablePath: system, source: 'system' };
  for (const path of cachedBrowsers(puppeteerCacheDir())) {
    if (isExecutable(path)) return { executablePath: path, source: 'puppeteer-cache' };
  }
  return undefined;
}

/** Launches a headless browser for printing; throws BrowserNotFoundError with advice when there is none. */
export async function launchBrowser(): Promise<Browser> {
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv && !isExecutable(fromEnv)) {
    // An explicit choice that does not work is reported, not silently replaced by another browser.
    throw new BrowserNotFoundError(`PUPPETEER_EXECUTABLE_PATH is set to ${fromEnv}, which is not an executable file.`);
  }
  const found = findBrowser();
  if (!found) throw new BrowserNotFoundError();
  try {
    const browser = await puppeteer.launch({
      executablePath: found.executablePath,
      headless: true,
      args: LAUNCH_ARGS,
    });
    // Where /proc cannot list this process's children, an interrupt still finds the browser to kill.
    trackBrowser(browser);
    return browser;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not start the browser at ${found.executablePath} (${found.source}): ${reason}`, {
      cause: error,
    });
  }
}
