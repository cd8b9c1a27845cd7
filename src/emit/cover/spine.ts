/**
 * The spine and the full-wrap cover's geometry, as the print-on-demand shops publish them. Pure functions:
 * the cover emitter, the package report and the tests all read the same figures.
 */
import { printFields } from '../../config/schema.js';
import type { PrintConfig } from '../../types.js';

export type Shop = 'kdp' | 'ingram';
/** The interior papers book.yaml's `print.paper` offers. */
export type Paper = NonNullable<PrintConfig['paper']>;

export const SHOPS: readonly Shop[] = ['kdp', 'ingram'];
export const PAPERS: readonly Paper[] = printFields.paper.values;

export interface ShopRules {
  /** Thickness of one page (one side of a leaf counts as a page), in inches, per paper. */
  inchesPerPage: Record<Paper, number>;
  /** Spine text is allowed from this many pages on. */
  spineTextMinPages: number;
  minPages: number;
  maxPages: number;
  /** The page count must be a multiple of this. */
  pageMultiple: number;
  /** Bleed on every outer edge of the cover and of a bleeding interior, in inches. */
  bleedIn: number;
  /** Text and logos stay this far inside the trim and the spine folds, in inches. */
  safeIn: number;
}

/**
 * KDP: "Paperback cover calculator and templates" and "Set trim size, bleed, and margins" (kdp.amazon.com help,
 * as of 2025): spine width = page count × 0.002252in (white), × 0.0025in (cream), × 0.002347in (premium colour);
 * spine text only above 79 pages; 24–828 pages (white); bleed 0.125in; text 0.125in inside the trim and 0.0625in
 * either side of the spine folds (we keep 0.125in everywhere, the stricter).
 *
 * IngramSpark: "File Creation Guide" (2024) and its cover template generator. Caliper per page: creme 0.0025in,
 * white 0.002252in (≈ 444 pages per inch), standard colour 0.002in. Assumptions (stated in the README): spine
 * text from 48 pages (about a 0.1in spine on white; Ingram advises 0.25in for legible text), 18–1200 pages, an even page count (some
 * formats ask for a multiple of 6; we check 2 only), bleed 0.125in, safe area 0.125in.
 */
export const SHOP_RULES: Record<Shop, ShopRules> = {
  kdp: {
    inchesPerPage: { white: 0.002252, cream: 0.0025, color: 0.002347 },
    spineTextMinPages: 80,
    minPages: 24,
    maxPages: 828,
    pageMultiple: 1,
    bleedIn: 0.125,
    safeIn: 0.125,
  },
  ingram: {
    inchesPerPage: { white: 0.002252, cream: 0.0025, color: 0.002 },
    spineTextMinPages: 48,
    minPages: 18,
    maxPages: 1200,
    pageMultiple: 2,
    bleedIn: 0.125,
    safeIn: 0.125,
  },
};

/** Spine width in inches for `pages` interior pages on `paper` at `shop`. */
export function spineWidthIn(pages: number, paper: Paper, shop: Shop = 'kdp'): number {
  return pages * SHOP_RULES[shop].inchesPerPage[paper];
}

/** Whether the shop allows title and author on the spine of a book this thick. */
export function spineTextAllowed(pages: number, shop: Shop = 'kdp'): boolean {
  return pages >= SHOP_RULES[shop].spineTextMinPages;
}

/** A rectangle in points, from the top left of the cover sheet. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CoverGeometry {
  /** The whole sheet: bleed + back + spine + front + bleed wide, bleed + trim height + bleed high. */
  widthPt: number;
  heightPt: number;
  bleedPt: number;
  spinePt: number;
  /** The trimmed panels. `left` is the back cover of a left-bound book and the front of a right-bound one. */
  left: Box;
  spine: Box;
  right: Box;
  back: Box;
  front: Box;
  /** Kept clear for the ISBN barcode the shop prints: 2 × 1.2in, 0.25in from the back's bottom and spine-side edges. */
  barcode: Box;
  /** Spine text allowed. */
  spineText: boolean;
}

export interface CoverInput {
  trimWidthPt: number;
  trimHeightPt: number;
  pages: number;
  paper: Paper;
  shop?: Shop;
  /** Right-to-left books (Arabic, Hebrew…) bind on the right: the front cover is on the left of the sheet. */
  rightBound?: boolean;
}

const BARCODE_WIDTH_IN = 2;
const BARCODE_HEIGHT_IN = 1.2;
/** KDP prints its barcode 2 × 1.2in in the back cover's bottom right corner, 0.25in from the trim and the spine. */
const BARCODE_OFFSET_IN = 0.25;

/** The full-wrap cover sheet: MediaBox = 2 × trim width + spine + 2 × bleed. */
export function coverGeometry(input: CoverInput): CoverGeometry {
  const shop = input.shop ?? 'kdp';
  const rules = SHOP_RULES[shop];
  const bleedPt = rules.bleedIn * 72;
  const spinePt = spineWidthIn(input.pages, input.paper, shop) * 72;
  const { trimWidthPt: w, trimHeightPt: h } = input;
  const left: Box = { x: bleedPt, y: bleedPt, width: w, height: h };
  const spine: Box = { x: bleedPt + w, y: bleedPt, width: spinePt, height: h };
  const right: Box = { x: bleedPt + w + spinePt, y: bleedPt, width: w, height: h };
  const [back, front] = input.rightBound ? [right, left] : [left, right];
  const barcodeW = BARCODE_WIDTH_IN * 72;
  const barcodeH = BARCODE_HEIGHT_IN * 72;
  const offset = BARCODE_OFFSET_IN * 72;
  // The barcode sits in the back cover's bottom corner nearest the spine, as both shops place it.
  const barcodeX = input.rightBound ? back.x + offset : back.x + back.width - offset - barcodeW;
  return {
    widthPt: 2 * w + spinePt + 2 * bleedPt,
    heightPt: h + 2 * bleedPt,
    bleedPt,
    spinePt,
    left,
    spine,
    right,
    back,
    front,
    barcode: { x: barcodeX, y: back.y + back.height - offset - barcodeH, width: barcodeW, height: barcodeH },
    spineText: spineTextAllowed(input.pages, shop),
  };
}

/** Languages written right to left: their books bind on the right. */
export function isRightToLeft(language: string): boolean {
  return ['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv'].includes(language.toLowerCase().split('-')[0]!);
}
