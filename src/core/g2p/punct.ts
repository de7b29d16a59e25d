/**
 * Punctuation and other marks between words. Sentence and clause marks become Kokoro's `. , ? ! : ;` (decision (b)
 * of the reference notes: they give the model pause and intonation cues); brackets and quotes are only word
 * boundaries (misaki's round brackets vanish at tokenization anyway); ・ separates words.
 */

const CLOSE: Record<string, string> = {
  '。': '.', '．': '.', '.': '.', '｡': '.',
  '、': ',', '，': ',', ',': ',', '､': ',',
  '？': '?', '?': '?',
  '！': '!', '!': '!',
  '：': ':', ':': ':',
  '；': ';', ';': ';',
};

const BOUNDARY = new Set(
  Array.from('「」『』（）()《》【】〔〕［］[]{}｛｝«»“”‘’"\'〈〉・･～〜—―‐-…‥/／\\|｜'),
);

export type PunctKind = { emit: string; kind: 'close' | 'open' };

/** How a non-word character is spoken, or undefined when it is not punctuation. */
export function punctuation(ch: string): PunctKind | undefined {
  const c = CLOSE[ch];
  if (c !== undefined) return { emit: c, kind: 'close' };
  if (BOUNDARY.has(ch)) return { emit: '', kind: 'open' };
  return undefined;
}

/** Whitespace of any kind (ideographic space included). */
export function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}
