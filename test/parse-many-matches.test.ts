import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { parseChapter } from '../src/parse/index.js';

/*
 * The parse stage's passes that replace or report many matches inside one parent (issue 14: each is made in one
 * pass over the parent now, not one splice per match): several matches in one text, across texts, at the start
 * and end of a paragraph, on several lines, come out as before.
 */
async function parse(markdown: string): Promise<{ html: string; messages: string[] }> {
  const file = new VFile({ path: 'ch.md', value: markdown });
  const tree = await parseChapter(file);
  return { html: toHtml(tree), messages: file.messages.map((message) => `${message.line}:${message.column} [${message.ruleId}] ${message.reason}`) };
}

describe('many matches in one paragraph', () => {
  it('closes several CJK emphasis pairs in one text and across texts, and leaves an escaped pair literal', async () => {
    expect(await parse('ほう_全員_が、ほう__全員__が `x` ほう_全員_が\\_全員\\_が\n')).toEqual({
      html: '<p>ほう<em>全員</em>が、ほう<strong>全員</strong>が <code>x</code> ほう<em>全員</em>が_全員_が</p>',
      messages: [],
    });
  });

  it('reports each literal marker of one text at its own line and column', async () => {
    expect(await parse('例子** 甲**乙 例子** 丙\n例子** 丁\n\\*字面\\* 例子**\n')).toEqual({
      html: '<p>例子** 甲<strong>乙 例子</strong> 丙\n例子** 丁\n*字面* 例子**</p>',
      messages: [
        '1:3 [emphasis-literal] `**` stays literal: the ** is not read as emphasis here; add a space outside it or use <em>…</em>',
        '2:3 [emphasis-literal] `**` stays literal: the ** is not read as emphasis here; add a space outside it or use <em>…</em>',
        '3:8 [emphasis-literal] `**` stays literal: the ** is not read as emphasis here; add a space outside it or use <em>…</em>',
      ],
    });
  });

  it('flattens two pictures in one paragraph, each source reported in order', async () => {
    expect(await parse('<picture><source srcset="a.webp"><img src="a.png" alt="a"></picture> and <picture><source srcset="https://example.org/b.webp"><img src="b.png" alt="b"></picture>\n')).toEqual({
      html: '<p><img src="a.png" alt="a"> and <img src="b.png" alt="b"></p>',
      messages: [
        '1:10 [image-source-dropped] Left out `<source srcset="a.webp">`: a book carries one image per place; put the one you want in the `<img>`',
        '1:83 [image-remote] Left out `<source srcset="https://example.org/b.webp">`: only images in the manuscript folder go into the book',
      ],
    });
  });

  it('drops remote images at the start, middle and end of a paragraph', async () => {
    expect(await parse('![a](https://example.org/a.png) text ![b](https://example.org/b.png) more ![c](https://example.org/c.png)\n')).toEqual({
      html: '<p> text  more </p>',
      messages: [
        '1:1 [image-remote] Left out image `https://example.org/a.png`: only images in the manuscript folder go into the book',
        '1:38 [image-remote] Left out image `https://example.org/b.png`: only images in the manuscript folder go into the book',
        '1:75 [image-remote] Left out image `https://example.org/c.png`: only images in the manuscript folder go into the book',
      ],
    });
  });

  it('places each undefined footnote call of one text on its own line and column', async () => {
    expect(await parse('one[^x] two[^y]\nthree[^x] four \\[^z] five[^w]\n')).toEqual({
      html: '<p>one[^x] two[^y]\nthree[^x] four [^z] five[^w]</p>',
      messages: [
        '1:4 [footnote-undefined] Footnote reference `[^x]` has no definition',
        '1:12 [footnote-undefined] Footnote reference `[^y]` has no definition',
        '2:6 [footnote-undefined] Footnote reference `[^x]` has no definition',
        '2:26 [footnote-undefined] Footnote reference `[^w]` has no definition',
      ],
    });
  });
});
