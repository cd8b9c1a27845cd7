import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ToolNeed {
  /** What the tool is needed for, as the start of a sentence: `Preflight`, `--press`. */
  purpose: string;
  /** The Debian package that brings the command. */
  debianPackage: string;
}

/**
 * Runs a command-line tool the PDF stage relies on (poppler, qpdf, Ghostscript) and returns its output. A
 * missing tool becomes a message that says how to install it; a failing one, its last lines of stderr.
 */
export async function runTool(command: string, args: string[], need: ToolNeed): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, { maxBuffer: 512 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${need.purpose} needs \`${command}\`: apt-get install ${need.debianPackage}.`);
    }
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ') || String(error);
    throw new Error(`${need.purpose}: \`${command}\` failed: ${detail}`);
  }
}
