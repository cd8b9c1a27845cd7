import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// What a user gets from the registry: the packed tarball, installed into an empty folder, run as `npx folio`.
const temp = mkdtempSync(join(tmpdir(), 'folio-install-'));
// A whole node_modules to remove: more than the default 10 s on a busy machine.
afterAll(() => rmSync(temp, { recursive: true, force: true }), 120_000);

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });

describe('the installed package', () => {
  it('installs from its tarball and runs `folio --version` and `folio build` with nothing fetched at run time, asking for a CJK face only when a book needs it', { timeout: 600_000 }, () => {
    const packed = npm(['pack', '--silent', '--pack-destination', temp], resolve('.')).trim().split('\n').pop()!;
    const project = join(temp, 'project');
    cpSync(resolve('manuscript'), join(project, 'manuscript'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{"private": true}\n');
    npm(['install', '--prefer-offline', '--no-save', join(temp, packed)], project);
    expect(npm(['exec', '--offline', '--', 'folio', '--version'], project).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    npm(['exec', '--offline', '--', 'folio', 'build', '--format', 'epub,html', '--quiet'], project);
    expect(readdirSync(join(project, 'dist')).filter((name) => name.endsWith('.epub'))).toHaveLength(1);
    expect(existsSync(join(project, 'dist', 'html', 'index.html'))).toBe(true);
    // The CJK faces are not in the install (devDependencies of Folio): the default book, which quotes Chinese, is
    // stopped before any layout at its first Chinese character, with the package to install.
    let stderr = '';
    try {
      npm(['exec', '--offline', '--', 'folio', 'check'], project);
    } catch (error) {
      stderr = String((error as { stderr?: string }).stderr);
    }
    expect(stderr).toMatch(/manuscript\/[\w.-]+\.md:\d+:\d+: error: U\+[0-9A-F]{4} \(.\) is set in Noto Serif SC, whose package is not installed: run `npm install @fontsource\/noto-serif-sc`/);
  });
});
