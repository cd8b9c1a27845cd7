import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Chromium has no channel `@puppeteer/browsers` knows, so its usual places are listed here, per platform. */
function chromiumPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') return ['/Applications/Chromium.app/Contents/MacOS/Chromium'];
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((root): root is string => !!root);
    return roots.map((root) => join(root, 'Chromium', 'Application', 'chrome.exe'));
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
}

type ChannelLookup = (options: { browser: string; channel: string }) => string;

/**
 * `@puppeteer/browsers`' own table of where Chrome's stable, beta, dev and canary channels install on Linux,
 * macOS and Windows. It comes with puppeteer-core, so it is resolved from there.
 */
function chromeChannelLookup(): ChannelLookup | undefined {
  try {
    const fromPuppeteer = createRequire(createRequire(import.meta.url).resolve('puppeteer-core'));
    const browsers = fromPuppeteer('@puppeteer/browsers') as { computeSystemExecutablePath: ChannelLookup };
    return browsers.computeSystemExecutablePath;
  } catch {
    return undefined;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Installed Chrome or Chromium on this machine, in order of preference: Chromium first, then Chrome's channels. */
export function systemBrowsers(platform = process.platform, env = process.env): string[] {
  const found = chromiumPaths(platform, env).filter(isExecutable);
  const lookup = platform === process.platform ? chromeChannelLookup() : undefined;
  for (const channel of ['stable', 'beta', 'dev', 'canary']) {
    try {
      const path = lookup?.({ browser: 'chrome', channel });
      if (path && isExecutable(path) && !found.includes(path)) found.push(path);
    } catch {
      // That channel is not installed (the lookup throws), or not made for this platform.
    }
  }
  return found;
}

/** What to install when no browser is found, for each kind of machine. */
export const BROWSER_ADVICE = [
  'Install one of:',
  '  - Debian or Ubuntu:     apt-get install chromium',
  '  - macOS (Homebrew):     brew install --cask chromium   (or google-chrome)',
  '  - any system:           Google Chrome from https://www.google.com/chrome/',
  '  - any Chrome/Chromium:  set PUPPETEER_EXECUTABLE_PATH=/path/to/chrome',
  "  - puppeteer's build:    npx @puppeteer/browsers install chrome@stable",
];
