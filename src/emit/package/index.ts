import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { OutputMessage } from '../../report.js';
import type { BookConfig } from '../../types.js';
import { SHOP_RULES, type Shop } from '../cover/spine.js';
import { bindingBracket, OUTSIDE_MARGIN_IN } from '../pdf/margins.js';
import { preflight } from '../pdf/preflight.js';
import { formatShopReport, shopChecks } from './shop-checks.js';

export interface PackageInputs {
  /** The interior as uploaded: the PDF/X press copy for IngramSpark, the print PDF for KDP. */
  interiorPdf: string;
  coverPdf: string;
  epub: string;
  pages: number;
  /** The interior's margins in inches, as the PDF emitter set them; default: its page count's bracket and 0.6in. */
  margins?: { insideIn: number; outsideIn: number };
}

/**
 * Writes `<dir>/` with the interior PDF, the cover PDF, the EPUB and `report.txt`, the shop's checks passed
 * or failed. Assembled in a sibling folder and swapped in whole, so a failed build keeps the last good package.
 * Returns the summary line and one warning per failed check.
 */
export async function emitPackage(config: BookConfig, shop: Shop, dir: string, inputs: PackageInputs): Promise<{ detail: string; messages: OutputMessage[] }> {
  const trim = config.print.trim;
  const bleedPt = config.print.bleed?.points ?? 0;
  const interior = await preflight(inputs.interiorPdf, { trim, bleedPt });
  // Only the cover's fonts are read here: its sheet size is the cover emitter's, tested there.
  const cover = await preflight(inputs.coverPdf, { trim, bleedPt: SHOP_RULES[shop].bleedIn * 72 });
  const bracket = bindingBracket(inputs.pages);
  const checks = shopChecks(shop, {
    pages: inputs.pages,
    paper: config.print.paper ?? 'white',
    trimIn: { width: trim.widthPt / 72, height: trim.heightPt / 72 },
    // The margins the interior was set with; a text block moved to its bracket's gutter has a narrower outside one.
    insideIn: inputs.margins?.insideIn ?? bracket.insideIn,
    outsideIn: inputs.margins?.outsideIn ?? OUTSIDE_MARGIN_IN,
    kdpMinimumInsideIn: bracket.shopMinimumIn,
    interiorBleedIn: bleedPt / 72,
    coverBleedIn: SHOP_RULES[shop].bleedIn,
    fonts: {
      total: interior.fonts.total + cover.fonts.total,
      notEmbedded: [...interior.fonts.notEmbedded, ...cover.fonts.notEmbedded],
      type3: [...interior.fonts.type3, ...cover.fonts.type3],
    },
    lowResolutionImages: interior.lowResolutionImages,
  });

  const staging = join(dirname(dir), `.${basename(dir)}-${process.pid}.tmp`);
  const previous = join(dirname(dir), `.${basename(dir)}-${process.pid}.old`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    for (const file of [inputs.interiorPdf, inputs.coverPdf, inputs.epub]) await copyFile(file, join(staging, basename(file)));
    await writeFile(join(staging, 'report.txt'), formatShopReport(shop, checks));
    const hadPrevious = await rename(dir, previous).then(() => true, () => false);
    await rename(staging, dir);
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const failed = checks.filter((check) => !check.passed);
  return {
    detail: failed.length ? `${failed.length} of ${checks.length} shop checks failed: see report.txt` : `all ${checks.length} shop checks passed`,
    messages: failed.map((check): OutputMessage => ({ rule: 'shop-check', reason: `${shop}: ${check.name}: ${check.detail}` })),
  };
}
