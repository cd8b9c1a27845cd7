import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.js';
import { cacheDirFor, ContentCache, hashKey } from '../src/cache/store.js';
import { pdftotext, skipWithoutBrowser } from './helpers/tools.js';

const key = (text: string) => hashKey(text);
const scratch = mkdtempSync(join(tmpdir(), 'folio-cache-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const tempDir = (prefix: string) => mkdtempSync(join(scratch, prefix));

describe('ContentCache', () => {
  it('returns what was put under the same key, and nothing under another key or kind', async () => {
    const cache = new ContentCache(tempDir('store-'));
    await cache.put('cover', key('a'), Buffer.from('made from a'));
    expect((await cache.get('cover', key('a')))?.toString()).toBe('made from a');
    expect(await cache.get('cover', key('b'))).toBeUndefined();
    expect(await cache.get('pdf', key('a'))).toBeUndefined();
  });

  it('treats a corrupt or truncated entry as a miss and removes it', async () => {
    const dir = tempDir('store-');
    const cache = new ContentCache(dir);
    for (const [name, spoil] of [
      ['flipped', (data: Buffer) => Buffer.concat([data.subarray(0, -3), Buffer.from('XYZ')])],
      ['truncated', (data: Buffer) => data.subarray(0, data.length - 5)],
      ['empty', () => Buffer.alloc(0)],
    ] as const) {
      await cache.put('cover', key(name), Buffer.from(`payload of ${name}, long enough to spoil`));
      const path = join(dir, 'cover', key(name));
      writeFileSync(path, spoil(readFileSync(path)));
      expect(await cache.get('cover', key(name))).toBeUndefined();
      expect(existsSync(path)).toBe(false);
    }
  });

  it('keeps only the entries of a kind used last', async () => {
    const dir = tempDir('store-');
    const cache = new ContentCache(dir);
    for (const [index, name] of ['one', 'two', 'three'].entries()) {
      await cache.put('pdf', key(name), Buffer.from(name), 2);
      // File times have a coarse resolution on some file systems: age the older entries by hand.
      const when = new Date(Date.now() - (3 - index) * 60_000);
      utimesSync(join(dir, 'pdf', key(name)), when, when);
    }
    // 'one' went when 'three' came; reading 'two' makes it the last used, so 'three' goes when 'four' comes.
    expect(readdirSync(join(dir, 'pdf')).sort()).toEqual([key('two'), key('three')].sort());
    expect((await cache.get('pdf', key('two')))?.toString()).toBe('two');
    await cache.put('pdf', key('four'), Buffer.from('four'), 2);
    expect(readdirSync(join(dir, 'pdf')).sort()).toEqual([key('four'), key('two')].sort());
  });
});

/** Every file under `dir`, by relative path, with its bytes. */
function filesOf(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return found;
}

function expectSameFiles(actual: string, expected: string) {
  const a = filesOf(actual);
  const b = filesOf(expected);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [path, bytes] of b) expect(a.get(path)!.equals(bytes), `${path} differs`).toBe(true);
}

describe('a build with the cache', { timeout: 300_000 }, () => {
  const project = tempDir('book-');
  const manuscript = join(project, 'manuscript');
  const chapter = join(manuscript, '03-more-investment-doesnt-always-fuel-more-innovation.md');
  const withPdf = !skipWithoutBrowser();
  const formats = withPdf ? (['epub', 'html', 'pdf'] as const) : (['epub', 'html'] as const);
  const slug = 'interview-with-deepseek-founder';
  const results: Record<string, BuildResult> = {};
  const out = (name: string) => join(project, name);

  beforeAll(async () => {
    cpSync('manuscript', manuscript, { recursive: true });
    results.first = await build({ manuscript, out: out('first'), formats: [...formats], cache: true });
    results.again = await build({ manuscript, out: out('again'), formats: [...formats], cache: true });
    const text = readFileSync(chapter, 'utf8');
    const word = / cash /.exec(text)!;
    writeFileSync(chapter, `${text.slice(0, word.index)} capital ${text.slice(word.index + word[0].length)}`);
    results.edited = await build({ manuscript, out: out('edited'), formats: [...formats], cache: true });
    results.clean = await build({ manuscript, out: out('clean'), formats: ['epub', 'html'], cache: false });
  }, 300_000);

  it('keeps its entries in .folio-cache beside the manuscript folder', () => {
    for (const result of Object.values(results)) expect(result.ok).toBe(true);
    expect(cacheDirFor(manuscript)).toBe(join(project, '.folio-cache'));
    expect(readdirSync(join(project, '.folio-cache'))).toContain('cover');
  });

  it('keeps each chapter parsed, and parses again only the chapter edited', () => {
    const chapters = readdirSync(manuscript).filter((name) => name.endsWith('.md')).length;
    // The first build parsed and kept every chapter; the second found them all; the edit added one entry.
    expect(readdirSync(join(project, '.folio-cache', 'parsed'))).toHaveLength(chapters + 1);
  });

  it('gives, after a one-word edit, the same EPUB and HTML as a clean build of the edited book', () => {
    expect(readFileSync(join(out('edited'), `${slug}.epub`)).equals(readFileSync(join(out('clean'), `${slug}.epub`)))).toBe(true);
    expectSameFiles(join(out('edited'), 'html'), join(out('clean'), 'html'));
    expect(readFileSync(join(out('edited'), 'html', 'more-investment-doesnt-always-fuel-more-innovation.html'), 'utf8')).toContain(' capital ');
  });

  it('ignores corrupt entries: the build succeeds and writes the same bytes as a clean one', async () => {
    const dir = join(project, '.folio-cache');
    for (const kind of readdirSync(dir)) {
      for (const name of readdirSync(join(dir, kind))) {
        const path = join(dir, kind, name);
        const data = readFileSync(path);
        data[data.length >> 1] ^= 0xff;
        writeFileSync(path, data);
      }
    }
    const result = await build({ manuscript, out: out('corrupt'), formats: ['epub', 'html'], cache: true });
    expect(result.ok).toBe(true);
    expect(readFileSync(join(out('corrupt'), `${slug}.epub`)).equals(readFileSync(join(out('clean'), `${slug}.epub`)))).toBe(true);
    expectSameFiles(join(out('corrupt'), 'html'), join(out('clean'), 'html'));
  });

  it.skipIf(!withPdf)('writes the print PDF again from the cache only when the print document is unchanged', () => {
    const pdf = (name: string) => join(out(name), `${slug}.pdf`);
    const detail = (name: string) => results[name]!.outputs.find((output) => output.target === 'pdf')!.detail ?? '';
    expect(detail('first')).not.toContain('from the cache');
    expect(detail('again')).toContain('from the cache');
    expect(readFileSync(pdf('again')).equals(readFileSync(pdf('first')))).toBe(true);
    expect(detail('edited')).not.toContain('from the cache');
    expect(pdftotext(pdf('edited')).replace(/\s+/g, ' ')).toContain(' capital ');
  });
});

describe('a chapter parsed from the cache', { timeout: 120_000 }, () => {
  it('reports what parsing it reported, and sets what it set', async () => {
    const project = tempDir('messages-');
    const manuscript = join(project, 'manuscript');
    mkdirSync(manuscript, { recursive: true });
    writeFileSync(join(manuscript, 'book.yaml'), 'title: Cached Parses\nlanguage: en\nchapters:\n  - 01.md\n  - 02.md\n');
    writeFileSync(join(manuscript, '01.md'), '# One\n\nPlain text, with a note.[^a]\n\n[^a]: The note.\n');
    // Parse-time findings of several rules, and a chapter language set in front matter.
    writeFileSync(join(manuscript, '02.md'), '---\nlang: fr\n---\n# Autre\n\nUn <span lang="!!">mot</span> et <script>alert(1)</script> fin.\n\n[^x]: Une note sans appel.\n');
    const runs = [];
    for (const cache of [true, true, false]) {
      runs.push(await build({ manuscript, out: join(project, `out-${runs.length}`), formats: ['epub'], cache }));
    }
    const [first, fromCache, clean] = runs.map((result) => ({ ...result, sources: undefined, outputs: undefined }));
    expect(readdirSync(join(project, '.folio-cache', 'parsed'))).toHaveLength(2);
    expect(first!.diagnostics.map((d) => d.ruleId)).toEqual(expect.arrayContaining(['attribute-invalid', 'html-unsafe']));
    expect(fromCache!.diagnostics).toEqual(clean!.diagnostics);
    expect(first!.diagnostics).toEqual(clean!.diagnostics);
    const epub = (index: number) => readdirSync(join(project, `out-${index}`)).find((name) => name.endsWith('.epub'))!;
    expect(readFileSync(join(project, 'out-1', epub(1))).equals(readFileSync(join(project, 'out-2', epub(2))))).toBe(true);
  });
});
