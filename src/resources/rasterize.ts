import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
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

/**
 * The worker's code, evaluated as CommonJS in the worker so that it runs the same under tsx, vitest and the
 * compiled build; it is given resvg's paths, the SVG and the options, and posts back the PNG.
 */
const RASTERIZE_IN_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { initWasm, Resvg } = require(workerData.resvg);
initWasm(readFileSync(workerData.wasm)).then(() => {
  const renderer = new Resvg(workerData.svg, workerData.options);
  const image = renderer.render();
  const png = image.asPng();
  image.free();
  renderer.free();
  parentPort.postMessage(png, [png.buffer]);
});
`;

/** A drawing under way in a worker thread. */
export interface BackgroundDrawing {
  png: Promise<Buffer>;
  /** Keeps the process alive until the drawing is done: call it when something waits for the PNG. */
  hold(): void;
}

/**
 * `rasterizeSvg` in a worker thread, so a drawing that takes a second or two (the EPUB's cover: resvg's
 * WebAssembly is compiled and run cold) goes on beside the main thread's work. The worker does not keep the
 * process alive until `hold()` is called: a build that stops early does not wait for a cover nobody needs.
 */
export function rasterizeSvgInBackground(svg: string, options: ResvgRenderOptions = {}): BackgroundDrawing {
  const worker = new Worker(RASTERIZE_IN_WORKER, {
    eval: true,
    workerData: { resvg: require.resolve('@resvg/resvg-wasm'), wasm: require.resolve('@resvg/resvg-wasm/index_bg.wasm'), svg, options },
  });
  worker.unref();
  const png = new Promise<Buffer>((resolve, reject) => {
    worker.once('message', (data: Uint8Array) => resolve(Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
    worker.once('error', reject);
    // After the message this settles nothing; before it, the worker died without drawing.
    worker.once('exit', (code) => reject(new Error(`The drawing stopped (exit code ${code}) before it was done.`)));
  });
  png.catch(() => {});
  return { png, hold: () => worker.ref() };
}
