import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

/**
 * A technical book written the way authors write them, generated the same on every run (no randomness): six
 * chapters, 66 figures of mixed sizes (PNG at screen resolution and SVG diagrams, portrait and landscape, from
 * a thumbnail to nearly a page), long code listings (wrapped lines, an SSH key, a diff whose context lines open
 * with a space), wide tables and a right-aligned column, URLs in the text and in notes, acronyms in product
 * names; a seventh chapter of tables: one three pages long, one set on its side, one too wide either way, one in a
 * quotation.
 * About 100 pages in print, images well under 100 KB in all. See test/books/README.md.
 */
export const TECHNICAL_BOOK_FIGURES = 66;

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A grey PNG of `width` × `height` with a few bands, so it compresses to a few hundred bytes. */
export function bandedPng(width: number, height: number, seed: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    const band = Math.floor((y * 6) / height);
    rows.fill(200 - ((band + seed) % 6) * 25, y * (width + 1) + 1, (y + 1) * (width + 1));
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

function diagramSvg(width: number, height: number, boxes: number): string {
  const w = width / boxes;
  const parts = Array.from({ length: boxes }, (_, i) => `<rect x="${i * w + 6}" y="${height / 3}" width="${w - 12}" height="${height / 3}" fill="none" stroke="#000" stroke-width="2"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>\n`;
}

const sentences = [
  'A version control system records changes to a file or set of files over time so that you can recall specific versions later.',
  'Many people’s version-control method of choice is to copy files into another directory, perhaps a time-stamped one.',
  'Centralized VCSs have a single server that contains all the versioned files, and a number of clients that check files out from that central place.',
  'On Mac OS X and Linux the same commands work in the terminal; Windows users can install the package from the project’s site.',
  'The SHA-1 hash of every object is 40 characters long, and the HTTP transport needs no special server beyond a web server.',
  'A branch is a lightweight movable pointer to one of these commits, and the default branch name is master or main.',
  'The repository needs about 4 m of cable, 12 kg of equipment and a budget described on p. 12 and in § 3 of the manual.',
  'In practice, teams that review every change catch most mistakes before they reach the shared history of the project.',
];

function paragraph(seed: number, length = 4): string {
  return Array.from({ length }, (_, i) => sentences[(seed * 3 + i) % sentences.length]).join(' ');
}

const listings = [
  {
    lang: 'sh',
    body: [
      '$ git clone https://github.com/libgit2/libgit2 mylibgit && cd mylibgit',
      '$ git log --pretty=format:"%h - %an, %ar : %s" --since=2.weeks --author="Scott Chacon" -- lib/',
      '$ ssh-keygen -t ed25519 -C "schacon@example.com" -f ~/.ssh/id_ed25519',
      '$ cat ~/.ssh/id_ed25519.pub',
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb7mQ2wq0p3X4kLxQv9rTzJm8Yc5nHf2sWd1uE6aPqRZk3AAAAB3NzaC1yc2E schacon@example.com',
    ],
  },
  {
    lang: 'diff',
    body: [
      'diff --git a/lib/simplegit.rb b/lib/simplegit.rb',
      'index 5b0d8a2..0c3b7a4 100644',
      '--- a/lib/simplegit.rb',
      '+++ b/lib/simplegit.rb',
      '@@ -5,12 +5,14 @@ class SimpleGit',
      ...Array.from({ length: 14 }, (_, i) => ` context line ${i + 1} keeps its leading space at a page break`),
      '-  def log(treeish = "master")',
      '+  def log(treeish = "master", options = { limit: 10, format: "oneline", decorate: true, graph: false })',
      '     command("git log -n 25 #{treeish}")',
    ],
  },
  {
    lang: 'ts',
    body: [
      '// Reads the configuration and merges the defaults with what the user wrote, keeping the order of the keys.',
      'export async function loadConfiguration(path: string, defaults: Record<string, unknown> = {}): Promise<Config> {',
      '  const text = await readFile(path, "utf8");',
      '  const parsed = parse(text) as Partial<Config>;',
      '  return { ...defaults, ...parsed, loadedFrom: path, loadedAt: new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) };',
      '}',
    ],
  },
];

function listing(index: number): string {
  const { lang, body } = listings[index % listings.length]!;
  return ['```' + lang, ...body, '```'].join('\n');
}

function wideTable(columns: number): string {
  const head = Array.from({ length: columns }, (_, i) => `Column ${i + 1}`);
  const rows = Array.from({ length: 4 }, (_, r) => Array.from({ length: columns }, (_, c) => (c === 0 ? `row-${r + 1}-identifier` : String((r + 1) * (c + 7) * 13))));
  const align = Array.from({ length: columns }, (_, i) => (i === 0 ? ':---' : '---:'));
  return [head, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const priceTable = [
  '| Command | Objects | Size (KB) |',
  '| :--- | :---: | ---: |',
  '| git gc | 12 | 1 |',
  '| git repack -a -d | 1,204 | 88,410 |',
  '| git count-objects -v | 7 | 356 |',
].join('\n');

/** A reference table longer than a page: paged.js splits it, and its header row must open every page of it. */
function longTable(rows: number): string {
  const head = ['Command', 'Object type', 'Size (KB)', 'Notes'];
  const body = Array.from({ length: rows }, (_, r) => [`git cmd-${String(r + 1).padStart(2, '0')}`, ['blob', 'tree', 'commit', 'tag'][r % 4]!, String(((r + 3) * 7919) % 10000), r % 5 === 0 ? 'packed after gc, kept loose before' : 'loose']);
  return [head, [':---', ':---', '---:', ':---'], ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** A table of long identifiers with no break opportunity: too wide for the page at a readable scale, fine on its side. */
function landscapeTable(): string {
  const head = ['Environment variable', 'Configuration key', 'Command line option', 'Deprecated name', 'Default'];
  const rows = [
    ['gitNoVerifySignaturesDefault', 'mergeVerifySignaturesDefault', 'noVerifySignaturesOption', 'verifySignaturesLegacyName', 'false'],
    ['gitRecurseSubmodulesDefault', 'submoduleRecurseDefaultValue', 'recurseSubmodulesOption', 'recurseSubmodulesLegacyName', 'onDemand'],
    ['gitAllowUnrelatedHistories', 'mergeAllowUnrelatedHistories', 'allowUnrelatedHistoriesOption', 'unrelatedHistoriesLegacyName', 'false'],
  ];
  const code = rows.map((cells) => cells.map((cell) => `\`${cell}\``));
  return [head, [':---', ':---', ':---', ':---', '---:'], ...code].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** A table of 24 columns of identifiers: it fits neither scaled down nor on its side, which the build reports. */
function impossibleTable(): string {
  const head = Array.from({ length: 24 }, (_, i) => `option_name_${i + 1}`);
  const row = Array.from({ length: 24 }, (_, i) => `value_identifier_${i + 1}`);
  return [head, head.map(() => '---'), row].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Writes the book into `dir` (emptied first); returns the manuscript folder. */
export function writeTechnicalBook(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'figures'), { recursive: true });
  const chapters: string[] = [];
  let figure = 0;
  const perChapter = TECHNICAL_BOOK_FIGURES / 6;
  for (let c = 1; c <= 6; c++) {
    const lines: string[] = [`# Getting Started, part ${c}`, '', paragraph(c, 3), ''];
    for (let f = 1; f <= perChapter; f++) {
      figure++;
      const id = `c${c}-${f}`;
      // Mixed sizes: tall portraits, wide landscapes and small inserts, as PNG (96 ppi, screen shots) or SVG.
      const kind = figure % 4;
      const [w, h] = kind === 0 ? [900, 1000] : kind === 1 ? [1000, 450] : kind === 2 ? [420, 300] : [800, 760];
      const file = figure % 3 === 0 ? `figures/f${figure}.svg` : `figures/f${figure}.png`;
      writeFileSync(join(dir, file), file.endsWith('.svg') ? diagramSvg(w, h, 2 + (figure % 4)) : bandedPng(w, h, figure));
      lines.push(`As [](#fig:${id}) shows, ${paragraph(figure, 2)}`, '');
      lines.push(`![Figure ${c}-${f}. ${sentences[figure % sentences.length]!.split(' ').slice(0, 6).join(' ')}.](${file}){#fig:${id}}`, '');
      lines.push(paragraph(figure + 1, 3 + (figure % 3)), '');
      if (f % 4 === 1) lines.push(listing(figure), '');
      if (f === 3) lines.push(priceTable, '');
      if (f === 6 && c % 2 === 0) lines.push(wideTable(c === 2 ? 9 : 14), '');
      if (f === 8) {
        lines.push(
          `Read the repository for this purpose at https://github.com/progit/progit2/blob/main/book/01-introduction/sections/about-version-control.asc?plain=1#L12 before you start.[^u${c}]`,
          '',
          `[^u${c}]: The mirror at https://git-scm.com/book/en/v2/Getting-Started-About-Version-Control carries the same text, and RFC 2616-3 describes HTTP/1.1.`,
          '',
        );
      }
    }
    lines.push(paragraph(c + 5, 4), '');
    const name = `0${c}-part-${c}.md`;
    writeFileSync(join(dir, name), lines.join('\n'));
    chapters.push(name);
  }
  // A seventh chapter, of tables only, after the figures' chapters so their pages stay as they were measured.
  writeFileSync(
    join(dir, '07-reference.md'),
    [
      ...['# Reference Tables', '', paragraph(1, 2), '', longTable(90), '', paragraph(2, 2), '', landscapeTable(), '', paragraph(3, 2), ''],
      ...[impossibleTable(), '', paragraph(4, 2), ''],
      // In a quotation: measured against the quotation's narrower measure, not the text block's.
      ...[wideTable(9).replace(/^/gm, '> '), '', paragraph(5, 2), ''],
    ].join('\n'),
  );
  chapters.push('07-reference.md');
  writeFileSync(
    join(dir, 'book.yaml'),
    ['title: A Technical Test Book', 'language: en', 'date: 2024-01-01', 'figures:', '  numbering: chapter', 'chapters:', ...chapters.map((name) => `  - ${name}`), ''].join('\n'),
  );
  return dir;
}
