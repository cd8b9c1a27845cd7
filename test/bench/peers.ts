/**
 * The tools Folio is measured against. Each is found or installed by the bench itself (npm packages into
 * a cache folder, never as project dependencies; Pandoc from apt when running as root), or reported
 * missing with the reason: a peer that cannot run is skipped with a note, never replaced by a guess.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Peer {
  name: string;
  /** The command line to start it, when it is there. */
  command?: string[];
  version?: string;
  /** Why it is missing, when it is. */
  skipped?: string;
}

export const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';

/** npm peers, pinned: pagedjs-cli is the version of the polyfill Folio bundles. */
const NPM_PEERS = { 'pagedjs-cli': '0.4.3', '@vivliostyle/cli': '11.3.3' } as const;

function run(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function firstLine(text: string | undefined): string | undefined {
  return text?.split('\n')[0]?.trim();
}

export function findPandoc(log: (line: string) => void): Peer {
  let path = run('sh', ['-c', 'command -v pandoc']);
  if (!path && process.getuid?.() === 0 && run('sh', ['-c', 'command -v apt-get'])) {
    log('pandoc is missing: apt-get install -y pandoc');
    const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'pandoc'], { stdio: 'ignore' }).status === 0;
    if (!install()) {
      spawnSync('apt-get', ['update'], { stdio: 'ignore' });
      install();
    }
    path = run('sh', ['-c', 'command -v pandoc']);
  }
  if (!path) return { name: 'pandoc', skipped: 'pandoc is not installed (apt-get install pandoc) and could not be installed here' };
  return { name: 'pandoc', command: [path], version: firstLine(run(path, ['--version'])) };
}

export function findChromium(): Peer {
  if (!existsSync(CHROMIUM)) return { name: 'chromium', skipped: `no browser at ${CHROMIUM} (set PUPPETEER_EXECUTABLE_PATH)` };
  return { name: 'chromium', command: [CHROMIUM], version: firstLine(run(CHROMIUM, ['--version'])) };
}

/**
 * pagedjs-cli and @vivliostyle/cli, installed with `npm install --ignore-scripts` into `cacheDir` (their
 * puppeteer and playwright downloads are skipped: both drive the same system Chromium as Folio).
 */
export function findNpmPeers(cacheDir: string, log: (line: string) => void): { pagedjs: Peer; vivliostyle: Peer } {
  mkdirSync(cacheDir, { recursive: true });
  const manifest = join(cacheDir, 'package.json');
  const wanted = JSON.stringify({ private: true, description: 'Peers for npm run bench', dependencies: NPM_PEERS }, null, 2) + '\n';
  const installed = (name: string) => existsSync(join(cacheDir, 'node_modules', name, 'package.json'));
  const stale = !existsSync(manifest) || readFileSync(manifest, 'utf8') !== wanted;
  const skipped: Record<string, string> = {};
  if (stale || !Object.keys(NPM_PEERS).every(installed)) {
    writeFileSync(manifest, wanted);
    // One install per package, so one that fails does not take the other with it.
    for (const [name, version] of Object.entries(NPM_PEERS)) {
      if (!stale && installed(name)) continue;
      log(`installing ${name}@${version} into ${cacheDir} (once; it takes a few minutes)`);
      const result = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', `${name}@${version}`], {
        cwd: cacheDir,
        encoding: 'utf8',
        env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
      });
      if (result.status !== 0) skipped[name] = `npm install ${name}@${version} failed: ${firstLine(result.stderr.split('npm error').slice(-1)[0]) ?? 'no output'}`;
    }
  }
  const bin = (name: string) => join(cacheDir, 'node_modules', '.bin', name);
  const versionOf = (name: string) => {
    try {
      return `${name} ${JSON.parse(readFileSync(join(cacheDir, 'node_modules', name, 'package.json'), 'utf8')).version}`;
    } catch {
      return undefined;
    }
  };
  const peer = (name: keyof typeof NPM_PEERS, binary: string): Peer =>
    existsSync(bin(binary))
      ? { name, command: [bin(binary)], version: versionOf(name) }
      : { name, skipped: skipped[name] ?? `${name} is not installed in ${cacheDir}` };
  return { pagedjs: peer('pagedjs-cli', 'pagedjs-cli'), vivliostyle: peer('@vivliostyle/cli', 'vivliostyle') };
}

export function machineDescription(): Record<string, string | number> {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? 'unknown CPU';
  const os = existsSync('/etc/os-release') ? (/PRETTY_NAME="?([^"\n]*)/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '') : '';
  let cpus = 0;
  try {
    cpus = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    cpus = 0;
  }
  const memKb = Number(/MemTotal:\s*(\d+)/.exec(existsSync('/proc/meminfo') ? readFileSync('/proc/meminfo', 'utf8') : '')?.[1] ?? 0);
  return { cpu: model, cpus, memoryGb: Math.round(memKb / 1024 / 1024), os, node: process.version };
}
