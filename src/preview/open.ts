import { spawn } from 'node:child_process';

/** The desktop's own command that opens a URL in the default browser, per platform. */
export function openerCommand(url: string, platform = process.platform): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty one.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  return { command: 'xdg-open', args: [url] };
}

/** Opens the URL in the default browser; where the opener is missing, says where to go instead. */
export function openInBrowser(url: string): void {
  const { command, args } = openerCommand(url);
  const opener = spawn(command, args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: process.platform === 'win32' });
  opener.on('error', () => console.error(`folio preview: could not open a browser (no ${command}); visit ${url}`));
  opener.unref();
}
