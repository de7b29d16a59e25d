// Compiles kuromoji's IPADIC files (node_modules/kuromoji/dict/*.dat.gz) into one flat little-endian file that
// the analyser maps into typed arrays with a single read (src/core/g2p/ipadic/flatDictionary.ts reads it).
// The data is kept exactly as IPADIC has it in kuromoji (same trie, costs, entry order and feature lines) so that
// the tokens are the same; only the layout changes. Layout: see src/core/g2p/ipadic/format.ts.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const MAGIC = 'YMIPADIC';
const VERSION = 2;
/** Section order; src/core/g2p/ipadic/format.ts lists the same names. */
const SECTIONS = [
  'base', // Int32: double-array BASE
  'check', // Int32: double-array CHECK
  'wordStart', // Int32: CSR offsets, trie value → first entry index (length values + 1)
  'wordEntries', // Int32: entry indexes (kuromoji's token_info_id / 10), in kuromoji's order
  'entryCosts', // Int16: left id, right id, word cost per entry (3 per entry)
  'featureStart', // Uint32: where each entry's strings start in `features`, in UTF-16 units (entries + 1)
  'featurePos', // Uint16: index of the entry's six part-of-speech fields in `posTable`
  'featureFlags', // Uint8: see FLAG_*
  'features', // UTF-16LE: per entry "surface,basic form,reading,pronunciation", basic form and pronunciation left
  //             out when equal to the surface and the reading; or the whole feature line when it is not 10 fields
  'posTable', // UTF-16LE: the distinct "pos,detail 1,detail 2,detail 3,conjugation type,conjugation form", one a line
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
/** Basic form equals the surface / pronunciation equals the reading / the entry holds its raw feature line. */
const FLAG_BASIC_IS_SURFACE = 1;
const FLAG_PRON_IS_READING = 2;
const FLAG_RAW = 4;

/**
 * The feature lines of the known words in a compact form: IPADIC has a few thousand distinct part-of-speech tuples
 * and the basic form and pronunciation mostly repeat the surface and reading. Decoding gives back exactly the
 * fields that splitting the original line at commas gives.
 */
function compactFeatures(lines) {
  const posIds = new Map();
  const posList = [];
  const start = new Uint32Array(lines.length + 1);
  const posOf = new Uint16Array(lines.length);
  const flags = new Uint8Array(lines.length);
  const parts = [];
  let units = 0;
  lines.forEach((line, i) => {
    const f = line.split(',');
    let text;
    if (f.length === 10) {
      const key = f.slice(1, 7).join(',');
      let id = posIds.get(key);
      if (id === undefined) {
        id = posList.length;
        if (id > 0xffff) throw new Error('more than 65,536 part-of-speech tuples');
        posIds.set(key, id);
        posList.push(key);
      }
      posOf[i] = id;
      const [surface, basic, reading, pron] = [f[0], f[7], f[8], f[9]];
      const out = [surface];
      if (basic === surface) flags[i] |= FLAG_BASIC_IS_SURFACE;
      else out.push(basic);
      out.push(reading);
      if (pron === reading) flags[i] |= FLAG_PRON_IS_READING;
      else out.push(pron);
      text = out.join(',');
    } else {
      flags[i] = FLAG_RAW;
      text = line;
    }
    start[i] = units;
    parts.push(text);
    units += text.length;
  });
  start[lines.length] = units;
  return {
    featureStart: start,
    featurePos: posOf,
    featureFlags: flags,
    features: Buffer.from(parts.join(''), 'utf16le'),
    posTable: Buffer.from(posList.join('\n'), 'utf16le'),
  };
}

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
    ...compactFeatures(Array.from({ length: known.count }, (_, i) => known.features.toString('utf8', known.featureStart[i], known.featureStart[i + 1]))),
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

module.exports = { buildDictionary, SECTIONS, MAGIC, VERSION, FLAG_BASIC_IS_SURFACE, FLAG_PRON_IS_READING, FLAG_RAW };

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const dictDir = process.argv[2] ?? path.join(root, 'node_modules', 'kuromoji', 'dict');
  const outFile = process.argv[3] ?? path.join(root, 'dist', 'dict', 'ipadic.bin');
  const t0 = Date.now();
  const built = buildDictionary(dictDir, outFile);
  console.log(`${built ? 'built' : 'up to date:'} ${outFile} (${(fs.statSync(outFile).size / 2 ** 20).toFixed(1)} MB) in ${Date.now() - t0} ms`);
}
