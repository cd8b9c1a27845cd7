import { fork, type ChildProcess } from 'node:child_process';
import { openInBrowser } from './open.js';
import { startPreview, type PreviewServer } from './server.js';
import { workerEntry } from './worker-entry.js';

export interface RunPreviewOptions {
  manuscript: string;
  port: number;
  /** Open the preview in the default browser (open, start or xdg-open). */
  open: boolean;
}

/** The exit code with which a preview process asks to be started again: a template changed. */
const RESTART = 75;
const WORKER_ENV = 'FOLIO_PREVIEW_WORKER';

/**
 * `folio preview`. Templates are ES modules, and a running Node process cannot import a changed module afresh
 * (nor its own imports), so the server runs in a child process: when a template changes the child exits with
 * RESTART and this process starts a new one on the same port. Open pages reconnect, see a new boot id and reload.
 */
export async function runPreview(options: RunPreviewOptions): Promise<number> {
  if (process.env[WORKER_ENV]) return serve(options);

  let child: ChildProcess | undefined;
  let stopping = false;
  const stop = () => {
    stopping = true;
    child?.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let port = options.port;
  let restarts = 0;
  for (;;) {
    const env: NodeJS.ProcessEnv = { ...process.env, [WORKER_ENV]: restarts === 0 ? 'first' : 'restart', FOLIO_PREVIEW_PORT: String(port) };
    // The same arguments; the same script and loader flags as this process, or the sources after a template changed.
    const entry = workerEntry(restarts > 0);
    child = fork(entry.script, process.argv.slice(2), { env, execArgv: entry.execArgv, stdio: 'inherit' });
    child.on('message', (message: { port?: number }) => {
      if (typeof message.port === 'number') port = message.port;
    });
    const code = await new Promise<number>((done) => child!.once('exit', (exitCode) => done(exitCode ?? 0)));
    if (stopping) return 0;
    if (code !== RESTART) return code;
    restarts++;
  }
}

/** The server process: serves until Ctrl-C, or exits with RESTART when a template changes. */
async function serve(options: RunPreviewOptions): Promise<number> {
  const restarted = process.env[WORKER_ENV] === 'restart';
  const port = process.env.FOLIO_PREVIEW_PORT ? Number(process.env.FOLIO_PREVIEW_PORT) : options.port;
  let server: PreviewServer | undefined;
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((done) => (finish = done));
  const close = (code: number) => {
    void (server?.close() ?? Promise.resolve()).then(() => finish(code));
  };
  try {
    server = await startPreview({
      manuscript: options.manuscript,
      port,
      // After a restart the port must stay the same, or the open pages would lose the server.
      strictPort: restarted,
      onTemplatesChanged: () => {
        console.error('folio preview: a template changed; restarting');
        close(RESTART);
      },
    });
  } catch (error) {
    console.error(`folio preview: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  process.send?.({ port: server.port });
  process.once('SIGINT', () => close(0));
  process.once('SIGTERM', () => close(0));
  if (!restarted) {
    console.error(`folio preview: serving ${options.manuscript} at ${server.url} (Ctrl-C to stop)`);
    if (options.open) openInBrowser(server.url);
  }
  const code = await finished;
  // The channel to the parent process would keep this one alive.
  process.disconnect?.();
  return code;
}
