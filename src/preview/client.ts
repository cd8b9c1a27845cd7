import { EVENTS_URL } from './assets.js';

/**
 * The script every preview page loads. It listens for reloads over Server-Sent Events, keeps the scroll position
 * across them (sessionStorage), and draws the error overlay and the screen/print toggle in a shadow root hung on
 * <html>, outside the body paged.js paginates and out of reach of the book's stylesheets.
 */
export const clientScript = `(function () {
  'use strict';
  var stateElement = document.getElementById('folio-preview-state');
  var state = stateElement ? JSON.parse(stateElement.textContent) : { page: '', print: false, diagnostics: [] };
  var scrollKey = 'folio-preview-scroll:' + location.pathname + location.search;
  var status = window.__folioPreview = { connected: false, boot: null, reloading: false, scrollRestored: false, swaps: 0 };
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';

  function saveScroll() {
    try { sessionStorage.setItem(scrollKey, JSON.stringify({ x: scrollX, y: scrollY })); } catch (e) {}
  }
  function restoreScroll() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(scrollKey) || 'null'); sessionStorage.removeItem(scrollKey); } catch (e) {}
    if (saved) scrollTo(saved.x, saved.y);
    status.scrollRestored = true;
  }
  function reload() {
    if (status.reloading) return;
    status.reloading = true;
    saveScroll();
    location.reload();
  }

  var events = new EventSource(${JSON.stringify(EVENTS_URL)});
  events.addEventListener('open', function () { status.connected = true; });
  events.addEventListener('error', function () { status.connected = false; });
  // A new server (after a template change restarted it) announces another boot id: everything may have changed.
  events.addEventListener('hello', function (event) {
    if (status.boot !== null && status.boot !== event.data) reload();
    status.boot = event.data;
  });
  events.addEventListener('reload', function (event) {
    var message = JSON.parse(event.data);
    var changed = message.changed;
    if (changed !== 'all' && state.page !== 'index' && changed.indexOf(state.page) === -1) return;
    // Text changes swap the new body in: no stylesheet, font or script is loaded again and the scroll stays put.
    // Stylesheets, images and the paged print view need the whole page.
    if (message.full || state.print) reload();
    else swapBody();
  });

  function swapBody() {
    fetch(location.href, { cache: 'no-store' })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, 'text/html');
        var nextState = next.getElementById('folio-preview-state');
        if (!nextState) return reload();
        state = JSON.parse(nextState.textContent);
        document.title = next.title;
        var x = scrollX, y = scrollY;
        document.body.replaceWith(document.adoptNode(next.body));
        scrollTo(x, y);
        drawChrome();
        status.swaps++;
      })
      .catch(reload);
  }
  addEventListener('pagehide', function () { events.close(); });

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function place(d) {
    return [d.file, d.line, d.column].filter(function (part) { return part !== undefined && part !== ''; }).join(':');
  }
  function plural(count, word) { return count + ' ' + word + (count === 1 ? '' : 's'); }

  function drawChrome() {
    var old = document.querySelector('folio-preview');
    if (old) old.remove();
    var host = document.createElement('folio-preview');
    var root = host.attachShadow({ mode: 'open' });
    var sheet = element('link');
    sheet.rel = 'stylesheet';
    sheet.href = '/styles/preview.css';
    root.appendChild(sheet);

    var toggle = element('a', 'toggle', state.print ? 'Screen view' : 'Print view');
    toggle.href = location.pathname + (state.print ? '' : '?print');
    toggle.title = state.print ? 'The chapter as it reads on screen' : 'The chapter laid out in pages, as it will print';
    root.appendChild(toggle);

    if (state.diagnostics.length > 0) {
      var errors = state.diagnostics.filter(function (d) { return d.severity === 'error'; }).length;
      var warnings = state.diagnostics.length - errors;
      var panel = element('section', 'overlay ' + (errors > 0 ? 'has-errors' : 'has-warnings'));
      panel.setAttribute('role', 'alert');
      var heading = element('h2', '', [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ') + ' in the manuscript');
      var close = element('button', 'close', '\\u00d7');
      close.setAttribute('aria-label', 'Hide until the next save');
      close.addEventListener('click', function () { panel.remove(); });
      heading.appendChild(close);
      panel.appendChild(heading);
      var list = element('ol');
      state.diagnostics.forEach(function (d) {
        var item = element('li', d.severity);
        var where = place(d);
        item.textContent = (where ? where + ': ' : '') + d.severity + ': ' + d.reason + ' [' + d.ruleId + ']';
        list.appendChild(item);
      });
      panel.appendChild(list);
      panel.appendChild(element('p', 'hint', 'Save a fix and the page reloads by itself.'));
      root.appendChild(panel);
    }
    document.documentElement.appendChild(host);
  }

  function whenReady(callback) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', callback);
    else callback();
  }
  whenReady(drawChrome);
  // Scroll once the page has its full height: after the stylesheets and fonts, and in the print view after paged.js.
  addEventListener('load', function () {
    var laidOut = state.print && window.__folioDone ? window.__folioDone : Promise.resolve();
    // Page edges on a grey desk, added once paged.js is done so it never treats them as part of the book.
    if (state.print) laidOut.then(function () {
      var desk = element('link');
      desk.rel = 'stylesheet';
      desk.href = '/styles/preview-pages.css';
      document.head.appendChild(desk);
    });
    laidOut.then(function () { return document.fonts.ready; }).then(restoreScroll, restoreScroll);
  });
})();
`;
