import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrim } from '../src/config/trim.js';
import { preflight } from '../src/emit/pdf/preflight.js';
import { requireTools } from './helpers/tools.js';

const scratch = mkdtempSync(join(tmpdir(), 'folio-preflight-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * A one-page 6 × 9 in PDF whose text is set in `font`, written by hand so the test owns every byte: Chromium
 * never makes a Type 3 font from the fonts Folio ships, so this is the only way to show preflight one.
 */
function pdfWithFont(font: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 432 648] /TrimBox [0 0 432 648] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    font,
    '<< /Length 33 >>\nstream\nBT /F1 12 Tf 72 500 Td (a) Tj ET\nendstream',
    // The glyph of the Type 3 font: a filled square, drawn by the font's own content stream.
    '<< /Length 25 >>\nstream\n1000 0 d0 0 0 800 800 re f\nendstream',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const TYPE3_FONT =
  '<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] ' +
  '/CharProcs << /square 6 0 R >> /Encoding << /Type /Encoding /Differences [97 /square] >> /FirstChar 97 /LastChar 97 /Widths [1000] >>';

describe.skipIf(requireTools(['pdfinfo', 'pdffonts', 'pdfimages']))('preflight', () => {
  const expected = { trim: parseTrim('6x9in'), bleedPt: 0, pages: 1 };

  it('fails a PDF that holds a Type 3 font, naming the font', async () => {
    const path = join(scratch, 'type3.pdf');
    writeFileSync(path, pdfWithFont(TYPE3_FONT));
    const report = await preflight(path, expected);
    expect(report.fonts.type3.length).toBe(1);
    expect(report.errors).toEqual([expect.stringMatching(/^1 Type 3 font .* on page 1: /)]);
  });

  it('does not take a standard Type 1 font for Type 3, and fails it for not being embedded', async () => {
    const path = join(scratch, 'type1.pdf');
    writeFileSync(path, pdfWithFont('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'));
    const report = await preflight(path, expected);
    expect(report.fonts.type3).toEqual([]);
    expect(report.errors).toEqual([expect.stringMatching(/^fonts not embedded: Helvetica/)]);
  });
});

describe('a test that needs a missing tool', () => {
  const saved = process.env.CI;
  afterAll(() => (saved === undefined ? delete process.env.CI : (process.env.CI = saved)));

  it('skips on a developer machine but fails the run under CI', () => {
    delete process.env.CI;
    expect(requireTools(['folio-no-such-tool'])).toBe(true);
    expect(requireTools(['sh'])).toBe(false);
    process.env.CI = 'true';
    expect(() => requireTools(['folio-no-such-tool'])).toThrow(/CI is set, so tests may not skip: missing folio-no-such-tool/);
  });
});
