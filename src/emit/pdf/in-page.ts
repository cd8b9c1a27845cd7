import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What the page reports while paged.js lays the book out; read by the renderer for progress and errors. */
export interface LayoutProgress {
  done: boolean;
  error: string | null;
  pages: number;
  /** Title and 1-based index of the last chapter a page was laid out for. */
  lastChapter: string | null;
  chapter: number;
  counterFixes?: number;
  /** The first block with less text laid out than sent: its `data-source` mark and both counts; null when none. */
  lost?: { source: string; sent: number; laid: number; clipped?: boolean } | null;
}

declare global {
  interface Window {
    __folio: LayoutProgress;
    __folioDone: Promise<number>;
  }
}

/** Runs before paged.js: its config, and a promise that settles when layout ends or the page throws. */
export const IN_PAGE_SETUP = `
window.__folio = { done: false, error: null, pages: 0, lastChapter: null, chapter: 0 };
window.__folioDone = new Promise(function (resolve, reject) {
  window.PagedConfig = {
    auto: true,
    // The hyphen paged.js adds where it splits a word across pages: U+2011 by default, which EB Garamond lacks.
    settings: { hyphenGlyph: '-' },
    before: function () { sent = countText(document.body); },
    after: function () {
      window.__folio.lost = sent ? firstLoss(sent, countText(document.querySelector('.pagedjs_pages') || document.body)) || firstClipped() : null;
      window.__folio.done = true;
      resolve(window.__folio.pages);
    }
  };
  /*
   * paged.js drops what it cannot lay out (a table wider than the page loses cells, a deep nesting its text) and
   * only logs "Unable to layout item". Count the visible characters under each data-source mark before and
   * after layout: a block with fewer characters laid out than sent lost some.
   */
  var sent = null;
  function countText(root) {
    var counts = new Map();
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var mark = node.parentElement && node.parentElement.closest('[data-source]');
      if (!mark) continue;
      var chars = node.textContent.replace(/[\s\u00AD]/g, '').length;
      if (!chars) continue;
      var key = mark.getAttribute('data-source');
      counts.set(key, (counts.get(key) || 0) + chars);
    }
    return counts;
  }
  /* A block kept in the page but running past its edge (a table wider than the page) is cut off in print. */
  function firstClipped() {
    var pages = document.querySelectorAll('.pagedjs_page');
    for (var p = 0; p < pages.length; p++) {
      var box = pages[p].getBoundingClientRect();
      var marked = pages[p].querySelectorAll('[data-source]');
      for (var m = 0; m < marked.length; m++) {
        var rect = marked[m].getBoundingClientRect();
        if (rect.width === 0 || (rect.right <= box.right + 1 && rect.left >= box.left - 1)) continue;
        var chars = marked[m].textContent.replace(/[\s\u00AD]/g, '').length;
        if (chars) return { source: marked[m].getAttribute('data-source'), sent: chars, laid: 0, clipped: true };
      }
    }
    return null;
  }
  function firstLoss(before, after) {
    for (var entry of before) {
      var laid = after.get(entry[0]) || 0;
      if (laid < entry[1]) return { source: entry[0], sent: entry[1], laid: laid };
    }
    return null;
  }
  window.addEventListener('error', function (event) {
    window.__folio.error = String((event.error && event.error.stack) || event.message);
    reject(new Error(window.__folio.error));
  });
  window.addEventListener('unhandledrejection', function (event) {
    var reason = event.reason;
    window.__folio.error = String((reason && reason.stack) || reason);
    reject(new Error(window.__folio.error));
  });
});
window.__folioDone.catch(function () {});
`;

/*
 * paged.js (0.4.x) restarts the page counter by inserting
 *   [data-page-number="N"] { counter-increment: none; counter-reset: page X }
 * Since Chromium 131 a counter-reset on a page box starts a counter scoped to that page only, so the
 * following pages go back to the old numbering (pagedjs issues #270, #300). Once layout is over (target
 * counters in the contents were computed from those rules already), the same rules are turned into
 * counter-set, which changes the one page counter that runs through all pages.
 */
export const IN_PAGE_HANDLERS = `
(function () {
  function fixPageCounterResets() {
    var fixed = 0;
    function walk(rules) {
      for (var i = 0; i < rules.length; i++) {
        var rule = rules[i];
        if (rule.cssRules && !(rule instanceof CSSStyleRule)) { walk(rule.cssRules); continue; }
        if (!(rule instanceof CSSStyleRule)) continue;
        if (rule.selectorText.indexOf('[data-page-number=') === -1) continue;
        var reset = rule.style.getPropertyValue('counter-reset');
        if (!reset || !/(^|\\s)page(\\s|$)/.test(reset)) continue;
        rule.style.removeProperty('counter-reset');
        rule.style.setProperty('counter-set', reset);
        fixed++;
      }
    }
    for (var s = 0; s < document.styleSheets.length; s++) {
      var rules;
      try { rules = document.styleSheets[s].cssRules; } catch (e) { continue; }
      walk(rules);
    }
    return fixed;
  }

  var SOFT_HYPHEN = "\\u00AD";
  var LETTER = /[\\p{L}\\p{M}]/u;

  /*
   * Where the last line of a page ends at a soft hyphen, paged.js measures the letter after the hyphen
   * together with the end of the line it leaves, takes it for text that still fits, and splits the word
   * one letter late ("innovat-" / "ion"). A word can only break at a soft hyphen, so move such a split
   * back to just after the nearest soft hyphen before it.
   */
  function splitAtSoftHyphen(overflow) {
    if (!overflow || !overflow.startContainer || overflow.startContainer.nodeType !== 3) return;
    var node = overflow.startContainer;
    var offset = overflow.startOffset;
    var text = node.textContent;
    if (offset <= 0 || offset >= text.length) return;
    if (!LETTER.test(text.charAt(offset - 1)) || !LETTER.test(text.charAt(offset))) return;
    var i = offset - 1;
    while (i >= 0 && LETTER.test(text.charAt(i))) i--;
    if (i < 0 || text.charAt(i) !== SOFT_HYPHEN) return;
    var range = document.createRange();
    range.setStart(node, i + 1);
    range.setEnd(overflow.endContainer, overflow.endOffset);
    return range;
  }

  /*
   * A section-break ornament must not be stranded at a page boundary: alone at the foot of a page (nothing
   * of the next section fits) or opening the next one (the section before ends at the foot). paged.js 0.4
   * ignores break-before/after: avoid, so when the split would leave the ornament at either edge, the split
   * moves back to the start of the last line of text before it: that line, the ornament and the next
   * section's first lines open the next page together.
   */
  function isBlank(range) {
    return range.toString().trim() === '';
  }

  function isStranded(hr, overflow) {
    var between = document.createRange();
    if (overflow.comparePoint(hr, 0) < 0) {
      between.setStartAfter(hr);
      between.setEnd(overflow.startContainer, overflow.startOffset);
    } else {
      between.setStart(overflow.startContainer, overflow.startOffset);
      between.setEndBefore(hr);
    }
    return isBlank(between);
  }

  /** The middle height of character i of a text node, or undefined for a character that draws nothing. */
  function charMiddle(node, i) {
    var range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    var rect = range.getBoundingClientRect();
    if (!rect || rect.width === 0 || node.textContent.charAt(i).trim() === '') return;
    return { top: rect.top, middle: (rect.top + rect.bottom) / 2 };
  }

  /** Where the last line of text before \`hr\` starts, as [text node, offset], or undefined. */
  function lastLineStart(hr, rendered) {
    var walker = document.createTreeWalker(rendered, NodeFilter.SHOW_TEXT);
    var texts = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.compareDocumentPosition(hr) & Node.DOCUMENT_POSITION_FOLLOWING && n.textContent.trim() !== '') texts.push(n);
    }
    var lastTop;
    var start;
    for (var t = texts.length - 1; t >= 0; t--) {
      var node = texts[t];
      for (var i = node.textContent.length - 1; i >= 0; i--) {
        var at = charMiddle(node, i);
        if (!at) continue;
        if (lastTop === undefined) lastTop = at.top;
        if (at.middle < lastTop) return start;
        start = [node, i];
      }
    }
  }

  /** Moving a one-line section back can strand the ornament before it in turn: repeat until none is. */
  function unstrandSectionBreak(overflow, rendered) {
    var moved;
    for (var next = unstrandOnce(overflow, rendered); next; next = unstrandOnce(next, rendered)) moved = next;
    return moved;
  }

  function unstrandOnce(overflow, rendered) {
    if (!overflow || !rendered || !overflow.startContainer) return;
    var breaks = rendered.querySelectorAll('hr.section-break');
    for (var b = 0; b < breaks.length; b++) {
      if (!isStranded(breaks[b], overflow)) continue;
      var start = lastLineStart(breaks[b], rendered);
      if (!start) return;
      var range = document.createRange();
      range.setStart(start[0], start[1]);
      range.setEnd(overflow.endContainer, overflow.endOffset);
      // Starting at the first letter of a block, break before the block rather than leave an empty part of it.
      var block = start[0].parentElement && start[0].parentElement.closest('p, li, blockquote, h1, h2, h3, h4, h5, h6, figure');
      if (block && rendered.contains(block)) {
        var before = document.createRange();
        before.setStart(block, 0);
        before.setEnd(start[0], start[1]);
        if (isBlank(before)) range.setStartBefore(block);
      }
      var kept = document.createRange();
      kept.setStart(rendered, 0);
      kept.setEnd(range.startContainer, range.startOffset);
      // Never empty the page: an ornament after a page of one line stays where it is.
      if (isBlank(kept)) return;
      return range;
    }
  }

  class FolioHandler extends Paged.Handler {
    onOverflow(overflow, rendered) {
      var hyphenated = splitAtSoftHyphen(overflow);
      return unstrandSectionBreak(hyphenated || overflow, rendered) || hyphenated;
    }

    afterPageLayout(pageElement) {
      window.__folio.pages++;
      var chapter = pageElement.querySelector('[data-chapter-title]');
      if (chapter) {
        window.__folio.lastChapter = chapter.getAttribute('data-chapter-title');
        var index = Number(chapter.getAttribute('data-chapter-index'));
        if (index) window.__folio.chapter = index;
      }
    }
    afterRendered() {
      window.__folio.counterFixes = fixPageCounterResets();
    }
  }
  Paged.registerHandlers(FolioHandler);
})();
`;

const require = createRequire(import.meta.url);

/** pagedjs exports neither its package.json nor its dist folder: walk up from its entry point to the package. */
export function pagedDistDir(): string {
  let dir = dirname(require.resolve('pagedjs'));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist');
}

export function pagedPolyfillPath(): string {
  const path = join(pagedDistDir(), 'paged.polyfill.js');
  if (!existsSync(path)) throw new Error(`paged.js's polyfill is missing: ${path} (run npm install).`);
  return path;
}
