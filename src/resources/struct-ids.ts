/**
 * Chromium names the elements of a tagged PDF's structure tree that others point at (a table's header cells, named
 * by its data cells' /Headers) after its DOM node ids, `node00001379`: numbers it hands out from one counter for the
 * life of the page, to whatever asks for one first. Paint timing asks while paged.js lays the book out, once per frame
 * drawn, so two builds of the same book number the same cells differently, by as many frames as one drew more.
 * Renamed in the order of the structure tree, the names are a function of the document alone.
 */

export type PdfJsonValue = string | number | boolean | null | PdfJsonValue[] | { [key: string]: PdfJsonValue };

export interface QpdfObject {
  value?: PdfJsonValue;
  stream?: { dict: Record<string, PdfJsonValue>; data?: string };
}

const CHROMIUM_ID = /^u:node\d+$/;

const isDict = (v: PdfJsonValue | undefined): v is { [key: string]: PdfJsonValue } => !!v && typeof v === 'object' && !Array.isArray(v);
const isRef = (v: PdfJsonValue | undefined): v is string => typeof v === 'string' && /^\d+ \d+ R$/.test(v);

/**
 * The objects (qpdf JSON v2, keyed `obj:N 0 R`) to replace so that every structure element id reads `node` and its
 * place in the structure tree; empty when the document has no such ids or names them otherwise.
 */
export function canonicalStructIds(objects: Record<string, QpdfObject>): Record<string, QpdfObject> {
  const resolve = (v: PdfJsonValue | undefined) => (isRef(v) ? objects[`obj:${v}`]?.value : v);
  const trailer = objects.trailer?.value;
  const catalog = isDict(trailer) ? resolve(trailer['/Root']) : undefined;
  const structRootRef = isDict(catalog) ? catalog['/StructTreeRoot'] : undefined;
  const structRoot = resolve(structRootRef);
  if (!isDict(structRoot)) return {};
  const idTreeRef = structRoot['/IDTree'];
  const idTree = resolve(idTreeRef);
  if (!isRef(idTreeRef) || !isDict(idTree)) return {};

  // The name tree: its pairs, and the nodes it is made of (replaced by one node holding all pairs).
  const pairs: [string, PdfJsonValue][] = [];
  const treeNodes = new Set<string>([idTreeRef]);
  const collect = (node: PdfJsonValue | undefined) => {
    if (!isDict(node)) return;
    const names = node['/Names'];
    if (Array.isArray(names)) for (let i = 0; i + 1 < names.length; i += 2) pairs.push([names[i] as string, names[i + 1]!]);
    const kids = node['/Kids'];
    if (Array.isArray(kids)) for (const kid of kids) {
      if (isRef(kid)) treeNodes.add(kid);
      collect(resolve(kid));
    }
  };
  collect(idTree);
  if (pairs.length === 0 || !pairs.every(([name]) => typeof name === 'string' && CHROMIUM_ID.test(name))) return {};

  // The order the structure tree meets the ids in; ids it does not reach keep their relative order after those.
  const order = new Map<string, number>();
  const seen = new Set<string>();
  const walk = (v: PdfJsonValue | undefined) => {
    if (isRef(v)) {
      if (seen.has(v)) return;
      seen.add(v);
      walk(objects[`obj:${v}`]?.value);
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item);
    } else if (isDict(v)) {
      const id = v['/ID'];
      if (typeof id === 'string' && CHROMIUM_ID.test(id) && !order.has(id)) order.set(id, order.size);
      walk(v['/K']);
    }
  };
  walk(structRoot['/K']);
  const number = (name: string) => Number(name.slice('u:node'.length));
  for (const [name] of [...pairs].sort((a, b) => number(a[0]) - number(b[0]))) if (!order.has(name)) order.set(name, order.size);

  const rename = new Map<string, string>();
  for (const [name, index] of order) rename.set(name, `u:node${String(index + 1).padStart(8, '0')}`);
  if ([...rename].every(([from, to]) => from === to)) return {};

  const changed: Record<string, QpdfObject> = {};
  const map = (v: PdfJsonValue): PdfJsonValue => {
    if (typeof v === 'string') return rename.get(v) ?? v;
    if (Array.isArray(v)) return v.map(map);
    if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, map(x)]));
    return v;
  };
  for (const [key, object] of Object.entries(objects)) {
    if (!key.startsWith('obj:') || treeNodes.has(key.slice(4)) || object.value === undefined) continue;
    const text = JSON.stringify(object.value);
    if (!text.includes('"u:node')) continue;
    const value = map(object.value);
    if (JSON.stringify(value) !== text) changed[key] = { value };
  }
  // A name tree's names are sorted: one node holds them all, in the new order (the old leaves are no longer referred to).
  const renamed = pairs.map(([name, value]): [string, PdfJsonValue] => [rename.get(name)!, value]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  changed[`obj:${idTreeRef}`] = { value: { '/Names': renamed.flat() } };
  return changed;
}
