import type { Root } from 'hast';
import { h } from 'hastscript';
import type { Section } from '../src/types.js';

export interface ContentsEntry {
  id: string;
  title: string;
  section: Section;
}

export interface ContentsOptions {
  /** Where an entry links: `#id` in the print PDF, `id.html` in the HTML, `id.xhtml` in the EPUB. */
  hrefFor: (entry: ContentsEntry) => string;
  /** Heading of the page. Default `Contents`. */
  heading?: string;
}

/** The contents page shell: one linked entry per chapter; print adds page numbers in CSS (`target-counter`). */
export function contentsPage(entries: ContentsEntry[], options: ContentsOptions): Root {
  return h(null, [
    h('nav.contents', { role: 'doc-toc', 'aria-labelledby': 'contents-heading' }, [
      h('h2#contents-heading.contents-heading', options.heading ?? 'Contents'),
      h(
        'ol',
        entries.map((entry) => h(`li.toc-${entry.section}`, [h('a', { href: options.hrefFor(entry) }, entry.title)])),
      ),
    ]),
  ]);
}
