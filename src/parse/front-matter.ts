import type { Root, Yaml } from 'mdast';
import type { VFile } from 'vfile';
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { isLanguageTag } from '../config/parse-config.js';
import { report as fileReport, type RuleId } from '../report.js';

/** The keys a chapter's front matter may set. */
const knownKeys = ['lang'];

/**
 * Reads a chapter's YAML front matter (`---` block, parsed by remark-frontmatter): `lang: fr` sets the
 * chapter's language (`file.data.lang`). Problems are reported at their line and column in the chapter.
 */
export function remarkChapterFrontMatter() {
  return (tree: Root, file: VFile) => {
    const node = tree.children.find((child): child is Yaml => child.type === 'yaml');
    if (!node?.position) return;
    const lines = new LineCounter();
    const document = parseDocument(node.value, { lineCounter: lines, prettyErrors: false });
    // The YAML starts on the line after the opening `---`.
    const firstLine = node.position.start.line + 1;
    const placeOf = (offset: number) => {
      const { line, col } = lines.linePos(offset);
      return { line: firstLine + line - 1, column: col };
    };
    const report = (reason: string, offset: number, ruleId: RuleId) => fileReport(file, ruleId, reason, placeOf(offset));

    if (document.errors.length > 0) {
      const error = document.errors[0]!;
      report(`Front matter is not valid YAML: ${error.message.split('\n')[0]}`, error.pos[0], 'frontmatter-syntax');
      return;
    }
    if (document.contents === null) return;
    if (!isMap(document.contents)) {
      report('Front matter must be a list of `key: value` lines, such as `lang: fr`', document.contents.range?.[0] ?? 0, 'frontmatter-type');
      return;
    }
    for (const pair of document.contents.items) {
      const key = pair.key as YamlNode;
      const name = isScalar(key) ? String(key.value) : String(key);
      const at = key.range?.[0] ?? 0;
      if (!knownKeys.includes(name)) {
        report(`Front matter key \`${name}\` is not one Folio knows (known: ${knownKeys.map((known) => `\`${known}\``).join(', ')}): it is ignored`, at, 'frontmatter-unknown-key');
        continue;
      }
      const value = pair.value as YamlNode | null;
      const text = isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
      if (text === undefined || !isLanguageTag(text)) {
        report(`\`lang\` must be a BCP 47 language tag such as \`fr\` or \`zh-Hans\`, not \`${isScalar(value) ? String(value.value) : ''}\``, value?.range?.[0] ?? at, 'frontmatter-type');
        continue;
      }
      file.data.lang = text;
    }
  };
}
