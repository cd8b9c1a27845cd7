/**
 * Deterministic test books for the benchmarks: the same seed gives the same bytes on every machine, so
 * timings from two runs (or two branches) are of the same input. A generated book has chapters of prose
 * with headings, interview turns, bulleted and numbered lists, a table, code blocks, figures (PNG and
 * SVG files it writes itself), footnotes, a scene break and a little Chinese.
 */
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

export interface BookShape {
  title: string;
  chapters: number;
  /** Words of running text in the whole book (notes, captions and code not counted), approximately. */
  words: number;
  /** Footnotes in the whole book, spread evenly over the chapters. */
  notes: number;
  /** Figures in the whole book, alternately PNG and SVG. */
  figures: number;
  /** print.timeout for book.yaml; a generous one, so a slow machine measures instead of failing. */
  timeout?: string;
}

/** The generated sizes of issue 15: about 250 words to a 6 × 9 in page. */
export const BOOK_SHAPES = {
  '300p': { title: 'A Generated Book of Three Hundred Pages', chapters: 12, words: 75_000, notes: 150, figures: 48, timeout: '30min' },
  '1000p': { title: 'A Generated Book of a Thousand Pages', chapters: 40, words: 250_000, notes: 500, figures: 160, timeout: '60min' },
} satisfies Record<string, BookShape>;

const WORDS = (
  'type page press ink paper margin folio quire sheet gutter measure leading line word letter serif compositor proof ' +
  'binding signature edition reader printer forme chase galley stick case fount spacing rhythm colour texture hand craft ' +
  'setting column block the of and a to in that it with as for on was by at from but not this which they all'
).split(' ');

/** A linear congruential generator: tiny, and the same sequence in every JavaScript engine. */
export function generator(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = () => WORDS[Math.floor(next() * WORDS.length)]!;
  const sentence = (min = 8, spread = 14) => {
    const text = Array.from({ length: min + Math.floor(next() * spread) }, pick).join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1) + '.';
  };
  const paragraph = (sentences = 5 + Math.floor(next() * 3)) => Array.from({ length: sentences }, () => sentence()).join(' ');
  return { next, pick, sentence, paragraph };
}

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** How many of `total` items chapter `index` (0-based) of `chapters` gets, so the counts add up exactly. */
const share = (total: number, chapters: number, index: number) =>
  Math.floor(((index + 1) * total) / chapters) - Math.floor((index * total) / chapters);

/** Writes a generated manuscript (chapters, figures, book.yaml) into `dir`; returns the chapter file names. */
export async function generateBook(dir: string, shape: BookShape): Promise<string[]> {
  await mkdir(join(dir, 'figures'), { recursive: true });
  const names: string[] = [];
  let noteNumber = 0;
  for (let c = 0; c < shape.chapters; c++) {
    const g = generator((c + 1) * 7919);
    const chapter = String(c + 1).padStart(2, '0');
    const wordsTarget = share(shape.words, shape.chapters, c);
    const notesHere = share(shape.notes, shape.chapters, c);
    const figuresHere = share(shape.figures, shape.chapters, c);
    const paragraphs: string[] = [];
    let words = 0;
    while (words < wordsTarget) {
      const p = g.paragraph();
      paragraphs.push(p);
      words += countWords(p);
    }
    // Block elements are placed at even intervals between paragraphs; their positions depend only on the shape.
    const at = (k: number, of: number) => Math.floor(((k + 1) * paragraphs.length) / (of + 1));
    const extras = new Map<number, string[]>();
    const add = (index: number, block: string) => extras.set(index, [...(extras.get(index) ?? []), block]);
    for (let k = 0; k < 4; k++) add(at(k, 4), `## ${c + 1}.${k + 1} ${WORDS[(c + k * 5) % WORDS.length]!.replace(/^./, (s) => s.toUpperCase())} and the ${g.pick()}`);
    add(at(0, 6), `**Ada Writer:** ${g.paragraph(2)}\n\n**Ben Editor:** ${g.paragraph(3)}`);
    add(at(1, 6), Array.from({ length: 5 }, () => `- ${g.sentence(4, 8)}`).join('\n'));
    add(at(2, 6), Array.from({ length: 4 }, (_, i) => `${i + 1}. ${g.sentence(6, 10)}`).join('\n'));
    add(at(3, 6), table(g));
    add(at(4, 6), '```ts\n' + code(g, c) + '\n```');
    add(at(5, 6), '***');
    add(Math.floor(paragraphs.length / 2), '```sh\nnpm run build -- --manuscript book --format pdf\n```');
    for (let f = 0; f < figuresHere; f++) {
      const name = `c${chapter}-f${f + 1}.${f % 2 === 0 ? 'png' : 'svg'}`;
      const figureSeed = (c + 1) * 1000 + f;
      await writeFile(join(dir, 'figures', name), f % 2 === 0 ? png(figureSeed) : svg(figureSeed));
      add(at(f, figuresHere) + 1, `![Figure ${c + 1}.${f + 1}: the ${g.pick()} ${g.pick()} of the ${g.pick()}](figures/${name})`);
    }
    const definitions: string[] = [];
    for (let n = 0; n < notesHere; n++) {
      // Labels are unique in the whole book: Pandoc reads all chapters as one document.
      const label = `c${chapter}n${++noteNumber}`;
      const target = Math.min(paragraphs.length - 1, at(n, notesHere));
      paragraphs[target] = paragraphs[target]!.replace(/\.$/, `.[^${label}]`);
      definitions.push(`[^${label}]: ${g.paragraph(1 + Math.floor(g.next() * 2))}`);
    }
    if (c === 0) paragraphs[2] += ' He grew up in Guangdong (<span lang="zh">他成长在中国最富有的省份广东省</span>).';
    const blocks = [`# Chapter ${c + 1}: On the ${WORDS[c % WORDS.length]} and the ${WORDS[(c * 3) % WORDS.length]}`];
    paragraphs.forEach((p, i) => blocks.push(...(extras.get(i) ?? []), p));
    const name = `${chapter}-chapter.md`;
    names.push(name);
    await writeFile(join(dir, name), [...blocks, ...definitions, ''].join('\n\n'));
  }
  await writeFile(
    join(dir, 'book.yaml'),
    [
      `title: ${shape.title}`,
      'language: en',
      'date: 2026-01-01',
      'contributors: [{name: Ada Writer, role: author}]',
      ...(shape.timeout ? ['print:', `  timeout: ${shape.timeout}`] : []),
      'chapters:',
      ...names.map((n) => `  - ${n}`),
      '',
    ].join('\n'),
  );
  return names;
}

/** Copies the default manuscript (the `small` book) into `dir`. */
export async function copyDefaultManuscript(repoRoot: string, dir: string): Promise<void> {
  await cp(join(repoRoot, 'manuscript'), dir, { recursive: true });
}

function table(g: ReturnType<typeof generator>): string {
  const rows = Array.from({ length: 6 }, (_, i) => `| ${g.pick()} ${g.pick()} | ${1 + Math.floor(g.next() * 900)} | ${(g.next() * 100).toFixed(1)} % | ${g.sentence(3, 4)} |`);
  return ['| Item | Count | Share | Remark |', '| --- | ---: | ---: | --- |', ...rows].join('\n');
}

function code(g: ReturnType<typeof generator>, chapter: number): string {
  return [
    `export function measure${chapter}(lines: string[], width = ${60 + chapter}): number {`,
    `  // ${g.sentence(5, 6)}`,
    '  let total = 0;',
    '  for (const line of lines) total += Math.ceil(line.length / width);',
    '  return total;',
    '}',
  ].join('\n');
}

/** A 1440 × 900 RGB PNG (over 300 ppi across the 6 × 9 in text block, so preflight has no low-resolution warning): bands of colour. */
function png(seed: number): Buffer {
  const width = 1440;
  const height = 900;
  const g = generator(seed);
  const bands = Array.from({ length: 6 }, () => [Math.floor(g.next() * 200), Math.floor(g.next() * 200), Math.floor(g.next() * 200)]);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, gr, b] = bands[Math.floor((x / width) * bands.length)]!;
      const shade = Math.floor((y / height) * 55);
      raw.writeUInt8(r! + shade, row + 1 + x * 3);
      raw.writeUInt8(gr! + shade, row + 2 + x * 3);
      raw.writeUInt8(b! + shade, row + 3 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let crc = 0xffffffff;
  for (const byte of body) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 8 + data.length);
  return out;
}

/** A bar chart as SVG, shapes only: text in an SVG would be set in a system font, which the PDF preflight refuses. */
function svg(seed: number): string {
  const g = generator(seed);
  const bars = Array.from({ length: 8 }, (_, i) => {
    const h = 40 + Math.floor(g.next() * 220);
    return `<rect x="${30 + i * 55}" y="${280 - h}" width="40" height="${h}" fill="#${(0x335577 + i * 0x111111).toString(16).slice(-6)}"/>`;
  });
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="300" viewBox="0 0 480 300">',
    '<rect width="480" height="300" fill="#ffffff"/>',
    '<line x1="20" y1="280" x2="470" y2="280" stroke="#000000" stroke-width="2"/>',
    ...bars,
    '</svg>',
    '',
  ].join('\n');
}
