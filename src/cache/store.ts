import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Written at the head of every entry: a changed layout of the entries is a miss, never a misread. */
const MAGIC = 'folio-cache 1\n';

/**
 * Where a book's cache lives: `.folio-cache/` beside the manuscript folder, in the book's project (for the default
 * layout, next to `manuscript/` and `dist/`), not inside it, so the preview's watcher never sees it.
 */
export function cacheDirFor(manuscript: string): string {
  return join(dirname(resolve(manuscript)), '.folio-cache');
}

/** A SHA-256 of the parts, each length-prefixed so that no two lists of parts give the same key. */
export function hashKey(...parts: Array<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part) : part;
    hash.update(`${bytes.length}:`).update(bytes);
  }
  return hash.digest('hex');
}

/**
 * A content-addressed store: an entry is found by the hash of everything that made it, so a change anywhere in
 * the inputs is a different key and can never return stale output. Every entry carries a digest of its payload;
 * one that does not match (a truncated write, a disk error, a hand edit) is deleted and reported as a miss. A
 * cache that cannot be read or written costs speed, never a build: every failure is a miss.
 */
export class ContentCache {
  constructor(readonly dir: string) {}

  async get(kind: string, key: string): Promise<Buffer | undefined> {
    const path = this.pathOf(kind, key);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch {
      return undefined;
    }
    const headerEnd = MAGIC.length + 65;
    const digest = data.subarray(MAGIC.length, headerEnd - 1).toString('latin1');
    const payload = data.subarray(headerEnd);
    if (data.subarray(0, MAGIC.length).toString('latin1') !== MAGIC || createHash('sha256').update(payload).digest('hex') !== digest) {
      await rm(path, { force: true }).catch(() => {});
      return undefined;
    }
    // Used now: pruning keeps the entries used last.
    const now = new Date();
    await utimes(path, now, now).catch(() => {});
    return payload;
  }

  /** Stores `payload` under the key, then keeps only the `keep` entries of its kind used last. */
  async put(kind: string, key: string, payload: Uint8Array, keep = 16): Promise<void> {
    const path = this.pathOf(kind, key);
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      const header = `${MAGIC}${createHash('sha256').update(payload).digest('hex')}\n`;
      await writeFile(temporary, Buffer.concat([Buffer.from(header, 'latin1'), payload]));
      await rename(temporary, path);
      await this.prune(kind, keep);
    } catch {
      await rm(temporary, { force: true }).catch(() => {});
    }
  }

  private pathOf(kind: string, key: string): string {
    if (!/^[a-z-]+$/.test(kind) || !/^[0-9a-f]{64}$/.test(key)) throw new Error(`Not a cache kind and key: ${kind}/${key}`);
    return join(this.dir, kind, key);
  }

  private async prune(kind: string, keep: number): Promise<void> {
    const dir = join(this.dir, kind);
    const names = (await readdir(dir)).filter((name) => /^[0-9a-f]{64}$/.test(name));
    if (names.length <= keep) return;
    const dated = await Promise.all(names.map(async (name) => ({ name, time: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => b.time - a.time);
    await Promise.all(dated.slice(keep).map(({ name }) => rm(join(dir, name), { force: true })));
  }
}

/** `make()`, or what it made last time for the same key; without a cache, always `make()`. */
export async function cached(cache: ContentCache | undefined, kind: string, key: () => string, make: () => Promise<Buffer>, keep?: number): Promise<Buffer> {
  if (!cache) return make();
  const id = key();
  const hit = await cache.get(kind, id);
  if (hit) return hit;
  const made = await make();
  await cache.put(kind, id, made, keep);
  return made;
}
