/**
 * Normalisation before reading (contract; the full rules live beside this file).
 * The text becomes segments: plain Japanese text for the morphological analyser, or a fixed katakana
 * reading (pronunciation form, e.g. 10 → ジュー, 3本 → サンボン) that bypasses the analyser.
 */
export interface Segment {
  text: string;
  /** When set, speak exactly this katakana reading instead of analysing `text`. */
  reading?: string;
}

export function normalize(text: string): Segment[] {
  const t = text.normalize('NFKC');
  return t ? [{ text: t }] : [];
}
