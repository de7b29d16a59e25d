/**
 * Accents from the user dictionary (`読み上げ: ヨミアゲ@0`) applied to a VOICEVOX-compatible engine's AudioQuery.
 *
 * The query is adjusted, not the engine: Yomiage does not call POST /user_dict_word (with its accent_type), because
 * that writes into the user's engine, whose dictionary every other application using that engine shares and which
 * outlives Yomiage's setting. Instead, after POST /audio_query, the accent phrase that starts with the word's morae
 * (the word was sent as its katakana, see dictionary.ts) gets the word's accent, and the engine recomputes the pitch
 * of the changed phrases (POST /mora_data) before POST /synthesis.
 *
 * How the engine writes an accent (VOICEVOX ENGINE, voicevox_engine/tts_pipeline/text_analyzer.py and
 * kana_converter.py): AccentPhrase.accent is the 1-based mora after which the pitch falls, taken from OpenJTalk's
 * full-context label F2 and clipped to the phrase's mora count; a phrase has exactly one accent (AquesTalk-style kana
 * put one `'` per phrase, never before the first mora). A flat (heiban) phrase has no fall, and OpenJTalk's label then
 * carries the phrase's mora count (こんにちは, heiban, is labelled F:5_5), so flat is written accent = number of morae
 * of the phrase: the word and the particles after it stay high. No `vscode` import.
 */
import { splitMoras } from '../../g2p/accent';
import vowels from './vowels.json';

/** A dictionary word as sent to the engine (katakana) with its accent (0 = flat, k = falls after mora k). */
export interface WordAccent {
  kana: string;
  accent: number;
}

/** The parts of VOICEVOX's AccentPhrase and Mora that are read here; the rest is sent back as it came. */
export interface Mora {
  text: string;
  [field: string]: unknown;
}
export interface AccentPhrase {
  moras: Mora[];
  accent: number;
  pause_mora?: Mora | null;
  is_interrogative?: boolean;
  [field: string]: unknown;
}

const VOWEL = new Map<string, string>();
for (const [vowel, row] of Object.entries(vowels as Record<string, string>)) for (const ch of row) VOWEL.set(ch, vowel);

/** Same-sounding spellings, as the engine writes morae back: ヲ オ, ヂ ジ, ヅ ズ, ヰ イ, ヱ エ. */
const SAME_SOUND: Record<string, string> = { ヲ: 'オ', ヂ: 'ジ', ヅ: 'ズ', ヰ: 'イ', ヱ: 'エ' };

/**
 * The morae as they sound, for comparing the word with the engine's morae: the engine writes a long vowel as the vowel
 * itself (ヨー → ヨ オ) and may read ウ after an o-mora and イ after an e-mora as the long vowel, so ー, and ウ/イ in
 * those places, all become the previous mora's vowel.
 */
function soundKeys(morae: string[]): string[] {
  const out: string[] = [];
  let prevVowel: string | undefined;
  for (const m of morae) {
    let key = Array.from(m).map((c) => SAME_SOUND[c] ?? c).join('');
    if (prevVowel && (key === 'ー' || (key === 'ウ' && prevVowel === 'オ') || (key === 'イ' && prevVowel === 'エ'))) key = prevVowel;
    out.push(key);
    prevVowel = VOWEL.get(Array.from(key).pop()!) ?? (key === 'ー' ? prevVowel : undefined);
  }
  return out;
}

/** Index of `want` in `keys` at or after `from`, or -1. */
function find(keys: string[], want: string[], from: number): number {
  outer: for (let s = from; s + want.length <= keys.length; s++) {
    for (let i = 0; i < want.length; i++) if (keys[s + i] !== want[i]) continue outer;
    return s;
  }
  return -1;
}

/**
 * `phrases` with each word's accent applied, words taken in order (a word found is not looked for again before the
 * end of the previous one). The phrase that holds the word's first mora becomes a phrase starting there (morae before
 * it stay a phrase of their own), joined with the following phrases when the engine cut the word in several; its
 * accent is the word's (flat: the whole phrase). Undefined when nothing changed; the input is not modified.
 */
export function applyAccents(phrases: AccentPhrase[], words: WordAccent[]): AccentPhrase[] | undefined {
  let out = phrases;
  let changed = false;
  let cursor = 0;
  for (const w of words) {
    const want = soundKeys(splitMoras(w.kana));
    if (!want.length) continue;
    const where: Array<{ phrase: number; index: number }> = [];
    out.forEach((p, phrase) => p.moras.forEach((_, index) => where.push({ phrase, index })));
    const keys = soundKeys(out.flatMap((p) => p.moras.map((m) => m.text)));
    const s = find(keys, want, cursor);
    if (s < 0) continue; // the engine read the word otherwise: its analysis is left as it was
    cursor = s + want.length;
    const first = where[s];
    const last = where[cursor - 1];
    const joined = out.slice(first.phrase, last.phrase + 1);
    const moras = joined.flatMap((p) => p.moras);
    const head = out[first.phrase];
    const tail = out[last.phrase];
    const pieces: AccentPhrase[] = [];
    if (first.index > 0) {
      pieces.push({ ...head, moras: moras.slice(0, first.index), accent: Math.min(head.accent, first.index), pause_mora: null, is_interrogative: false });
    }
    const rest = moras.slice(first.index);
    const accent = w.accent === 0 ? rest.length : Math.min(w.accent, rest.length);
    pieces.push({ ...tail, moras: rest, accent });
    if (pieces.length === 1 && joined.length === 1 && head.accent === accent) continue;
    out = [...out.slice(0, first.phrase), ...pieces, ...out.slice(last.phrase + 1)];
    changed = true;
  }
  return changed ? out : undefined;
}
