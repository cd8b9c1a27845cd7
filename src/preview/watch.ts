import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface WatchedChange {
  /** Which watched folder, by the name it was given under. */
  folder: string;
  /** Absolute paths that changed (an editor's save can touch a temporary file and the file itself). */
  paths: string[];
}

/**
 * Watches folders recursively and calls `onChange` once per burst of events, `debounceMs` after the last one:
 * an editor's save is often a write, a rename and an attribute change within a few milliseconds.
 */
export function watchFolders(
  folders: Record<string, string>,
  /** `firstEventAt` is the `performance.now()` of the burst's first event, to measure save-to-reload time. */
  onChange: (changes: WatchedChange[], firstEventAt: number) => void,
  debounceMs = 30,
): { close(): void } {
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
    const watcher = watch(dir, { recursive: true }, (_event, filename) => {
      if (!firstEventAt) firstEventAt = performance.now();
      const paths = pending.get(name) ?? new Set<string>();
      paths.add(filename ? join(dir, filename.toString()) : dir);
      pending.set(name, paths);
      clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
    });
    // A folder that disappears (moved away, deleted) ends its watcher; the others carry on.
    watcher.on('error', () => watcher.close());
    watchers.push(watcher);
  }
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
