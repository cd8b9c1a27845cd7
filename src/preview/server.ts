import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { formatDiagnostic } from '../report.js';
import { CLIENT_URL, EVENTS_URL, FixedAssets, FONTS_CSS_URL } from './assets.js';
import { clientScript } from './client.js';
import { chapterHtml, indexHtml, messageHtml, printChapter, printHtml, type PageState } from './pages.js';
import { contentTypeOf, fileInside, folderFileHeaders, isLocalHost, safeSegments } from './paths.js';
import { PreviewSession } from './session.js';
import { watchFolders, type WatchedChange } from './watch.js';

export const DEFAULT_PORT = 4173;
const PORT_TRIES = 20;
const FIXED_CACHE = 'max-age=3600';
const STYLES_DIR = join(PACKAGE_ROOT, 'styles');
const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

export interface PreviewOptions {
  manuscript: string;
  /** Default 4173; 0 lets the system choose. A port in use moves on to the next free one unless `strictPort`. */
  port?: number;
  strictPort?: boolean;
  /** Progress and diagnostics, one line each. Default: stderr. */
  log?: (line: string) => void;
  /**
   * Templates are imported modules, which a running process cannot import afresh. Called when one changes, so the
   * caller can restart the server; without it the preview says a restart is needed.
   */
  onTemplatesChanged?: () => void;
}

export interface PreviewServer {
  url: string;
  port: number;
  session: PreviewSession;
  /** Milliseconds from the first file event of the last change to the reload message, for measurements. */
  readonly lastReloadMs?: number;
  close(): Promise<void>;
}

/** Starts the preview: loads the book, serves it on 127.0.0.1 and pushes a reload to open pages on every save. */
export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const log = options.log ?? ((line: string) => console.error(line));
  const session = new PreviewSession(options.manuscript);
  const boot = randomUUID();
  const clients = new Set<ServerResponse>();
  await session.refresh();
  const assets = new FixedAssets(session.book?.config.fonts);
  printDiagnostics(session, log);

  const send = (event: string, data: string) => {
    for (const client of clients) client.write(`event: ${event}\ndata: ${data}\n\n`);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`folio preview: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Internal error in the preview; see the terminal.');
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    if (!isLocalHost(request.headers.host, request.socket.localPort ?? -1)) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('The preview answers only to 127.0.0.1, localhost and [::1].');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const raw = request.url ?? '/';
    const queryAt = raw.indexOf('?');
    const pathname = queryAt === -1 ? raw : raw.slice(0, queryAt);
    const print = queryAt !== -1 && new URLSearchParams(raw.slice(queryAt + 1)).has('print');

    if (pathname === EVENTS_URL) return openEvents(response);
    if (pathname === CLIENT_URL) return sendText(response, 'text/javascript; charset=utf-8', clientScript);
    // Fonts and paged.js do not change while the preview runs: cached, a reload fetches only what the author edits.
    if (pathname === FONTS_CSS_URL) return sendText(response, 'text/css; charset=utf-8', assets.fontsCss, FIXED_CACHE);
    const fixed = assets.fileFor(pathname);
    if (fixed) return sendFile(response, fixed, request.method === 'HEAD', FIXED_CACHE);

    if (pathname === '/' || pathname === '/index.html') return sendPage(response, 'index', print);
    const segments = safeSegments(pathname);
    if (!segments) return notFound(response);
    if (segments.length === 1 && segments[0]!.endsWith('.html')) return sendPage(response, segments[0]!.slice(0, -'.html'.length), print);
    const file = segments[0] === 'styles' ? await fileInside(STYLES_DIR, segments.slice(1)) : await fileInside(resolve(options.manuscript), segments);
    if (!file) return notFound(response);
    return sendFile(response, file, request.method === 'HEAD', 'no-cache', folderFileHeaders);
  }

  async function sendPage(response: ServerResponse, page: string, print: boolean) {
    const state: PageState = { page, print, diagnostics: session.diagnostics };
    const book = session.book;
    if (!book) return sendHtml(response, 200, messageHtml('The book could not be loaded', 'The messages below say why.', state));
    if (page === 'index') {
      if (!print) return sendHtml(response, 200, indexHtml(book, state.diagnostics));
      return sendHtml(response, 200, printHtml((await session.printBook())!, state, (url) => assets.urlForFile(url, book.root)));
    }
    const chapter = book.chapters.find((candidate) => candidate.id === page);
    if (!chapter) return sendHtml(response, 404, messageHtml('No such chapter', `The book has no chapter \`${page}\`.`, state));
    if (!print) return sendHtml(response, 200, chapterHtml(book, chapter, state.diagnostics));
    const printBook = (await session.printBook())!;
    const printed = printBook.chapters.find((candidate) => candidate.id === page)!;
    return sendHtml(response, 200, printHtml(printChapter(printBook, printed), state, (url) => assets.urlForFile(url, book.root)));
  }

  function openEvents(response: ServerResponse) {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    // A short retry: after a restart the page should find the new server quickly.
    response.write(`retry: 250\nevent: hello\ndata: ${boot}\n\n`);
    clients.add(response);
    response.on('close', () => clients.delete(response));
  }

  // Keeps idle connections open through proxies and lets dead ones be noticed.
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, 20_000);
  heartbeat.unref();

  let lastReloadMs: number | undefined;
  let refreshing: Promise<void> | undefined;
  let again: WatchedChange[] = [];
  const onChange = (changes: WatchedChange[], firstEventAt: number) => {
    if (refreshing) {
      again.push(...changes);
      return;
    }
    refreshing = applyChanges(changes, firstEventAt)
      .catch((error: unknown) => log(`folio preview: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
      .finally(() => {
        refreshing = undefined;
        if (again.length > 0) {
          const queued = again;
          again = [];
          onChange(queued, performance.now());
        }
      });
  };

  async function applyChanges(changes: WatchedChange[], firstEventAt: number) {
    const folders = new Set(changes.map((change) => change.folder));
    if (folders.has('templates')) {
      if (options.onTemplatesChanged) return options.onTemplatesChanged();
      log('folio preview: a template changed; restart the preview to use it (templates are loaded once, at start)');
    }
    // A stylesheet or an image needs the page loaded again; text changes can be swapped into the open page.
    let full = folders.has('styles');
    let changed: string[] | 'all' = full ? 'all' : [];
    if (folders.has('manuscript')) {
      const before = JSON.stringify(session.diagnostics);
      const result = await session.refresh();
      const assetChanged = changes.some((change) => change.paths.some((path) => !['.md', '.yaml'].includes(extname(path).toLowerCase())));
      full ||= assetChanged;
      changed = changed === 'all' || result.changed === 'all' || assetChanged || before !== JSON.stringify(session.diagnostics) ? 'all' : result.changed;
      log(`folio preview: ${result.reprocessed} chapter${result.reprocessed === 1 ? '' : 's'} processed in ${Math.round(result.milliseconds)} ms`);
      printDiagnostics(session, log);
    }
    if (changed === 'all' || changed.length > 0) {
      send('reload', JSON.stringify({ changed, full }));
      lastReloadMs = performance.now() - firstEventAt;
    }
  }

  const watcher = watchFolders({ manuscript: resolve(options.manuscript), styles: STYLES_DIR, templates: TEMPLATES_DIR }, onChange, 30);

  let port: number;
  try {
    port = await listen(server, options.port ?? DEFAULT_PORT, options.strictPort ?? false, log);
  } catch (error) {
    watcher.close();
    clearInterval(heartbeat);
    throw error;
  }

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    session,
    get lastReloadMs() {
      return lastReloadMs;
    },
    async close() {
      watcher.close();
      clearInterval(heartbeat);
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Binds 127.0.0.1 only: the preview serves the manuscript to this machine, not the network. */
async function listen(server: Server, port: number, strict: boolean, log: (line: string) => void): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const tried = port === 0 ? 0 : port + attempt;
    try {
      await new Promise<void>((done, fail) => {
        server.once('error', fail);
        server.listen(tried, '127.0.0.1', () => {
          server.off('error', fail);
          done();
        });
      });
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : tried;
      if (attempt > 0) log(`folio preview: port ${port} is in use; using ${bound} instead`);
      return bound;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' || strict || port === 0 || attempt + 1 >= PORT_TRIES) {
        throw new Error(
          code === 'EADDRINUSE' ? `Port ${tried} is in use${strict ? '' : ` (tried ${port} to ${tried})`}: choose another with --port` : (error as Error).message,
          { cause: error },
        );
      }
    }
  }
}

function printDiagnostics(session: PreviewSession, log: (line: string) => void) {
  for (const diagnostic of session.diagnostics) log(formatDiagnostic(diagnostic));
}

function sendHtml(response: ServerResponse, status: number, html: string) {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(html);
}

function sendText(response: ServerResponse, contentType: string, text: string, cacheControl = 'no-store') {
  response.writeHead(200, { 'content-type': contentType, 'cache-control': cacheControl });
  response.end(text);
}

// Styles and images change while the author works: by default the browser must ask again on every reload.
function sendFile(response: ServerResponse, path: string, headOnly: boolean, cacheControl = 'no-cache', headers: Record<string, string> = {}) {
  const contentType = contentTypeOf(path) ?? 'application/octet-stream';
  response.writeHead(200, { 'content-type': contentType, 'cache-control': cacheControl, 'x-content-type-options': 'nosniff', ...headers });
  if (headOnly) return void response.end();
  createReadStream(path)
    .on('error', () => response.destroy())
    .pipe(response);
}

function notFound(response: ServerResponse) {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  response.end('Not found');
}
