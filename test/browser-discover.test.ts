import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BROWSER_ADVICE, systemBrowsers } from '../src/browser/discover.js';
import { openerCommand } from '../src/preview/open.js';

describe('finding a browser and opening one', () => {
  it.skipIf(!existsSync('/usr/bin/chromium'))('finds the system Chromium first on Linux', () => {
    expect(systemBrowsers()[0]).toBe('/usr/bin/chromium');
  });

  it('looks where macOS and Windows install Chromium, and finds nothing that is not there', () => {
    expect(systemBrowsers('darwin', {})).toEqual([]);
    expect(systemBrowsers('win32', { LOCALAPPDATA: '/nonexistent' })).toEqual([]);
  });

  it('names the package for apt, Homebrew and the Chrome download', () => {
    const advice = BROWSER_ADVICE.join('\n');
    expect(advice).toMatch(/apt-get install chromium/);
    expect(advice).toMatch(/brew install --cask chromium/);
    expect(advice).toMatch(/google\.com\/chrome/);
  });

  it('opens a URL with open, start or xdg-open', () => {
    const url = 'http://127.0.0.1:4173/?print&x=1';
    expect(openerCommand(url, 'darwin')).toEqual({ command: 'open', args: [url] });
    expect(openerCommand(url, 'win32')).toEqual({ command: 'cmd', args: ['/c', 'start', '""', 'http://127.0.0.1:4173/?print^&x=1'] });
    expect(openerCommand(url, 'linux')).toEqual({ command: 'xdg-open', args: [url] });
  });
});
