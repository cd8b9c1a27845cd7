import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/report.js';

/*
 * The engine's folders are stages and jobs, and imports only run down: an output never reaches into another
 * output's folder or into the preview, the helpers below the outputs (browser, process, io, resources) never reach
 * up into them, and nothing imports the CLI. Read from the source, so a new file is checked without being listed.
 */
const repo = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(join(repo, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(repo, join(entry.parentPath, entry.name)));
}

/** Every module a file imports (static, dynamic or type-only), as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(repo, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    found.push(normalize(join(dirname(file), match[1]!)).replace(/\.js$/, '.ts'));
  }
  return found;
}

const edges = sourceFiles('src').flatMap((file) => importsOf(file).map((target) => ({ file, target })));
const outputs = ['html', 'epub', 'pdf', 'cover'];
const outputOf = (path: string) => /^src\/emit\/(html|epub|pdf|cover)\//.exec(path)?.[1];
const helperFolders = ['src/browser/', 'src/process/', 'src/io/', 'src/resources/'];
const upperLayers = ['src/emit/', 'src/preview/', 'src/build.ts', 'src/pipeline.ts', 'src/cli.ts'];

describe('the engine’s imports', () => {
  it('are read from the source (the build imports the pipeline)', () => {
    expect(edges).toContainEqual({ file: 'src/build.ts', target: 'src/pipeline.ts' });
    expect(outputs.every((output) => edges.some((edge) => outputOf(edge.file) === output))).toBe(true);
  });

  it('never run from one output’s folder into another’s or into the preview', () => {
    const crossing = edges.filter(({ file, target }) => {
      const from = outputOf(file);
      if (!from) return false;
      const to = outputOf(target);
      return (to !== undefined && to !== from) || target.startsWith('src/preview/');
    });
    expect(crossing).toEqual([]);
  });

  it('never run from the browser, process, io and resources helpers up into the outputs, the preview or the build', () => {
    const upward = edges.filter(({ file, target }) => helperFolders.some((folder) => file.startsWith(folder)) && upperLayers.some((layer) => target.startsWith(layer)));
    expect(upward).toEqual([]);
  });

  it('never run from a template into an emitter: a template is told where chapters live through its options', () => {
    const fromTemplates = sourceFiles('templates').flatMap((file) => importsOf(file).map((target) => ({ file, target })));
    expect(fromTemplates.length).toBeGreaterThan(0);
    expect(fromTemplates.filter(({ target }) => target.startsWith('src/emit/'))).toEqual([]);
  });

  it('never reach the CLI', () => {
    expect(edges.filter(({ target }) => target === 'src/cli.ts')).toEqual([]);
  });
});

describe('the diagnostics catalogue', () => {
  it('holds every rule id the source names', () => {
    const named = new Set<string>();
    for (const file of [...sourceFiles('src'), ...sourceFiles('templates')]) {
      const text = readFileSync(join(repo, file), 'utf8');
      for (const match of text.matchAll(/(?:ruleId|rule):\s*'([a-z0-9-]+)'|report\([\w.]+,\s*'([a-z0-9-]+)'/g)) {
        named.add(match[1] ?? match[2]!);
      }
    }
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((id) => !Object.hasOwn(rules, id))).toEqual([]);
  });
});
