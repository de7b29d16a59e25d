/**
 * Normalisation before reading. The text becomes segments: plain Japanese text for the morphological analyser,
 * or a fixed katakana reading (pronunciation form, e.g. 10 → ジュー, 3本 → サンボン) that bypasses the analyser.
 *
 * Order: wave dash before a digit → から, small Phonetic-Extension katakana → full size, NFKC, light markup
 * removal (Markdown / comment markers), then one left-to-right scan that reads URLs, e-mail addresses, paths,
 * dates, times, numbers with counters, Latin words and symbols. Works on any piece of text on its own.
 */
import { applyCounter, counterRejects, matchCounter, readDigits, readInteger, readNumberExpression } from './numbers';
import { readDate, readTime } from './dates';
import { PHRASES, SYMBOL_NAMES, lookupPhrase, readEmail, readLatin, readPath, readUrl, spellLetters } from './latin';
import { removeMarkup } from './markup';

export interface Segment {
  text: string;
  /** When set, speak exactly this katakana reading instead of analysing `text`. */
  reading?: string;
}

export { stripMarkup } from './markup';

const SMALL_KATAKANA: Record<string, string> = {
  'ㇰ': 'ク', 'ㇱ': 'シ', 'ㇲ': 'ス', 'ㇳ': 'ト', 'ㇴ': 'ヌ', 'ㇵ': 'ハ', 'ㇶ': 'ヒ', 'ㇷ': 'フ',
  'ㇸ': 'ヘ', 'ㇹ': 'ホ', 'ㇺ': 'ム', 'ㇻ': 'ラ', 'ㇼ': 'リ', 'ㇽ': 'ル', 'ㇾ': 'レ', 'ㇿ': 'ロ',
};

/** Character folding: wave dash ranges, small katakana, NFKC (full-width ASCII → ASCII, half-width kana → full). */
export function foldCharacters(text: string): string {
  let t = text.replace(/[〜～](?=[0-9０-９])/g, 'から');
  t = t.replace(/(?<=[0-9０-９])~(?=[0-9０-９])/g, 'から');
  t = t.replace(/[\u31F0-\u31FF]/g, (c) => SMALL_KATAKANA[c] ?? c);
  t = t.normalize('NFKC');
  // NFKC leaves the minus sign and some dashes alone; treat them as a hyphen-minus before digits.
  t = t.replace(/[\u2212\u2012\u2013](?=\d)/g, '-');
  return t;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const NUM = String.raw`(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?`;
const SCAN = new RegExp(
  [
    // 1 URL
    String.raw`((?:https?|ftp|file|ssh|git):\/\/[A-Za-z0-9\-._~:\/?#@!$&*+,;=%]+|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:\/[A-Za-z0-9\-._~:\/?#@!$&*+,;=%]*)?)`,
    // 2 e-mail
    String.raw`([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)`,
    // 3-6 date yyyy/mm/dd, yyyy-mm-dd, yyyy.mm.dd (same separator)
    String.raw`(?<![\d.])(\d{4})([\/.-])(\d{1,2})\4(\d{1,2})(?![\d])`,
    // 7 path: absolute (two or more parts), home, Windows, or relative with an extension
    String.raw`((?:~|\.{1,2})?(?:\/[A-Za-z0-9._@+-]+){2,}\/?|~\/[A-Za-z0-9._@+\/-]*|[A-Za-z]:\\[^\s"'<>|*?]+|(?:[A-Za-z0-9._@-]+\/)+[A-Za-z0-9_@-]+\.[A-Za-z0-9]{1,6}(?![A-Za-z0-9]))`,
    // 8-10 clock time
    String.raw`(?<![\d:.])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])`,
    // 11 hexadecimal 0x1F, version numbers v1.2.3
    String.raw`(?<![\w.])(0[xX][0-9A-Fa-f]+(?![\w])|[vV]?\d+(?:\.\d+){2,}(?![\d]))`,
    // 12 第, 13 sign, 14 currency, 15 number
    String.raw`(第)?((?<![\w.)\]])-)?([¥$€£])?(${NUM}(?:[万億兆京](?:${NUM})?)*)`,
    // 16 phrases from the word table (VS Code, C++, Node.js)
    `((?<![A-Za-z0-9])(?:${PHRASES.map(esc).join('|').replace(/ /g, '\\s+')})(?![A-Za-z0-9+#]))`,
    // 17 Latin word or identifier
    String.raw`([A-Za-z][A-Za-z0-9]*(?:['_.-][A-Za-z0-9]+)*)`,
    // 18 emoji, pictographs and other symbols (with joiners and variation selectors)
    String.raw`((?:[\p{Extended_Pictographic}\p{So}\p{Regional_Indicator}\u2190-\u21FF\u2500-\u25FF\u27F0-\u27FF\u2900-\u297F\u2B00-\u2BFF][\u200D\uFE0E\uFE0F\u20E3\u{1F3FB}-\u{1F3FF}]*)+)`,
    // 19 named symbols, or marks that are never read
    `([${Object.keys(SYMBOL_NAMES).map(esc).join('')}]|[_*\`#|\\\\^~<>{}\\[\\]\\u200B-\\u200D\\uFE0F])`,
  ].join('|'),
  'iuy',
);

/**
 * Characters where a SCAN match can start. Plain Japanese text is skipped with this one cheap class instead of
 * trying every alternative of SCAN at every position.
 */
const START = new RegExp(
  String.raw`[0-9A-Za-z第¥$€£~./\\\-+_%*` + '`' + String.raw`#|^<>{}\[\]\u200B-\u200D\uFE0F\p{Extended_Pictographic}\p{So}\p{Regional_Indicator}` +
    String.raw`\u2190-\u21FF\u2500-\u25FF\u27F0-\u27FF\u2900-\u297F\u2B00-\u2BFF` +
    `${Object.keys(SYMBOL_NAMES).map(esc).join('')}]`,
  'gu',
);

/** The next SCAN match at or after `from` (same result as a global search, found faster). */
function nextMatch(t: string, from: number): RegExpExecArray | null {
  START.lastIndex = from;
  let s: RegExpExecArray | null;
  while ((s = START.exec(t))) {
    SCAN.lastIndex = s.index;
    const m = SCAN.exec(t);
    if (m) return m;
    START.lastIndex = s.index + s[0].length;
  }
  return null;
}

/** Characters that make a bare 1日 a calendar date when they follow it (1日から, 1日付, 1日(月)). */
const DATE_AFTER = /^(?:\s*[（(][月火水木金土日][)）]|付|号|締|発売|公開|から|まで|〆|朝|夜|午前|午後)/;

function isDateDay(text: string, numStart: number, afterCounter: number): boolean {
  let p = numStart - 1;
  while (p >= 0 && (text[p] === ' ' || text[p] === '\u3000')) p--;
  if (p >= 0 && text[p] === '月') return true;
  return DATE_AFTER.test(text.slice(afterCounter, afterCounter + 8));
}

export interface NormalizeOptions {
  /** VS Code language id, for comment-marker removal (markdown, typescript, python, …). */
  languageId?: string;
}

export function normalize(text: string, opts: NormalizeOptions = {}): Segment[] {
  if (!text) return [];
  let t = foldCharacters(text);
  t = removeMarkup(t, opts.languageId);
  const out: Segment[] = [];
  const plain = (s: string) => {
    if (!s) return;
    const last = out[out.length - 1];
    if (last && last.reading === undefined) last.text += s;
    else out.push({ text: s });
  };
  const read = (s: string, reading: string) => {
    if (reading) out.push({ text: s, reading });
    else plain(' ');
  };

  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = nextMatch(t, pos))) {
    if (m.index > pos) plain(t.slice(pos, m.index));
    let end = m.index + m[0].length;
    if (m[1] !== undefined) {
      // Sentence punctuation right after a URL is not part of it.
      const url = m[1].replace(/[.,;:!?]+$/, '');
      end = m.index + url.length;
      read(url, readUrl(url));
    }
    else if (m[2] !== undefined) read(m[0], readEmail(m[2]));
    else if (m[3] !== undefined) {
      const parts = readDate(m[3], m[5], m[6]);
      if (parts) for (const p of parts) read(p.text, p.reading);
      else read(m[0], [m[3], m[5], m[6]].map(readInteger).join(''));
    } else if (m[7] !== undefined) read(m[0], readPath(m[7]));
    else if (m[8] !== undefined) {
      const parts = readTime(m[8], m[9], m[10]);
      if (parts) for (const p of parts) read(p.text, p.reading);
      else read(m[0], [m[8], m[9], m[10] ?? ''].filter(Boolean).map(readInteger).join(''));
    } else if (m[11] !== undefined) {
      if (/^0x/i.test(m[11])) read(m[0], 'ゼロエックス' + spellLetters(m[11].slice(2)));
      else read(m[0], (/^v/i.test(m[11]) ? 'ブイ' : '') + m[11].replace(/^[vV]/, '').split('.').map(readInteger).join('テン'));
    } else if (m[15] !== undefined) {
      end = readNumber(t, m, end, read);
    } else if (m[16] !== undefined) read(m[0], lookupPhrase(m[16]) ?? readLatin(m[16]));
    else if (m[17] !== undefined) read(m[0], readLatin(m[17]));
    else if (m[18] !== undefined) {
      const name = SYMBOL_NAMES[m[18]];
      if (name) read(m[0], name);
      else plain(' ');
    }
    else if (m[19] !== undefined) {
      const name = SYMBOL_NAMES[m[19]];
      if (name) read(m[0], name);
      else plain(' ');
    }
    pos = end;
  }
  if (pos < t.length) plain(t.slice(pos));
  // Spaces carry nothing in Japanese text: collapse them, and drop them at segment ends and next to non-ASCII.
  for (const s of out) {
    if (s.reading !== undefined) continue;
    s.text = s.text
      .replace(/[ \t\u3000]+/g, ' ')
      .replace(/ ?\n ?/g, '\n')
      .replace(/^ | $/g, '')
      .replace(/ (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) /g, '');
  }
  const first = out[0];
  if (first && first.reading === undefined) first.text = first.text.replace(/^\s+/, '');
  const last = out[out.length - 1];
  if (last && last.reading === undefined) last.text = last.text.replace(/\s+$/, '');
  return out.filter((s) => s.reading !== undefined || /\S/.test(s.text));
}

const CURRENCY: Record<string, string> = { '¥': '円', $: 'ドル', '€': 'ユーロ' };

/** Reads a number match (with 第, sign, currency and a following counter); returns the end of what it consumed. */
function readNumber(t: string, m: RegExpExecArray, end: number, read: (s: string, r: string) => void): number {
  const numStart = m.index + (m[12]?.length ?? 0) + (m[13]?.length ?? 0) + (m[14]?.length ?? 0);
  const expr = m[15];
  let reading: string;
  let integer: string | undefined;
  let phone: RegExpExecArray | null = null;
  if (/^0\d{1,4}$/.test(expr) && !m[12] && !m[13] && !m[14] && (phone = /^(?:-\d{1,4}){1,2}(?![\d-])/.exec(t.slice(end, end + 12)))) {
    // Telephone numbers 03-1234-5678: digit by digit, the hyphens read ノ.
    const r = [expr, ...phone[0].slice(1).split('-')].map((d) => readDigits(d, true)).join('ノ');
    read(expr + phone[0], r);
    return end + phone[0].length;
  }
  if (/^0\d/.test(expr) && !/[.,万億兆京]/.test(expr)) reading = readDigits(expr);
  else ({ reading, integer } = readNumberExpression(expr));
  let text = m[0];
  if (m[14]) {
    const cur = m[14];
    reading = CURRENCY[cur] ? applyCounter(reading, integer, CURRENCY[cur]) : reading + 'ポンド';
  } else {
    const counter = matchCounter(t, end);
    if (counter && !counterRejects(counter, integer)) {
      const key = counter.trim();
      const date = key === '日' && isDateDay(t, numStart, end + counter.length);
      // Fractions: 3分の1 サンブンノイチ (分 as "part", not minutes).
      if (key === '分' && t[end + 1] === 'の' && /[\d一二三四五六七八九十百千]/.test(t[end + 2] ?? '')) reading += 'ブン';
      else reading = applyCounter(reading, integer, key, date);
      text += counter;
      end += counter.length;
      if (t[end] === '目') {
        reading += 'メ';
        text += '目';
        end += 1;
      }
    }
  }
  if (!m[14] && text === m[0]) {
    // English ordinal suffixes: 1st ファースト, 2nd セカンド, 3rd サード; others keep the number (4th → ヨン).
    const ord = /^(st|nd|rd|th)(?![A-Za-z])/.exec(t.slice(end, end + 3));
    if (ord) {
      const en: Record<string, string> = { '1st': 'ファースト', '2nd': 'セカンド', '3rd': 'サード' };
      if (en[expr + ord[1]]) reading = en[expr + ord[1]];
      text += ord[1];
      end += ord[1].length;
    }
  }
  if (m[13]) reading = 'マイナス' + reading;
  if (m[12]) reading = 'ダイ' + reading;
  read(text, reading);
  return end;
}
