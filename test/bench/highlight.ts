/**
 * Time the code-blocks template's highlighter (lowlight, highlight.js grammars) on listings like a technical
 * book's: `npx tsx test/bench/highlight.ts`. When chosen it took ~0.2 s to register the common grammars and
 * ~120 ms per 17,000 characters of TypeScript, Python and shell on a loaded two-core machine; starry-night
 * (TextMate grammars over Oniguruma WASM) took ~1.2 s and ~370 ms for the same.
 */
import { readFileSync } from 'node:fs';
import { common, createLowlight } from 'lowlight';

const ts = readFileSync(new URL('../../src/emit/pdf/in-page.ts', import.meta.url), 'utf8');
const py = Array.from({ length: 40 }, (_, i) => `def f${i}(x: int) -> str:\n    """Doc ${i}."""\n    return f"{x!r} and {x + ${i}}"  # comment\n`).join('\n');
const sh = Array.from({ length: 40 }, (_, i) => `git commit -am "msg ${i}" && ssh -i ~/.ssh/id_rsa user@host 'ls -la /var/log' | grep -v foo > out${i}.txt\n`).join('');
const samples: Array<[string, string]> = [['typescript', ts], ['python', py], ['bash', sh]];

let start = performance.now();
const lowlight = createLowlight(common);
const setup = performance.now() - start;
const rounds = 20;
start = performance.now();
for (let round = 0; round < rounds; round++) for (const [language, source] of samples) lowlight.highlight(language, source);
const perRound = (performance.now() - start) / rounds;
const characters = samples.reduce((sum, [, source]) => sum + source.length, 0);
console.log(`lowlight: ${lowlight.listLanguages().length} languages, setup ${setup.toFixed(0)} ms, ${perRound.toFixed(0)} ms per ${characters} characters`);
