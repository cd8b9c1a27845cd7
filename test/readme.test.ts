import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configTable } from '../src/config/schema.js';
import { rules, rulesTable } from '../src/report.js';

const readmePath = new URL('../README.md', import.meta.url).pathname;
const section = /(<!-- diagnostics:start[^\n]*-->\n)([\s\S]*?)(\n<!-- diagnostics:end -->)/;

describe('the README', () => {
  it('lists every rule of the catalogue, with its severity and meaning', () => {
    let readme = readFileSync(readmePath, 'utf8');
    if (process.env.UPDATE === '1') {
      readme = readme.replace(section, (_, start: string, _table: string, end: string) => `${start}${rulesTable()}${end}`);
      writeFileSync(readmePath, readme);
    }
    const table = section.exec(readme)?.[2];
    expect(table, 'README.md has no diagnostics:start/end markers').toBeDefined();
    expect(table).toBe(rulesTable());
    for (const id of Object.keys(rules)) expect(table).toContain(`| \`${id}\` |`);
  });

  it('documents every book.yaml key, generated from the schema', () => {
    const config = /(<!-- config:start[^\n]*-->\n)([\s\S]*?)(\n?<!-- config:end -->)/;
    let readme = readFileSync(readmePath, 'utf8');
    if (process.env.UPDATE === '1') {
      readme = readme.replace(config, (_, start: string, _table: string) => `${start}${configTable()}\n<!-- config:end -->`);
      writeFileSync(readmePath, readme);
    }
    const table = config.exec(readme)?.[2];
    expect(table, 'README.md has no config:start/end markers').toBeDefined();
    expect(table).toBe(configTable());
    for (const key of ['title', 'print.trim', 'notes.numbering', 'epub.embedFonts']) expect(table).toContain(`| \`${key}\` |`);
  });

  it('documents every command-line flag', () => {
    const readme = readFileSync(readmePath, 'utf8');
    for (const flag of ['--strict', '--quiet', '--json', '--format', '--manuscript', '--out']) expect(readme).toContain(`\`${flag}`);
  });
});
