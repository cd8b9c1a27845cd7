import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from './util/visit.js';

export interface UrlBreaksOptions {
  /** Only link texts at least this long (after the scheme or `www.`) get break points. Default 12. */
  minLength?: number;
  /** Inline code (not listings) at least this long gets the same break points: `org.example.very.long.Name`. Default 20. */
  minCodeLength?: number;
}

/**
 * Break opportunities in a URL set as text, after Chicago: after `//` and `:`, before a single `/` and
 * before `.`, `-`, `_`, `~`, `?`, `#`, `%`, `,`; before and after `=` and `&`. No hyphen is shown at such a break.
 */
export function urlBreakPoints(url: string): string[] {
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current) parts.push(current);
    current = '';
  };
  for (let i = 0; i < url.length; i++) {
    const c = url[i]!;
    const inDoubleSlash = c === '/' && (url[i - 1] === '/' || url[i + 1] === '/');
    if (/[./\-_~?#%,=&]/.test(c) && !inDoubleSlash) flush();
    current += c;
    if ((c === '/' && url[i - 1] === '/') || (c === ':' && url[i + 1] !== '/') || c === '=' || c === '&') flush();
  }
  flush();
  return parts;
}

/**
 * Every format: a URL set as link text, and a long identifier in inline code, get `<wbr>` at their break points,
 * so they break where a typesetter would break them (never with a hyphen) instead of overflowing the measure or
 * a phone's screen, or leaving a gappy justified line before them.
 */
export default function rehypeUrlBreaks(options: UrlBreaksOptions = {}) {
  const minLength = options.minLength ?? 12;
  const minCodeLength = options.minCodeLength ?? 20;
  const urlText = new RegExp(`^(?:[a-z][a-z0-9+.-]*://|www\\.)\\S{${minLength},}$`, 'i');
  const breakable = (node: Element, value: string) =>
    node.tagName === 'a' ? urlText.test(value) : node.tagName === 'code' && value.length >= minCodeLength && !/\s/.test(value);
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      // Listings wrap by their own rules (templates/code-blocks.ts).
      if (node.tagName === 'pre') return SKIP;
      if ((node.tagName !== 'a' && node.tagName !== 'code') || node.children.length !== 1) return;
      const only = node.children[0]!;
      if (only.type !== 'text' || !breakable(node, only.value)) return;
      node.children = urlBreakPoints(only.value).flatMap((part, i): ElementContent[] => {
        const pieces: ElementContent[] = i === 0 ? [] : [{ type: 'element', tagName: 'wbr', properties: {}, children: [], position: only.position }];
        // Chromium also breaks after a hyphen, which reads as a word the typesetter hyphenated: the hyphen and the
        // letter after it go in a `span.url-hyphen` that print.css keeps unbroken, so the URL breaks only before it.
        const hyphen = /^-(.)/su.exec(part);
        if (hyphen) {
          pieces.push({ type: 'element', tagName: 'span', properties: { className: ['url-hyphen'] }, children: [{ type: 'text', value: hyphen[0] }], position: only.position });
          part = part.slice(hyphen[0].length);
        }
        if (part) pieces.push({ type: 'text', value: part, position: only.position });
        return pieces;
      });
      return SKIP;
    });
  };
}
