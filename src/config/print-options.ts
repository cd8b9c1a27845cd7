/** book.yaml print lengths and durations other than the trim, read once here for the schema and the emitter. */

import { POINTS_PER_UNIT } from './trim.js';

export interface Bleed {
  /** The CSS length as written, e.g. `3mm`. */
  css: string;
  points: number;
}

/** Reads `print.bleed`: `0`, or a length such as `3mm` or `0.125in`, at most 0.5in. */
export function parseBleed(value: string): Bleed {
  const text = value.trim().toLowerCase();
  if (text === '0' || text === 'none') return { css: '0mm', points: 0 };
  const match = /^(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)$/.exec(text);
  if (!match) throw new Error(`print bleed '${value}' must be a length with units, like '3mm' or '0.125in'.`);
  const points = Number(match[1]) * POINTS_PER_UNIT[match[2]!]!;
  if (points > 36) throw new Error(`print bleed '${value}' is too large: shops ask for about 3mm (0.125in), at most 0.5in.`);
  return { css: `${match[1]}${match[2]}`, points };
}

/** Reads `print.timeout`: seconds as `120`, `120s` or `3min`; between 5 s and 1 hour. Returns milliseconds. */
export function parseTimeout(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|min)?$/.exec(value.trim().toLowerCase());
  if (!match) throw new Error(`print timeout '${value}' must be seconds, like '120s' or '3min'.`);
  const ms = Number(match[1]) * (match[2] === 'min' ? 60_000 : 1000);
  if (ms < 5000 || ms > 3_600_000) throw new Error(`print timeout '${value}' must be between 5s and 60min.`);
  return ms;
}

/**
 * The most pages a print-on-demand shop binds in one volume: IngramSpark's largest paperbacks take 1,200 pages
 * (KDP stops at 828, Lulu at 800). A layout that runs past it is stopped rather than left running for an hour.
 */
export const DEFAULT_MAX_PAGES = 1200;

/** Reads `print.maxPages`: a whole number of pages from 24 to 20,000. */
export function parseMaxPages(value: string): number {
  const text = value.trim().replace(/[,_\s]/g, '');
  if (!/^\d+$/.test(text)) throw new Error(`print maxPages '${value}' must be a whole number of pages, like 1500.`);
  const pages = Number(text);
  if (pages < 24 || pages > 20_000) throw new Error(`print maxPages '${value}' must be between 24 and 20000.`);
  return pages;
}
