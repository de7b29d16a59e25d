/**
 * The calls Yomiage makes to a VOICEVOX-compatible engine (VOICEVOX ENGINE, AivisSpeech Engine…), following the
 * engine's published OpenAPI schema: GET /version, GET /speakers, POST /audio_query, POST /mora_data (after an accent
 * from the user dictionary changed the query), POST /synthesis. Every answer is
 * size-limited and checked before use. No `vscode` import.
 */
import { EngineHttpError, engineRequest, parseJson, showUrl } from './http';
import { readWav, WavFormatError, type DecodedWav } from '../../audio/wavRead';
import type { AccentPhrase } from './accent';

/** One style of one speaker (a voice): `id` is what /audio_query and /synthesis take as `speaker`. */
export interface EngineStyle {
  id: number;
  speaker: string;
  style: string;
}

/** The AudioQuery object: kept as the engine sent it (it is sent back), with the fields Yomiage sets checked. */
export type AudioQuery = Record<string, unknown> & { speedScale: number; outputSamplingRate: number; outputStereo: boolean };

const KB = 1024;
const MB = 1024 * KB;
/** Limits per answer: a speaker list with icons stripped is small; a sentence of audio at 48 kHz stereo is a few MB. */
const LIMITS = { version: 4 * KB, speakers: 8 * MB, query: 4 * MB, wav: 64 * MB };

export interface ApiOptions {
  /** Deadline for GET /version and /speakers (the picker uses a short one). */
  probeTimeoutMs?: number;
  /** Deadline for /audio_query and /synthesis of one sentence. */
  synthTimeoutMs?: number;
}

export class VoicevoxApi {
  readonly probeTimeoutMs: number;
  readonly synthTimeoutMs: number;

  constructor(
    readonly base: URL,
    opts: ApiOptions = {},
  ) {
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 3000;
    this.synthTimeoutMs = opts.synthTimeoutMs ?? 60000;
  }

  get url(): string {
    return showUrl(this.base);
  }

  private invalid(what: string, why: string): EngineHttpError {
    return new EngineHttpError(`the engine at ${this.url} sent an invalid answer to ${what} (${why})`, 'invalid');
  }

  async version(signal?: AbortSignal): Promise<string> {
    const r = await engineRequest(this.base, { method: 'GET', path: '/version', timeoutMs: this.probeTimeoutMs, maxBytes: LIMITS.version, signal });
    const v = parseJson(this.base, 'GET /version', r.body);
    if (typeof v !== 'string') throw this.invalid('GET /version', 'not a string');
    return v;
  }

  /** Every talk style of every speaker (singing styles cannot read text and are left out). */
  async speakers(signal?: AbortSignal): Promise<EngineStyle[]> {
    const r = await engineRequest(this.base, { method: 'GET', path: '/speakers', timeoutMs: this.probeTimeoutMs, maxBytes: LIMITS.speakers, signal });
    const list = parseJson(this.base, 'GET /speakers', r.body);
    if (!Array.isArray(list)) throw this.invalid('GET /speakers', 'not a list');
    const out: EngineStyle[] = [];
    for (const s of list) {
      if (!s || typeof s.name !== 'string' || !Array.isArray(s.styles)) throw this.invalid('GET /speakers', 'a speaker without name or styles');
      for (const st of s.styles) {
        if (!st || !Number.isSafeInteger(st.id) || typeof st.name !== 'string') throw this.invalid('GET /speakers', `a style of ${s.name} without id or name`);
        if (st.type !== undefined && st.type !== 'talk') continue;
        out.push({ id: st.id, speaker: s.name, style: st.name });
      }
    }
    return out;
  }

  async audioQuery(text: string, speaker: number, signal?: AbortSignal): Promise<AudioQuery> {
    const path = `/audio_query?text=${encodeURIComponent(text)}&speaker=${speaker}`;
    const r = await engineRequest(this.base, { method: 'POST', path, timeoutMs: this.synthTimeoutMs, maxBytes: LIMITS.query, signal });
    const q = parseJson(this.base, 'POST /audio_query', r.body) as Record<string, unknown>;
    if (!q || typeof q !== 'object' || Array.isArray(q)) throw this.invalid('POST /audio_query', 'not an object');
    if (!Array.isArray(q.accent_phrases)) throw this.invalid('POST /audio_query', 'no accent_phrases');
    if (typeof q.speedScale !== 'number' || typeof q.outputSamplingRate !== 'number') throw this.invalid('POST /audio_query', 'no speedScale or outputSamplingRate');
    return q as AudioQuery;
  }

  /**
   * The accent phrases with their morae's pitch and length computed again by the engine (after their accents were
   * changed); the answer is checked to hold as many phrases and morae as were sent.
   */
  async moraData(phrases: AccentPhrase[], speaker: number, signal?: AbortSignal): Promise<AccentPhrase[]> {
    const r = await engineRequest(this.base, { method: 'POST', path: `/mora_data?speaker=${speaker}`, body: phrases, timeoutMs: this.synthTimeoutMs, maxBytes: LIMITS.query, signal });
    const got = parseJson(this.base, 'POST /mora_data', r.body);
    const same = Array.isArray(got) && got.length === phrases.length
      && got.every((p, i) => p && typeof p === 'object' && Array.isArray(p.moras) && p.moras.length === phrases[i].moras.length);
    if (!same) throw this.invalid('POST /mora_data', 'not the accent phrases that were sent');
    return got as AccentPhrase[];
  }

  /** The query's audio, decoded (mono float at the engine's rate). */
  async synthesis(query: AudioQuery, speaker: number, signal?: AbortSignal): Promise<DecodedWav> {
    const r = await engineRequest(this.base, { method: 'POST', path: `/synthesis?speaker=${speaker}`, body: query, timeoutMs: this.synthTimeoutMs, maxBytes: LIMITS.wav, signal });
    try {
      return readWav(r.body);
    } catch (e) {
      if (e instanceof WavFormatError) throw new EngineHttpError(`the engine at ${this.url} sent audio that is not a usable WAV (${e.message})`, 'invalid');
      throw e;
    }
  }
}
