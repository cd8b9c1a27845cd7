import { dirname, resolve } from 'node:path';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import type {} from '../../templates/chapter-links.js';
import type { Chapter } from '../types.js';
import { report as fileReport, type RuleId } from '../report.js';
import { safeDecode } from '../../templates/util/decode.js';

/**
 * Checks every in-book link once the templates have given headings and notes their ids: `#anchor` must name
 * an id of the same chapter, `other.md` a chapter of the book, and `other.md#anchor` an id in that chapter.
 * Web links and other files are left alone. Reports on each chapter's file, at the link.
 */
export function checkLinks(chapters: Chapter[]): void {
  const idsOf = new Map(chapters.map((chapter) => [chapter, collectIds(chapter)]));
  const byPath = new Map(chapters.map((chapter) => [chapter.file.path, chapter]));
  for (const chapter of chapters) {
    visit(chapter.tree, 'element', (node: Element) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
      // The chapter-links template has rewritten links to other chapters for the output; check what the author wrote.
      const href = node.data?.sourceHref ?? node.properties.href;
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return;
      const [path = '', fragment] = splitOnce(href, '#');
      const report = (reason: string) => fileReport(chapter.file, 'link-broken', reason, node.position);

      let target = chapter;
      if (path !== '') {
        if (!/\.md$/i.test(path)) return;
        const found = byPath.get(resolve(dirname(chapter.file.path), safeDecode(path)));
        if (!found) {
          report(`Link to \`${href}\`: no chapter of the book is the file \`${path}\``);
          return;
        }
        target = found;
      }
      if (!fragment) return;
      const id = safeDecode(fragment);
      if (idsOf.get(target)!.has(id)) return;
      const elsewhere = path === '' ? chapters.find((other) => idsOf.get(other)!.has(id)) : undefined;
      const hint = elsewhere ? ` (it is in \`${relativeName(elsewhere)}\`: link to \`${relativeName(elsewhere)}#${id}\`)` : '';
      report(`Link to \`${href}\`: no heading or anchor has the id \`${id}\` in ${path === '' ? 'this chapter' : `\`${path}\``}${hint}`);
    });
  }
}

function collectIds(chapter: Chapter): Set<string> {
  const ids = new Set<string>();
  visit(chapter.tree, 'element', (node: Element) => {
    if (node.properties.id !== undefined) ids.add(String(node.properties.id));
  });
  return ids;
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const at = value.indexOf(separator);
  return at === -1 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1)];
}

function relativeName(chapter: Chapter): string {
  return chapter.file.basename ?? chapter.id;
}
