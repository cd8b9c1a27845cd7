import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
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
 * Kills `browser` (and its renderers) if the process is interrupted or exits while it is open, and kills what is
 * left of its process group once it disconnects: when the browser process itself dies (a crash, the OOM
 * killer), its renderers and zygote outlive it for a moment, still writing into the profile folder that
 * is then removed with `folders` (the browser's private temporary folders, see `launchBrowser`).
 */
export function trackBrowser(browser: Browser, folders: string[] = []): () => void {
  const pid = browser.process()?.pid;
  const end = () => {
    killProcessGroup(pid);
    for (const folder of folders) rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
  };
  const untrack = onInterrupt(end);
  process.once('exit', end);
  const watchdog = pid ? killGroupWhenGone(pid) : undefined;
  browser.once('disconnected', () => {
    untrack();
    process.off('exit', end);
    end();
    watchdog?.kill('SIGKILL');
  });
  return untrack;
}

/**
 * A tiny supervisor for the browser's process group: a shell that checks every 0.2 s that this process is
 * alive and SIGKILLs the group once it is not. The pipe puppeteer talks over already makes Chromium quit when
 * this process dies, but Chromium takes its time shutting down on a loaded machine, and its renderers can
 * outlive it; a SIGKILL (or the OOM killer) leaves no chance to clean up from here. It runs in its own process
 * group, so killing this process's group does not take the supervisor with it.
 */
function killGroupWhenGone(groupPid: number): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    const watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 0.2; done; kill -KILL -${groupPid} 2>/dev/null`], {
      detached: true,
      stdio: 'ignore',
    });
    watchdog.on('error', () => {});
    watchdog.unref();
    return watchdog;
  } catch {
    return undefined;
  }
}

/** True while any process of the group led by `pid` is alive (POSIX: signal 0 to the group checks without killing). */
export function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
 * Where Folio's temporary folders go: the system's, unless its path is long (macOS gives
 * `/var/folders/…/T/`). Chromium puts its singleton socket under its TMPDIR and profile folder, and a Unix
 * socket path holds at most 104 bytes (macOS) or 108 (Linux), so a long TMPDIR keeps the browser from starting.
 */
export function shortTempBase(maxLength = MAX_TEMP_BASE): string {
  const base = tmpdir();
  if (base.length <= maxLength || process.platform === 'win32') return base;
  try {
    accessSync('/tmp', constants.W_OK);
    return '/tmp';
  } catch {
    return base;
  }
}
const MAX_TEMP_BASE = 40;

/** A new folder `folio-<pid>-XXXXXX` under `shortTempBase()`: the name lets a later run sweep it if this one is killed. */
export function makeTempDir(base = processTempDir ?? shortTempBase()): string {
  sweepDeadTempDirs();
  return mkdtempSync(join(base, `folio-${process.pid}-`));
}

/**
 * Gives this process a private temporary folder and points `TMPDIR` at it, so every temporary file of the
 * build (print documents, the browser profile) lands there and one removal on exit takes them all.
 */
export function useProcessTempDir(): string {
  if (processTempDir) return processTempDir;
  processTempDir = makeTempDir();
  process.env.TMPDIR = processTempDir;
  process.once('exit', removeProcessTempDir);
  return processTempDir;
}

function removeProcessTempDir(): void {
  if (processTempDir) rmSync(processTempDir, { recursive: true, force: true, maxRetries: 3 });
}

let swept = false;

/**
 * Removes the `folio-<pid>-XXXXXX` folders of processes that no longer run: a build killed with SIGKILL (or
 * the OOM killer) cannot clean up after itself, so the next one does. A folder whose process is alive, or
 * belongs to another user, is left alone.
 */
export function sweepDeadTempDirs(bases?: string[]): string[] {
  if (!bases && swept) return [];
  if (!bases) swept = true;
  const removed: string[] = [];
  for (const base of bases ?? new Set([tmpdir(), shortTempBase(), shortTempBase(0)])) {
    let names: string[];
    try {
      names = readdirSync(base);
    } catch {
      continue;
    }
    for (const name of names) {
      const pid = Number(/^folio-(\d+)-[A-Za-z0-9]{6}$/.exec(name)?.[1]);
      if (!pid || pid === process.pid || processAlive(pid)) continue;
      try {
        rmSync(join(base, name), { recursive: true, force: true, maxRetries: 3 });
        removed.push(join(base, name));
      } catch {
        // Another user's folder, or one being removed by someone else: not ours to insist on.
      }
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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

export function killProcessGroup(pid: number | undefined): void {
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
