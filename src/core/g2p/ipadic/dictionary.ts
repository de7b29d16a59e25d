/**
 * IPADIC as one flat file (dist/dict/ipadic.bin, written at build time by scripts/build-dictionary.js from
 * kuromoji's IPADIC): read with a single file read and used through typed-array views, with no parsing and no
 * per-entry objects. Feature lines are decoded only for the tokens a reading returns.
 */
import * as fs from 'fs';
import * as path from 'path';

export const DICTIONARY_FILE = 'ipadic.bin';
const MAGIC = 'YMIPADIC';
const VERSION = 2;

/** featureFlags bits (scripts/build-dictionary.js). */
export const FLAG_BASIC_IS_SURFACE = 1;
export const FLAG_PRON_IS_READING = 2;
export const FLAG_RAW = 4;

export interface IpadicDictionary {
  /** Double-array trie over UTF-8 bytes (kuromoji's): BASE and CHECK. */
  base: Int32Array;
  check: Int32Array;
  /** Trie value → dictionary entries (CSR: entries wordEntries[wordStart[v]] … wordEntries[wordStart[v + 1] - 1]). */
  wordStart: Int32Array;
  wordEntries: Int32Array;
  /** Left id, right id and word cost of each entry (three per entry). */
  entryCosts: Int16Array;
  /**
   * Known words' features: per entry "surface,basic form,reading,pronunciation" in UTF-16 (basic form and
   * pronunciation left out when the flags say they repeat the surface and the reading), plus the index of its six
   * part-of-speech fields in posTable; or, flagged raw, the whole feature line.
   */
  featureStart: Uint32Array;
  featurePos: Uint16Array;
  featureFlags: Uint8Array;
  features: Buffer;
  posTable: Buffer;
  /** Connection costs: [forward size, backward size, cost(right id of the previous word, left id of the next)…]. */
  connection: Int16Array;
  unkCosts: Int16Array;
  unkFeatureStart: Uint32Array;
  unkFeatures: Buffer;
  /** Character class → unknown-word entries (CSR). */
  unkStart: Int32Array;
  unkEntries: Int32Array;
  /** Character class of each UTF-16 code unit. */
  charClass: Uint8Array;
  /** Per class: 1 if unknown words are always tried, 1 if a run of the class is grouped (two bytes per class). */
  classes: Uint8Array;
  /** Size of the file, in bytes. */
  bytes: number;
}

/** Section order; scripts/build-dictionary.js writes the same. */
const SECTIONS = [
  ['base', Int32Array],
  ['check', Int32Array],
  ['wordStart', Int32Array],
  ['wordEntries', Int32Array],
  ['entryCosts', Int16Array],
  ['featureStart', Uint32Array],
  ['featurePos', Uint16Array],
  ['featureFlags', Uint8Array],
  ['features', Buffer],
  ['posTable', Buffer],
  ['connection', Int16Array],
  ['unkCosts', Int16Array],
  ['unkFeatureStart', Uint32Array],
  ['unkFeatures', Buffer],
  ['unkStart', Int32Array],
  ['unkEntries', Int32Array],
  ['charClass', Uint8Array],
  ['classes', Uint8Array],
] as const;

/**
 * Folders searched for ipadic.bin: beside the bundle (dist/dict), then the repository's dist/dict as seen from the
 * developer bundle (out/dev) and from the sources (tests run them directly).
 */
export function dictionaryCandidates(): string[] {
  return [
    path.join(__dirname, 'dict'),
    path.resolve(__dirname, '..', '..', 'dist', 'dict'),
    path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'dict'),
  ];
}

export function findDictionary(dictDir?: string): string {
  if (dictDir) {
    const file = path.join(dictDir, DICTIONARY_FILE);
    if (!fs.existsSync(file)) throw new Error(`dictionary not found in ${dictDir} (expected ${DICTIONARY_FILE}; 'npm run build' writes it)`);
    return file;
  }
  const hit = dictionaryCandidates().find((d) => fs.existsSync(path.join(d, DICTIONARY_FILE)));
  if (!hit) throw new Error(`dictionary not found (looked for ${DICTIONARY_FILE} in ${dictionaryCandidates().join(', ')}; 'npm run build' writes it)`);
  return path.join(hit, DICTIONARY_FILE);
}

/**
 * The smallest buffer the dictionary is read into: a little over 32 MiB, glibc's ceiling for its dynamic mmap
 * threshold (DEFAULT_MMAP_THRESHOLD_MAX on 64-bit). glibc serves an allocation at or above the current threshold
 * with its own mmap and unmaps it when freed, but each such free raises the threshold to the freed size (up to
 * that ceiling). The file is ~31 MiB: read into a buffer of its own size, the first worker's copy was unmapped when
 * the worker ended, and every later copy came from the malloc heap and stayed resident after its worker ended
 * (measured: RSS after an idle unload 31 MB higher from the second unload on). Above the ceiling the buffer is always
 * mapped and always handed back. The unused tail is never written, so its pages are never resident (calloc of a
 * fresh mapping does not touch it). Other allocators (macOS, Windows) release blocks this large anyway.
 */
const ALWAYS_MAPPED_BYTES = 32 * 2 ** 20 + 2 ** 16;

/** A zeroed buffer of at least ALWAYS_MAPPED_BYTES, `size` bytes of it in use. */
function dictionaryBuffer(size: number): Buffer {
  return Buffer.from(new ArrayBuffer(Math.max(size, ALWAYS_MAPPED_BYTES)), 0, size);
}

/** Reads and checks the dictionary, in libuv's pool: the thread stays free for whatever else is waiting (a reply, a cancel). */
export async function readDictionaryAsync(file: string): Promise<IpadicDictionary> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = dictionaryBuffer((await fh.stat()).size);
    for (let at = 0; at < buf.length; ) {
      const { bytesRead } = await fh.read(buf, at, buf.length - at, at);
      if (bytesRead === 0) throw new Error(`${file} ended early`);
      at += bytesRead;
    }
    return viewDictionary(file, buf);
  } finally {
    await fh.close();
  }
}

function viewDictionary(file: string, data: Buffer): IpadicDictionary {
  let buf = data;
  const bad = (why: string) => new Error(`${file} is not a Yomiage IPADIC file (${why}); rebuild it with 'npm run build'`);
  if (buf.length < 16 || buf.toString('latin1', 0, 8) !== MAGIC) throw bad('wrong header');
  if (buf.readUInt32LE(8) !== VERSION) throw bad(`version ${buf.readUInt32LE(8)}, expected ${VERSION}`);
  if (buf.readUInt32LE(12) !== SECTIONS.length || buf.length < 16 + SECTIONS.length * 8) throw bad('wrong section count');
  if (buf.byteOffset % 8 !== 0) buf = Buffer.from(buf); // views need aligned memory (a large read is never pooled)
  const out: Record<string, unknown> = { bytes: buf.length };
  SECTIONS.forEach(([name, Type], i) => {
    const at = buf.readUInt32LE(16 + i * 8);
    const len = buf.readUInt32LE(20 + i * 8);
    if (at + len > buf.length || at % 8 !== 0) throw bad(`section ${name} out of bounds`);
    if (Type === Buffer) {
      out[name] = buf.subarray(at, at + len);
    } else {
      const T = Type as Int32ArrayConstructor | Int16ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor | Uint8ArrayConstructor;
      if (len % T.BYTES_PER_ELEMENT !== 0) throw bad(`section ${name} has a partial element`);
      out[name] = new T(buf.buffer as ArrayBuffer, buf.byteOffset + at, len / T.BYTES_PER_ELEMENT);
    }
  });
  return out as unknown as IpadicDictionary;
}
