import type { ImageFacts } from '../../resources/images.js';

/** What is true of the book, as the emitter found it; every metadata value below follows from these. */
export interface AccessibilityFacts {
  images: ImageFacts;
  /** The cover is an image in the reading order (with alt text). */
  hasCoverImage: boolean;
  /** Every chapter opens with a heading, so readers can move by headings. */
  headingsInEveryChapter: boolean;
  /** DPUB-ARIA roles mark notes, chapters and the cover. */
  usesAria: boolean;
  tables: boolean;
  /** Notes linked both ways as EPUB pop-up footnotes. */
  footnotes: boolean;
  /** A page list (`nav[epub:type=page-list]`) ties the text to a print edition's pages. */
  pageList: boolean;
}

export interface AccessibilityMetadata {
  accessModes: string[];
  accessModeSufficient: string[];
  features: string[];
  hazards: string[];
  summary: string;
  /** `EPUB Accessibility 1.1 - WCAG 2.1 Level AA` when nothing known stands against it; otherwise no claim. */
  conformsTo?: string;
}

/** EPUB Accessibility 1.1 metadata derived from the facts, never assumed. */
export function accessibilityMetadata(facts: AccessibilityFacts): AccessibilityMetadata {
  const visual = facts.images.informative > 0 || facts.hasCoverImage;
  const allDescribed = facts.images.missingAlt === 0;
  const accessModes = visual ? ['textual', 'visual'] : ['textual'];
  const accessModeSufficient = [...(allDescribed ? ['textual'] : []), ...(visual ? ['textual,visual'] : [])];
  const features = [
    'tableOfContents',
    'readingOrder',
    facts.headingsInEveryChapter && 'structuralNavigation',
    facts.usesAria && 'ARIA',
    visual && allDescribed && 'alternativeText',
    facts.pageList && 'printPageNumbers',
    'displayTransformability',
  ].filter((feature): feature is string => typeof feature === 'string');
  const hazards = facts.images.animated ? ['unknownFlashingHazard', 'noMotionSimulationHazard', 'noSoundHazard'] : ['none'];

  const sentences = [
    `This publication has a table of contents and follows a single reading order${facts.headingsInEveryChapter ? ', with a heading at the start of every chapter' : ''}.`,
    facts.images.informative > 0
      ? allDescribed
        ? `All ${facts.images.informative} ${facts.images.informative === 1 ? 'image has' : 'images have'} a text description.`
        : `${facts.images.missingAlt} of ${facts.images.informative} images ${facts.images.missingAlt === 1 ? 'has' : 'have'} no text description.`
      : 'Apart from the cover, it has no images.',
    facts.tables ? 'Tables have header cells.' : '',
    facts.footnotes ? 'Footnotes are linked both ways and marked up so reading systems can show them as pop-ups.' : '',
    'The stylesheet sets sizes in relative units, so readers can change the font, its size and the colours.',
    facts.images.animated ? 'Some images are animated; whether they flash has not been checked.' : 'It has no flashing, motion or sound hazards.',
  ].filter(Boolean);

  return {
    accessModes,
    accessModeSufficient,
    features,
    hazards,
    summary: sentences.join(' '),
    conformsTo: allDescribed && facts.headingsInEveryChapter ? 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA' : undefined,
  };
}

/** The `<meta>` elements of the package document. */
export function accessibilityMeta(metadata: AccessibilityMetadata, escape: (text: string) => string): string[] {
  const meta = (property: string, value: string) => `    <meta property="${property}">${escape(value)}</meta>`;
  return [
    ...metadata.accessModes.map((mode) => meta('schema:accessMode', mode)),
    ...metadata.accessModeSufficient.map((modes) => meta('schema:accessModeSufficient', modes)),
    ...metadata.features.map((feature) => meta('schema:accessibilityFeature', feature)),
    ...metadata.hazards.map((hazard) => meta('schema:accessibilityHazard', hazard)),
    meta('schema:accessibilitySummary', metadata.summary),
    ...(metadata.conformsTo ? [meta('dcterms:conformsTo', metadata.conformsTo)] : []),
  ];
}
