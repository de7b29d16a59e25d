/**
 * Normalisation before reading. The text becomes segments: plain Japanese text for the morphological analyser,
 * or a fixed katakana reading (pronunciation form, e.g. 10 → ジュー, 3本 → サンボン) that bypasses the analyser.
 *
 * Order: ruby split off (ruby.ts), control characters and terminal escape sequences out, wave dash before a digit → から, small Phonetic-Extension katakana → full size, NFKC, light markup
 * removal (Markdown / comment markers), then one left-to-right scan that reads URLs, e-mail addresses, paths,
 * dates, times, numbers with counters, Latin words and symbols. Works on any piece of text on its own.
 */
import { applyCounter, counterRejects, matchCounter, readDigits, readInteger, readNumberExpression } from './numbers';
import { readDate, readTime } from './dates';
import { PHRASES, SYMBOL_NAMES, lookupPhrase, readEmail, readLatin, readPath, readUrl, spellLetters } from './latin';
import { removeMarkup } from './markup';
import { stripControls } from './controls';
import { splitRuby } from './ruby';
import { DATE_NEAR, readArrow, readFraction, readIpAddress, readSymbols, readVersion } from './symbols';

export interface Segment {
  text: string;
  /** When set, speak exactly this katakana reading instead of analysing `text`. */
  reading?: string;
  /** Ruby: `reading` (kana) is the reading of this base (ruby.ts). */
  base?: string;
  /** Ruby that only the analyser can confirm (no bar): what to read instead when it does not. */
  asWritten?: Segment[];
}

export { stripMarkup } from './markup';

const SMALL_KATAKANA: Record<string, string> = {
  'ㇰ': 'ク', 'ㇱ': 'シ', 'ㇲ': 'ス', 'ㇳ': 'ト', 'ㇴ': 'ヌ', 'ㇵ': 'ハ', 'ㇶ': 'ヒ', 'ㇷ': 'フ',
  'ㇸ': 'ヘ', 'ㇹ': 'ホ', 'ㇺ': 'ム', 'ㇻ': 'ラ', 'ㇼ': 'リ', 'ㇽ': 'ル', 'ㇾ': 'レ', 'ㇿ': 'ロ',
};

const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Character folding: terminal escapes and control characters out (controls.ts), wave dash ranges, small katakana, NFKC (full-width ASCII → ASCII, half-width kana → full). */
export function foldCharacters(text: string): string {
  let t = stripControls(text).replace(/[〜～](?=[ \u3000]?[0-9０-９])/g, 'から');
  t = t.replace(/(?<=[0-9０-９][ \u3000]?)~(?=[ \u3000]?[0-9０-９])/g, 'から');
  t = t.replace(/[\u31F0-\u31FF]/g, (c) => SMALL_KATAKANA[c] ?? c);
  t = t.normalize('NFKC');
  // NFKC leaves the minus sign and some dashes alone; treat them as a hyphen-minus before digits.
  t = t.replace(/[\u2212\u2012\u2013](?=\d)/g, '-');
  return t;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const NUM = String.raw`(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?`;
const WEEKDAY = String.raw`\s*[（(][月火水木金土日](?:曜日?)?[)）]`;
const SCAN = new RegExp(
  [
    // URL
    String.raw`(?<url>(?:https?|ftp|file|ssh|git):\/\/[A-Za-z0-9\-._~:\/?#@!$&*+,;=%]+|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:\/[A-Za-z0-9\-._~:\/?#@!$&*+,;=%]*)?)`,
    // e-mail
    String.raw`(?<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)`,
    // IPv4 address (digit by digit, dots テン) with an optional port: 192.168.0.1:8080; one part has two digits
    // or more, so a four-part version 1.2.3.4 stays a version
    String.raw`(?<![\w.])(?=(?:\d+\.){0,3}\d\d)(?<ip>(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d))(?::(?<ipport>\d{1,5}))?(?![\w.])`,
    // date yyyy/mm/dd, yyyy-mm-dd, yyyy.mm.dd (same separator), optionally ISO time after T
    String.raw`(?<![\d.])(?<y>\d{4})(?<sep>[\/.-])(?<mo>\d{1,2})\k<sep>(?<d>\d{1,2})` +
      String.raw`(?:T(?<ih>\d{1,2}):(?<imi>\d{2})(?::(?<is>\d{2}))?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d])`,
    // month/day with a weekday after it: 11/23(日)
    String.raw`(?<![\d\/.])(?<mm>\d{1,2})\/(?<md>\d{1,2})(?=${WEEKDAY})`,
    // fraction 2/5 (ゴブンノニ): a smaller number over a larger one, not a date (dates carry a weekday, above)
    String.raw`(?<![\w.\/])(?<fn>\d{1,4})\/(?<fd>\d{1,4})(?![\w\/]|\.\d)`,
    // path: absolute (two or more parts), home, Windows, relative with an extension or with two or more slashes
    String.raw`(?<path>(?:~|\.{1,2})?(?:\/[A-Za-z0-9._@+-]+){2,}\/?|~\/[A-Za-z0-9._@+\/-]*|[A-Za-z]:\\[^\s"'<>|*?]+|(?:[A-Za-z0-9._@-]+\/)+[A-Za-z0-9_@-]+\.[A-Za-z0-9]{1,6}(?![A-Za-z0-9])|[A-Za-z0-9._@-]*[A-Za-z][A-Za-z0-9._@-]*(?:\/[A-Za-z0-9._@-]+){2,}\/?)`,
    // a dot file or folder: .gitignore, .github
    String.raw`(?<dotfile>(?<![\w.\/])\.[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9]+)*)`,
    // clock time
    String.raw`(?<![\d:.])(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2}))?(?![\d:])`,
    // sizes 1920x1080 (カケル), version wildcards 3.x / v2.1.x
    String.raw`(?<![\w.])(?<dw>[1-9]\d*)[xX×](?<dh>\d+)(?![\w.])`,
    String.raw`(?<![\w.])(?<wild>[vV]?\d+(?:\.\d+)*\.[xX])(?![A-Za-z0-9])`,
    // hexadecimal 0x1F, version numbers v1.2.3
    String.raw`(?<![\w.])(?<hexver>0[xX][0-9A-Fa-f]+(?![\w])|[vV]?\d+(?:\.\d+){2,}(?![\d]))`,
    // number: 第, sign, currency, digits (with separators, decimals, 万億兆京)
    String.raw`(?<dai>第)?(?<sign>(?<![\w.)\]])-)?(?<cur>[¥$€£])?(?<num>${NUM}(?:[万億兆京](?:${NUM})?)*)`,
    // phrases from the word table (VS Code, C++, Node.js)
    `(?<phrase>(?<![A-Za-z0-9])(?:${PHRASES.map(esc).join('|').replace(/ /g, '\\s+')})(?![A-Za-z0-9+#]))`,
    // Latin word or identifier
    String.raw`(?<latin>[A-Za-z][A-Za-z0-9]*(?:['_.-][A-Za-z0-9]+)*)`,
    // emoji, pictographs and other symbols (with joiners and variation selectors)
    String.raw`(?<emoji>(?:[\p{Extended_Pictographic}\p{So}\p{Regional_Indicator}\u2190-\u21FF\u2500-\u25FF\u27F0-\u27FF\u2900-\u297F\u2B00-\u2BFF][\u200D\uFE0E\uFE0F\u20E3\u{1F3FB}-\u{1F3FF}]*)+)`,
    // named symbols, or marks that are never read
    `(?<sym>[${Object.keys(SYMBOL_NAMES).map(esc).join('')}]|[_*\`#|\\\\^~<>{}\\[\\]\\u200B-\\u200D\\uFE0F])`,
  ].join('|'),
  'iuy',
);

const WEEKDAY_AT = new RegExp(String.raw`\s*[（(]([月火水木金土日])(?:曜日?)?[)）]`, 'y');
const WEEKDAY_NAMES: Record<string, string> = { 月: 'ゲツ', 火: 'カ', 水: 'スイ', 木: 'モク', 金: 'キン', 土: 'ド', 日: 'ニチ' };

/** A weekday in brackets right after a date, (木) or （木曜日）, read as モクヨービ. */
function weekdayAt(t: string, pos: number): { length: number; reading: string } | undefined {
  WEEKDAY_AT.lastIndex = pos;
  const w = WEEKDAY_AT.exec(t);
  return w ? { length: w[0].length, reading: WEEKDAY_NAMES[w[1]] + 'ヨービ' } : undefined;
}

interface ScanGroups {
  [name: string]: string | undefined;
}

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
  return splitRuby(stripControls(text)).flatMap((p): Segment[] => {
    if (p.reading === undefined) return normalizePlain(p.text, opts);
    return [{ text: p.text, reading: p.reading, base: p.base, ...(p.candidate ? { asWritten: normalizePlain(p.text, opts) } : {}) }];
  });
}

function normalizePlain(text: string, opts: NormalizeOptions): Segment[] {
  if (!text) return [];
  let t = foldCharacters(text);
  t = removeMarkup(t, opts.languageId);
  // Entities are decoded after markup removal: &lt;div&gt; is visible text, not a tag.
  if (t.includes('&')) t = t.replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_m, e: string) => HTML_ENTITIES[e]);
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
    const g = m.groups as ScanGroups;
    if (g.url !== undefined) {
      // Sentence punctuation right after a URL is not part of it.
      const url = g.url.replace(/[.,;:!?]+$/, '');
      end = m.index + url.length;
      read(url, readUrl(url));
    } else if (g.email !== undefined) read(m[0], readEmail(g.email));
    else if (g.ip !== undefined) read(m[0], readIpAddress(g.ip, g.ipport));
    else if (g.y !== undefined) {
      const parts = readDate(g.y, g.mo as string, g.d as string);
      if (parts) for (const p of parts) read(p.text, p.reading);
      else read(m[0], [g.y, g.mo as string, g.d as string].map((x) => readInteger(x)).join(''));
      if (parts && g.ih !== undefined) for (const p of readTime(g.ih, g.imi as string, g.is) ?? []) read(p.text, p.reading);
    } else if (g.mm !== undefined) {
      const parts = readDate('', g.mm, g.md as string);
      if (parts) for (const p of parts) read(p.text, p.reading);
      else read(m[0], readInteger(g.mm) + readInteger(g.md as string));
    }
    if ((g.y !== undefined && g.ih === undefined) || g.mm !== undefined) {
      const w = weekdayAt(t, end);
      if (w) {
        read(t.slice(end, end + w.length), w.reading);
        end += w.length;
      }
    } else if (g.fn !== undefined) {
      if (Number(g.fn) < Number(g.fd) && !DATE_NEAR.test(t.slice(end, end + 6))) read(m[0], readFraction(g.fn, g.fd as string));
      else read(m[0], readInteger(g.fn) + ' ' + readInteger(g.fd as string));
    } else if (g.path !== undefined) read(m[0], readPath(g.path));
    else if (g.dotfile !== undefined) read(m[0], readPath(g.dotfile));
    else if (g.dw !== undefined) read(m[0], readInteger(g.dw) + 'カケル' + readInteger(g.dh as string));
    else if (g.wild !== undefined) read(m[0], readVersion(g.wild));
    else if (g.h !== undefined) {
      const parts = readTime(g.h, g.mi as string, g.s);
      if (parts) for (const p of parts) read(p.text, p.reading);
      else read(m[0], [g.h, g.mi as string, g.s ?? ''].filter(Boolean).map((x) => readInteger(x)).join(''));
    } else if (g.hexver !== undefined) {
      if (/^0x/i.test(g.hexver)) read(m[0], 'ゼロエックス' + spellLetters(g.hexver.slice(2)));
      else read(m[0], readVersion(g.hexver));
    } else if (g.num !== undefined) {
      end = readNumber(t, m, g, end, read);
    } else if (g.phrase !== undefined) read(m[0], lookupPhrase(g.phrase) ?? readLatin(g.phrase));
    else if (g.latin !== undefined) read(m[0], readLatin(g.latin));
    else {
      // $ is read as ドル only before an amount (handled with the number); in code ($el, ${x}) it is skipped.
      // Arrows by context (1.2 → 1.3 カラ, 設定 → 表示 ヤジルシ); key symbols by name (⌘⇧P).
      const name = m[0] === '$' ? undefined : readArrow(t, m.index, end) ?? readSymbols(m[0]);
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
function readNumber(t: string, m: RegExpExecArray, g: ScanGroups, end: number, read: (s: string, r: string) => void): number {
  const numStart = m.index + (g.dai?.length ?? 0) + (g.sign?.length ?? 0) + (g.cur?.length ?? 0);
  const expr = g.num as string;
  let reading: string;
  let integer: string | undefined;
  let phone: RegExpExecArray | null = null;
  if (/^0\d{1,4}$/.test(expr) && !g.dai && !g.sign && !g.cur && (phone = /^(?:-\d{1,4}){1,2}(?![\d-])/.exec(t.slice(end, end + 12)))) {
    // Telephone numbers 03-1234-5678: digit by digit, the hyphens read ノ.
    const r = [expr, ...phone[0].slice(1).split('-')].map((d) => readDigits(d, true)).join('ノ');
    read(expr + phone[0], r);
    return end + phone[0].length;
  }
  if (/^0\d/.test(expr) && !/[.,万億兆京]/.test(expr)) reading = readDigits(expr);
  else ({ reading, integer } = readNumberExpression(expr));
  let text = m[0];
  if (g.cur) {
    const cur = g.cur;
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
      } else if (t[end] === '毎' && !/[\p{sc=Han}]/u.test(t[end + 1] ?? '')) {
        // 〜毎 after a counter is ごと: 1行毎 イチギョーゴト, 5 分毎 ゴフンゴト
        reading += 'ゴト';
        text += '毎';
        end += 1;
      }
      const w = key === '日' ? weekdayAt(t, end) : undefined;
      if (w) {
        reading += w.reading;
        text += t.slice(end, end + w.length);
        end += w.length;
      }
    }
  }
  if (!g.cur && text === m[0]) {
    // English ordinal suffixes: 1st ファースト, 2nd セカンド, 3rd サード; others keep the number (4th → ヨン).
    const ord = /^(st|nd|rd|th)(?![A-Za-z])/.exec(t.slice(end, end + 3));
    if (ord) {
      const en: Record<string, string> = { '1st': 'ファースト', '2nd': 'セカンド', '3rd': 'サード' };
      if (en[expr + ord[1]]) reading = en[expr + ord[1]];
      text += ord[1];
      end += ord[1].length;
    }
  }
  if (g.sign) reading = 'マイナス' + reading;
  if (g.dai) reading = 'ダイ' + reading;
  read(text, reading);
  return end;
}
