/**
 * Readings with IPADIC (the flat dictionary and kuromoji-exact lattice in ./ipadic): each token's pronunciation
 * form (long vowels as ー, particles as spoken), grouped into spoken words the way misaki's word list tends to group them (verb + auxiliaries, prefix + noun,
 * noun + suffix), then turned into phonemes by the kana rules.
 */
import type { Analyser, Word } from './types';
import { isAllKana, isKana, toKatakana, unreadableKana } from './kana';
import { isPause, isSpace, punctuation } from '../text/punctuation';
import { kanaWord, punctWord } from './words';
import { pronounce, type Token } from './reading';
import { isKanjiNumeral, readKanjiNumber } from '../text/kanjiNumerals';
import { findDictionary, readDictionaryAsync } from './ipadic/dictionary';
import { IpadicTokenizer, type IpadicToken } from './ipadic/tokenizer';

interface Tokenizer {
  tokenize(text: string): IpadicToken[];
}

export { dictionaryCandidates } from './ipadic/dictionary';

const cache = new Map<string, Promise<Tokenizer>>();

/**
 * The tokenizer over the flat IPADIC file, once per file (one read of the file, tens of milliseconds, done off the
 * thread so that it overlaps whatever the thread does meanwhile, such as creating the ONNX session).
 */
export function loadTokenizer(dictDir?: string): Promise<Tokenizer> {
  const file = findDictionary(dictDir);
  let tk = cache.get(file);
  if (!tk) {
    tk = readDictionaryAsync(file).then((d) => new IpadicTokenizer(d));
    tk.catch(() => cache.delete(file));
    cache.set(file, tk);
  }
  return tk;
}

export async function loadKuromojiAnalyser(dictDir?: string): Promise<Analyser> {
  const tk = await loadTokenizer(dictDir);
  return {
    analyse: (text, unknown) => analyse(tk, text, unknown),
    boundaries: (text) => boundaries(tk, text),
  };
}

/** A group of tokens spoken as one word, with its source range in the analysed text. */
interface Group {
  tokens: Token[];
  start: number;
  end: number;
}

/** kuromoji's lattice gets slow on long stretches without punctuation (0.26 s for 3,600 characters). */
const PIECE = 120;

/**
 * Cut points for long text so that each analysed piece stays short: after punctuation or a space if there is
 * one, else where hiragana (typically a particle or an inflection) meets kanji or katakana.
 */
function pieces(text: string): string[] {
  if (text.length <= PIECE * 1.5) return [text];
  const out: string[] = [];
  let from = 0;
  while (text.length - from > PIECE * 1.5) {
    let cut = -1;
    for (let i = from + PIECE; i > from + PIECE / 3 && cut < 0; i--) {
      if (isSpace(text[i - 1]) || isPause(text[i - 1])) cut = i;
    }
    for (let i = from + PIECE; i > from + PIECE / 3 && cut < 0; i--) {
      if (/[\u3041-\u309f]/.test(text[i - 1]) && /[\p{Script=Han}\u30a1-\u30fa]/u.test(text[i])) cut = i;
    }
    if (cut < 0) cut = from + PIECE;
    if (/[\udc00-\udfff]/.test(text[cut])) cut++; // never split a surrogate pair
    out.push(text.slice(from, cut));
    from = cut;
  }
  out.push(text.slice(from));
  return out;
}

function toTokens(tk: Tokenizer, text: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  for (const piece of pieces(text)) {
    for (const t of tk.tokenize(piece) as Token[]) {
      t.start = pos;
      pos += t.surface_form.length;
      out.push(t);
    }
  }
  const tokens = repairKanaRuns(tk, out);
  for (let i = 0; i < tokens.length; i++) {
    tokens[i].next = tokens[i + 1];
    tokens[i].prev = tokens[i - 1];
  }
  return tokens;
}

/**
 * kuromoji's unknown-word rule swallows long hiragana runs whole (きょうはきゅうりょうびです → き + ょうは…です).
 * A run of kana that yields an unknown token or a token starting with a small kana is re-read piece by piece:
 * the longest prefix that analyses cleanly is taken, then the rest.
 */
const SMALL_START = /^[ゃゅょぁぃぅぇぉっゎャュョァィゥェォッヮー]/;

function repairKanaRuns(tk: Tokenizer, tokens: Token[]): Token[] {
  // Unknown katakana words are normal (loanwords); unknown hiragana runs and words that start with a small kana
  // are the analyser giving up.
  const bad = (t: Token) =>
    isAllKana(t.surface_form) &&
    ((t.word_type === 'UNKNOWN' && /[\u3041-\u309f]/.test(t.surface_form)) || SMALL_START.test(t.surface_form));
  if (!tokens.some(bad)) return tokens;
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isAllKana(tokens[i].surface_form)) {
      out.push(tokens[i++]);
      continue;
    }
    let j = i;
    while (j < tokens.length && isAllKana(tokens[j].surface_form)) j++;
    const run = tokens.slice(i, j);
    if (!run.some(bad)) out.push(...run);
    else out.push(...reread(tk, run.map((t) => t.surface_form).join(''), run[0].start));
    i = j;
  }
  return out;
}

/** Longest piece tried when re-reading a kana run (bounds the work on long all-kana text). */
const REREAD_WINDOW = 24;

function reread(tk: Tokenizer, run: string, start: number): Token[] {
  const out: Token[] = [];
  let from = 0;
  while (from < run.length) {
    let taken: Token[] | undefined;
    for (let end = Math.min(run.length, from + REREAD_WINDOW); end > from; end--) {
      const piece = tk.tokenize(run.slice(from, end));
      const clean = piece.every(
        (t) => !SMALL_START.test(t.surface_form) && (t.word_type === 'KNOWN' || !/[\u3041-\u309f]/.test(t.surface_form)),
      );
      if (clean || end === from + 1) {
        let pos = start + from;
        taken = piece as Token[];
        for (const t of taken) {
          t.start = pos;
          pos += t.surface_form.length;
        }
        from = end;
        break;
      }
    }
    out.push(...taken!);
  }
  return out;
}

const VERBAL = new Set(['動詞', '形容詞', '助動詞']);

/** Whether token `t` is spoken together with the group before it (whose last token is `prev`). */
function attaches(prev: Token, t: Token): boolean {
  if (prev.pos === '接頭詞') return t.pos === '名詞' || t.pos === '動詞' || t.pos === '形容詞';
  if (t.pos === '助動詞') return VERBAL.has(prev.pos);
  if (t.pos === '助詞' && t.pos_detail_1 === '接続助詞' && /^(て|で|ば|ちゃ|じゃ)$/.test(t.surface_form)) {
    return VERBAL.has(prev.pos);
  }
  if (t.pos === '動詞' && t.pos_detail_1 === '接尾') return VERBAL.has(prev.pos);
  // noun + suffix (学生 + さん, 人間 + 中), adjective stem + さ/み (速 + さ)
  if ((t.pos === '名詞' || t.pos === '形容詞') && t.pos_detail_1 === '接尾') return prev.pos === '名詞' || prev.pos === '形容詞';
  if (t.pos === '名詞' && t.pos_detail_1 === '数') return prev.pos === '名詞' && prev.pos_detail_1 === '数';
  return false;
}

function isSymbol(t: Token): boolean {
  if (t.pos === '記号') return true;
  if (t.word_type === 'KNOWN' && t.pos !== '名詞') return false;
  for (const c of t.surface_form) if (!isSpace(c) && punctuation(c) === undefined) return false;
  return true;
}

function group(tokens: Token[]): Group[] {
  const out: Group[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    const end = t.start + t.surface_form.length;
    const prev = last?.tokens[last.tokens.length - 1];
    if (last && prev && !isSymbol(prev) && !isSymbol(t) && attaches(prev, t)) {
      last.tokens.push(t);
      last.end = end;
    } else {
      out.push({ tokens: [t], start: t.start, end });
    }
  }
  return out;
}

/**
 * A kanji numeral run starting at tokens[k] (with the counter after it, if any) read as a number by the
 * normaliser's rules; undefined when there is none or it cannot be read that way.
 */
function numberAt(tokens: Token[], k: number): { surface: string; reading: string; last: number } | undefined {
  const isNum = (t: Token | undefined) => !!t && t.pos === '名詞' && t.pos_detail_1 === '数' && isKanjiNumeral(t.surface_form);
  if (!isNum(tokens[k])) return undefined;
  let m = k;
  let numeral = '';
  while (isNum(tokens[m])) numeral += tokens[m++].surface_form;
  const c = tokens[m];
  const counter = c && c.pos === '名詞' && c.pos_detail_2 === '助数詞' ? c.surface_form : '';
  if (!counter && m - k < 2) return undefined; // a lone 一 or 三 reads fine as it is
  // a calendar day: after a month (五月一日) or before 付/締/号 (一日付 ツイタチヅケ)
  const dateContext = counter === '日' && (/月$/.test(tokens[k].prev?.surface_form ?? '') || /^(?:付|締|号)/.test(c.next?.surface_form ?? ''));
  const reading = readKanjiNumber(numeral, counter, dateContext);
  if (reading === undefined) return undefined;
  return { surface: numeral + counter, reading, last: counter ? m : m - 1 };
}

/**
 * kuromoji throws on lone surrogates and C0/C1 control characters; they become spaces (same length, so offsets
 * hold), and a lone surrogate is reported as unreadable.
 */
function sanitize(text: string, unknown: string[]): string {
  if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/.test(text)) return text;
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
      unknown.push(c);
      return ' ';
    });
}

/**
 * The analyser sees ASCII marks in their full-width form: IPADIC knows those as symbols but takes ASCII ones for
 * nouns (TODO: 後で would read ゴデ). Same length, so offsets hold; `symbolTokens` puts the marks back.
 */
function asSymbols(text: string): string {
  return text.replace(/[():;!?,.[\]]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

function symbolTokens(tk: Tokenizer, text: string): Token[] {
  const tokens = toTokens(tk, asSymbols(text));
  for (const t of tokens) {
    if (/[\uff01-\uff5e]/.test(t.surface_form)) t.surface_form = text.slice(t.start, t.start + t.surface_form.length);
  }
  return tokens;
}

function analyse(tk: Tokenizer, raw: string, unknown: string[]): Word[] {
  const text = sanitize(raw, unknown);
  const words: Word[] = [];
  for (const g of group(symbolTokens(tk, text))) {
    if (g.tokens.length === 1 && isSymbol(g.tokens[0])) {
      for (const ch of g.tokens[0].surface_form) {
        if (isSpace(ch)) continue;
        const p = punctWord(ch);
        if (p) words.push(p);
        else unknown.push(ch);
      }
      continue;
    }
    let surface = '';
    let kana = '';
    const flush = () => {
      if (kana) {
        unknown.push(...unreadableKana(kana));
        words.push(kanaWord(surface, kana));
      }
      surface = kana = '';
    };
    for (let k = 0; k < g.tokens.length; k++) {
      const t = g.tokens[k];
      const num = numberAt(g.tokens, k);
      if (num) {
        surface += num.surface;
        kana += num.reading;
        k = num.last;
        continue;
      }
      const r = pronounce(t, g.tokens[k - 1], kana);
      surface += t.surface_form;
      if (r === undefined) {
        // Keep any kana the unreadable token carries (a mixed unknown word like 㐂ちゃん), and the punctuation an
        // unknown symbol token swallowed (‡)。 is one token: the ) and 。 still pause).
        for (const ch of t.surface_form) {
          const p = isKana(ch) || isSpace(ch) ? undefined : punctWord(ch);
          if (p) {
            flush();
            words.push(p);
          } else if (isKana(ch)) kana += toKatakana(ch);
          else if (!isSpace(ch)) unknown.push(ch);
        }
      } else {
        kana += r;
      }
    }
    flush();
  }
  return words;
}

function boundaries(tk: Tokenizer, raw: string): number[] {
  const text = sanitize(raw, []);
  return group(symbolTokens(tk, text))
    .map((g) => g.end)
    .filter((e) => e > 0 && e < text.length);
}
