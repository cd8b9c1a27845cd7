import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';

/**
 * What a build leaves while it runs (a browser, temporary files) must go when it is interrupted. Signal
 * handlers cannot wait for promises once another listener (puppeteer installs its own) calls `process.exit`,
 * so everything here is synchronous.
 */
const cleanups = new Set<() => void>();
let installed = false;

/** Runs `cleanup` (synchronous) if the process is interrupted; the returned function unregisters it. */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/**
 * Kills `browser` (and its renderers) if the process is interrupted while it is open, and kills what is
 * left of its process group once it disconnects: when the browser process itself dies (a crash, the OOM
 * killer), its renderers and zygote outlive it for a moment, still writing into the profile folder that
 * the exit handler is about to remove.
 */
export function trackBrowser(browser: Browser): () => void {
  const pid = browser.process()?.pid;
  const untrack = onInterrupt(() => killProcessGroup(pid));
  browser.once('disconnected', () => {
    untrack();
    killProcessGroup(pid);
  });
  return untrack;
}

export interface InterruptOptions {
  /** The output folder, swept for this process's temporary outputs. */
  outDir: string;
  /** Where to say what happened (default: stderr). */
  log?: (line: string) => void;
}

/**
 * On SIGINT or SIGTERM: kills every browser this process started, removes its temporary files (in `outDir`
 * and in its private temporary folder, see `useProcessTempDir`), then exits 130 or 143 as shells expect.
 * Outputs are only ever renamed into place complete, so the previous ones stay as they were.
 */
export function installInterruptHandlers(options: InterruptOptions): void {
  if (installed) return;
  installed = true;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const handle = (signal: 'SIGINT' | 'SIGTERM') => {
    for (const cleanup of cleanups) {
      try {
        cleanup();
      } catch {
        // One failed cleanup must not keep the others from running.
      }
    }
    killChildProcessGroups();
    removeTemporaryOutputs(options.outDir);
    removeProcessTempDir();
    log(`folio: interrupted by ${signal}; previous outputs in ${options.outDir} are untouched`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.prependListener('SIGINT', () => handle('SIGINT'));
  process.prependListener('SIGTERM', () => handle('SIGTERM'));
}

let processTempDir: string | undefined;

/**
 * Gives this process a private temporary folder and points `TMPDIR` at it, so every temporary file of the
 * build (print documents, the browser profile) lands there and one removal on exit takes them all.
 */
export function useProcessTempDir(): string {
  if (processTempDir) return processTempDir;
  processTempDir = mkdtempSync(join(tmpdir(), `folio-${process.pid}-`));
  process.env.TMPDIR = processTempDir;
  process.once('exit', removeProcessTempDir);
  return processTempDir;
}

function removeProcessTempDir(): void {
  if (processTempDir) rmSync(processTempDir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Removes `.name.<pid>.tmp` files and staging folders `writeFileAtomic` and `replaceDirectory` leave mid-write;
 * a folder retired as `.name.<pid>.old` whose replacement never arrived is put back.
 */
export function removeTemporaryOutputs(outDir: string, pid = process.pid): void {
  if (!existsSync(outDir)) return;
  for (const name of readdirSync(outDir)) {
    const match = new RegExp(`^\\.(.+)\\.${pid}\\.(tmp|old)$`).exec(name);
    if (!match) continue;
    const path = join(outDir, name);
    const target = join(outDir, match[1]!);
    if (match[2] === 'old' && !existsSync(target)) renameSync(path, target);
    else rmSync(path, { recursive: true, force: true });
  }
}

/** Puppeteer starts browsers in their own process group: kill each group led by a child of this process. */
function killChildProcessGroups(): void {
  for (const pid of childPids(process.pid)) killProcessGroup(pid);
}

function killProcessGroup(pid: number | undefined): void {
  if (!pid) return;
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Already gone, or not a group leader.
    }
  }
}

/** Direct children, read from /proc (Linux); elsewhere none are found and tracked browsers are killed instead. */
function childPids(parent: number): number[] {
  try {
    return readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
