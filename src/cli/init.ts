import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The starter book: each file shows one thing a manuscript can do, and the whole builds with no warning. */
const FILES: Record<string, string> = {
  'book.yaml': `# Folio reads this file for the book's metadata and chapter order. Every key is optional but title.
title: My First Book                 # title of the book (default: the first heading of the first chapter)
subtitle: Written with Folio         # shown on the title page and in the metadata
language: en                         # BCP 47 tag of the text: en, fr, zh-Hans…
# identifier: urn:isbn:9780000000000 # ISBN, urn:uuid:… or any URI (default: a UUID derived from the title)
publisher: Folio Press               # named on the copyright page and in the metadata
date: 2026                           # publication date: YYYY, YYYY-MM or YYYY-MM-DD
rights: © 2026 The Author            # copyright statement
description: A short book that shows what a Folio manuscript can hold.  # for stores and the EPUB
subjects: [Publishing]               # subject keywords
contributors:                        # each {name, role}; roles: author, editor, translator, interviewer, interviewee, illustrator, contributor
  - { name: The Author, role: author }
frontmatter: [foreword.md]           # files before the body, in order
chapters:                            # files of the body, in order (default: every .md file by name)
  - 01-first-steps.md
  - 02-a-conversation.md
# backmatter: []                     # files after the body (appendices), in order
# cover: images/cover.jpg            # JPEG or PNG, ideally 1600×2560 (default: drawn from the title)
print:                               # the print PDF
  trim: 6x9in                        # 6x9in, 5x8in, 5.5x8.5in, a5, royal, or W x H such as 170mm x 240mm
  # bleed: 3mm                       # bleed with crop marks and TrimBox/BleedBox (default: none)
  # timeout: 2min                    # how long the layout may take (default: a minute plus a second per page)
notes:                               # footnotes
  placement: page                    # page (foot of the page), chapter-end or book-end
  numbering: chapter                 # chapter (start again each chapter) or book
  style: numbers                     # numbers or symbols
epub:                                # the EPUB
  embedFonts: body                   # body, all or none
`,
  'foreword.md': `# Foreword

This book was made with Folio. Each Markdown file is a chapter, opening with its \`#\` heading; \`book.yaml\`
says in which order they come.
`,
  '01-first-steps.md': `# First Steps

## Headings

A second-level heading opens a section and appears under its chapter in the EPUB's contents.

## Footnotes

A footnote is written where it is called,[^first] and its text anywhere in the same file.

[^first]: In print it is set at the foot of the page; in the EPUB it is a pop-up note.

## Pictures

![A small ornament drawn in SVG](images/ornament.svg)
`,
  '02-a-conversation.md': `# A Conversation

**The Editor:** What makes a paragraph a turn of dialogue?

**The Author:** It opens with the speaker's name in bold. A word in another language is marked with its tag,
like the Chinese <span lang="zh">书</span>, so readers and screen readers switch to it.
`,
  'images/ornament.svg': `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60" viewBox="0 0 240 60">
  <path d="M10 30 H100 M140 30 H230" stroke="#333" stroke-width="2"/>
  <circle cx="120" cy="30" r="12" fill="none" stroke="#333" stroke-width="2"/>
</svg>
`,
};

/** `folio init [DIR]`: writes the starter book, or nothing at all when any of its files already exists. */
export function initBook(folder: string): number {
  const existing = Object.keys(FILES).filter((name) => existsSync(join(folder, name)));
  if (existing.length > 0) {
    const shown = existing.map((name) => join(folder, name)).join(', ');
    console.error(`folio: init writes nothing: ${shown} already exist${existing.length === 1 ? 's' : ''}`);
    return 1;
  }
  for (const [name, text] of Object.entries(FILES)) {
    const path = join(folder, name);
    mkdirSync(dirname(path), { recursive: true });
    // `wx`: a file that appeared since the check above is still never overwritten.
    writeFileSync(path, text, { flag: 'wx' });
  }
  console.error(`folio: wrote a new book in ${folder}; build it with \`folio build ${folder}\``);
  return 0;
}
