import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';
import { parseChapter } from '../../src/parse/index.js';
import { formatDiagnostic, toDiagnostic } from '../../src/report.js';
import { stringifyHtml } from '../../src/emit/stringify.js';

export interface FixtureCase {
  name: string;
  folder: string;
}

/** The templates a fixture folder runs, made from the case's options (options.json, `{}` when absent). */
export type FixturePipeline = (options: Record<string, any>) => PluggableList | Promise<PluggableList>;

export function fixtureCases(template: string): FixtureCase[] {
  const root = new URL(`../fixtures/${template}/`, import.meta.url).pathname;
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: entry.name, folder: join(root, entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Runs the templates over a fixture's `input.md` (with `options.json` when present) and returns the HTML
 * and the messages as they would print, positions relative to the input. The parse stage's messages
 * (footnote checks) are included, as the author would see them.
 */
export async function runFixture(pipeline: FixturePipeline, fixture: FixtureCase): Promise<{ html: string; messages: string }> {
  const input = readFileSync(join(fixture.folder, 'input.md'), 'utf8');
  const optionsPath = join(fixture.folder, 'options.json');
  const options = existsSync(optionsPath) ? JSON.parse(readFileSync(optionsPath, 'utf8')) : {};
  const file = new VFile({ path: join(fixture.folder, 'input.md'), value: input });
  file.data.chapterId = 'chapter';
  file.data.lang = options.language ?? 'en';
  const tree = await parseChapter(file);
  const result = await unified().use(await pipeline(options)).run(tree, file);
  const html = `${stringifyHtml(result as never)}\n`;
  const messages = file.messages.map((message) => formatDiagnostic({ ...toDiagnostic(file, message, fixture.folder) })).join('\n');
  return { html, messages: messages ? `${messages}\n` : '' };
}

/**
 * Compares with the stored expectation, writing it when missing or when `UPDATE=1`. On CI (`CI` set) a missing
 * expectation fails instead: nobody would review what was written, so the test would pass on anything.
 */
export function expectedOrWrite(path: string, actual: string): string {
  if (process.env.UPDATE !== '1' && !existsSync(path) && process.env.CI) {
    throw new Error(`No expectation at ${path}: run the tests without CI (or with UPDATE=1), review the written file and commit it`);
  }
  if (process.env.UPDATE === '1' || !existsSync(path)) writeFileSync(path, actual);
  return readFileSync(path, 'utf8');
}
