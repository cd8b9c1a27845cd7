/** Titles before a name: the name must not start the next line. */
const honorifics = 'Mr|Mrs|Ms|Mx|Dr|Prof|Rev|Hon|St|Sr|Jr|Sgt|Capt|Gen|Col|Lt|Gov|Pres|Mme|Mlle|Mgr|Hr|Fr|Frau';
/** Units that follow a number: `12 kg`, `3 GB`, `40 %`. Words that are also ordinary English (in, m, s, A) are left out. */
const units = '%|‰|°C|°F|°|mm|cm|km|m|kg|g|mg|µg|µm|nm|ml|mL|ms|µs|Hz|kHz|MHz|GHz|KB|kB|MB|GB|TB|PB|kW|MW|kWh|mph|km/h|px|pt|€|£|¥';
/** Abbreviations that take a number: `p. 12`, `pp. 4–6`, `No. 5`. */
const numbered = 'p|pp|No|no|Nr|nr|vol|Vol|ch|Ch|chap|fig|Fig|Figure|figure|Table|table|Listing|listing|Chapter|chapter|Section|section|Example|art|Art|§|¶';

const noBreakRules: Array<[RegExp, string]> = [
  [new RegExp(`(?<!\\p{L})(${honorifics})\\. +(?=\\p{Lu})`, 'gu'), '$1.\u00A0'],
  // Initials keep with each other and with the surname: J. R. R. Tolkien.
  [/(?<!\p{L})(\p{Lu})\. +(?=\p{Lu})/gu, '$1.\u00A0'],
  [new RegExp(`(\\d) +(${units})(?![\\p{L}\\p{N}])`, 'gu'), '$1\u00A0$2'],
  [new RegExp(`(?<!\\p{L})((?:${numbered})\\.?) +(?=\\d)`, 'gu'), '$1\u00A0'],
  // A dash that breaks off a quotation stays on the line of the word before it: a word joiner, or a no-break space for a spaced dash.
  [/(\p{L}|\p{N}|[,.!?]) +—(?=[”’»“])/gu, '$1\u00A0—'],
  [/(\p{L}|\p{N}|[,.!?])—(?=[”’»“])/gu, '$1\u2060—'],
];

/** French sets a narrow no-break space before high punctuation; only spaces the author typed are turned into it. */
const frenchPunctuation: [RegExp, string] = [/ ([;:!?])/g, '\u202F$1'];

export function addNoBreakSpaces(text: string, primaryLanguage: string): string {
  let out = text;
  for (const [pattern, replacement] of noBreakRules) out = out.replace(pattern, replacement);
  if (primaryLanguage === 'fr') out = out.replace(...frenchPunctuation);
  return out;
}
