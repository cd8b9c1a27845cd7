import { watch, type FSWatcher } from 'chokidar';

export interface WatchedChange {
  /** Which watched folder, by the name it was given under. */
  folder: string;
  /** Absolute paths that changed (an editor's save can touch a temporary file and the file itself). */
  paths: string[];
}

/**
 * Watches folders recursively (chokidar: Node's recursive fs.watch loses a file that an editor saved by renaming a
 * temporary file over it, and reports none of its later changes) and calls `onChange` once per burst of events, `debounceMs` after the last one:
 * an editor's save is often a write, a rename and an attribute change within a few milliseconds.
 */
export function watchFolders(
  folders: Record<string, string>,
  /** `firstEventAt` is the `performance.now()` of the burst's first event, to measure save-to-reload time. */
  onChange: (changes: WatchedChange[], firstEventAt: number) => void,
  debounceMs = 30,
): { close(): void; /** Resolves once every folder's first scan is done: changes after it are seen. */ ready: Promise<void> } {
  const pending = new Map<string, Set<string>>();
  let timer: NodeJS.Timeout | undefined;
  let firstEventAt = 0;
  const watchers: FSWatcher[] = [];
  const flush = () => {
    timer = undefined;
    const changes = [...pending].map(([folder, paths]) => ({ folder, paths: [...paths] }));
    pending.clear();
    if (changes.length > 0) onChange(changes, firstEventAt);
    firstEventAt = 0;
  };
  for (const [name, dir] of Object.entries(folders)) {
    // `atomic`: a rename-save (write a temporary file, rename it over the chapter) is one change of the chapter.
    const watcher = watch(dir, { ignoreInitial: true, atomic: true });
    watcher.on('all', (_event, path) => {
      if (!firstEventAt) firstEventAt = performance.now();
      const paths = pending.get(name) ?? new Set<string>();
      paths.add(path);
      pending.set(name, paths);
      clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
    });
    // A folder that disappears (moved away, deleted) ends its watcher; the others carry on.
    watcher.on('error', () => void watcher.close());
    watchers.push(watcher);
  }
  const ready = Promise.all(watchers.map((watcher) => new Promise<void>((done) => watcher.once('ready', () => done())))).then(() => {});
  return {
    ready,
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) void watcher.close();
    },
  };
}
