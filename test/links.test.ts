import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { VFile } from 'vfile';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.js';
import { findBrowser } from '../src/browser/launch.js';
import { buildPrintDocument } from '../src/emit/pdf/index.js';
import { loadManuscript } from '../src/load/index.js';
import { chapterIds } from '../src/parse/chapter-id.js';
import { reservedIds } from '../src/emit/outputs.js';
import { parseChapter } from '../src/parse/index.js';
import { formatDiagnostic } from '../src/report.js';
import { renderBook } from '../src/pipeline.js';
import { expectedOrWrite } from './helpers/template-fixtures.js';
import { epubcheck, skipWithoutBrowser } from './helpers/tools.js';

const book = 'test/books/links-and-ids';
const browser = findBrowser();

/** Every `href="…"` of a page, in order. */
const hrefsIn = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!);

describe('a book whose chapters link to each other and whose names clash with generated pages', () => {
  let result: BuildResult;
  let out: string;
  let zip: JSZip;
  const html = (name: string) => readFileSync(join(out, 'html', name), 'utf8');
  const xhtml = (name: string) => zip.file(`OEBPS/${name}`)!.async('string');

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'folio-links-'));
    result = await build({ manuscript: book, out, formats: browser ? ['html', 'epub', 'pdf'] : ['html', 'epub'] });
    const epub = result.outputs.find((output) => output.target === 'epub');
    if (epub && !epub.error) zip = await JSZip.loadAsync(readFileSync(epub.path));
  }, 120_000);

  it('builds every output, warning only about the untitled chapter: a heading whose id is taken is renamed in silence', () => {
    expect(result.outputs.map((output) => output.error?.message)).toEqual(result.outputs.map(() => undefined));
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `${book}/05-untitled.md:1:1: warning: The chapter does not open with a \`# heading\`: readers and the contents get its file name as its title [chapter-untitled]`,
    ]);
  });

  it('gives chapters named after generated pages a suffixed id', () => {
    expect(existsSync(join(out, 'html', 'index-1.html'))).toBe(true);
    expect(existsSync(join(out, 'html', 'copyright-1.html'))).toBe(true);
    expect(zip.file('OEBPS/copyright-1.xhtml')).not.toBeNull();
  });

  it('keeps the HTML home page as the title page and contents', () => {
    const home = html('index.html');
    expect(home).toContain('Links and Ids');
    expect(hrefsIn(home)).toEqual(expect.arrayContaining(['opening.html', 'background.html', 'index-1.html', 'copyright-1.html', 'untitled.html']));
    expect(home).not.toContain('Index of Things</h1>');
  });

  it('rewrites links to other chapters to their HTML pages', () => {
    expect(hrefsIn(html('opening.html'))).toEqual(
      expect.arrayContaining(['background.html#details', 'background.html', 'index-1.html', 'copyright-1.html#conditions', '#background-1']),
    );
    expect(hrefsIn(html('untitled.html'))).toContain('background.html#details');
    expect(hrefsIn(html('background.html'))).toEqual(expect.arrayContaining(['opening.html#opening', 'untitled.html']));
    for (const name of ['opening.html', 'background.html', 'index-1.html', 'copyright-1.html', 'untitled.html']) {
      expect(hrefsIn(html(name)).filter((href) => href.endsWith('.md') || href.includes('.md#'))).toEqual([]);
    }
  });

  it('gives the heading that clashes with a chapter a different id', () => {
    expect(html('opening.html')).toContain('<h2 id="background-1">Background</h2>');
    expect(html('background.html')).toContain('<h1 id="background">Background</h1>');
  });

  it('sets the French chapter in French in the HTML', () => {
    expect(html('copyright-1.html')).toMatch(/<article lang="fr">/);
  });

  it('rewrites links to other chapters to their EPUB documents', async () => {
    expect(hrefsIn(await xhtml('opening.xhtml'))).toEqual(
      expect.arrayContaining(['background.xhtml#details', 'background.xhtml', 'index-1.xhtml', 'copyright-1.xhtml#conditions', '#background-1']),
    );
    expect(hrefsIn(await xhtml('untitled.xhtml'))).toContain('background.xhtml#details');
  });

  it('keeps the generated copyright page and labels the untitled chapter by its title', async () => {
    expect(await xhtml('copyright.xhtml')).toContain('© 2024 Folio Test Press.');
    const untitled = await xhtml('untitled.xhtml');
    expect(untitled).toMatch(/<section[^>]*aria-label="05-untitled"/);
    expect(untitled).not.toContain('aria-labelledby');
    expect(await xhtml('copyright-1.xhtml')).toMatch(/<section[^>]*lang="fr"/);
  });

  it('passes EPUBCheck with nothing but usage notes on the embedded fonts', () => {
    const report = epubcheck(result.outputs.find((output) => output.target === 'epub')!.path);
    expect(report.messages.filter((message) => message.ID !== 'CSS-028').map((message) => `${message.severity} ${message.ID}: ${message.message}`)).toEqual([]);
    expect(report.fatals + report.errors + report.warnings).toBe(0);
  }, 90_000);

  it.skipIf(skipWithoutBrowser())('writes the PDF', () => {
    const pdf = result.outputs.find((output) => output.target === 'pdf')!;
    expect(pdf.error).toBeUndefined();
    expect(readFileSync(pdf.path).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('the print document of a book whose chapters link to each other', () => {
  let document: string;
  beforeAll(async () => {
    const { manuscript } = await loadManuscript(book);
    const rendered = await renderBook(manuscript!, 'pdf');
    document = buildPrintDocument(rendered);
  });

  it('points every in-document link at exactly one element', () => {
    const ids = [...document.matchAll(/\sid="([^"]*)"/g)].map((match) => match[1]!);
    const targets = [...new Set(hrefsIn(document).filter((href) => href.startsWith('#')).map((href) => decodeURIComponent(href.slice(1))))];
    expect(targets).toEqual(expect.arrayContaining(['details', 'background', 'index-1', 'conditions', 'untitled']));
    for (const target of targets) expect([target, ids.filter((id) => id === target).length]).toEqual([target, 1]);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it('sets the French chapter in French', () => {
    expect(document).toMatch(/<section[^>]*data-chapter-title="Mentions légales"[^>]*lang="fr"|<section[^>]*lang="fr"[^>]*data-chapter-title="Mentions légales"/);
  });
});

describe('chapter front matter', () => {
  const parse = async (value: string) => {
    const file = new VFile({ path: '/book/03-chapter.md', value });
    file.data.lang = 'en';
    await parseChapter(file);
    return { lang: file.data.lang, messages: file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}: ${message.reason}`) };
  };

  it('sets the chapter language from `lang`', async () => {
    expect(await parse('---\nlang: zh-Hans\n---\n\n# 标题\n')).toEqual({ lang: 'zh-Hans', messages: [] });
  });

  it('reports a `lang` that is not a language tag at its value', async () => {
    const { lang, messages } = await parse('---\nlang: French!\n---\n\n# Title\n');
    expect(lang).toBe('en');
    expect(messages).toEqual(['2:7 frontmatter-type: `lang` must be a BCP 47 language tag such as `fr` or `zh-Hans`, not `French!`']);
  });

  it('warns about an unknown key at its line and column', async () => {
    const { messages } = await parse('---\nlang: fr\ntitel: Oops\n---\n\n# Titre\n');
    expect(messages).toEqual(['3:1 frontmatter-unknown-key: Front matter key `titel` is not one Folio knows (known: `lang`): it is ignored']);
  });

  it('reports front matter that is not valid YAML', async () => {
    const { messages } = await parse('---\nlang: [fr\n---\n\n# Titre\n');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^\d+:\d+ frontmatter-syntax: Front matter is not valid YAML/);
  });
});

describe('chapter ids', () => {
  it('never take the name of a page the emitters generate', () => {
    expect(chapterIds(['index.md', 'copyright.md', 'cover.md', 'toc.md', 'title-page.md', 'nav.md', 'notes.md', '03-landmarks.md', 'intro.md'], reservedIds)).toEqual([
      'index-1',
      'copyright-1',
      'cover-1',
      'toc-1',
      'title-page-1',
      'nav-1',
      'notes-1',
      'landmarks-1',
      'intro',
    ]);
  });

  it('stay unique when a file name is only punctuation', () => {
    expect(chapterIds(['01-???.md', '02-!!!.md'], reservedIds)).toEqual(['chapter', 'chapter-1']);
  });
});

describe('the golden fixture harness', () => {
  it('fails on CI when an expectation is missing, and writes it elsewhere', () => {
    const folder = mkdtempSync(join(tmpdir(), 'folio-fixture-'));
    const path = join(folder, 'output.html');
    const ci = process.env.CI;
    const update = process.env.UPDATE;
    try {
      delete process.env.UPDATE;
      process.env.CI = 'true';
      expect(() => expectedOrWrite(path, '<p>new</p>\n')).toThrow(/No expectation/);
      expect(existsSync(path)).toBe(false);
      delete process.env.CI;
      expect(expectedOrWrite(path, '<p>new</p>\n')).toBe('<p>new</p>\n');
      writeFileSync(path, '<p>old</p>\n');
      process.env.CI = 'true';
      expect(expectedOrWrite(path, '<p>new</p>\n')).toBe('<p>old</p>\n');
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
      if (update === undefined) delete process.env.UPDATE;
      else process.env.UPDATE = update;
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
