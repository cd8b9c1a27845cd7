import { dirname, relative, resolve } from 'node:path';
import type { Element } from 'hast';
import { slug } from 'github-slugger';
import { visit } from '../../templates/util/visit.js';
import { textOf } from '../../templates/util/text.js';
import { resolveInManuscript } from '../load/inside.js';
import type {} from '../../templates/chapter-links.js';
import type { Chapter } from '../types.js';
import { report as fileReport } from '../report.js';
import { safeDecode } from '../../templates/util/decode.js';
import { ChildEdits } from '../../templates/util/child-edits.js';

/**
 * Checks every in-book link once the templates have given headings and notes their ids, on the chapters of the
 * first target, and applies the verdict to every target's chapters (`books`: one chapter list per target).
 * - A relative link to a file that does not exist is an error (`link-broken`): the manuscript is wrong.
 * - A link to a file that exists but is not a chapter (`CONTRIBUTING.md`), or to an anchor no heading has, is a
 *   warning (`link-dead`): the book still builds, as pandoc and mdBook build it, and the link is removed from
 *   every output with its text kept, since an EPUB may not link outside itself (EPUBCheck RSC-007, RSC-012).
 * Web links are left alone. Reports on each chapter's file, at the link.
 */
export function checkLinks(books: Chapter[][], root: string): void {
  const chapters = books[0] ?? [];
  const idsOf = new Map(chapters.map((chapter) => [chapter, collectIds(chapter)]));
  const byPath = new Map(chapters.map((chapter) => [chapter.file.path, chapter]));
  const dead = new Set<string>();
  const renamedOf = new Map<Chapter, Map<string, Element>>();
  for (const chapter of chapters) {
    visit(chapter.tree, 'element', (node: Element) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
      // The chapter-links template has rewritten links to other chapters for the output; check what the author wrote.
      const href = node.data?.sourceHref ?? node.properties.href;
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return;
      const [path = '', fragment] = splitOnce(href, '#');
      const warn = (reason: string) => {
        dead.add(linkKey(chapter, node, href));
        fileReport(chapter.file, 'link-dead', `${reason}: the link is removed, its text kept`, node.position);
      };

      let target = chapter;
      if (path !== '') {
        const where = resolveInManuscript(root, relative(root, resolve(dirname(chapter.file.path), safeDecode(path.replace(/\?.*$/, '')))), { urlEncoded: false });
        const found = byPath.get(where.path);
        if (!found && where.status === 'inside') {
          warn(`Link to \`${href}\`: \`${path}\` is not a chapter of the book`);
          return;
        }
        if (!found) {
          const why = where.status === 'outside' ? where.reason : `the file \`${path}\` does not exist`;
          fileReport(chapter.file, 'link-broken', `Link to \`${href}\`: ${why}`, node.position);
          return;
        }
        target = found;
      }
      if (!fragment) return;
      const id = safeDecode(fragment);
      if (idsOf.get(target)!.has(id)) return;
      const elsewhere = path === '' ? chapters.find((other) => idsOf.get(other)!.has(id)) : undefined;
      if (!renamedOf.has(target)) renamedOf.set(target, renamedHeadings(target));
      const renamed = renamedOf.get(target)!.get(id);
      const hint = renamed
        ? ` (the heading \`${textOf(renamed)}\` there has the id \`${String(renamed.properties.id)}\`, since \`${id}\` is taken earlier in the book: link to \`${path}#${String(renamed.properties.id)}\` or give the heading an id of its own)`
        : elsewhere
          ? ` (it is in \`${relativeName(elsewhere)}\`: link to \`${relativeName(elsewhere)}#${id}\`)`
          : '';
      warn(`Link to \`${href}\`: no heading or anchor has the id \`${id}\` in ${path === '' ? 'this chapter' : `\`${path}\``}${hint}`);
    });
  }
  for (const book of books) for (const chapter of book) unwrapDeadLinks(chapter, dead);
}

/**
 * The chapter's headings whose generated id is another id with a number added (`summary-1`), because that id was
 * taken, by the id they were denied; the first such heading for each. Gathered once per chapter, not per link.
 */
function renamedHeadings(chapter: Chapter): Map<string, Element> {
  const renamed = new Map<string, Element>();
  visit(chapter.tree, 'element', (node: Element) => {
    if (!/^h[1-6]$/.test(node.tagName)) return;
    const denied = /^(.*)-\d+$/s.exec(String(node.properties.id ?? ''))?.[1];
    if (denied !== undefined && !renamed.has(denied) && slug(textOf(node)) === denied) renamed.set(denied, node);
  });
  return renamed;
}

function linkKey(chapter: Chapter, node: Element, href: string): string {
  return `${chapter.file.path}:${node.position?.start.offset ?? ''}:${href}`;
}

/** Replaces each dead link with its content, in place, so the text reads as before. */
function unwrapDeadLinks(chapter: Chapter, dead: Set<string>): void {
  if (dead.size === 0) return;
  const edits = new ChildEdits();
  visit(chapter.tree, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'a' || !parent || index === undefined) return;
    const href = node.data?.sourceHref ?? node.properties.href;
    if (typeof href !== 'string' || !dead.has(linkKey(chapter, node, href))) return;
    edits.replace(parent, index, node.children);
  });
  edits.apply();
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
