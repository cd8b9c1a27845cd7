/*
 * The print layout's table handler, run in the page after paged.js and the handlers of in-page.ts (see
 * print-document.ts): tables measured, scaled or turned, and their header row repeated on each page.
 */

import { IN_PAGE_SHARED } from './in-page-shared.js';

/** The least a table is scaled to upright: 9.5 pt type at 75% is about 7 pt, the smallest a table reads at. */
export const TABLE_MIN_SCALE = 0.75;
/** The least a table turned on its side is scaled to, before the build reports it too wide (table-too-wide). */
export const TABLE_MIN_SCALE_TURNED = 0.7;

export const IN_PAGE_TABLES = `
(function () {
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

${IN_PAGE_SHARED}
  /**
   * The content box of the block the table is set in on this page: the text block, or the list item or quotation
   * it is in. paged.js copies a quotation or a list item whole (it never lays out their children one by one), so
   * for a table in one (\`outer\`) that block is set, hidden, in a scaffold, to measure in; remove() takes it away.
   */
  function hostBox(table, wrapper, area, outer) {
    if (!outer) {
      var host = renderedParent(table, wrapper);
      return Object.assign(host === wrapper ? { element: wrapper, left: area.left, right: area.right, width: area.width } : contentBox(host, area), { remove: function () {} });
    }
    var scaffold = document.createElement('div');
    scaffold.style.cssText = 'position: absolute; left: 0; top: 0; visibility: hidden; width: ' + area.width + 'px';
    var copy = outer.cloneNode(true);
    scaffold.appendChild(copy);
    renderedParent(outer, wrapper).appendChild(scaffold);
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
    if (source) (window.__folio.findings = window.__folio.findings || []).push(Object.assign({ rule: 'table-too-wide', source: source }, finding));
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

  class FolioTableHandler extends PageLayoutHandler {
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
