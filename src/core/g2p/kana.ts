/**
 * Kana → Kokoro phonemes, following the rules of misaki's cutlet path (misaki 0.9.4), applied one word at a time:
 * digraphs from the table, the generic small-kana rule, ー → ː, っ → ʔ, ん by the next kana inside the word.
 */
import table from './kana-phonemes.json';

const KANA: Record<string, string> = table.kana;

const SMALL = new Set('ゃゅょぁぃぅぇぉ');

/** Katakana → hiragana (ヷヸヹヺ and ー have no hiragana twin and stay as they are). */
export function toHiragana(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += (c >= 0x30a1 && c <= 0x30f6) || c === 0x30fd || c === 0x30fe ? String.fromCodePoint(c - 0x60) : ch;
  }
  return out;
}

/** Hiragana → katakana. */
export function toKatakana(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += (c >= 0x3041 && c <= 0x3096) || c === 0x309d || c === 0x309e ? String.fromCodePoint(c + 0x60) : ch;
  }
  return out;
}

/** True for hiragana, katakana (incl. ー and small kana) and the kana iteration marks. */
export function isKana(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (c >= 0x3041 && c <= 0x309f) || (c >= 0x30a1 && c <= 0x30ff);
}

/** True when every character of `s` is kana (and s is not empty). */
export function isAllKana(s: string): boolean {
  if (!s) return false;
  for (const ch of s) if (!isKana(ch)) return false;
  return true;
}

/** Adds a dakuten to a hiragana letter when one exists (す → ず), else returns it unchanged. */
function voiced(ch: string): string {
  const v = (ch + '\u3099').normalize('NFC');
  return v.length === 1 ? v : ch;
}

/** ん before a kana whose phonemes start with `first`. */
function nasal(first: string | undefined): string {
  switch (first) {
    case 'm':
    case 'p':
    case 'b':
      return 'm';
    case 'k':
    case 'ɡ':
      return 'ŋ';
    case 'ɲ':
    case 'ʨ':
    case 'ʥ':
      return 'ɲ';
    case 'n':
    case 't':
    case 'd':
    case 'ɾ':
    case 'z':
      return 'n';
    default:
      return 'ɴ';
  }
}

/** One character's phonemes given its neighbours inside the same word (misaki's per-character rules, in order). */
function single(chars: string[], i: number): string {
  const c = chars[i];
  const prev = i > 0 ? chars[i - 1] : '';
  const next = i + 1 < chars.length ? chars[i + 1] : '';
  if (c === 'ゝ') return ''; // misaki emits the previous kana character itself, which the tokenizer drops
  if (c === 'ゞ') return prev ? KANA[voiced(prev)] ?? '' : '';
  if (prev && KANA[prev + c] !== undefined) return KANA[prev + c];
  if (next && KANA[c + next] !== undefined) return '';
  if (next && SMALL.has(next)) {
    if (c === 'っ') return '';
    const own = KANA[c];
    if (own !== undefined) return own.slice(0, -1) + KANA[next];
  }
  if (SMALL.has(c)) return '';
  if (c === 'ー') return 'ː';
  if (c === 'っ') return 'ʔ';
  if (c === 'ん') {
    const following = next ? KANA[next] : undefined;
    return nasal(following ? String.fromCodePoint(following.codePointAt(0)!) : undefined);
  }
  return KANA[c] ?? '';
}

/**
 * Phonemes of one word given as kana (hiragana or katakana). Characters that are not kana yield nothing;
 * ん looks ahead only inside this word, as in misaki.
 */
export function wordToPhonemes(kana: string): string {
  const chars = Array.from(toHiragana(kana));
  let out = '';
  for (let i = 0; i < chars.length; i++) out += single(chars, i);
  return out.replace(/っ/g, '');
}

/** Characters of `kana` that the kana rules cannot read (not kana, not in the table). */
export function unreadableKana(kana: string): string[] {
  let bad: string[] | undefined;
  for (const ch of kana) {
    if (READABLE.has(ch)) continue;
    (bad ??= []).push(ch);
  }
  return bad ?? [];
}

/** Every single character the rules can read, in both scripts. */
const READABLE = new Set<string>(['ー', 'っ', 'ッ', 'ん', 'ン', 'ゝ', 'ゞ', 'ヽ', 'ヾ', ...SMALL, ...toKatakana([...SMALL].join(''))]);
for (const k of Object.keys(KANA)) {
  if (k.length !== 1) continue;
  READABLE.add(k);
  READABLE.add(toKatakana(k));
}
