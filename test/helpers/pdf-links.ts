import { execFileSync } from 'node:child_process';

export interface PageLink {
  /** The link's rectangle, PDF units, origin at the bottom left: [x0, y0, x1, y1]. */
  rect: [number, number, number, number];
  /** The text under the rectangle, as `pdftotext` reads it. */
  text: string;
  /** The 1-based page the link goes to, or undefined when its destination names no page of this PDF. */
  destination: number | undefined;
}

type PdfValue = string | number | boolean | null | PdfValue[] | { [key: string]: PdfValue };

/**
 * The internal links of one page of a PDF, each with the text it covers and the page it leads to. Reads the PDF's
 * objects with `qpdf --json` and follows `/Dest` (a name in the catalogue's `/Dests`, or an explicit array) or
 * a `/GoTo` action to the page object, so a test can check where a link goes, not merely that links exist.
 */
export function internalLinks(pdf: string, page: number): PageLink[] {
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', pdf], { encoding: 'utf8', maxBuffer: 256 << 20 })) as {
    qpdf: [unknown, Record<string, { value?: PdfValue }>];
  };
  const objects = json.qpdf[1];
  const resolve = (value: PdfValue | undefined): PdfValue | undefined =>
    typeof value === 'string' && /^\d+ \d+ R$/.test(value) ? objects[`obj:${value}`]?.value : value;
  const dict = (value: PdfValue | undefined) => resolve(value) as Record<string, PdfValue> | undefined;
  const pageObjects = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=pages', pdf], { encoding: 'utf8', maxBuffer: 64 << 20 })) as {
    pages: Array<{ object: string }>;
  };
  const pageNumber = new Map(pageObjects.pages.map((entry, index) => [entry.object, index + 1]));
  const catalog = dict(dict(objects.trailer?.value as PdfValue)?.['/Root']);
  const named = dict(catalog?.['/Dests']) ?? {};
  const mediaBox = dict(pageObjectOf(page))?.['/MediaBox'] as number[];
  const height = mediaBox[3]!;

  function pageObjectOf(n: number): string {
    return pageObjects.pages[n - 1]!.object;
  }
  function destinationPage(destination: PdfValue | undefined): number | undefined {
    let target = resolve(destination);
    // A name (`/foreword`) or a string: looked up in the catalogue's /Dests.
    if (typeof target === 'string') target = resolve(named[target.startsWith('/') ? target : `/${target.replace(/^u:/, '')}`]);
    if (target && !Array.isArray(target) && typeof target === 'object' && '/D' in target) target = resolve(target['/D']);
    return Array.isArray(target) && typeof target[0] === 'string' ? pageNumber.get(target[0]) : undefined;
  }

  const annotations = (resolve(dict(pageObjectOf(page))?.['/Annots']) as PdfValue[] | undefined) ?? [];
  return annotations
    .map((reference) => dict(reference)!)
    .filter((annotation) => annotation['/Subtype'] === '/Link')
    .map((annotation) => {
      const rect = (annotation['/Rect'] as number[]).map(Number) as PageLink['rect'];
      const action = dict(annotation['/A']);
      const destination = destinationPage(annotation['/Dest'] ?? (action?.['/S'] === '/GoTo' ? action['/D'] : undefined));
      const [x0, y0, x1, y1] = rect;
      // pdftotext crops in pixels at 72 dpi, origin at the top left: PDF units with y flipped.
      const crop = ['-x', String(Math.floor(x0)), '-y', String(Math.floor(height - y1)), '-W', String(Math.ceil(x1 - x0)), '-H', String(Math.ceil(y1 - y0))];
      const text = execFileSync('pdftotext', ['-layout', ...crop, '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });
      return { rect, text: text.replace(/\f/g, '').trim(), destination };
    });
}
