/** `decodeURIComponent`, or the value as written when it is not valid percent-encoding (`100%`): a link is then checked as is. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
