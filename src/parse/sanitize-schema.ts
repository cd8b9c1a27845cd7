import { defaultSchema, type Options as Schema } from 'rehype-sanitize';

/** Attributes a book needs on any element: language and direction, EPUB and ARIA semantics, styling hooks, anchors. */
const bookAttributes = ['lang', 'dir', 'epub:type', 'xmlLang', 'role', 'className', 'id', 'title', 'ariaLabel', 'ariaDescribedBy', 'ariaLabelledBy', 'ariaHidden'];

/** Elements that carry no content of their own, or content that must not be shown: dropped whole, children included. */
export const strippedElements = ['script', 'style', 'iframe', 'object', 'embed', 'template', 'frame', 'frameset', 'applet', 'noscript'];

/**
 * What raw HTML in a manuscript may keep, for every target. GitHub's schema (rehype-sanitize's default) is the
 * base; added are the semantics books use and the footnote markup remark-rehype emits. Ids are kept as written
 * (no `user-content-` prefix): headings, notes and cross-references link to them.
 */
export const bookSanitizeSchema: Schema = {
  ...defaultSchema,
  tagNames: [
    ...(defaultSchema.tagNames ?? []),
    'abbr', 'address', 'article', 'aside', 'bdi', 'bdo', 'caption', 'cite', 'col', 'colgroup', 'dfn', 'figcaption',
    'figure', 'footer', 'header', 'hgroup', 'mark', 'nav', 'small', 'time', 'u', 'wbr',
  ],
  attributes: {
    ...defaultSchema.attributes,
    a: [...(defaultSchema.attributes?.a ?? []), 'dataFootnoteRef', 'dataFootnoteBackref', 'hrefLang', 'rel'],
    section: ['dataFootnotes'],
    time: ['dateTime'],
    abbr: ['title'],
    bdo: ['dir'],
    '*': [...(defaultSchema.attributes?.['*'] ?? []), ...bookAttributes],
  },
  clobber: [],
  clobberPrefix: '',
  protocols: {
    ...defaultSchema.protocols,
    // Images may be inline data; the print renderer's request policy allows `data:` too.
    src: ['http', 'https', 'data'],
  },
  strip: strippedElements,
};

/** URL-valued properties, whose scheme the schema restricts; a refused one is reported before it goes. */
export const urlProperties = ['href', 'src', 'cite', 'longDesc', 'action', 'formAction', 'poster', 'data', 'srcSet', 'background', 'xLinkHref'];
