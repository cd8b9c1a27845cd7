import type { Browser, Page } from 'puppeteer-core';

/**
 * Notices the browser dying (killed, out of memory) or the tab's renderer crashing while a book prints.
 * Puppeteer rejects pending calls when the connection drops, but a crashed tab can leave a wait pending,
 * and its errors ("Protocol error (Runtime.callFunctionOn): Target closed") read like a layout fault:
 * racing the work against `stopped` ends every wait, and `reason` lets the caller say what happened.
 */
export interface CrashWatch {
  /** Rejects once the browser disconnects or a watched page crashes; never resolves. */
  stopped: Promise<never>;
  /** What went wrong, once it has: `the browser quit unexpectedly`, or `the browser tab printing the book crashed`. */
  reason(): string | undefined;
  /** Also watch `page` for a renderer crash. */
  watchPage(page: Page): void;
  /** Stops listening; call when the work is done. */
  dispose(): void;
}

export function watchForCrash(browser: Browser): CrashWatch {
  let reason: string | undefined;
  let reject!: (error: Error) => void;
  const stopped = new Promise<never>((_, rejectStopped) => (reject = rejectStopped));
  stopped.catch(() => {}); // Only a race reads it; a crash after the work ended is no one's error.
  const fail = (why: string) => {
    reason ??= why;
    reject(new Error(reason));
  };
  const onDisconnected = () => fail('the browser quit unexpectedly');
  const onPageError = () => fail('the browser tab printing the book crashed');
  const pages: Page[] = [];
  browser.once('disconnected', onDisconnected);
  if (!browser.connected) onDisconnected();
  return {
    stopped,
    // The connection may close before its event is delivered; a closed connection is reason enough.
    reason: () => reason ?? (browser.connected ? undefined : 'the browser quit unexpectedly'),
    watchPage(page) {
      pages.push(page);
      page.once('error', onPageError);
    },
    dispose() {
      browser.off('disconnected', onDisconnected);
      for (const page of pages) page.off('error', onPageError);
    },
  };
}
