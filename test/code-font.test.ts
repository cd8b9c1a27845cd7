import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { closeBrowser, launchBrowser } from '../src/browser/launch.js';
import { fontStackCss } from '../src/resources/fonts.js';
import { skipWithoutBrowser } from './helpers/tools.js';

/*
 * The font stacks of every target (print, EPUB, screen) set code in the monospace in a book of any language. In
 * real Chromium: `:lang()` matches every element of a Chinese page, the highlighter's line and token spans inside
 * code included, so a rule for `pre` alone left highlighted code in the Chinese serif, in all three outputs.
 */
describe.skipIf(skipWithoutBrowser())('code in the font stacks', { timeout: 60_000 }, () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    if (browser) await closeBrowser(browser);
  });

  const firstFamily = async (lang: string, body: string, selector: string) => {
    await page.setContent(`<html lang="${lang}"><head><style>${fontStackCss()}</style></head><body>${body}</body></html>`);
    return page.$eval(selector, (element) => getComputedStyle(element).fontFamily.split(',')[0]!.trim().replace(/"/g, ''));
  };
  const highlighted = '<pre><code class="language-console"><span class="line"><span class="hljs-built_in">cd</span> 目录</span></code></pre>';

  it('sets highlighted code in a Chinese book in the CJK monospace, token spans included', async () => {
    expect(await firstFamily('zh-Hans', highlighted, 'pre .line')).toBe('BIZ UDGothic');
    expect(await firstFamily('zh-Hans', highlighted, '.hljs-built_in')).toBe('BIZ UDGothic');
    expect(await firstFamily('zh-Hans', '<p>正文</p>', 'p')).toBe('Noto Serif SC');
  });

  it('sets code in an English book, and inside a Chinese passage of it, in the monospace', async () => {
    expect(await firstFamily('en', highlighted, '.hljs-built_in')).toBe('Noto Sans Mono');
    expect(await firstFamily('en', '<p lang="zh">看 <code><span class="x">git</span></code></p>', 'code .x')).toBe('BIZ UDGothic');
    expect(await firstFamily('ar', '<pre><code><span class="line">ls</span></code></pre>', '.line')).toBe('Noto Sans Mono');
  });
});
