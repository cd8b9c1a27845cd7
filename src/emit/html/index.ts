import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ElementContent } from 'hast';
import { screenChapterPage, screenIndexPage, type ScreenBook } from '../../../templates/screen-page.js';
import type { RenderedBook } from '../../types.js';
import { textOf } from '../../../templates/util/text.js';
import { collectImages } from '../../resources/images.js';
import { fontFaceCss, fontFiles, fontStackCss } from '../../resources/fonts.js';
import { replaceDirectory } from '../../io/replace-directory.js';
import { stylesheetPath } from '../../resources/styles.js';
import { emitters, plural, type Emitter } from '../outputs.js';
import { stringifyHtml } from '../stringify.js';

const stylesheets = ['base.css', 'screen.css'];

export const htmlEmitter: Emitter = {
  async emit(book, outDir) {
    const pages = await emitHtml(book, outDir);
    return { outputs: pages.map((page) => join(outDir, page)), detail: plural(pages.length, 'page'), messages: [] };
  },
};

/** Writes `outDir/index.html` (title page and contents), one page per chapter, and the stylesheets. */
export async function emitHtml(book: RenderedBook, outDir: string): Promise<string[]> {
  const written: string[] = [];
  // The pages point at content-hashed copies in `images/`, as the EPUB does; the book's own trees stay untouched.
  const trees = book.chapters.map((chapter) => structuredClone(chapter.tree));
  const { images, problems } = collectImages(book.root, book.chapters.map((chapter, index) => ({ file: chapter.file, tree: trees[index]! })));
  if (problems.length > 0) throw new Error(`The HTML pages would lose images:\n  ${problems.join('\n  ')}`);
  await replaceDirectory(outDir, async (folder) => {
    await mkdir(join(folder, 'styles'));
    for (const name of stylesheets) await copyFile(stylesheetPath(name), join(folder, 'styles', name));
    await writeBookFonts(book, folder);
    if (images.length > 0) await mkdir(join(folder, 'images'));
    for (const image of images) await writeFile(join(folder, image.href), image.data);
    const links = ['styles/fonts.css', ...stylesheets.map((name) => `styles/${name}`)];
    const screen: ScreenBook = { config: book.config, stylesheets: links, chapters: book.chapters, hrefFor: (id) => emitters.html.hrefFor(id), homeHref: 'index.html' };
    const front = [...book.shells.titlePage.children, ...book.shells.contents.children] as ElementContent[];
    await writeFile(join(folder, 'index.html'), stringifyHtml(screenIndexPage(screen, front)));
    written.push('index.html');

    for (const [position, chapter] of book.chapters.entries()) {
      const page = screenChapterPage(screen, position, chapter.lang, trees[position]!.children as ElementContent[]);
      await writeFile(join(folder, screen.hrefFor(chapter.id)), stringifyHtml(page));
      written.push(screen.hrefFor(chapter.id));
    }
  });
  return written;
}

/**
 * The book's own faces go with the pages, so they read in EB Garamond on any machine: the woff2 files the
 * text needs (only the Chinese subsets it uses) in `fonts/`, declared by `styles/fonts.css`.
 */
async function writeBookFonts(book: RenderedBook, folder: string): Promise<void> {
  const text = book.chapters.map((chapter) => textOf(chapter.tree)).join('') + book.config.title;
  await mkdir(join(folder, 'fonts'));
  for (const face of fontFiles({ text, fonts: book.config.fonts })) await copyFile(face.path, join(folder, 'fonts', basename(face.path)));
  await writeFile(join(folder, 'styles', 'fonts.css'), `${fontFaceCss({ text, fonts: book.config.fonts, urlFor: (path) => `../fonts/${basename(path)}` })}\n${fontStackCss(book.config.fonts)}\n`);
}
