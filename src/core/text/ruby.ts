/**
 * Ruby (furigana written inline) is the reading of its base, read once instead of base + reading. The forms of
 * Aozora Bunko and of the web-novel sites:
 *
 *   ｜base《ruby》   the bar marks where the base starts; any ruby (kana is the reading, other text is read instead)
 *   漢字《かんじ》    no bar: the base is the run of kanji (or of katakana, or of Latin letters) before 《; kana ruby only
 *   ｜base（ruby）   the bar makes parentheses ruby too (half-width | and ( ) as well); kana ruby only
 *   漢字（かんじ）    no bar: only a candidate. Kana in brackets after kanji is often a reading, but just as often a
 *                  remark (結果（まあまあ）), so the g2p layer keeps it as ruby only when the analyser reads the base
 *                  that way too (`candidate`); otherwise both are read, as written.
 *
 * No `vscode` import; text → g2p, never the other way.
 */

export interface RubyPiece {
  /** The source text of this piece (for ruby: the base; for a candidate: the whole, brackets included). */
  text: string;
  /** For ruby: the kana reading of the base. */
  reading?: string;
  /** For ruby: the base (read as the analyser says it when that matches the ruby: its long vowels, its accent). */
  base?: string;
  /** A candidate (no bar, brackets): ruby only when the analyser reads the base as `reading`. */
  candidate?: boolean;
}

const KANA = String.raw`[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30feー]`;
const KANJI = String.raw`[\p{Script=Han}々〆ヵヶ]`;
const BAR = '[｜|]';
/** A base after a bar: no spaces, bars, brackets or line breaks. */
const BASE = String.raw`[^\s|｜《》()（）「」『』]{1,30}`;

const RUBY = new RegExp(
  [
    String.raw`${BAR}(?<b1>${BASE})《(?<r1>[^《》\n]{1,40})》`,
    String.raw`(?<b2>${KANJI}+|[\p{Script=Katakana}ー]+|[A-Za-zＡ-Ｚａ-ｚ0-9０-９]+)《(?<r2>${KANA}{1,40})》`,
    String.raw`${BAR}(?<b3>${BASE})[(（](?<r3>${KANA}{1,40})[)）]`,
    String.raw`(?<b4>${KANJI}+)[(（](?<r4>(?:[\u3041-\u3096ー]{1,40}|[\u30a1-\u30faー]{1,40}))[)）]`,
  ].join('|'),
  'gu',
);

const ALL_KANA = new RegExp(`^${KANA}+$`, 'u');

/** Splits `text` into plain pieces and ruby pieces; plain text only (no ruby) gives one piece. */
export function splitRuby(text: string): RubyPiece[] {
  if (!/[《(（]/.test(text)) return [{ text }];
  const out: RubyPiece[] = [];
  let pos = 0;
  const plain = (s: string) => {
    if (s) out.push({ text: s });
  };
  for (const m of text.matchAll(RUBY)) {
    const g = m.groups!;
    plain(text.slice(pos, m.index));
    pos = m.index! + m[0].length;
    if (g.b1 !== undefined) {
      if (ALL_KANA.test(g.r1)) out.push({ text: g.b1, reading: g.r1, base: g.b1 });
      else plain(g.r1); // ｜魔法《マジック》 is kana; ｜魔法《magic》 reads the ruby in its place
    } else if (g.b2 !== undefined) out.push({ text: g.b2, reading: g.r2, base: g.b2 });
    else if (g.b3 !== undefined) out.push({ text: g.b3, reading: g.r3, base: g.b3 });
    else out.push({ text: m[0], reading: g.r4, base: g.b4, candidate: true });
  }
  plain(text.slice(pos));
  return out.length ? out : [{ text }];
}

/** Ranges [start, end) of the ruby in `text`, base and brackets included (a chunk must not be cut inside one). */
export function rubyRanges(text: string): Array<[number, number]> {
  if (!/[《(（]/.test(text)) return [];
  return Array.from(text.matchAll(RUBY), (m): [number, number] => [m.index!, m.index! + m[0].length]);
}
