// Compiles kuromoji's IPADIC files (node_modules/kuromoji/dict/*.dat.gz) into one flat little-endian file that
// the analyser maps into typed arrays with a single read (src/core/g2p/ipadic/flatDictionary.ts reads it).
// The data is kept exactly as IPADIC has it in kuromoji (same trie, costs, entry order and feature lines) so that
// the tokens are the same; only the layout changes. Layout: see src/core/g2p/ipadic/format.ts.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const MAGIC = 'YMIPADIC';
const VERSION = 1;
/** Section order; src/core/g2p/ipadic/format.ts lists the same names. */
const SECTIONS = [
  'base', // Int32: double-array BASE
  'check', // Int32: double-array CHECK
  'wordStart', // Int32: CSR offsets, trie value → first entry index (length values + 1)
  'wordEntries', // Int32: entry indexes (kuromoji's token_info_id / 10), in kuromoji's order
  'entryCosts', // Int16: left id, right id, word cost per entry (3 per entry)
  'featureStart', // Uint32: byte offset of each entry's feature line (entries + 1)
  'features', // UTF-8 feature lines, "surface,pos,…,pronunciation"
  'connection', // Int16: [forward size, backward size, costs…] as kuromoji's cc.dat
  'unkCosts', // Int16: unknown-word entries (3 per entry)
  'unkFeatureStart', // Uint32
  'unkFeatures', // UTF-8
  'unkStart', // Int32: CSR offsets, character class → first unknown entry (classes + 1)
  'unkEntries', // Int32
  'charClass', // Uint8: character class of each UTF-16 code unit (65536)
  'classes', // Uint8: per class: always-invoke, grouping (2 per class)
];

function readGz(dir, name) {
  return zlib.gunzipSync(fs.readFileSync(path.join(dir, name)));
}

/** The entries of a kuromoji "target map" buffer: key → list of token info ids, in file order. */
function readTargetMap(buf) {
  const map = new Map();
  let p = 4; // entry count, not needed
  while (p + 8 <= buf.length) {
    const key = buf.readInt32LE(p);
    const n = buf.readInt32LE(p + 4);
    p += 8;
    if (n === 0) continue; // zero padding at the end of the buffer
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    for (let i = 0; i < n; i++) list.push(buf.readInt32LE(p + 4 * i));
    p += 4 * n;
  }
  return map;
}

function toCsr(map, keyCount) {
  const start = new Int32Array(keyCount + 1);
  const entries = [];
  for (let k = 0; k < keyCount; k++) {
    start[k] = entries.length;
    for (const id of map.get(k) ?? []) {
      if (id % 10 !== 0) throw new Error(`token info id ${id} is not a multiple of 10`);
      entries.push(id / 10);
    }
  }
  start[keyCount] = entries.length;
  return { start, entries: Int32Array.from(entries) };
}

/** Entries (left, right, cost, feature offset) of a token-info buffer and their NUL-terminated feature lines. */
function readEntries(tid, pos) {
  let used = tid.length;
  while (used > 0 && tid[used - 1] === 0) used--;
  const count = Math.ceil(used / 10);
  const costs = new Int16Array(count * 3);
  const featureStart = new Uint32Array(count + 1);
  const parts = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const o = i * 10;
    costs[i * 3] = tid.readInt16LE(o);
    costs[i * 3 + 1] = tid.readInt16LE(o + 2);
    costs[i * 3 + 2] = tid.readInt16LE(o + 4);
    const at = tid.readInt32LE(o + 6);
    let end = at;
    while (end < pos.length && pos[end] !== 0) end++;
    featureStart[i] = total;
    parts.push(pos.subarray(at, end));
    total += end - at;
  }
  featureStart[count] = total;
  return { count, costs, featureStart, features: Buffer.concat(parts, total) };
}

function readClasses(inv) {
  const out = [];
  let p = 0;
  while (p + 6 < inv.length) {
    const invoke = inv[p];
    const group = inv[p + 1];
    p += 6; // two flags and the max length (unused by kuromoji's lattice)
    let end = p;
    while (end < inv.length && inv[end] !== 0) end++;
    const name = inv.toString('utf8', p, end);
    p = end + 1;
    if (!name) break;
    out.push({ invoke, group, name });
  }
  return out;
}

function compile(dictDir) {
  const base = new Int32Array(new Uint8Array(readGz(dictDir, 'base.dat.gz')).buffer);
  const check = new Int32Array(new Uint8Array(readGz(dictDir, 'check.dat.gz')).buffer);
  // Slots past the last used one hold "unused" markers (negative CHECK), which a lookup treats as absent.
  let used = check.length;
  while (used > 0 && check[used - 1] < 0) used--;
  const words = readTargetMap(readGz(dictDir, 'tid_map.dat.gz'));
  const known = readEntries(readGz(dictDir, 'tid.dat.gz'), readGz(dictDir, 'tid_pos.dat.gz'));
  let wordKeys = 0;
  for (const k of words.keys()) wordKeys = Math.max(wordKeys, k + 1);
  const wordCsr = toCsr(words, wordKeys);
  const ccBuf = readGz(dictDir, 'cc.dat.gz');
  const connection = new Int16Array(new Uint8Array(ccBuf).buffer);
  const dims = connection[0] * connection[1] + 2;
  const unk = readEntries(readGz(dictDir, 'unk.dat.gz'), readGz(dictDir, 'unk_pos.dat.gz'));
  const classes = readClasses(readGz(dictDir, 'unk_invoke.dat.gz'));
  const unkCsr = toCsr(readTargetMap(readGz(dictDir, 'unk_map.dat.gz')), classes.length);
  const charClass = new Uint8Array(readGz(dictDir, 'unk_char.dat.gz')).subarray(0, 65536);
  const classFlags = new Uint8Array(classes.length * 2);
  classes.forEach((c, i) => {
    classFlags[i * 2] = c.invoke;
    classFlags[i * 2 + 1] = c.group;
  });
  const data = {
    base: base.subarray(0, used),
    check: check.subarray(0, used),
    wordStart: wordCsr.start,
    wordEntries: wordCsr.entries,
    entryCosts: known.costs,
    featureStart: known.featureStart,
    features: known.features,
    connection: connection.subarray(0, dims),
    unkCosts: unk.costs,
    unkFeatureStart: unk.featureStart,
    unkFeatures: unk.features,
    unkStart: unkCsr.start,
    unkEntries: unkCsr.entries,
    charClass,
    classes: classFlags,
  };
  // Header: magic (8), version (4), section count (4), then offset and byte length of each section (8 each);
  // every section starts on an 8-byte boundary so that typed-array views need no copy.
  const headerSize = 16 + SECTIONS.length * 8;
  let offset = headerSize;
  const placed = SECTIONS.map((name) => {
    const v = data[name];
    const bytes = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    offset = Math.ceil(offset / 8) * 8;
    const at = offset;
    offset += bytes.length;
    return { at, bytes };
  });
  const out = Buffer.alloc(offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(VERSION, 8);
  out.writeUInt32LE(SECTIONS.length, 12);
  placed.forEach((s, i) => {
    out.writeUInt32LE(s.at, 16 + i * 8);
    out.writeUInt32LE(s.bytes.length, 20 + i * 8);
    s.bytes.copy(out, s.at);
  });
  return out;
}

/** Writes `outFile` unless it is newer than every source file (and this script). Returns whether it was built. */
function buildDictionary(dictDir, outFile) {
  const sources = fs.readdirSync(dictDir).filter((f) => f.endsWith('.dat.gz')).map((f) => path.join(dictDir, f));
  if (fs.existsSync(outFile)) {
    const built = fs.statSync(outFile).mtimeMs;
    if ([...sources, __filename].every((f) => fs.statSync(f).mtimeMs < built)) return false;
  }
  const bin = compile(dictDir);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bin);
  fs.renameSync(tmp, outFile);
  return true;
}

module.exports = { buildDictionary, SECTIONS, MAGIC, VERSION };

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const dictDir = process.argv[2] ?? path.join(root, 'node_modules', 'kuromoji', 'dict');
  const outFile = process.argv[3] ?? path.join(root, 'dist', 'dict', 'ipadic.bin');
  const t0 = Date.now();
  const built = buildDictionary(dictDir, outFile);
  console.log(`${built ? 'built' : 'up to date:'} ${outFile} (${(fs.statSync(outFile).size / 2 ** 20).toFixed(1)} MB) in ${Date.now() - t0} ms`);
}
