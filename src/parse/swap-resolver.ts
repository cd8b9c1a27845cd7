import type { Construct, Extension, Resolver } from 'micromark-util-types';
import type { Processor } from 'unified';

/**
 * Gives the last micromark extension registered whose text construct at `codes[0]` is named `name` a copy of that
 * construct with `resolveAll` in its place, at each of `codes` and in `insideSpan`: the tokenizer stays the
 * extension's, the shared construct object is left as it is. Throws when no such extension is registered, so an
 * update of the extension cannot silently undo the swap.
 */
export function swapResolver(processor: Processor, codes: readonly number[], name: string, resolveAll: Resolver, missing: string): void {
  const extensions = (processor.data().micromarkExtensions ??= []);
  for (let at = extensions.length - 1; at >= 0; at--) {
    const extension: Extension = extensions[at]!;
    const construct = extension.text?.[codes[0]!];
    if (!construct || Array.isArray(construct) || construct.name !== name || !construct.resolveAll) continue;
    const linear: Construct = { ...construct, resolveAll };
    const swap = <T>(candidate: T): T => (candidate === construct ? (linear as T) : candidate);
    const text = { ...extension.text };
    for (const code of codes) text[code] = swap(text[code]);
    const insideSpan = extension.insideSpan && { ...extension.insideSpan, null: extension.insideSpan.null?.map(swap) };
    extensions[at] = { ...extension, text, insideSpan };
    return;
  }
  throw new Error(missing);
}
