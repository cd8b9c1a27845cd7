import { runTool } from '../../process/run-tool.js';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
// PostScript and PDF share the string syntax: the PDF/X title is written the way the Info dictionary is.
import { pdfString } from './pdf-info.js';
import { writeFileAtomic } from '../../io/write-atomic.js';
import { withTempDir } from '../../process/temp-dir.js';


export interface PressOptions {
  /** Document title for the PDF/X Info dictionary (PDF/X requires one). */
  title: string;
}


function ghostscript(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return runTool('gs', args, { purpose: '--press (the PDF/X copy)', debianPackage: 'ghostscript' });
}

/** Ghostscript's own files: the PDF/X definition template and its gray ICC profile. */
async function ghostscriptResources(): Promise<{ pdfxDef: string; grayProfile: string }> {
  const { stdout } = await ghostscript(['--version']);
  const base = `/usr/share/ghostscript/${stdout.trim()}`;
  return { pdfxDef: join(base, 'lib', 'PDFX_def.ps'), grayProfile: join(base, 'iccprofiles', 'default_gray.icc') };
}

/**
 * Writes a PDF/X-3 copy of the print PDF for offset and print-on-demand presses, with Ghostscript:
 * every colour converted to gray with Ghostscript's gray ICC profile as the output intent, text and
 * rules in pure black (`-dBlackText -dBlackVector`: no rich or gray-mixed black to mis-register), link
 * annotations removed (PDF/X forbids them), fonts kept embedded and subset. Ghostscript does not keep the
 * structure tree, so the press copy is untagged: the reading (tagged) PDF stays the main output.
 */
export async function emitPress(pdfPath: string, outPath: string, options: PressOptions): Promise<void> {
  const { pdfxDef, grayProfile } = await ghostscriptResources();
  const template = await readFile(pdfxDef, 'latin1').catch(() => {
    throw new Error(`Ghostscript's PDF/X template is missing (${pdfxDef}); reinstall ghostscript.`);
  });
  const definition = template
    .replace(/\/ICCProfile \([^)]*\) def/, `/ICCProfile (${grayProfile}) def`)
    .replace(/\/Title \(Title\)/, `/Title ${pdfString(options.title)}`);
  await withTempDir('press', async (dir) => {
    const defPath = join(dir, 'PDFX_def.ps');
    const outTmp = join(dir, 'press.pdf');
    await writeFile(defPath, definition, 'latin1');
    const { stdout, stderr } = await ghostscript([
      '-q',
      '-dPDFX',
      '-dBATCH',
      '-dNOPAUSE',
      // The PDF comes from the manuscript: PostScript file access stays locked but for the profile PDFX_def.ps opens.
      '-dSAFER',
      `--permit-file-read=${grayProfile}`,
      '-sDEVICE=pdfwrite',
      '-sColorConversionStrategy=Gray',
      '-sProcessColorModel=DeviceGray',
      '-dBlackText',
      '-dBlackVector',
      '-dPreserveAnnots=false',
      '-dEmbedAllFonts=true',
      '-dSubsetFonts=true',
      `-sOutputICCProfile=${grayProfile}`,
      `-sOutputFile=${outTmp}`,
      defPath,
      pdfPath,
    ]);
    const complaints = `${stdout}\n${stderr}`;
    if (/reverting to normal PDF|not permitted in PDF\/X/i.test(complaints)) {
      throw new Error(`Ghostscript could not keep the file PDF/X: ${complaints.trim().split('\n')[0]}`);
    }
    await writeFileAtomic(outPath, await readFile(outTmp));
  });
}
