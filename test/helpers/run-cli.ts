import { spawn } from 'node:child_process';
import { vi } from 'vitest';
import { main } from '../../src/cli.js';

/** Runs Folio's command line on manuscripts in test folders and keeps what the user reads (test/broken, test/hostile). */
const cli = new URL('../../src/cli.ts', import.meta.url).pathname;
const tsx = import.meta.resolve('tsx');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function spawnCli(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, cli, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function runInProcess(cwd: string, args: string[]): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts) => void stdout.push(`${parts.join(' ')}\n`));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts) => void stderr.push(`${parts.join(' ')}\n`));
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.chdir(before);
    log.mockRestore();
    error.mockRestore();
  }
}

/** What the user reads, with timings (which vary) blanked. */
export function transcript(run: Run): string {
  const blank = (text: string) => text.replace(/\(\d+(?:\.\d+)? s\)/g, '(… s)').replace(/ in \d+(?:\.\d+)? s/g, ' in … s');
  const parts = [`exit ${run.code}`, blank(run.stderr).trimEnd()];
  if (run.stdout.trim()) parts.push('--- stdout', blank(run.stdout).trimEnd());
  return `${parts.filter(Boolean).join('\n')}\n`;
}

