/** Escapes text for XML content and attribute values (EPUB documents, the cover's SVG). */
export function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
