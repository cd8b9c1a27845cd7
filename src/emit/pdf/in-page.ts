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
  /** What the technical handlers found: images printed under 300 ppi. */
  findings?: PrintFinding[];
  /** Figures moved to the top of a later page because they did not fit where they were called (deferred floats). */
  deferredFigures?: number;
  /** Images printed, counted once per manuscript place: the whole of which the low-resolution ones are part. */
  imagesPrinted?: number;
  /** Soft hyphens removed from the text layer because no line broke at them. */
  softHyphensRemoved?: number;
  /** The first block with less text laid out than sent: its `data-source` mark and both counts; null when none. */
  lost?: { source: string; sent: number; laid: number; clipped?: boolean } | null;
}

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
  window.PagedConfig = {
    auto: true,
    // The hyphen paged.js adds where it splits a word across pages: U+2011 by default, which EB Garamond lacks.
    settings: { hyphenGlyph: '-' },
    // Images decoded before layout, so the figure handler measures them at their real height; the text each block
    // holds is counted first, to tell after layout whether paged.js dropped any.
    before: function () {
      sent = countText(document.body);
      return Promise.all(Array.prototype.map.call(document.images, function (img) { return img.decode().catch(function () {}); }));
    },
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
      var chars = node.textContent.replace(/[\\s\\p{Cf}]/gu, '').length;
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

/** The least a table is scaled to upright: 9.5 pt type at 75% is about 7 pt, the smallest a table reads at. */
export const TABLE_MIN_SCALE = 0.75;
/** The least a table turned on its side is scaled to, before the build reports it too wide (table-too-wide). */
export const TABLE_MIN_SCALE_TURNED = 0.7;

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

  /*
   * Technical books (templates/figures.ts): deferred figures, soft hyphens only where a line breaks, and the
   * resolution of every image as printed.
   *
   * paged.js 0.4 lays out in source order, so a figure that does not fit moves to the next page and leaves the
   * rest of this one empty. Here, before a figure is laid out, its height is measured on the page; when it does
   * not fit but a good part of the page is left and the chapter goes on for more than a page after it, the figure
   * is hidden where it stands (data-folio-deferred) and the text after it fills the page; the next page opens
   * with the figure (a float to the top of the next page, as a typesetter would set it). It never moves
   * before its place in the text, so never before the page that first mentions it.
   */
  var DEFER_MIN_FREE = 0.15;
  var DEFER_MIN_TEXT_AFTER = 3000;
  var deferred = [];
  var placedCount = 0;
  var lastStart;
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

  /** The rendered copy of the source node's parent on this page, where the node will be appended. */
  function renderedParent(source, wrapper) {
    var parent = source.parentElement;
    var ref = parent && parent.getAttribute('data-ref');
    return (ref && wrapper.querySelector('[data-ref="' + ref + '"]')) || wrapper;
  }

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
    probe.remove();
    return { height: height, width: width };
  }

  /**
   * Characters of text after the figure in its chapter, up to what deferring needs. Text with a footnote call
   * counts as none: paged.js lays a page out again when a note moves, and a figure deferred across that is lost.
   */
  function textAfter(node) {
    var length = 0;
    for (var next = node.nextElementSibling; next && length < DEFER_MIN_TEXT_AFTER; next = next.nextElementSibling) {
      if (next.querySelector('.footnote')) return 0;
      length += next.textContent.length;
    }
    return length;
  }

  function considerFigure(figure, layout) {
    if (figure.hasAttribute('data-folio-deferred')) return;
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

  /** A copy of a source figure with fresh data-refs (paged.js maps rendered nodes to their source by data-ref). */
  function twinOf(original, hidden) {
    var twin = original.cloneNode(true);
    placedCount++;
    [twin].concat(Array.prototype.slice.call(twin.querySelectorAll('[data-ref]'))).forEach(function (el) {
      el.setAttribute('data-ref', el.getAttribute('data-ref') + '-placed-' + placedCount);
    });
    if (!hidden) twin.removeAttribute('data-folio-deferred');
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
      copy.setAttribute('data-folio-placed', '');
      wrapper.appendChild(copy);
      var bottom = contentBottom(wrapper);
      if ((wrapper.children.length > 1 || reserve) && (bottom > area.top + 0.75 * area.height || bottom + reserve > area.bottom)) {
        copy.remove();
        return;
      }
      deferred.shift();
    }
  }

  /** Soft hyphens at which no line broke: removed, so the PDF's text layer holds whole words. */
  function removeUnusedSoftHyphens(pageElement) {
    var walker = document.createTreeWalker(pageElement, NodeFilter.SHOW_TEXT);
    var nodes = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) if (n.nodeValue.indexOf(SOFT_HYPHEN) !== -1) nodes.push(n);
    var removed = 0;
    for (var k = 0; k < nodes.length; k++) {
      var node = nodes[k];
      var value = node.nodeValue;
      var keep = [];
      for (var i = 0; i < value.length; i++) {
        if (value.charAt(i) !== SOFT_HYPHEN) continue;
        if (i === 0 || i === value.length - 1) { keep.push(i); continue; }
        var before = charMiddle(node, i - 1);
        var after = charMiddle(node, i + 1);
        // Chromium draws a hyphen only where the line breaks: there the next letter sits on a lower line.
        if (before && after && after.top > before.middle) keep.push(i);
      }
      var out = '';
      for (var j = 0; j < value.length; j++) if (value.charAt(j) !== SOFT_HYPHEN || keep.indexOf(j) !== -1) out += value.charAt(j);
      removed += value.length - out.length;
      if (out !== value) node.nodeValue = out;
    }
    window.__folio.softHyphensRemoved += removed;
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

  class FolioTechnicalHandler extends Paged.Handler {
    constructor(chunker, polisher, caller) {
      super(chunker, polisher, caller);
      this.layout = {};
    }
    onPageLayout(wrapper, breakToken, layout) {
      this.layout = { wrapper: wrapper, bounds: layout.bounds };
      // paged.js lays a page out again from the same start when its notes move: the figures placed on the first
      // try go back in front of the queue, or they would be lost.
      var node = breakToken && breakToken.node;
      var offset = breakToken && breakToken.offset;
      if (lastStart && lastStart.node === node && lastStart.offset === offset) deferred = lastStart.placed.concat(deferred);
      var before = deferred.slice();
      if (deferred.length) placeDeferred(wrapper, layout.bounds, breakToken);
      lastStart = { node: node, offset: offset, placed: before.slice(0, before.length - deferred.length) };
    }
    layoutNode(node) {
      if (node.nodeType !== 1) return;
      flushAtChapterEnd(node);
      if (node.tagName === 'FIGURE') considerFigure(node, this.layout);
    }
    afterPageLayout(pageElement) {
      window.__folio.deferredFigures += pageElement.querySelectorAll('figure[data-folio-placed]').length;
      removeUnusedSoftHyphens(pageElement);
    }
    afterRendered() {
      imageResolutions();
    }
  }
  Paged.registerHandlers(FolioTechnicalHandler);

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

  /*
   * Tables in print. A table wider than the text block (measured on the page, in the fonts it is set in, with no
   * word broken) is set smaller when a reader can still read it (no less than TABLE_MIN_SCALE of its size); else
   * it is turned on its side on a page of its own, where the text block's height is its measure, when it fits
   * there at TABLE_MIN_SCALE_TURNED or more; else it is reported (table-too-wide) and set at the smallest scale
   * with its cells broken mid-word, so nothing is cut off. The sheet stays portrait: print shops take one page
   * size for a whole interior, and the reader turns the book, as in any printed book with landscape tables.
   *
   * paged.js 0.4 does not repeat a table's header row on the pages a long table continues on (pagedjs issues #36,
   * #139): when it rebuilds a split table at the top of a page, the header is copied in before the first row is
   * laid out, so the page's overflow is measured with it (the afterPageLayout handlers in those threads add it
   * after layout and push the last rows off the page, pagedjs PR #160).
   */
  var TABLE_MIN_SCALE = ${TABLE_MIN_SCALE};
  var TABLE_MIN_SCALE_TURNED = ${TABLE_MIN_SCALE_TURNED};

  /** The content box of an element, out of its border and padding. */
  function contentBox(element, area) {
    var rect = element.getBoundingClientRect();
    var style = getComputedStyle(element);
    var left = rect.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
    var right = rect.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
    return { element: element, left: left, right: right, width: Math.min(area.width, right - left) };
  }

  /** Where a node's rendered parent is on this page, or the page's text block. */
  function renderedHost(node, wrapper) {
    var ref = node.parentElement && node.parentElement.getAttribute('data-ref');
    return (ref && wrapper.querySelector('[data-ref="' + ref + '"]')) || wrapper;
  }

  /**
   * The content box of the block the table is set in on this page: the text block, or the list item or quotation
   * it is in. paged.js copies a quotation or a list item whole (it never lays out their children one by one), so
   * for a table in one (\`outer\`) that block is set, hidden, in a scaffold, to measure in; remove() takes it away.
   */
  function hostBox(table, wrapper, area, outer) {
    if (!outer) {
      var host = renderedHost(table, wrapper);
      return Object.assign(host === wrapper ? { element: wrapper, left: area.left, right: area.right, width: area.width } : contentBox(host, area), { remove: function () {} });
    }
    var scaffold = document.createElement('div');
    scaffold.style.cssText = 'position: absolute; left: 0; top: 0; visibility: hidden; width: ' + area.width + 'px';
    var copy = outer.cloneNode(true);
    scaffold.appendChild(copy);
    renderedHost(outer, wrapper).appendChild(scaffold);
    var ref = table.parentElement.getAttribute('data-ref');
    var parent = table.parentElement === outer ? copy : copy.querySelector('[data-ref="' + ref + '"]') || copy;
    return Object.assign(contentBox(parent, area), { remove: function () { scaffold.remove(); } });
  }

  /**
   * The table's box when set in its host at \`width\` (a CSS width), its words unbroken; measured on a hidden copy
   * in a box of the host's width taken out of the flow, as paged.js's columns would split a long table.
   */
  function tableBox(table, host, width) {
    var box = document.createElement('div');
    box.style.cssText = 'position: absolute; left: 0; top: 0; visibility: hidden; width: ' + host.width + 'px';
    var probe = table.cloneNode(true);
    probe.classList.add('folio-table-probe');
    probe.style.width = width;
    box.appendChild(probe);
    host.element.appendChild(box);
    var rect = probe.getBoundingClientRect();
    box.remove();
    return { width: rect.width, height: rect.height };
  }

  function reportTable(table, finding) {
    var source = table.getAttribute('data-source');
    if (source) window.__folio.findings.push(Object.assign({ rule: 'table-too-wide', source: source }, finding));
  }

  function turnTable(table, scale, width, height, area, host) {
    table.classList.add('folio-turned');
    table.style.width = width + 'px';
    // Turned a quarter counterclockwise about its top left corner, so its head faces the page's left edge (the
    // reader turns the book clockwise), then moved back into the text block and centred on the page. Right to
    // left, a box wider than its host keeps its right edge on the host's: its left lies further left.
    var rtl = (table.closest('[dir]') || document.documentElement).getAttribute('dir') === 'rtl';
    var left = rtl ? host.right - width : host.left;
    var across = area.left + (area.width - height * scale) / 2 - left;
    var down = (area.height + width * scale) / 2;
    table.style.transform = 'translate(' + across + 'px, ' + down + 'px) rotate(-90deg) scale(' + scale + ')';
  }

  /** Height of a block set on this page, margins included, measured on a hidden copy out of the flow. */
  function blockHeight(block, wrapper, area) {
    var box = document.createElement('div');
    box.style.cssText = 'position: absolute; left: 0; top: 0; visibility: hidden; display: flow-root; width: ' + area.width + 'px';
    box.appendChild(block.cloneNode(true));
    wrapper.appendChild(box);
    var height = box.getBoundingClientRect().height;
    box.remove();
    return height;
  }

  function freeBelow(wrapper, area) {
    var range = document.createRange();
    range.selectNodeContents(wrapper);
    var rect = range.getBoundingClientRect();
    return area.bottom - (rect.height ? rect.bottom : area.top);
  }

  /**
   * A turned table needs a page of its own; the text after it fills the rest of this page first (as a typesetter
   * floats it), as many whole blocks as fit (a block split over the page would leave the next page short). The
   * table stays, hidden, where it was written, and a copy with fresh refs (paged.js maps rendered nodes to their
   * source by data-ref) follows those blocks. No block with a note is passed: paged.js lays a page out again when
   * a note moves.
   */
  function floatTurned(table, wrapper, area) {
    var free = freeBelow(wrapper, area);
    var last = null;
    for (var next = table.nextElementSibling; next && free > 0; next = next.nextElementSibling) {
      if (!/^(P|PRE|UL|OL|BLOCKQUOTE|DL)$/.test(next.tagName) || next.querySelector('.footnote')) break;
      free -= blockHeight(next, wrapper, area);
      if (free < 0) break;
      last = next;
    }
    if (!last) return table;
    var copy = table.cloneNode(true);
    [copy].concat(Array.prototype.slice.call(copy.querySelectorAll('[data-ref]'))).forEach(function (el) {
      if (el.hasAttribute('data-ref')) el.setAttribute('data-ref', el.getAttribute('data-ref') + '-turned');
    });
    table.setAttribute('data-folio-table', 'moved');
    table.style.display = 'none';
    last.parentNode.insertBefore(copy, last.nextSibling);
    return copy;
  }

  function breakAround(table) {
    table.setAttribute('data-break-before', 'page');
    var next = table.nextElementSibling;
    if (next) next.setAttribute('data-previous-break-after', 'page');
  }

  function considerTable(table, layout, outer) {
    if (table.hasAttribute('data-folio-table') || !layout.wrapper || !layout.bounds) return;
    var host = hostBox(table, layout.wrapper, layout.bounds, outer);
    try {
      decideTable(table, layout.wrapper, layout.bounds, host, Boolean(outer));
    } finally {
      host.remove();
    }
  }

  function decideTable(table, wrapper, area, host, nested) {
    var natural = tableBox(table, host, 'auto');
    if (natural.width <= host.width + 0.5) {
      table.setAttribute('data-folio-table', 'fits');
      // A table longer than a page is split anyway: start it here rather than leave the rest of this page empty.
      if (natural.height > area.height) table.style.breakInside = 'auto';
      return;
    }
    var narrowest = tableBox(table, host, 'min-content').width;
    var scale = host.width / narrowest;
    if (scale >= TABLE_MIN_SCALE) {
      table.setAttribute('data-folio-table', 'scaled');
      table.style.zoom = String(Math.floor(scale * 1000) / 1000);
      if (natural.height * scale > area.height) table.style.breakInside = 'auto';
      return;
    }
    // On its side: the text block's height is the measure, its width the room for the rows.
    var widest = tableBox(table, host, 'max-content').width;
    var turnedScale = Math.min(1, (area.height - 1) / narrowest);
    var width = Math.min(widest, (area.height - 1) / turnedScale);
    var height = tableBox(table, host, width + 'px').height;
    // A table in a quotation or a list stays in it: only a table of its own can turn to a page of its own.
    if (!nested && turnedScale >= TABLE_MIN_SCALE_TURNED && height * turnedScale <= area.width) {
      table.setAttribute('data-folio-table', 'turned');
      turnTable(table, turnedScale, width, height, area, host);
      breakAround(floatTurned(table, wrapper, area));
      return;
    }
    table.setAttribute('data-folio-table', 'too-wide');
    table.style.zoom = String(TABLE_MIN_SCALE);
    table.style.breakInside = 'auto';
    reportTable(table, { scale: Math.round(Math.max(scale, turnedScale) * 100) });
  }

  /** Copies the source table's header rows into the table paged.js rebuilt at the top of this page. */
  function repeatTableHead(rendered, source) {
    var element = rendered.nodeType === 1 ? rendered : rendered.parentElement;
    var table = element && element.closest('table[data-split-from]');
    if (!table || table.querySelector(':scope > thead') || element.closest('thead')) return;
    var original = source.parentElement && source.parentElement.closest('table');
    var head = original && original.querySelector(':scope > thead');
    if (!head) return;
    var copy = head.cloneNode(true);
    copy.setAttribute('data-folio-repeated', '');
    table.insertBefore(copy, table.firstElementChild);
  }

  class FolioTableHandler extends Paged.Handler {
    constructor(chunker, polisher, caller) {
      super(chunker, polisher, caller);
      this.layout = {};
    }
    onPageLayout(wrapper, breakToken, layout) {
      this.layout = { wrapper: wrapper, bounds: layout.bounds };
    }
    layoutNode(node) {
      if (node.nodeType !== 1) return;
      if (node.tagName === 'TABLE') considerTable(node, this.layout);
      else if (/^(BLOCKQUOTE|LI|DD)$/.test(node.tagName)) {
        var nested = node.querySelectorAll('table');
        for (var i = 0; i < nested.length; i++) considerTable(nested[i], this.layout, node);
      }
    }
    renderNode(clone, node) {
      if (node.nodeType === 1 ? node.tagName === 'TR' || node.tagName === 'TD' || node.tagName === 'TH' : node.parentElement && node.parentElement.closest('td, th')) {
        repeatTableHead(clone, node);
      }
    }
    afterRendered() {
      var sources = {};
      var images = document.querySelectorAll('.pagedjs_page img[data-source]');
      for (var i = 0; i < images.length; i++) sources[images[i].getAttribute('data-source')] = true;
      window.__folio.imagesPrinted = Object.keys(sources).length;
    }
  }
  Paged.registerHandlers(FolioTableHandler);
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
