import { accessSync, constants, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { BROWSER_ADVICE, systemBrowsers } from './discover.js';
import { killProcessGroup, makeTempDir, processGroupAlive, shortTempBase, trackBrowser } from '../process/lifecycle.js';

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

/** `org.chromium.Chromium.XXXXXX/SingletonSocket` takes 45 bytes more. */
const MAX_SOCKET_BASE = 48;

export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--disable-crash-reporter',
  '--disable-breakpad',
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

export interface LaunchOptions {
  /**
   * How long one DevTools call may take, in milliseconds (puppeteer's `protocolTimeout`, 180 s by default):
   * printing a long book to PDF is one call, so the PDF emitter raises it to its own deadline.
   */
  protocolTimeoutMs?: number;
}

/**
 * Launches a headless browser for printing; throws BrowserNotFoundError with advice when there is none.
 *
 * The browser is tied to this process's life. It talks to puppeteer over a pipe (`pipe: true`), so when this
 * process dies by any signal, SIGKILL included, the pipe closes and Chromium shuts down within a second
 * (measured by test/crash.test.ts), where a WebSocket connection left it running for good. Its profile and its
 * TMPDIR (where Chromium puts `org.chromium.Chromium.*` folders and its singleton socket) are one short private
 * folder, removed when the browser goes and swept by the next run if this one is killed.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv && !isExecutable(fromEnv)) {
    // An explicit choice that does not work is reported, not silently replaced by another browser.
    throw new BrowserNotFoundError(`PUPPETEER_EXECUTABLE_PATH is set to ${fromEnv}, which is not an executable file.`);
  }
  const found = findBrowser();
  if (!found) throw new BrowserNotFoundError();
  const folder = makeTempDir();
  // Chromium's singleton socket goes in a folder under its TMPDIR, and it refuses to start when that path
  // nears the 104-byte limit of a socket address: give it a short TMPDIR of its own if the profile's is long.
  const socketFolder = folder.length <= MAX_SOCKET_BASE ? folder : makeTempDir(shortTempBase(0));
  try {
    const browser = await puppeteer.launch({
      executablePath: found.executablePath,
      headless: true,
      pipe: true,
      args: LAUNCH_ARGS,
      userDataDir: join(folder, 'profile'),
      env: { ...process.env, TMPDIR: socketFolder },
      protocolTimeout: options.protocolTimeoutMs,
    });
    trackBrowser(browser, [folder, socketFolder]);
    return browser;
  } catch (error) {
    for (const dir of new Set([folder, socketFolder])) rmSync(dir, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not start the browser at ${found.executablePath} (${found.source}): ${reason}`, {
      cause: error,
    });
  }
}

/**
 * Closes a browser from `launchBrowser` and returns once none of its processes is left: Chromium answers
 * `Browser.close` before its renderers and zygote have exited, and they would outlive the build by a second or two.
 */
export async function closeBrowser(browser: Browser): Promise<void> {
  const pid = browser.process()?.pid;
  await Promise.race([browser.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  if (!pid) return;
  killProcessGroup(pid);
  for (const deadline = Date.now() + 2_000; processGroupAlive(pid) && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
