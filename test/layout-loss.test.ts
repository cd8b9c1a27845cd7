import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { skipWithoutBrowser } from './helpers/tools.js';

const scratch = mkdtempSync(join(tmpdir(), 'folio-layout-loss-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(skipWithoutBrowser(['pdfinfo', 'pdffonts', 'pdfimages']))('a PDF layout that would lose content', () => {
  it('fails at the manuscript line of the first block cut off, and writes no PDF', { timeout: 120_000 }, async () => {
    const manuscript = join(scratch, 'manuscript');
    const out = join(scratch, 'dist');
    rmSync(manuscript, { recursive: true, force: true });
    const columns = 60;
    const row = (cell: (i: number) => string) => `|${Array.from({ length: columns }, (_, i) => cell(i)).join('|')}|`;
    mkdirSync(manuscript);
    writeFileSync(join(manuscript, '01-wide.md'), ['# Wide', '', 'A table too wide for its page.', '', row((i) => `c${i}`), row(() => '---'), row((i) => `cell${i}`), ''].join('\n'));
    const result = await build({ manuscript, out, formats: ['pdf'] });
    expect(result.ok).toBe(false);
    expect(result.outputs[0]!.error?.message).toMatch(/^The layout lost content in 'Wide'/);
    const lost = result.diagnostics.filter((d) => d.ruleId === 'layout-content-lost');
    expect(lost).toEqual([expect.objectContaining({ severity: 'error', line: 5, file: expect.stringMatching(/01-wide\.md$/) })]);
    expect(existsSync(out) ? readdirSync(out).filter((name) => name.endsWith('.pdf')) : []).toEqual([]);
  });
});
