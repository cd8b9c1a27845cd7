import type { Element, Root } from 'hast';
import { SKIP, visit } from '../../templates/util/visit.js';
import type { VFile } from 'vfile';
import { isLanguageTag } from '../config/parse-config.js';
import { report as fileReport } from '../report.js';
import { ChildEdits } from '../../templates/util/child-edits.js';

const directions = new Set(['ltr', 'rtl', 'auto']);

/**
 * Attribute values raw HTML may carry into every output, checked so that the EPUB stays valid: `lang` must be
 * a BCP 47 tag and `dir` one of `ltr`, `rtl`, `auto`; a bad value is reported with the fix and dropped.
 * `<bdo>` needs `dir="ltr"` or `dir="rtl"`; without one it becomes `<bdi>`, which isolates without overriding.
 * Runs after rehype-sanitize, on what it kept.
 */
export function rehypeCheckAttributes() {
  return (tree: Root, file: VFile) => {
    const report = (node: Element, reason: string) => fileReport(file, 'attribute-invalid', reason, node.position);
    visit(tree, 'element', (node: Element) => {
      for (const property of ['lang', 'xmlLang'] as const) {
        const value = node.properties[property];
        if (value === undefined || value === null) continue;
        const tag = String(value).trim();
        // `lang=""` is valid HTML: the language is unknown.
        if (tag === '' || isLanguageTag(tag)) continue;
        delete node.properties[property];
        const name = property === 'lang' ? 'lang' : 'xml:lang';
        report(node, `\`<${node.tagName} ${name}="${tag}">\` is not a BCP 47 language tag: removed; write a tag such as \`en\`, \`zh-Hans\` or \`ar\``);
      }
      const dir = node.properties.dir;
      if (dir !== undefined && dir !== null && !directions.has(String(dir).trim().toLowerCase())) {
        delete node.properties.dir;
        report(node, `\`<${node.tagName} dir="${String(dir)}">\` is not a direction: removed; write \`dir="ltr"\`, \`dir="rtl"\` or \`dir="auto"\``);
      }
      if (node.tagName === 'bdo' && !['ltr', 'rtl'].includes(String(node.properties.dir ?? '').trim().toLowerCase())) {
        delete node.properties.dir;
        node.tagName = 'bdi';
        report(node, '`<bdo>` needs `dir="ltr"` or `dir="rtl"`: set as `<bdi>` (isolated, not overridden); add the direction to override it');
      }
    });
  };
}

/**
 * `<picture>` and `<source srcset>` would let a reader's browser pick (and fetch) another file than the one the
 * book carries. Each `<source>` is taken out, reported at its line (a remote one as `image-remote`), and the
 * `<picture>` is replaced by its `<img>`, which the image checks then treat as any other.
 */
export function rehypeFlattenPictures() {
  return (tree: Root, file: VFile) => {
    const edits = new ChildEdits();
    visit(tree, 'element', (node: Element, index, parent) => {
      if ((node.tagName !== 'source' && node.tagName !== 'picture') || !parent || index === undefined) return;
      if (node.tagName === 'picture') {
        edits.replace(parent, index, node.children);
        return;
      }
      const srcset = [node.properties.srcSet, node.properties.src].flat().filter((value) => value !== undefined && value !== null).join(', ');
      const remote = /(^|,\s*)([a-z][a-z0-9+.-]*:|\/\/)/i.test(srcset) && !/^data:/i.test(srcset.trim());
      fileReport(
        file,
        remote ? 'image-remote' : 'image-source-dropped',
        remote
          ? `Left out \`<source srcset="${shorten(srcset)}">\`: only images in the manuscript folder go into the book`
          : `Left out \`<source srcset="${shorten(srcset)}">\`: a book carries one image per place; put the one you want in the \`<img>\``,
        node.position,
      );
      edits.replace(parent, index, []);
      return SKIP;
    });
    edits.apply();
  };
}

function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
}
