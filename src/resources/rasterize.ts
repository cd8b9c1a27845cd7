import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg, type ResvgRenderOptions } from '@resvg/resvg-wasm';

const require = createRequire(import.meta.url);
// The WebAssembly module is compiled once per process; every drawing after the first reuses it.
let ready: Promise<void> | undefined;

/** Resolves once resvg's WebAssembly module is compiled, after which `new Resvg()` may be called. */
export function wasmReady(): Promise<void> {
  ready ??= initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  return ready;
}

/**
 * Draws an SVG to PNG with resvg compiled to WebAssembly: the same pixels on every machine, no system font
 * and no browser involved, so what it draws can go into byte-identical outputs.
 */
export async function rasterizeSvg(svg: string, options: ResvgRenderOptions = {}): Promise<Buffer> {
  await wasmReady();
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

/** The width of what an SVG draws (its ink, not its advance), once `wasmReady()` has resolved. */
export function inkWidth(svg: string, options: ResvgRenderOptions = {}): number {
  const renderer = new Resvg(svg, options);
  try {
    return renderer.getBBox()?.width ?? 0;
  } finally {
    renderer.free();
  }
}
