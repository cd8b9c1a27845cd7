import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IN_PAGE_SHARED } from './in-page-shared.js';

/** What the page reports while paged.js lays the book out; read by the renderer for progress and errors. */
export interface LayoutProgress {
  done: boolean;
  error: string | null;
  pages: number;
  /** Title and 1-based index of the last chapter a page was laid out for. */
  lastChapter: string | null;
  chapter: number;
  counterFixes?: number;
  /** What the technical handlers found: images printed under 300 ppi. */
  findings?: PrintFinding[];
  /** Figures moved to the top of a later page because they did not fit where they were called (deferred floats). */
  deferredFigures?: number;
  /** Figures the layout held back from where they were called, placed or not. */
  figuresHeld?: number;
  /** Images printed, counted once per manuscript place: the whole of which the low-resolution ones are part. */
  imagesPrinted?: number;
  /** Soft hyphens removed from the text layer because no line broke at them. */
  softHyphensRemoved?: number;
  /** Pages that kept every soft hyphen because removing them moved a line anyway (see removeUnusedSoftHyphens). */
  softHyphenPagesKept?: number;
  /** The first block with less text laid out than sent: its `data-source` mark and both counts; null when none. */
  lost?: { source: string; sent: number; laid: number; clipped?: boolean; note?: boolean; block?: LostBlock } | null;
  /**
   * The first block with more text laid out than sent, once what the layout adds of its own is taken out (see
   * countLaidOut in IN_PAGE_SETUP): text set twice. Checked only when no block lost text; null when none.
   */
  repeated?: { source: string; sent: number; laid: number } | null;
  /** What the layout added that is not the book's text, taken out of the counts: in all, and the most in one block. */
  added?: LayoutAdded;
}

/** Characters the layout adds to blocks of its own accord, by kind (see countLaidOut in IN_PAGE_SETUP). */
export interface LayoutAdded {
  /** Hyphens paged.js appended where it split a word across pages. */
  hyphens: number;
  /** Characters of table header rows repeated on the pages a table continues on. */
  repeatedHeads: number;
  /** Characters of cells spanning rows that paged.js copied onto the page the rows continue on. */
  rowSpans: number;
  /** Characters of turned tables' hidden originals. */
  movedTables: number;
  /** The block with the most added characters, and how many. */
  most: { source: string; chars: number } | null;
}

/** What kind of block lost text, so the message blames what can be at fault: a table, a listing, a nesting, or text. */
export type LostBlock = 'table' | 'listing' | 'nested' | 'text';

/** A problem the layout found, at the manuscript place the print template recorded (`data-source`). */
export interface PrintFinding {
  rule: 'image-low-resolution' | 'table-too-wide';
  /** `path:line:col` of the element in the manuscript. */
  source: string;
  /** For images: the source file as written and its resolution at the printed size. */
  src?: string;
  ppi?: number;
  /** For tables: the largest scale, in percent, at which the table would fit the page upright or turned. */
  scale?: number;
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
  // One character, which the layout check takes out of the text it counts (see countLaidOut).
  var HYPHEN_GLYPH = '-';
  window.PagedConfig = {
    auto: true,
    // The hyphen paged.js adds where it splits a word across pages: U+2011 by default, which EB Garamond lacks.
    settings: { hyphenGlyph: HYPHEN_GLYPH },
    // The text each block holds is counted first, to tell after layout whether paged.js dropped any.
    before: function () {
      numberRefs(document.body);
      sent = countText(document.body);
      blocks = blockKinds(document.body);
      noteSources = new Set(Array.prototype.map.call(document.querySelectorAll('.footnote[data-source]'), function (el) { return el.getAttribute('data-source'); }));
      /*
       * paged.js lays out copies of the book's elements, and a copy of an image has a size at once only while the
       * image is in the document's list of available images (HTML, "update the image data"); otherwise it loads
       * later, and until then is laid out, and measured by the figure handler, as a caption without a picture.
       * Chromium keeps an image in that list only while an element still holds it, and paged.js takes the book out
       * of the document: whether a copy had its size then depended on when the garbage collector ran, so two builds
       * of one book deferred different figures and broke different pages. The decoded originals are held for the
       * whole layout, so every copy of an image has its size when it is made.
       */
      var images = Array.prototype.slice.call(document.images);
      heldImages = images;
      return Promise.all(images.map(function (img) { return img.decode().catch(function () {}); }));
    },
    after: function () {
      var laid = sent ? countLaidOut(document.querySelector('.pagedjs_pages') || document.body) : null;
      var lost = laid ? firstLoss(sent, laid.counts) || firstClipped() : null;
      // A lost note: paged.js could not set it at the foot of any page (see contentLost in index.ts).
      if (lost && noteSources && noteSources.has(lost.source)) lost.note = true;
      if (lost && !lost.clipped) lost.block = blocks.get(lost.source) || 'text';
      window.__folio.lost = lost;
      // A block that lost text and repeated some can come out even: the loss, checked first, is what is reported.
      window.__folio.repeated = laid && !lost ? firstRepeat(sent, laid.counts) : null;
      if (laid) window.__folio.added = laid.added;
      heldImages = [];
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
  var noteSources = null;
  var heldImages = [];
  var blocks = null;
  /* Each mark's kind, read before layout: after it, a block paged.js lost whole is nowhere to look at. */
  function blockKinds(root) {
    var kinds = new Map();
    var marked = root.querySelectorAll('[data-source]');
    for (var i = 0; i < marked.length; i++) {
      var el = marked[i];
      var kind = el.closest('table') || el.querySelector('table') ? 'table'
        : el.closest('pre') || el.querySelector('pre') ? 'listing'
        : el.querySelector('ul ul, ol ol, ul ol, ol ul, blockquote blockquote') ? 'nested' : 'text';
      kinds.set(el.getAttribute('data-source'), kind);
    }
    return kinds;
  }
  /*
   * paged.js gives every element without a data-ref a random UUID (time and Math.random), and a footnote's id, which
   * Chromium writes as a named destination, is made from it: numbered in document order instead, two builds of the
   * same book give the same PDF bytes.
   */
  function numberRefs(root) {
    var elements = root.querySelectorAll('*');
    for (var i = 0; i < elements.length; i++) if (!elements[i].hasAttribute('data-ref')) elements[i].setAttribute('data-ref', 'r' + i);
  }
  /**
   * The visible characters under each mark, in one pass; \`added(node, parent, chars, mark)\`, when given, says how many
   * of a text node's characters the layout added of its own, which are left out.
   */
  function countText(root, added) {
    var counts = new Map();
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT, function (node) {
      return node.nodeType === 3 || node.tagName === 'IMG' ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    });
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.nodeType === 3 ? node.parentElement : node;
      var mark = parent && parent.closest('[data-source]');
      // A deferred figure stays hidden where it was called; what counts is its copy on a later page.
      if (!mark || parent.closest('[data-folio-deferred]')) continue;
      // An image counts as one character, so a figure without a caption cannot go missing unseen.
      var chars = node.nodeType === 3 ? node.textContent.replace(/[\\s\\p{Cf}]/gu, '').length : 1;
      var key = mark.getAttribute('data-source');
      if (chars && added && node.nodeType === 3) chars -= added(node, parent, chars, key);
      if (!chars) continue;
      counts.set(key, (counts.get(key) || 0) + chars);
    }
    return counts;
  }

  /*
   * What the layout sets in a block besides the book's text, so that text set twice shows as more than was sent:
   *   - the hyphen paged.js appends (hyphenGlyph) to the text before a page break that splits a word (at a soft
   *     hyphen, or between two letters of a word it could not break elsewhere), marking the text's parent
   *     pagedjs_hyphen (Layout.hyphenateAtBreak): one character at the end of that parent's last text node;
   *   - the header rows the table handler copies onto each page a table continues on (data-folio-repeated,
   *     in-page-tables.ts): paged.js 0.4.3 repeats no <thead> itself;
   *   - a cell spanning rows across a page break, which paged.js copies whole, text and all, into the first row of
   *     the next page (rebuildAncestors): a second cell of the same data-ref that is not a continuation
   *     (data-split-from) of the first;
   *   - a table turned onto a page of its own, whose original stays, hidden, where it was written (data-folio-table
   *     "moved", in-page-tables.ts): its copy is what prints.
   * Nothing else paged.js 0.4.3 or Folio's handlers add is text: the note calls and markers, page numbers and running
   * heads are generated content, and the cells paged.js adds to complete a split row are empty.
   */
  function countLaidOut(root) {
    var glyphs = new Set();
    var hyphenated = root.querySelectorAll('.pagedjs_hyphen');
    for (var h = 0; h < hyphenated.length; h++) {
      var last = hyphenated[h].lastChild;
      if (last && last.nodeType === 3 && last.nodeValue.slice(-HYPHEN_GLYPH.length) === HYPHEN_GLYPH) glyphs.add(last);
    }
    var added = { hyphens: 0, repeatedHeads: 0, rowSpans: 0, movedTables: 0, most: null };
    var addedByBlock = new Map();
    var spanningCells = new Map();
    function layoutAdded(node, parent, chars, key) {
      var extra = 0;
      if (parent.closest('[data-folio-repeated]')) added.repeatedHeads += extra = chars;
      else if (parent.closest('[data-folio-table="moved"]')) added.movedTables += extra = chars;
      else if (isRowSpanCopy(parent.closest('td, th'))) added.rowSpans += extra = chars;
      else if (glyphs.has(node)) added.hyphens += extra = 1;
      if (extra) addedByBlock.set(key, (addedByBlock.get(key) || 0) + extra);
      return extra;
    }
    function isRowSpanCopy(cell) {
      if (!cell) return false;
      var ref = cell.getAttribute('data-ref');
      var first = spanningCells.get(ref);
      if (!first) {
        if (cell.rowSpan > 1) spanningCells.set(ref, cell);
        return false;
      }
      return first !== cell && !cell.hasAttribute('data-split-from');
    }
    var counts = countText(root, layoutAdded);
    addedByBlock.forEach(function (chars, source) {
      if (!added.most || chars > added.most.chars) added.most = { source: source, chars: chars };
    });
    return { counts: counts, added: added };
  }
  /* A block kept in the page but running past its edge (a table wider than the page) is cut off in print. */
  function firstClipped() {
    var pages = document.querySelectorAll('.pagedjs_page');
    for (var p = 0; p < pages.length; p++) {
      var box = pages[p].getBoundingClientRect();
      var marked = pages[p].querySelectorAll('[data-source]');
      for (var m = 0; m < marked.length; m++) {
        // Running text wraps (and breaks long strings, base.css); what can run off a page is a table, a listing or an image.
        if (!marked[m].matches('table, table *, pre, pre *, img')) continue;
        var rect = marked[m].getBoundingClientRect();
        if (rect.width === 0 || (rect.right <= box.right + 1 && rect.left >= box.left - 1)) continue;
        var chars = marked[m].textContent.replace(/[\\s\\p{Cf}]/gu, '').length;
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
  /* paged.js can also start a page back in text it has already set (pagedjs issue #208; see FolioHandler). */
  function firstRepeat(before, after) {
    for (var entry of after) {
      var sentChars = before.get(entry[0]) || 0;
      if (entry[1] > sentChars) return { source: entry[0], sent: sentChars, laid: entry[1] };
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

  /*
   * paged.js's TargetCounters (the page numbers in the contents, target-counter()) searches the whole book laid out so
   * far for its links after every page, which makes layout grow with the square of the page count. This does the
   * same work, looking for links only in the page just laid out and keeping those whose target is not laid out yet.
   */
  function linearTargetCounters() {
    var TargetCounters = Paged.registeredHandlers.filter(function (h) { return h.name === 'TargetCounters'; })[0];
    if (!TargetCounters) return;
    TargetCounters.prototype.afterPageLayout = function (fragment, page, breakToken, chunker) {
      var handler = this;
      handler.folioWaiting = handler.folioWaiting || {};
      Object.keys(handler.counterTargets).forEach(function (name) {
        var target = handler.counterTargets[name];
        if (target.func !== 'attr') return;
        var split = target.selector.split(/::?/g);
        var marked = 'data-' + target.variable;
        var waiting = (handler.folioWaiting[name] || []).filter(function (el) { return el.isConnected && !el.hasAttribute(marked); });
        var found = fragment.querySelectorAll(split[0] + ':not([' + marked + '])');
        for (var f = 0; f < found.length; f++) if (waiting.indexOf(found[f]) === -1) waiting.push(found[f]);
        handler.folioWaiting[name] = waiting.filter(function (selected) {
          var element = chunker.pagesArea.querySelector(cssEscape(attrOf(selected, target.args)));
          if (!element) return true;
          var selector = 'folio-' + (++targetCount);
          selected.setAttribute(marked, selector);
          var pseudo = split.length > 1 ? '::' + split[1] : '';
          var rule;
          if (target.counter === 'page') {
            rule = '{ counter-reset: ' + target.variable + ' ' + pageNumberOf(element, chunker) + '; }';
          } else {
            var value = element.getAttribute('data-counter-' + target.counter + '-value');
            if (value) rule = '{ counter-reset: ' + target.variable + ' ' + target.variable + ' ' + parseInt(value) + '; }';
          }
          if (rule) handler.styleSheet.insertRule('[' + marked + '="' + selector + '"]' + pseudo + ' ' + rule, handler.styleSheet.cssRules.length);
          // As paged.js does: redraw the link, or Chromium may keep the counter it drew before the rule.
          selected.style.display = 'none';
          selected.clientHeight;
          selected.style.removeProperty('display');
          return false;
        });
      });
    };
  }
  var targetCount = 0;

  function attrOf(element, names) {
    for (var i = 0; i < names.length; i++) if (element.hasAttribute(names[i])) return element.getAttribute(names[i]);
  }

  /** paged.js escapes the link's value as a whole (so '#id' stays an id selector); CSS.escape would escape the '#'. */
  function cssEscape(value) {
    var text = String(value);
    return text.charAt(0) === '#' ? '#' + CSS.escape(text.slice(1)) : CSS.escape(text);
  }

  /** The page counter's value on the page that holds \`element\`, read as paged.js reads it. */
  function pageNumberOf(element, chunker) {
    var pages = chunker.pagesArea.querySelectorAll('.pagedjs_page');
    var pg = 0;
    for (var i = 0; i < pages.length; i++) {
      var styles = window.getComputedStyle(pages[i]);
      var reset = styles['counter-reset'].replace('page', '').trim();
      var increment = styles['counter-increment'].replace('page', '').trim();
      if (reset !== 'none') pg = parseInt(reset);
      if (increment !== 'none') pg += parseInt(increment);
      if (pages[i].contains(element)) break;
    }
    return pg;
  }
  linearTargetCounters();

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

  /*
   * Technical books (templates/figures.ts): deferred figures, soft hyphens only where a line breaks, and the
   * resolution of every image as printed.
   *
   * paged.js 0.4 lays out in source order, so a figure that does not fit moves to the next page and leaves the
   * rest of this one empty. Here, before a figure is laid out, its height is measured on the page; when it does
   * not fit but a good part of the page is left and the chapter goes on after it (a few lines are enough: a figure
   * still waiting at the chapter's end is set after its last block), the figure is hidden where it stands (data-folio-deferred) and the text after it fills the page; the next page opens
   * with the figure (a float to the top of the next page, as a typesetter would set it). It never moves
   * before its place in the text, so never before the page that first mentions it.
   */
  var DEFER_MIN_FREE = 0.15;
  var DEFER_MIN_TEXT_AFTER = 500;
  /*
   * The figures waiting for a page, in source order. It is rebuilt from the document at the start of every page,
   * never carried over: paged.js lays pages out again from an earlier point when a laid-out page grows (its
   * ResizeObserver, on a late font or image, at a time that depends on the machine's load) or when notes move,
   * and it drops the pages after that point. A queue kept in memory would then still hold, or no longer hold,
   * figures whose placed copies went away with those pages, and a figure would be lost.
   */
  var deferred = [];
  /** Every figure ever deferred, in source order, and the copy of each last placed on a page. */
  var everDeferred = [];
  var placedCopies = new Map();
  var keepInFlow = document.documentElement.hasAttribute('data-folio-figures-in-flow');
  var placedCount = 0;
  var findings = [];
  window.__folio.findings = findings;
  window.__folio.deferredFigures = 0;
  window.__folio.softHyphensRemoved = 0;

  function contentBottom(wrapper) {
    var range = document.createRange();
    range.selectNodeContents(wrapper);
    var rect = range.getBoundingClientRect();
    return rect.height ? rect.bottom : wrapper.getBoundingClientRect().top;
  }

${IN_PAGE_SHARED}
  /** Height of the source element set on this page, margins included, measured on a hidden copy. */
  function measuredHeight(source, wrapper) {
    var probe = source.cloneNode(true);
    probe.removeAttribute('data-folio-deferred');
    probe.style.visibility = 'hidden';
    renderedParent(source, wrapper).appendChild(probe);
    var style = getComputedStyle(probe);
    var box = probe.getBoundingClientRect();
    var height = box.height + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
    var width = Math.max(box.width, probe.scrollWidth);
    warnUnsized(probe);
    probe.remove();
    return { height: height, width: width };
  }

  /*
   * An image still loading is measured without its picture, and the layout would depend on when it arrives: say so
   * (once per image) rather than build a book that may come out otherwise next time. Held images (IN_PAGE_SETUP)
   * never load late; a broken one is complete.
   */
  var warnedUnsized = new Set();
  function warnUnsized(probe) {
    var images = probe.querySelectorAll('img');
    for (var i = 0; i < images.length; i++) {
      var src = images[i].getAttribute('data-src') || images[i].getAttribute('src') || '';
      if (images[i].complete || warnedUnsized.has(src)) continue;
      warnedUnsized.add(src);
      console.warn('An image was measured before it had loaded, so the layout may differ from build to build: ' + src);
    }
  }

  /**
   * Characters of text after the figure in its chapter, up to what deferring needs. Text with a footnote call
   * counts as none: a figure is not carried across the pages where paged.js moves notes about.
   */
  function textAfter(node) {
    var length = 0;
    for (var next = node.nextElementSibling; next && length < DEFER_MIN_TEXT_AFTER; next = next.nextElementSibling) {
      if (next.querySelector('.footnote')) return 0;
      length += next.textContent.length;
    }
    return length;
  }

  /**
   * Deferred figures before the page's start that no page now in the document shows: a placed copy still
   * connected, or a twin set in the flow (data-folio-resolved on the original), accounts for one.
   */
  function waitingBefore(breakToken) {
    var start = breakToken && breakToken.node;
    if (!start) return [];
    return everDeferred.filter(function (figure) {
      if (figure.hasAttribute('data-folio-resolved') || figure.contains(start)) return false;
      if (!(figure.compareDocumentPosition(start) & Node.DOCUMENT_POSITION_FOLLOWING)) return false;
      var copy = placedCopies.get(figure);
      return !(copy && copy.isConnected);
    }).sort(function (a, b) {
      return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
  }

  function considerFigure(figure, layout) {
    if (keepInFlow || figure.hasAttribute('data-folio-deferred')) return;
    var wrapper = layout.wrapper;
    var area = layout.bounds;
    if (!wrapper || !area) return;
    // A figure after one already waiting keeps the order of the text: it waits too.
    var size = measuredHeight(figure, wrapper);
    var free = area.bottom - contentBottom(wrapper);
    var fits = size.height <= free;
    if (!deferred.length && (fits || free < DEFER_MIN_FREE * area.height)) return;
    var deferrable = size.height <= area.height && textAfter(figure) >= DEFER_MIN_TEXT_AFTER;
    if (!deferrable && !deferred.length) return;
    figure.setAttribute('data-folio-deferred', '');
    everDeferred.push(figure);
    deferred.push(figure);
    if (deferrable) return;
    // This one cannot wait but others before it do: all of them follow here, in the flow and in order.
    var anchor = figure;
    while (deferred.length) {
      var twin = twinOf(deferred.shift(), false);
      anchor.parentNode.insertBefore(twin, anchor.nextSibling);
      anchor = twin;
    }
  }

  /**
   * A copy of a source figure with fresh data-refs (paged.js maps rendered nodes to their source by data-ref).
   * A visible twin goes into the source flow for good, so its original no longer waits (data-folio-resolved).
   */
  function twinOf(original, hidden) {
    var twin = original.cloneNode(true);
    placedCount++;
    [twin].concat(Array.prototype.slice.call(twin.querySelectorAll('[data-ref]'))).forEach(function (el) {
      el.setAttribute('data-ref', el.getAttribute('data-ref') + '-placed-' + placedCount);
    });
    twin.setAttribute('data-folio-twin', '');
    if (!hidden) {
      twin.removeAttribute('data-folio-deferred');
      original.setAttribute('data-folio-resolved', '');
    }
    return twin;
  }

  /**
   * Figures still waiting when their chapter's last block is laid out go after it, in the flow, so a figure is
   * never carried into the next chapter nor lost: at worst it is set where paged.js alone would have set it.
   */
  function flushAtChapterEnd(node) {
    if (!deferred.length || node.nextElementSibling || node.parentNode !== deferred[0].parentNode) return;
    while (deferred.length) node.parentNode.appendChild(twinOf(deferred.shift(), false));
  }

  /** The block the page starts with, when it cannot be split (a table, a figure): it must fit under the figures. */
  function unsplittableStart(breakToken) {
    var node = breakToken && breakToken.node;
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    var block = element && element.closest && element.closest('table, figure');
    return block && !block.hasAttribute('data-folio-deferred') ? block : undefined;
  }

  /**
   * Opens the page with the figures waiting for it, as many as leave room for a few lines of text. paged.js gives
   * up ("Layout repeated") when a page ends where it began, so when the page starts with a table or a figure that
   * would not fit under them, the figures wait another page.
   */
  function placeDeferred(wrapper, area, breakToken) {
    var start = unsplittableStart(breakToken);
    var reserve = start ? measuredHeight(start, wrapper).height : 0;
    while (deferred.length) {
      var original = deferred[0];
      // The copy set here maps, by its fresh refs, to a hidden twin placed after the original in the source
      // (already laid out, so never laid out again).
      var twin = twinOf(original, true);
      original.parentNode.insertBefore(twin, original.nextSibling);
      var copy = twin.cloneNode(true);
      copy.removeAttribute('data-folio-deferred');
      copy.removeAttribute('data-folio-twin');
      copy.setAttribute('data-folio-placed', '');
      wrapper.appendChild(copy);
      var bottom = contentBottom(wrapper);
      /*
       * A copy that does not fit under those before it goes on in paged.js's overflow column, beside the page, where
       * its bottom reads as high up: paged.js then breaks the page at it, and the next page starts back at its
       * hidden twin, before text already laid out, which was set twice.
       */
      var spilled = copy.getBoundingClientRect().right > area.right + 1;
      if (spilled || ((wrapper.children.length > 1 || reserve) && (bottom > area.top + 0.75 * area.height || bottom + reserve > area.bottom))) {
        // Neither stays: the figure waits for the next page, which makes a new pair.
        copy.remove();
        twin.remove();
        return;
      }
      placedCopies.set(original, copy);
      deferred.shift();
    }
  }

  /**
   * Soft hyphens at which no line broke: removed, so the PDF's text layer holds whole words. Every soft hyphen of
   * the page is measured before any text changes: a change makes the next measure lay the document out again, which
   * costs more the longer the book grows (measuring and removing node by node made layout grow with the square of
   * the page count).
   */
  function removeUnusedSoftHyphens(pageElement) {
    var walker = document.createTreeWalker(pageElement, NodeFilter.SHOW_TEXT);
    var nodes = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) if (n.nodeValue.indexOf(SOFT_HYPHEN) !== -1) nodes.push(n);
    if (!nodes.length) return;
    var reach = contentReach(pageElement);
    var heights = new Map();
    nodes.forEach(function (node) {
      var block = blockOf(node);
      if (!heights.has(block)) heights.set(block, block.getBoundingClientRect().height);
    });
    var grew = function (block) { return Math.abs(block.getBoundingClientRect().height - heights.get(block)) > 0.5; };
    // Every soft hyphen of the page is measured before any text changes (see above).
    var unusedByNode = nodes.map(unusedSoftHyphens);
    var changes = [];
    nodes.forEach(function (node, k) {
      if (!unusedByNode[k].length) return;
      changes.push({ node: node, value: node.nodeValue, unused: unusedByNode[k] });
    });
    changes.forEach(function (change) { change.node.nodeValue = without(change.value, change.unused); });
    /*
     * A paragraph can still break its lines differently once soft hyphens that looked unused are gone, and grow
     * by a line after paged.js measured the page: its last lines would run into a column beyond the page, off the
     * paper. In such a paragraph the soft hyphens go one at a time, and one whose removal moves a line stays. If
     * the page still reaches further than before, it keeps them all.
     */
    var grown = changes.filter(function (change) { return grew(blockOf(change.node)); });
    grown.forEach(function (change) { change.node.nodeValue = change.value; });
    grown.forEach(function (change) {
      var block = blockOf(change.node);
      var gone = [];
      change.unused.forEach(function (index) {
        change.node.nodeValue = without(change.value, gone.concat([index]));
        if (grew(block)) change.node.nodeValue = without(change.value, gone);
        else gone.push(index);
      });
      change.unused = gone;
    });
    if (contentReach(pageElement) > reach + 1) {
      changes.forEach(function (change) { change.node.nodeValue = change.value; change.unused = []; });
      window.__folio.softHyphenPagesKept = (window.__folio.softHyphenPagesKept || 0) + 1;
    }
    changes.forEach(function (change) { window.__folio.softHyphensRemoved += change.unused.length; });
  }

  /** The value without the characters at those indices. */
  function without(value, indices) {
    var out = '';
    for (var i = 0; i < value.length; i++) if (indices.indexOf(i) === -1) out += value.charAt(i);
    return out;
  }

  function blockOf(node) {
    var parent = node.parentElement;
    return (parent && parent.closest('p, li, blockquote, dd, dt, td, th, figcaption, h1, h2, h3, h4, h5, h6, div')) || parent;
  }

  /** How far right the page's content reaches: past the page when paged.js's columns hold more than fits. */
  function contentReach(pageElement) {
    var content = pageElement.querySelector('.pagedjs_page_content');
    if (!content) return 0;
    var range = document.createRange();
    range.selectNodeContents(content);
    return Math.max(range.getBoundingClientRect().right, content.getBoundingClientRect().left + content.scrollWidth);
  }

  /** The offsets of the soft hyphens inside a text node at which no line breaks. */
  function unusedSoftHyphens(node) {
    var value = node.nodeValue;
    var unused = [];
    for (var i = value.indexOf(SOFT_HYPHEN); i !== -1; i = value.indexOf(SOFT_HYPHEN, i + 1)) {
      if (i === 0 || i === value.length - 1) continue;
      var before = charMiddle(node, i - 1);
      var after = charMiddle(node, i + 1);
      // Chromium draws a hyphen only where the line breaks: there the next letter sits on a lower line.
      if (!(before && after && after.top > before.middle)) unused.push(i);
    }
    return unused;
  }

  function imageResolutions() {
    var seen = {};
    var images = document.querySelectorAll('.pagedjs_page img[data-source]');
    for (var i = 0; i < images.length; i++) {
      var img = images[i];
      var src = img.getAttribute('data-src') || img.getAttribute('src') || '';
      if (/\\.svg([?#]|$)/i.test(src) || !img.naturalWidth) continue;
      var width = img.getBoundingClientRect().width;
      if (!width) continue;
      var ppi = Math.round(img.naturalWidth / (width / 96));
      var key = img.getAttribute('data-source');
      if (ppi < 300 && (!seen[key] || seen[key].ppi > ppi)) seen[key] = { rule: 'image-low-resolution', source: key, src: src, ppi: ppi };
    }
    for (var source in seen) findings.push(seen[source]);
  }

  class FolioTechnicalHandler extends PageLayoutHandler {
    onPageLayout(wrapper, breakToken, layout) {
      super.onPageLayout(wrapper, breakToken, layout);
      deferred = waitingBefore(breakToken);
      if (deferred.length) placeDeferred(wrapper, layout.bounds, breakToken);
    }
    layoutNode(node) {
      if (node.nodeType !== 1) return;
      flushAtChapterEnd(node);
      if (node.tagName === 'FIGURE') considerFigure(node, this.layout);
    }
    afterPageLayout(pageElement) {
      removeUnusedSoftHyphens(pageElement);
    }
    afterRendered() {
      // Counted at the end: pages laid out again would count their figures twice.
      window.__folio.deferredFigures = document.querySelectorAll('.pagedjs_pages figure[data-folio-placed]').length;
      window.__folio.figuresHeld = everDeferred.length;
      imageResolutions();
    }
  }
  Paged.registerHandlers(FolioTechnicalHandler);

  /*
   * paged.js 0.4.3 finds the source of the text node a page breaks in by its text: the first text node of the
   * source parent that includes the rendered text (indexOfTextNode), plus indexOf for the offset. A paragraph
   * with two text nodes alike (" A sentence with a note." between note calls, the same words around two links), or
   * a text node whose rest after a break also occurs earlier in it, breaks at the wrong one: the next page starts
   * back in text already laid out, and once a break comes round to where the page began, paged.js skips the rest
   * of the text node ("Unable to layout item") and the paragraph loses its end (pagedjs issue #208). Each rendered
   * text node is recorded with its source node and where in it the rendered copy starts, and the break token
   * is made from those.
   */
  var sourceText = new WeakMap();

  function recordText(clone, node) {
    if (clone.nodeType === 3) {
      sourceText.set(clone, { node: node, start: node.textContent.length - clone.textContent.length });
      return;
    }
    /*
     * An element paged.js sets whole (a paragraph, an inline element) is cloned with its text, and the notes handler
     * has already moved its notes out by now: the text children of each element are paired with those of the source
     * element of the same data-ref, in order.
     */
    if (clone.nodeType !== 1 || !clone.firstChild) return;
    var sources = new Map();
    sources.set(node.getAttribute('data-ref'), node);
    var inSource = node.querySelectorAll('[data-ref]');
    for (var i = 0; i < inSource.length; i++) sources.set(inSource[i].getAttribute('data-ref'), inSource[i]);
    var elements = [clone].concat(Array.prototype.slice.call(clone.querySelectorAll('[data-ref]')));
    for (var e = 0; e < elements.length; e++) {
      var source = sources.get(elements[e].getAttribute('data-ref'));
      if (!source) continue;
      var rendered = textChildren(elements[e]);
      var original = textChildren(source);
      for (var t = 0; t < rendered.length && t < original.length; t++) sourceText.set(rendered[t], { node: original[t], start: 0 });
    }
  }

  function textChildren(element) {
    var texts = [];
    for (var child = element.firstChild; child; child = child.nextSibling) if (child.nodeType === 3) texts.push(child);
    return texts;
  }

  /** The source node and offset a page should start from, for an overflow that starts in or just before a text node. */
  function trueBreak(overflow) {
    var container = overflow.startContainer;
    if (container.nodeType === 3) {
      var at = sourceText.get(container);
      return at && { node: at.node, offset: at.start + overflow.startOffset };
    }
    var next = container.childNodes[overflow.startOffset];
    var before = next && next.nodeType === 3 && sourceText.get(next);
    if (!before) return;
    // As paged.js does: a break before an element's first text node is a break before the element.
    if (!before.start && !before.node.previousSibling && before.node.parentElement) return { node: before.node.parentElement, offset: 0 };
    return { node: before.node, offset: before.start };
  }

  class FolioHandler extends Paged.Handler {
    renderNode(clone, node) {
      recordText(clone, node);
    }

    onBreakToken(breakToken, overflow) {
      if (!breakToken || !overflow || !overflow.startContainer) return;
      var truth = trueBreak(overflow);
      if (!truth || (truth.node === breakToken.node && truth.offset === breakToken.offset)) return;
      window.__folio.breaksCorrected = (window.__folio.breaksCorrected || 0) + 1;
      breakToken.node = truth.node;
      breakToken.offset = truth.offset;
      return breakToken;
    }

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
