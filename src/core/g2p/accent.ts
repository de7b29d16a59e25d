/**
 * The accent notation of dictionary readings: a reading may end with `@N`, N being the accent type of a VOICEVOX
 * user-dictionary word (0: flat; k ≥ 1: the pitch falls after the k-th mora), e.g. `ヨミアゲ@0`. Only engines of
 * the VOICEVOX kind use it; Kokoro reads the kana and ignores the accent.
 */

/** Small kana that join the mora before them (キャ, ファ, ヴィ); ッ, ン and ー are morae of their own. */
const JOINING = new Set('ぁぃぅぇぉゃゅょゎァィゥェォャュョヮ');

/** The morae of a kana reading, in order: キャンプー → キャ ン プ ー. */
export function splitMoras(kana: string): string[] {
  const out: string[] = [];
  for (const ch of kana) {
    if (JOINING.has(ch) && out.length > 0) out[out.length - 1] += ch;
    else out.push(ch);
  }
  return out;
}

export interface AccentedReading {
  /** The reading without the accent mark. */
  kana: string;
  /** The accent type, when the reading gives one. */
  accent?: number;
}

/**
 * Splits `reading@N` into its kana and N. A reading without `@` has no accent. An `@` not followed by a whole
 * number is returned as part of the kana, so the kana check reports it.
 */
export function splitAccent(reading: string): AccentedReading {
  const m = /^([^]*?)\s*@\s*(\d{1,3})\s*$/.exec(reading);
  return m ? { kana: m[1].trim(), accent: Number(m[2]) } : { kana: reading };
}

/** Why an accent does not fit its reading (past its last mora), or undefined when it fits; said of the reading. */
export function accentProblem(r: AccentedReading): string | undefined {
  if (r.accent === undefined) return undefined;
  const count = splitMoras(r.kana.replace(/\s+/g, '')).length;
  return r.accent > count ? `has the accent @${r.accent} past its last mora (it has ${count})` : undefined;
}

/** `kana` with the accent mark (none when undefined). */
export function withAccent(kana: string, accent: number | undefined): string {
  return accent === undefined ? kana : `${kana}@${accent}`;
}
