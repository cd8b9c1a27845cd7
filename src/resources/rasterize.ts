import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg, type ResvgRenderOptions } from '@resvg/resvg-wasm';

const require = createRequire(import.meta.url);
// The WebAssembly module is compiled once per process; every drawing after the first reuses it.
let ready: Promise<void> | undefined;

/**
 * Draws an SVG to PNG with resvg compiled to WebAssembly: the same pixels on every machine, no system font
 * and no browser involved, so what it draws can go into byte-identical outputs.
 */
export async function rasterizeSvg(svg: string, options: ResvgRenderOptions = {}): Promise<Buffer> {
  ready ??= initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  await ready;
  const renderer = new Resvg(svg, options);
  try {
    const image = renderer.render();
    try {
      return Buffer.from(image.asPng());
    } finally {
      image.free();
    }
  } finally {
    renderer.free();
  }
}
