// The reading pipeline has one direction: text → g2p → pipeline (see src/core/pipeline/README.md).
// A module may import from its own layer or a lower one, never from a higher one; type-only imports count too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const CORE = path.resolve(__dirname, '../../../src/core');
/** Lower layers first: text knows nothing of the other two, g2p knows text, pipeline knows both. */
const LAYERS = ['text', 'g2p', 'pipeline'];

function layerOf(file: string): number {
  const rel = path.relative(CORE, file).split(path.sep);
  return rel.length > 1 ? LAYERS.indexOf(rel[0]) : -1;
}

/** Module specifiers of every import, export-from, dynamic import() and require() in a TypeScript source. */
export function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const re = /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of code.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** "file → target" for each relative import that goes from a lower layer into a higher one. */
function wrongWay(sources: Map<string, string>): string[] {
  const bad: string[] = [];
  for (const [file, source] of sources) {
    const from = layerOf(file);
    if (from < 0) continue;
    for (const spec of specifiers(source)) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const to = layerOf(target);
      if (to > from) bad.push(`${path.relative(CORE, file)} → ${spec}`);
    }
  }
  return bad;
}

/** Every .ts file of the three layers, subfolders included. */
function coreSources(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.name.endsWith('.ts')) out.set(p, fs.readFileSync(p, 'utf8'));
    }
  };
  for (const layer of LAYERS) walk(path.join(CORE, layer));
  return out;
}

test('no import goes the wrong way: text never imports g2p or pipeline, g2p never imports pipeline', () => {
  const sources = coreSources();
  assert.ok(sources.size >= 20, `expected the text, g2p and pipeline sources, found ${sources.size}`);
  assert.deepEqual(wrongWay(sources), []);
});

test('the import scan sees every form of import (so the check above can fail)', () => {
  const src = [
    "import { a } from '../g2p/index';",
    "import type { B } from \"../pipeline/chunks\";",
    "export { c } from '../g2p/kana';",
    "export * from '../g2p/types';",
    "const k = await import('../g2p/kuromojiAnalyser');",
    "const r = require('../pipeline/chunks');",
    "import {\n  d,\n  e,\n} from '../g2p/join';",
    "import './sideEffect';",
    '// import { x } from "../g2p/commented-out";',
  ].join('\n');
  const file = path.join(CORE, 'text', 'example.ts');
  assert.deepEqual(wrongWay(new Map([[file, src]])), [
    'text/example.ts → ../g2p/index',
    'text/example.ts → ../pipeline/chunks',
    'text/example.ts → ../g2p/kana',
    'text/example.ts → ../g2p/types',
    'text/example.ts → ../g2p/kuromojiAnalyser',
    'text/example.ts → ../pipeline/chunks',
    'text/example.ts → ../g2p/join',
  ]);
  // The allowed direction passes, and g2p → pipeline is caught.
  assert.deepEqual(wrongWay(new Map([[path.join(CORE, 'g2p', 'x.ts'), "import { n } from '../text/numbers';"]])), []);
  assert.deepEqual(wrongWay(new Map([[path.join(CORE, 'g2p', 'x.ts'), "import { p } from '../pipeline/chunks';"]])), [
    'g2p/x.ts → ../pipeline/chunks',
  ]);
});
