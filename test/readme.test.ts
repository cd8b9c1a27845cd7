import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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

  it('documents every command-line flag', () => {
    const readme = readFileSync(readmePath, 'utf8');
    for (const flag of ['--strict', '--quiet', '--json', '--format', '--manuscript', '--out']) expect(readme).toContain(`\`${flag}`);
  });
});
