import { describe, expect, it } from 'vitest';
import { canonicalStructIds, type QpdfObject } from '../src/resources/struct-ids.js';

/**
 * A tagged PDF as qpdf's JSON shows it: a table whose two header cells Chromium named after its node counter, the
 * second cell first met in the structure tree numbered lower, and an id tree of one leaf.
 */
function taggedPdf(first: number, second: number): Record<string, QpdfObject> {
  const id = (n: number) => `u:node${String(n).padStart(8, '0')}`;
  return {
    trailer: { value: { '/Root': '1 0 R', '/Size': 9 } },
    'obj:1 0 R': { value: { '/Type': '/Catalog', '/StructTreeRoot': '2 0 R' } },
    'obj:2 0 R': { value: { '/Type': '/StructTreeRoot', '/IDTree': '3 0 R', '/K': ['5 0 R'] } },
    'obj:3 0 R': { value: { '/Kids': ['4 0 R'] } },
    'obj:4 0 R': { value: { '/Limits': [id(Math.min(first, second)), id(Math.max(first, second))], '/Names': [id(first), '6 0 R', id(second), '7 0 R'] } },
    'obj:5 0 R': { value: { '/Type': '/StructElem', '/S': '/Table', '/K': ['6 0 R', '7 0 R', '8 0 R'] } },
    'obj:6 0 R': { value: { '/Type': '/StructElem', '/S': '/TH', '/ID': id(first), '/K': [0] } },
    'obj:7 0 R': { value: { '/Type': '/StructElem', '/S': '/TH', '/ID': id(second), '/K': [1] } },
    'obj:8 0 R': { value: { '/Type': '/StructElem', '/S': '/TD', '/A': [{ '/O': '/Table', '/Headers': [id(first), id(second)] }], '/K': [2] } },
  };
}

describe('canonicalStructIds', () => {
  it('names structure elements by their place in the tree, whatever numbers Chromium gave them', () => {
    const one = canonicalStructIds(taggedPdf(1379, 1377));
    const other = canonicalStructIds(taggedPdf(1402, 1390));
    expect(one).toEqual(other);
    expect(one['obj:6 0 R']!.value).toMatchObject({ '/ID': 'u:node00000001' });
    expect(one['obj:7 0 R']!.value).toMatchObject({ '/ID': 'u:node00000002' });
    expect(one['obj:8 0 R']!.value).toMatchObject({ '/A': [{ '/Headers': ['u:node00000001', 'u:node00000002'] }] });
    // The id tree holds its names sorted, each still pointing at its element.
    expect(one['obj:3 0 R']!.value).toEqual({ '/Names': ['u:node00000001', '6 0 R', 'u:node00000002', '7 0 R'] });
  });

  it('changes nothing in a document without Chromium node ids', () => {
    const pdf = taggedPdf(1, 2);
    expect(canonicalStructIds(pdf)).toEqual({});
    const named = taggedPdf(5, 6);
    (named['obj:4 0 R']!.value as { '/Names': string[] })['/Names'][0] = 'u:intro';
    expect(canonicalStructIds(named)).toEqual({});
  });
});
