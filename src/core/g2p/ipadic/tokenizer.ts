/**
 * Morphological analysis over the flat IPADIC (./dictionary): a lattice of dictionary and unknown words and the
 * lowest-cost path through it (Viterbi). It follows kuromoji 0.1.2's rules exactly, so that the tokens, their
 * fields and their order are the same as kuromoji's (test/unit/g2p/ipadicTokenizer.test.ts compares the two):
 * - the text is cut after each 、 and 。 and every piece is analysed on its own;
 * - positions count code points, and a lookup walks the trie over the UTF-8 bytes of the rest of the piece;
 * - unknown words are tried where no dictionary word starts, or always for classes marked so; a grouping class
 *   takes the whole run of characters of its class (its length then counted in UTF-16 units, as kuromoji does);
 * - among equal costs the first candidate wins, in the order the candidates were added;
 * - word_position is 1-based and, after the first piece, counted from the previous piece's last token.
 */
import { FLAG_BASIC_IS_SURFACE, FLAG_PRON_IS_READING, FLAG_RAW, type IpadicDictionary } from './dictionary';

/** One token, with kuromoji's field names (IPADIC features). */
export interface IpadicToken {
  word_id: number;
  word_type: 'KNOWN' | 'UNKNOWN';
  word_position: number;
  surface_form: string;
  pos: string;
  pos_detail_1: string;
  pos_detail_2: string;
  pos_detail_3: string;
  conjugated_type: string;
  conjugated_form: string;
  basic_form: string;
  /** Absent on unknown words. */
  reading?: string;
  pronunciation?: string;
}

const DEFAULT_CLASS = 0;
const NONE = -1;

/** Growable columns of the lattice's nodes (reused from one analysis to the next). */
class Nodes {
  n = 0;
  start = new Int32Array(256); // 1-based start position (code points)
  length = new Int32Array(256);
  left = new Int32Array(256);
  right = new Int32Array(256);
  cost = new Int32Array(256);
  entry = new Int32Array(256); // entry index; for unknown words its index in the unknown-word table
  unknown = new Uint8Array(256);
  from = new Int32Array(256); // surface of an unknown word: UTF-16 range in the piece
  to = new Int32Array(256);
  nextSameEnd = new Int32Array(256);
  prev = new Int32Array(256);
  best = new Float64Array(256);

  reset(): void {
    this.n = 0;
  }

  add(): number {
    if (this.n === this.start.length) this.grow();
    return this.n++;
  }

  private grow(): void {
    const size = this.start.length * 2;
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.start = g(this.start);
    this.length = g(this.length);
    this.left = g(this.left);
    this.right = g(this.right);
    this.cost = g(this.cost);
    this.entry = g(this.entry);
    this.unknown = g(this.unknown);
    this.from = g(this.from);
    this.to = g(this.to);
    this.nextSameEnd = g(this.nextSameEnd);
    this.prev = g(this.prev);
    this.best = g(this.best);
  }
}

export class IpadicTokenizer {
  private readonly nodes = new Nodes();
  /** Per end position: first and last node ending there (insertion order is kept). */
  private head = new Int32Array(256);
  private tail = new Int32Array(256);
  private readonly backward: number;
  /** Matches of one trie lookup: trie value and key length in UTF-16 units. */
  private matchValue: number[] = [];
  private matchLength: number[] = [];

  /** The part-of-speech tuples, decoded once (a few thousand short lines). */
  private readonly posLines: string[];
  private readonly posCache: string[][] = [];

  constructor(readonly dict: IpadicDictionary) {
    this.backward = dict.connection[1];
    this.posLines = dict.posTable.toString('utf16le').split('\n');
  }

  tokenize(text: string): IpadicToken[] {
    const out: IpadicToken[] = [];
    let from = 0;
    while (from < text.length) {
      let end = from;
      while (end < text.length && text[end] !== '、' && text[end] !== '。') end++;
      end = Math.min(end + 1, text.length);
      this.piece(text.slice(from, end), out);
      from = end;
    }
    return out;
  }

  /** The character class of the character at UTF-16 index i (a surrogate pair is DEFAULT, as in kuromoji). */
  private classAt(s: string, i: number): number {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) return DEFAULT_CLASS;
    const k = this.dict.charClass[c];
    if (k * 2 >= this.dict.classes.length) throw new Error(`no character class for U+${c.toString(16).padStart(4, '0')}`);
    return k;
  }

  private piece(s: string, out: IpadicToken[]): void {
    // Code point index → UTF-16 index (a high surrogate always takes the next unit with it, as kuromoji does).
    const at: number[] = [];
    for (let i = 0; i < s.length; i++) {
      at.push(i);
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) i++;
    }
    const n = at.length;
    const unitEnd = (k: number) => (k + 1 < n ? at[k + 1] : s.length);
    const d = this.dict;
    const nodes = this.nodes;
    nodes.reset();
    const ends = s.length + 2;
    if (this.head.length < ends + 1) {
      this.head = new Int32Array(ends * 2);
      this.tail = new Int32Array(ends * 2);
    }
    this.head.fill(NONE, 0, ends + 1);
    let maxLast = 0;
    const append = (start: number, length: number, entry: number, unknown: boolean, from: number, to: number) => {
      const k = nodes.add();
      const costs = unknown ? d.unkCosts : d.entryCosts;
      nodes.start[k] = start;
      nodes.length[k] = length;
      nodes.left[k] = costs[entry * 3];
      nodes.right[k] = costs[entry * 3 + 1];
      nodes.cost[k] = costs[entry * 3 + 2];
      nodes.entry[k] = entry;
      nodes.unknown[k] = unknown ? 1 : 0;
      nodes.from[k] = from;
      nodes.to[k] = to;
      nodes.nextSameEnd[k] = NONE;
      nodes.prev[k] = NONE;
      nodes.best[k] = Number.MAX_VALUE;
      const last = start + length - 1;
      if (last > maxLast) maxLast = last;
      if (this.head[last] === NONE) this.head[last] = k;
      else nodes.nextSameEnd[this.tail[last]] = k;
      this.tail[last] = k;
      return k;
    };
    // BOS
    const bos = append(0, 1, 0, false, 0, 0);
    nodes.length[bos] = 0;
    nodes.left[bos] = nodes.right[bos] = nodes.cost[bos] = 0;
    nodes.best[bos] = 0;
    this.head[0] = bos;
    this.tail[0] = bos;
    maxLast = 0;

    for (let p = 0; p < n; p++) {
      const found = this.lookup(s, at[p]);
      for (let m = 0; m < found; m++) {
        const v = this.matchValue[m];
        const len = this.matchLength[m];
        for (let e = d.wordStart[v]; e < d.wordStart[v + 1]; e++) append(p + 1, len, d.wordEntries[e], false, 0, 0);
      }
      const cls = this.classAt(s, at[p]);
      if (found === 0 || d.classes[cls * 2] === 1) {
        let length = 1;
        let to = unitEnd(p);
        if (d.classes[cls * 2 + 1] === 1 && n - p > 1) {
          let k = p + 1;
          while (k < n && this.classAt(s, at[k]) === cls) k++;
          if (k > p + 1) {
            to = unitEnd(k - 1);
            length = to - at[p];
          }
        }
        for (let e = d.unkStart[cls]; e < d.unkStart[cls + 1]; e++) append(p + 1, length, d.unkEntries[e], true, at[p], to);
      }
    }
    // EOS, after the last position any node reaches
    const eosAt = Math.max(1, maxLast) + 1;
    const eos = append(eosAt, 1, 0, false, 0, 0);
    nodes.length[eos] = 0;
    nodes.left[eos] = nodes.right[eos] = nodes.cost[eos] = 0;
    // append() filed it under eosAt (start + 1 - 1)
    this.forward(eosAt);
    this.emit(eos, s, out);
  }

  /** All dictionary keys that are prefixes of s[from…]: fills matchValue/matchLength, returns the count. */
  private lookup(s: string, from: number): number {
    const { base, check } = this.dict;
    const size = check.length;
    let count = 0;
    let parent = 0;
    const step = (code: number): boolean => {
      const child = base[parent] + code;
      if (child < 0 || child >= size || check[child] !== parent) return false;
      parent = child;
      return true;
    };
    const terminal = (): number => {
      const t = base[parent];
      if (t < 0 || t >= size || check[t] !== parent) return NONE;
      return -base[t] - 1;
    };
    for (let i = from; i < s.length; i++) {
      let cp = s.charCodeAt(i);
      let units = 1;
      if (cp >= 0xd800 && cp <= 0xdbff) {
        const lo = s.charCodeAt(i + 1);
        if (!(lo >= 0xdc00 && lo <= 0xdfff)) return count; // malformed (the analyser never passes lone surrogates)
        cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        units = 2;
      }
      let ok: boolean;
      if (cp < 0x80) ok = step(cp);
      else if (cp < 0x800) ok = step((cp >>> 6) | 0xc0) && step((cp & 0x3f) | 0x80);
      else if (cp < 0x10000) ok = step((cp >>> 12) | 0xe0) && step(((cp >> 6) & 0x3f) | 0x80) && step((cp & 0x3f) | 0x80);
      else ok = step((cp >>> 18) | 0xf0) && step(((cp >> 12) & 0x3f) | 0x80) && step(((cp >> 6) & 0x3f) | 0x80) && step((cp & 0x3f) | 0x80);
      if (!ok) break;
      i += units - 1;
      const v = terminal();
      if (v !== NONE) {
        this.matchValue[count] = v;
        this.matchLength[count] = i + 1 - from;
        count++;
      }
    }
    return count;
  }

  private forward(eosAt: number): void {
    const nodes = this.nodes;
    const cc = this.dict.connection;
    const back = this.backward;
    // Like kuromoji, a node whose predecessors are all unreachable keeps the previous node's choice.
    let chosen = NONE;
    for (let i = 1; i <= eosAt; i++) {
      for (let k = this.head[i]; k !== NONE; k = nodes.nextSameEnd[k]) {
        const before = nodes.start[k] - 1;
        let q = before >= 0 ? this.head[before] : NONE;
        if (q === NONE) continue;
        let cost = Number.MAX_VALUE;
        const left = nodes.left[k];
        const own = nodes.cost[k];
        for (; q !== NONE; q = nodes.nextSameEnd[q]) {
          const c = nodes.best[q] + cc[nodes.right[q] * back + left + 2] + own;
          if (c < cost) {
            chosen = q;
            cost = c;
          }
        }
        nodes.prev[k] = chosen;
        nodes.best[k] = cost;
      }
    }
  }

  private emit(eos: number, s: string, out: IpadicToken[]): void {
    const nodes = this.nodes;
    const path: number[] = [];
    let k = nodes.prev[eos];
    if (k === NONE) return;
    while (k !== 0) {
      path.push(k);
      k = nodes.prev[k];
      if (k === NONE) return;
    }
    const lastPos = out.length ? out[out.length - 1].word_position : 0;
    for (let j = path.length - 1; j >= 0; j--) {
      const node = path[j];
      const position = lastPos + nodes.start[node];
      const e = nodes.entry[node];
      if (nodes.unknown[node]) {
        const d = this.dict;
        const f = d.unkFeatures.toString('utf8', d.unkFeatureStart[e], d.unkFeatureStart[e + 1]).split(',');
        out.push({
          word_id: e * 10,
          word_type: 'UNKNOWN',
          word_position: position,
          surface_form: s.slice(nodes.from[node], nodes.to[node]),
          ...grammar(f),
        });
      } else {
        const f = this.knownFeatures(e);
        out.push({
          word_id: e * 10,
          word_type: 'KNOWN',
          word_position: position,
          surface_form: f[0],
          ...grammar(f),
          reading: f[8],
          pronunciation: f[9],
        });
      }
    }
  }

  /** The fields of a known word's feature line, as splitting IPADIC's line at commas gives them. */
  private knownFeatures(e: number): string[] {
    const d = this.dict;
    const text = d.features.toString('utf16le', d.featureStart[e] * 2, d.featureStart[e + 1] * 2).split(',');
    const flags = d.featureFlags[e];
    if (flags & FLAG_RAW) return text;
    let pos = this.posCache[d.featurePos[e]];
    if (!pos) {
      pos = this.posLines[d.featurePos[e]].split(',');
      this.posCache[d.featurePos[e]] = pos;
    }
    let k = 0;
    const surface = text[k++];
    const basic = flags & FLAG_BASIC_IS_SURFACE ? surface : text[k++];
    const reading = text[k++];
    const pron = flags & FLAG_PRON_IS_READING ? reading : text[k++];
    return [surface, ...pos, basic, reading, pron];
  }
}

/** The part-of-speech, conjugation and basic-form fields (1–7) of a feature row, as known and unknown words share them. */
function grammar(f: string[]) {
  return {
    pos: f[1],
    pos_detail_1: f[2],
    pos_detail_2: f[3],
    pos_detail_3: f[4],
    conjugated_type: f[5],
    conjugated_form: f[6],
    basic_form: f[7],
  };
}
