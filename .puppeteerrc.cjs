/**
 * Puppeteer's own configuration, read by its install script and at run time. Folio prints with the system's
 * Chrome or Chromium (src/browser/discover.ts), and Ace (a test tool) is pointed at the same one, so no
 * install may download a browser: `npm install` must work on a machine that reaches only the npm registry.
 * @type {import('puppeteer').Configuration}
 */
module.exports = {
  skipDownload: true,
};
