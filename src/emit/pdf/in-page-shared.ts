/**
 * Page-side helpers that both handler scripts need (in-page.ts, in-page-tables.ts). Each script runs in its own
 * function scope, so this source is written into both rather than published on window.
 */
export const IN_PAGE_SHARED = `
  /** The rendered copy of a source node's parent on this page, where the node is appended; else the text block. */
  function renderedParent(source, wrapper) {
    var parent = source.parentElement;
    var ref = parent && parent.getAttribute('data-ref');
    return (ref && wrapper.querySelector('[data-ref="' + ref + '"]')) || wrapper;
  }

  /** A handler that keeps the page being laid out, its text block and bounds, for its layoutNode to measure against. */
  class PageLayoutHandler extends Paged.Handler {
    constructor(chunker, polisher, caller) {
      super(chunker, polisher, caller);
      this.layout = {};
    }
    onPageLayout(wrapper, breakToken, layout) {
      this.layout = { wrapper: wrapper, bounds: layout.bounds };
    }
  }
`;
