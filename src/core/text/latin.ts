/**
 * Latin words, identifiers, URLs and paths → katakana the way a Japanese developer says them:
 * curated loanwords (data/tech-words.json), identifiers split into words, unknown acronyms spelled with
 * Japanese letter names (data/letters.json), other words through romaji or a rule-based English-ish reading.
 */
import techData from './data/tech-words.json';
import lettersData from './data/letters.json';
import { readDigits, readInteger } from './numbers';

const WORDS: Record<string, string> = (techData as { words: Record<string, string> }).words;
const LETTERS: Record<string, string> = (lettersData as { letters: Record<string, string> }).letters;
export const SYMBOL_NAMES: Record<string, string> = (lettersData as { symbols: Record<string, string> }).symbols;

function lookup(word: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(WORDS, word)) return WORDS[word];
  const lower = word.toLowerCase();
  return Object.prototype.hasOwnProperty.call(WORDS, lower) ? WORDS[lower] : undefined;
}

/** Table entries that are phrases or carry symbols (`VS Code`, `C++`, `Node.js`), longest first. */
export const PHRASES: string[] = Object.keys(WORDS)
  .filter((k) => /[^a-z0-9]/.test(k))
  .sort((a, b) => b.length - a.length);

export function lookupPhrase(phrase: string): string | undefined {
  return lookup(phrase.replace(/\s+/g, ' '));
}

/** Spells letters (and digits) one by one: API → エーピーアイ, k8s without a table entry → ケーハチエス. */
export function spellLetters(word: string): string {
  let s = '';
  for (const ch of word) {
    const l = LETTERS[ch.toLowerCase()];
    if (l) s += l;
    else if (ch >= '0' && ch <= '9') s += readDigits(ch);
  }
  return s;
}

/**
 * Splits an identifier into words: snake_case, kebab-case, camelCase, PascalCase, HTTPServer → HTTP Server,
 * letters and digits apart (utf8 → utf 8, ES2022 → ES 2022).
 */
export function splitIdentifier(id: string): string[] {
  const out: string[] = [];
  for (const piece of id.split(/[_\-\s]+/)) {
    if (!piece) continue;
    const re = /[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(piece))) out.push(m[0]);
  }
  return out;
}

// ------------------------------------------------------------- romaji

const ROMAJI: Record<string, string> = {};
(() => {
  const rows: Array<[string, string]> = [
    ['', 'アイウエオ'], ['k', 'カキクケコ'], ['g', 'ガギグゲゴ'], ['s', 'サシスセソ'], ['z', 'ザジズゼゾ'], ['t', 'タチツテト'],
    ['d', 'ダヂヅデド'], ['n', 'ナニヌネノ'], ['h', 'ハヒフヘホ'], ['b', 'バビブベボ'], ['p', 'パピプペポ'], ['m', 'マミムメモ'],
    ['r', 'ラリルレロ'], ['y', 'ヤ_ユ_ヨ'], ['w', 'ワ___ヲ'],
  ];
  const V = 'aiueo';
  for (const [c, kana] of rows) for (let i = 0; i < 5; i++) if (kana[i] !== '_') ROMAJI[c + V[i]] = kana[i];
  Object.assign(ROMAJI, { shi: 'シ', chi: 'チ', tsu: 'ツ', fu: 'フ', ji: 'ジ', wo: 'オ', si: 'シ', ti: 'チ', tu: 'ツ', hu: 'フ', zi: 'ジ', di: 'ジ', du: 'ズ' });
  for (const [c, base] of [['ky', 'キ'], ['gy', 'ギ'], ['sh', 'シ'], ['sy', 'シ'], ['ch', 'チ'], ['ty', 'チ'], ['j', 'ジ'], ['zy', 'ジ'], ['jy', 'ジ'], ['ny', 'ニ'], ['hy', 'ヒ'], ['by', 'ビ'], ['py', 'ピ'], ['my', 'ミ'], ['ry', 'リ']]) {
    ROMAJI[c + 'a'] = base + 'ャ';
    ROMAJI[c + 'u'] = base + 'ュ';
    ROMAJI[c + 'o'] = base + 'ョ';
    if (c === 'sh' || c === 'ch' || c === 'j') ROMAJI[c + 'e'] = base + 'ェ';
  }
  ROMAJI['fa'] = 'ファ';
  ROMAJI['fi'] = 'フィ';
  ROMAJI['fe'] = 'フェ';
  ROMAJI['fo'] = 'フォ';
})();

/** Reads a word as Hepburn/Kunrei romaji (yomiage → ヨミアゲ, toukyou → トーキョー); undefined if it is not romaji. */
export function readRomaji(word: string): string | undefined {
  const w = word.toLowerCase();
  let out = '';
  let i = 0;
  while (i < w.length) {
    const c = w[i];
    // Sokuon: a doubled consonant (kk, tt, ss, pp, tch).
    if (c === w[i + 1] && /[kstpgzbdcfhjmr]/.test(c) && c !== 'n') {
      out += 'ッ';
      i++;
      continue;
    }
    if (c === 't' && w.startsWith('tch', i)) {
      out += 'ッ';
      i++;
      continue;
    }
    let hit = '';
    for (let len = 3; len >= 1; len--) {
      const s = w.slice(i, i + len);
      if (ROMAJI[s]) {
        hit = s;
        break;
      }
    }
    if (hit) {
      out += ROMAJI[hit];
      i += hit.length;
      continue;
    }
    if (c === 'n' && (i + 1 >= w.length || !/[aiueoy]/.test(w[i + 1]))) {
      out += 'ン';
      i += w[i + 1] === "'" ? 2 : 1;
      continue;
    }
    if (c === 'm' && /[bpm]/.test(w[i + 1] ?? '')) {
      out += 'ン';
      i++;
      continue;
    }
    return undefined;
  }
  // Pronunciation form: long vowels written ou/uu/ei/ee/oo/aa/ii in romaji are spoken long.
  return out
    .replace(/([オコソトノホモヨロゴゾドボポョ])[ウオ]/g, '$1ー')
    .replace(/([クスツヌフムユルグズブプュ])ウ/g, '$1ー')
    .replace(/([カサタナハマヤラワガザダバパャ])ア/g, '$1ー')
    .replace(/([キシチニヒミリギジビピ])イ/g, '$1ー');
}

/** Heuristic: looks like romaji rather than English (ends in a vowel or n, no silent-e ending, no English clusters). */
function looksLikeRomaji(w: string): boolean {
  const l = w.toLowerCase();
  if (l.length < 3) return false;
  if (/e$/.test(l) && !/(?:[aiou]e|^.{1,2}e)$/.test(l)) return false;
  if (/(?:t[iu]|si|hu|zi|d[iu]|th|ph|wh|ck|[^aeiou]y[^aeiou]|[^aeioun][^aeiouyhsn']|[aeiou][^aeiouns]$|c[^h])/.test(l)) return false;
  return true;
}

// ------------------------------------------------------------- English-ish fallback

const K: Record<string, string[]> = {
  // consonant → [a, i, u, e, o, bare]
  k: ['カ', 'キ', 'ク', 'ケ', 'コ', 'ク'], g: ['ガ', 'ギ', 'グ', 'ゲ', 'ゴ', 'グ'], s: ['サ', 'シ', 'ス', 'セ', 'ソ', 'ス'],
  z: ['ザ', 'ジ', 'ズ', 'ゼ', 'ゾ', 'ズ'], t: ['タ', 'ティ', 'トゥ', 'テ', 'ト', 'ト'], d: ['ダ', 'ディ', 'ドゥ', 'デ', 'ド', 'ド'],
  n: ['ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ン'], h: ['ハ', 'ヒ', 'フ', 'ヘ', 'ホ', ''], b: ['バ', 'ビ', 'ブ', 'ベ', 'ボ', 'ブ'],
  p: ['パ', 'ピ', 'プ', 'ペ', 'ポ', 'プ'], m: ['マ', 'ミ', 'ム', 'メ', 'モ', 'ム'], r: ['ラ', 'リ', 'ル', 'レ', 'ロ', 'ル'],
  l: ['ラ', 'リ', 'ル', 'レ', 'ロ', 'ル'], w: ['ワ', 'ウィ', 'ウ', 'ウェ', 'ウォ', 'ウ'], f: ['ファ', 'フィ', 'フ', 'フェ', 'フォ', 'フ'],
  v: ['バ', 'ビ', 'ブ', 'ベ', 'ボ', 'ブ'], j: ['ジャ', 'ジ', 'ジュ', 'ジェ', 'ジョ', 'ジ'], C: ['チャ', 'チ', 'チュ', 'チェ', 'チョ', 'チ'],
  S: ['シャ', 'シ', 'シュ', 'シェ', 'ショ', 'シュ'], y: ['ヤ', 'イ', 'ユ', 'イェ', 'ヨ', 'イ'], T: ['サ', 'シ', 'ス', 'セ', 'ソ', 'ス'],
  '': ['ア', 'イ', 'ウ', 'エ', 'オ', ''],
};
const VI: Record<string, number> = { a: 0, i: 1, u: 2, e: 3, o: 4 };

/**
 * A rule-based English-ish reading for Latin words that are neither in the table nor romaji. It is an
 * approximation (English spelling is not phonemic) that keeps the word pronounceable: widget → ウィジェット.
 */
export function readEnglishish(word: string): string {
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (!w) return '';
  // Spelling → rough phones: C = ch, S = sh, T = th; long vowels as A I U E O (ー), diphthongs ai ei au oi.
  // Placeholders: Y = ai (アイ), W = au (アウ), Q = sokuon, ':' = long vowel; capitals are not vowels to later rules.
  const rules: Array<[RegExp, string]> = [
    [/ique$/g, 'i:k'], [/que$/g, 'k'], [/ation/g, 'e:Son'], [/tion/g, 'Son'], [/ssion/g, 'Son'], [/sion/g, 'jon'], [/ture$/g, 'Ca:'],
    [/age$/g, 'e:j'], [/dge$/g, 'Qj'], [/nge$/g, 'nj'], [/ge$/g, 'j'], [/dg(?=[eiy])/g, 'j'], [/(?<=[aeiou])g(?=[ei])/g, 'j'],
    [/tch/g, 'QC'], [/ph/g, 'f'], [/th/g, 'T'], [/([aeiou])sh$/g, '$1QS'], [/sh/g, 'S'], [/ch/g, 'C'], [/ck/g, 'Qk'], [/qu/g, 'ku'],
    [/x/g, 'ks'], [/^kn/g, 'n'], [/^wr/g, 'r'], [/wh/g, 'w'], [/igh/g, 'Y'],
    [/ook/g, 'uk'], [/ee|ea/g, 'i:'], [/ie(?=[a-z])/g, 'i:'], [/oo/g, 'u:'], [/ou/g, 'W'], [/ow$/g, 'o:'], [/ow/g, 'W'], [/ai|ay/g, 'e:'],
    [/oa/g, 'o:'], [/oy|oi/g, 'oi'], [/au|aw/g, 'o:'], [/ey$/g, 'i:'], [/ify$/g, 'ifY'], [/([^aeiou])y$/g, '$1i:'],
    [/([^aeiou])le$/g, '$1ru'], [/ive$/g, 'iv'],
    [/c(?=[eiy])/g, 's'], [/c/g, 'k'], [/(?:er|ir|ur|or)$/g, 'a:'], [/(?:er|ir|ur)(?=[^aeiou])/g, 'a:'], [/ar(?=[^aeiou]|$)/g, 'a:'],
    [/or(?=[^aeiou])/g, 'o:'],
    [/a([bdfgklmnpstvz])e$/g, 'e:$1'], [/i([bdfgklmnpstvz])e$/g, 'Y$1'], [/o([bdfgklmnpstvz])e$/g, 'o:$1'],
    [/u([bdfgklmnpstvz])e$/g, 'yu:$1'], [/([^aeiou:])e$/g, '$1'], [/q/g, 'k'],
    [/^u(?=[bdfgklmnpstvz][aeiou])/g, 'yu'],
    // u in a closed syllable sounds like ア (bundle バンドル, publish パブリッシュ)
    [/(?<!y)u(?=[bdfgklmnprstvzwSCTQ](?:[^aeiouy:]|$))/g, 'a'],
    [/y(?=[^aeiou]|$)/g, 'i'], [/([bdgkmnprstfvlz])\1/g, 'Q$1'], [/(?<![aeiou:])([aeiou])([kpt])$/g, '$1Q$2'],
  ];
  for (const [re, rep] of rules) w = w.replace(re, rep);
  w = w.replace(/Y/g, 'ai').replace(/W/g, 'au');
  let out = '';
  let i = 0;
  while (i < w.length) {
    const c = w[i];
    if (c === 'Q') {
      // Sokuon before a voiceless stop or affricate (and ッジ from -dge); otherwise dropped.
      if (/[kptCjS]/.test(w[i + 1] ?? '')) out += 'ッ';
      i++;
      continue;
    }
    if (c === ':') {
      out += 'ー';
      i++;
      continue;
    }
    const isV = c in VI;
    const cons = isV ? '' : c;
    const row = K[cons];
    if (!row) {
      i++;
      continue;
    }
    // Consonant + y + a/u/o: palatalised (attribute → …ビュート).
    if (!isV && cons !== 'y' && w[i + 1] === 'y' && /[auo]/.test(w[i + 2] ?? '')) {
      const iCol = cons === 't' ? 'チ' : cons === 'd' ? 'ジ' : row[1];
      out += iCol + ({ a: 'ャ', u: 'ュ', o: 'ョ' } as Record<string, string>)[w[i + 2]];
      i += 3;
      continue;
    }
    const v = isV ? c : w[i + 1];
    if (v !== undefined && v in VI) {
      out += row[VI[v]];
      i += isV ? 1 : 2;
      continue;
    }
    // Consonant without a vowel: n/m before a consonant → ン, others with their default vowel.
    if ((cons === 'm' || cons === 'n') && i + 1 < w.length && !/[yw]/.test(w[i + 1])) out += 'ン';
    else out += row[5];
    i++;
  }
  return out.replace(/ーー+/g, 'ー');
}

// ------------------------------------------------------------- words, URLs, paths

/**
 * An unknown all-capital word of four or more letters that alternates consonants and vowels (NASA, COBOL, MIDI)
 * is said as a word; other capitals (HTTP, NTFS, UEFI) are spelled. Known exceptions either way are in the table.
 */
export function saidAsWord(w: string): boolean {
  return /^[A-Z]{4,}$/.test(w) && /^[AEIOU]?(?:[^AEIOU][AEIOU])+[^AEIOU]?$/.test(w);
}

/** True for short all-capital tokens and consonant-only lower-case tokens, which are spelled out. */
function shouldSpell(w: string): boolean {
  if (saidAsWord(w)) return false;
  if (/^[A-Z]{2,}s?$/.test(w)) return true;
  if (w.length === 1) return true;
  return !/[aeiouyAEIOUY]/.test(w);
}

/** The English plural ending said after a katakana reading: ト → ツ, ド → ズ, ク/プ/フ + ス, otherwise + ズ. */
export function plural(reading: string): string {
  if (/ト$/.test(reading)) return reading.slice(0, -1) + 'ツ';
  if (/ド$/.test(reading)) return reading.slice(0, -1) + 'ズ';
  if (/[クプフ]$/.test(reading)) return reading + 'ス';
  return reading + 'ズ';
}

/** Reads one word (no separators): table, then acronym spelling, then romaji, then the English-ish rules. */
export function readWord(w: string): string {
  if (/^\d+$/.test(w)) return readInteger(w);
  const t = lookup(w);
  if (t) return t;
  if (shouldSpell(w)) {
    if (/^[A-Z]{2,}s$/.test(w)) return spellLetters(w.slice(0, -1));
    return spellLetters(w);
  }
  // Plural of a known word: "widgets" reads like its singular (in prose; a path segment keeps its s).
  if (/s$/.test(w) && w.length > 3) {
    const sing = lookup(w.slice(0, -1));
    if (sing) return sing;
  }
  if (looksLikeRomaji(w)) {
    const r = readRomaji(w);
    if (r) return r;
  }
  return readEnglishish(w) || spellLetters(w);
}

/** Reads an identifier or Latin token: VS Code / camelCase / snake_case / kebab-case / Node.js. */
const ABBREVIATIONS: Record<string, string> = {
  no: 'ナンバー', ver: 'バージョン', vol: 'ボリューム', fig: 'フィギュア', ch: 'チャプター', sec: 'セクション', ep: 'エピソード', p: 'ページ', pp: 'ページ',
};

export function readLatin(token: string): string {
  const direct = lookup(token);
  if (direct) return direct;
  // No.1 ナンバーイチ, Ver.2.1 バージョンニテンイチ
  const ab = /^([A-Za-z]+)\.(\d+(?:\.\d+)*)$/.exec(token);
  if (ab && ABBREVIATIONS[ab[1].toLowerCase()]) return ABBREVIATIONS[ab[1].toLowerCase()] + ab[2].split('.').map(readInteger).join('テン');
  if (token.includes('.')) {
    const parts = token.split('.').filter(Boolean);
    return parts.map((p) => readLatin(p)).join('ドット');
  }
  return splitIdentifier(token)
    .map((p) => readWord(p))
    .join('');
}

/** A name as written in a path: a known word with a plural s keeps it (users ユーザーズ, scripts スクリプツ). */
function readName(name: string): string {
  const sing = /^[A-Za-z][a-z]{2,}s$/.test(name) ? lookup(name.slice(0, -1)) : undefined;
  const own = lookup(name);
  return sing && (own === undefined || own === sing) ? plural(sing) : readLatin(name);
}

/** Reads one path segment: a file name with its extension (utils.ts ユーティルズドットティーエス), or a folder. */
function readSegment(seg: string): string {
  if (!seg || seg === '.' || seg === '..') return '';
  if (seg === '~') return 'チルダ';
  const dot = seg.lastIndexOf('.');
  if (dot > 0 && dot < seg.length - 1) return readName(seg.slice(0, dot)) + 'ドット' + readLatin(seg.slice(dot + 1));
  if (dot === 0) return 'ドット' + readLatin(seg.slice(1));
  return readName(seg);
}

/**
 * A URL: the host (without www.) with its port, then the path segment by segment (https://github.com/x/issues →
 * ギットハブ ドット コム エックス イシューズ). The scheme, query and fragment are not read.
 */
export function readUrl(url: string): string {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/\s]*@)?([^/:?#\s]+)(?::(\d+))?([^?#\s]*)/i.exec(url);
  const host = (m ? m[1] : url).replace(/^www\./i, '');
  const parts = [
    host
      .split('.')
      .filter(Boolean)
      .map((p) => readLatin(p))
      .join('ドット'),
  ];
  if (m?.[2]) parts.push(readInteger(String(Number(m[2]))));
  for (const seg of (m?.[3] ?? '').split('/')) parts.push(readSegment(seg));
  return parts.join('');
}

/** A file path is read segment by segment: lib/utils.ts → リブ ユーティルズ ドット ティーエス (drive letters too). */
export function readPath(path: string): string {
  const drive = /^([A-Za-z]):\\/.exec(path);
  const rest = drive ? path.slice(3) : path;
  const parts = drive ? [spellLetters(drive[1]) + 'ドライブ'] : [];
  for (const seg of rest.split(/[\\/]+/)) parts.push(readSegment(seg));
  return parts.join('');
}

/** An e-mail address: local part, アット, host. */
export function readEmail(addr: string): string {
  const at = addr.indexOf('@');
  return readLatin(addr.slice(0, at)) + 'アット' + readUrl(addr.slice(at + 1));
}
