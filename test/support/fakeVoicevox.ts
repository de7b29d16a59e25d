/**
 * A VOICEVOX-compatible engine for tests: a real HTTP server on 127.0.0.1 that implements the endpoints Yomiage uses
 * as the engine's published OpenAPI schema describes them. Schema followed: VOICEVOX/voicevox_engine,
 * test/e2e/__snapshots__/test_openapi/test_OpenAPIの形が変わっていないことを確認.json at commit
 * 0500dd4c7388d21e8432cff7e0ddc1a71ffb2a7d (OpenAPI 3.1.0): GET /version → JSON string; GET /speakers → Speaker[]
 * (name, speaker_uuid, styles[{id, name, type}], version); POST /audio_query?text&speaker → AudioQuery
 * (accent_phrases, speedScale, pitchScale, intonationScale, volumeScale, prePhonemeLength, postPhonemeLength,
 * outputSamplingRate, outputStereo, kana); POST /synthesis?speaker with the AudioQuery as JSON body → audio/wav;
 * 422 with an HTTPValidationError body for a missing parameter or unknown style.
 *
 * The audio is real WAV bytes: a sine tone whose frequency encodes the length of the text queried (the query's kana
 * field, one "mora" per character), 0.1 s per character divided by speedScale, at the query's outputSamplingRate,
 * 16-bit, mono (stereo when outputStereo). So a test can tell which sentence a chunk holds, in what order, and at what
 * speed.
 *
 * The accent phrases are shaped as OpenJTalk's would be for kana (fakePhrases): a phrase starts at a katakana or other
 * word and takes the hiragana after it (the particles); morae as the engine writes them (キャ one mora, ー written as
 * the vowel before it, ヲ as オ); 、 ends a phrase with a pause mora. Every phrase gets accent 1 (the fake's "analysis"),
 * so a test sees which accents Yomiage changed. POST /mora_data recomputes the pitch from each phrase's accent
 * (low/high: 5.0/5.8), as the engine's does; the requests record the phrases sent there and the query sent to
 * /synthesis.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import vowels from '../../src/core/engine/voicevox/vowels.json';

export const FAKE_SPEAKERS: Array<{ name: string; speaker_uuid: string; version: string; styles: Array<{ id: number; name: string; type?: string }> }> = [
  { name: 'ずんだもん', speaker_uuid: '388f246b-8c41-4ac1-8e2d-5d79f3ff56d9', version: '0.0.1', styles: [{ id: 3, name: 'ノーマル', type: 'talk' }, { id: 1, name: 'あまあま', type: 'talk' }, { id: 3001, name: 'ハミング', type: 'singing_teacher' }] },
  { name: '四国めたん', speaker_uuid: '7ffcb7ce-00ec-4bdc-82cd-45a8889e43ff', version: '0.0.1', styles: [{ id: 2, name: 'ノーマル' }] },
];

export interface FakeEngineOptions {
  /** Sample rate of the audio unless the query asks for another (VOICEVOX: 24000; AivisSpeech: 44100). */
  defaultSamplingRate?: number;
  /** Awaited before answering the n-th /synthesis (0-based): a test holds a sentence back or makes the engine slow. */
  beforeSynthesis?(n: number, text: string): Promise<void> | void;
  /** What /synthesis answers instead of a WAV. */
  synthesisFault?: 'status-500' | 'bad-wav' | 'never';
  /** Which /synthesis calls (0-based) get the fault; default all. */
  faultFrom?: number;
  /** An engine without POST /mora_data (answers 404, as for any unknown path). */
  noMoraData?: boolean;
}

export interface FakeRequest {
  method: string;
  path: string;
  text?: string;
  speaker?: number;
  speedScale?: number;
  /** POST /mora_data: the accent phrases sent. */
  phrases?: FakePhrase[];
  /** POST /synthesis: the AudioQuery sent. */
  query?: { accent_phrases: FakePhrase[]; kana?: string; speedScale: number };
}

export interface FakeMora {
  text: string;
  consonant: string | null;
  consonant_length: number | null;
  vowel: string;
  vowel_length: number;
  pitch: number;
}
export interface FakePhrase {
  moras: FakeMora[];
  accent: number;
  pause_mora: FakeMora | null;
  is_interrogative: boolean;
}

const SMALL = 'ャュョァィゥェォヮ';
const VOWEL_OF = new Map<string, string>(Object.entries(vowels as Record<string, string>).flatMap(([v, row]) => [...row].map((c) => [c, v] as [string, string])));
const ROMAN: Record<string, string> = { ア: 'a', イ: 'i', ウ: 'u', エ: 'e', オ: 'o' };

/** Pitch of mora i (0-based) of a phrase with this accent: VOICEVOX's pattern, low 5.0 / high 5.8. */
export function fakePitch(accent: number, i: number): number {
  const high = accent === 1 ? i === 0 : i > 0 && i < accent;
  return high ? 5.8 : 5.0;
}

function mora(text: string): FakeMora {
  const v = VOWEL_OF.get(text[text.length - 1]);
  return { text, consonant: null, consonant_length: null, vowel: v ? ROMAN[v] : 'N', vowel_length: 0.1, pitch: 0 };
}

/** The accent phrases of a text, shaped as the engine's would be for kana (see the header). */
export function fakePhrases(text: string): FakePhrase[] {
  const phrases: FakePhrase[] = [];
  let cur: FakePhrase | undefined;
  let prevClass = '';
  for (const raw of text) {
    const ch = /[\u3041-\u3096]/u.test(raw) ? String.fromCodePoint(raw.codePointAt(0)! + 0x60) : raw;
    const cls = /[\u3041-\u3096]/u.test(raw) ? 'hira' : /[\u30a1-\u30fc]/u.test(raw) ? 'kata' : /[\p{P}\s]/u.test(raw) ? 'punct' : 'other';
    if (cls === 'punct') {
      if (cur && raw === '、') cur.pause_mora = { ...mora('、'), vowel: 'pau', pitch: 0 };
      cur = undefined;
      prevClass = cls;
      continue;
    }
    if (!cur || (cls !== 'hira' && cls !== prevClass)) phrases.push((cur = { moras: [], accent: 1, pause_mora: null, is_interrogative: false }));
    prevClass = cls;
    const last = cur.moras[cur.moras.length - 1];
    if (SMALL.includes(ch) && last) last.text += ch;
    else if (ch === 'ー' && last) cur.moras.push(mora(VOWEL_OF.get(last.text[last.text.length - 1]) ?? 'ー'));
    else cur.moras.push(mora(ch === 'ヲ' ? 'オ' : ch));
  }
  for (const p of phrases) p.moras.forEach((m, i) => (m.pitch = fakePitch(p.accent, i)));
  return phrases;
}

export const MORA_SECONDS = 0.1;

/** The frequency of the tone for a query of `moras` moras. */
export function toneHz(moras: number): number {
  return 200 + 20 * moras;
}

export class FakeVoicevox {
  readonly requests: FakeRequest[] = [];
  private synthCount = 0;
  private readonly open = new Set<http.ServerResponse>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly opts: FakeEngineOptions,
  ) {}

  static async start(opts: FakeEngineOptions = {}): Promise<FakeVoicevox> {
    let self: FakeVoicevox | undefined;
    const server = http.createServer((req, res) => void self!.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    self = new FakeVoicevox(server, `http://127.0.0.1:${port}`, opts);
    return self;
  }

  /** The texts of the /audio_query calls, in order. */
  get queriedTexts(): string[] {
    return this.requests.filter((r) => r.path === '/audio_query').map((r) => r.text!);
  }

  get synthesisCalls(): number {
    return this.requests.filter((r) => r.path === '/synthesis').length;
  }

  async close(): Promise<void> {
    for (const r of this.open) r.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const u = new URL(req.url ?? '/', 'http://x');
    const body = await new Promise<Buffer>((r) => {
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => r(Buffer.concat(parts)));
    });
    const rec: FakeRequest = { method: req.method ?? '', path: u.pathname };
    this.requests.push(rec);
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(v));
    };
    const invalid = (loc: string[], msg: string) => json(422, { detail: [{ loc, msg, type: 'value_error' }] });
    const styleIds = new Set(FAKE_SPEAKERS.flatMap((s) => s.styles.filter((st) => (st.type ?? 'talk') === 'talk').map((st) => st.id)));
    const speakerParam = (): number | undefined => {
      const s = u.searchParams.get('speaker');
      if (s === null || !/^\d+$/.test(s)) return undefined;
      return Number(s);
    };

    if (req.method === 'GET' && u.pathname === '/version') return json(200, '0.25.0');
    if (req.method === 'GET' && u.pathname === '/speakers') return json(200, FAKE_SPEAKERS);
    if (req.method === 'POST' && u.pathname === '/audio_query') {
      const text = u.searchParams.get('text');
      const speaker = speakerParam();
      rec.text = text ?? undefined;
      rec.speaker = speaker;
      if (text === null) return invalid(['query', 'text'], 'Field required');
      if (speaker === undefined) return invalid(['query', 'speaker'], 'Field required');
      if (!styleIds.has(speaker)) return invalid(['query', 'speaker'], `style ${speaker} does not exist`);
      return json(200, {
        accent_phrases: fakePhrases(text),
        speedScale: 1,
        pitchScale: 0,
        intonationScale: 1,
        volumeScale: 1,
        prePhonemeLength: 0.1,
        postPhonemeLength: 0.1,
        pauseLength: null,
        pauseLengthScale: 1,
        outputSamplingRate: this.opts.defaultSamplingRate ?? 24000,
        outputStereo: false,
        kana: text,
      });
    }
    if (req.method === 'POST' && u.pathname === '/mora_data' && !this.opts.noMoraData) {
      const speaker = speakerParam();
      rec.speaker = speaker;
      if (speaker === undefined) return invalid(['query', 'speaker'], 'Field required');
      let phrases: FakePhrase[];
      try {
        phrases = JSON.parse(body.toString('utf8'));
      } catch {
        return invalid(['body'], 'JSON decode error');
      }
      if (!Array.isArray(phrases) || phrases.some((p) => !Array.isArray(p?.moras) || !Number.isInteger(p.accent))) return invalid(['body'], 'not a list of AccentPhrase');
      rec.phrases = phrases;
      return json(200, phrases.map((p) => ({ ...p, moras: p.moras.map((m, i) => ({ ...m, pitch: fakePitch(p.accent, i) })) })));
    }
    if (req.method === 'POST' && u.pathname === '/synthesis') {
      const speaker = speakerParam();
      rec.speaker = speaker;
      if (speaker === undefined) return invalid(['query', 'speaker'], 'Field required');
      if (!styleIds.has(speaker)) return invalid(['query', 'speaker'], `style ${speaker} does not exist`);
      let q: { accent_phrases?: FakePhrase[]; speedScale?: number; outputSamplingRate?: number; outputStereo?: boolean; kana?: string };
      try {
        q = JSON.parse(body.toString('utf8'));
      } catch {
        return invalid(['body'], 'JSON decode error');
      }
      if (!Array.isArray(q.accent_phrases) || typeof q.speedScale !== 'number' || typeof q.outputSamplingRate !== 'number') return invalid(['body'], 'not an AudioQuery');
      rec.speedScale = q.speedScale;
      rec.text = q.kana;
      rec.query = { accent_phrases: q.accent_phrases, kana: q.kana, speedScale: q.speedScale };
      const n = this.synthCount++;
      await this.opts.beforeSynthesis?.(n, q.kana ?? '');
      const faulty = this.opts.synthesisFault && n >= (this.opts.faultFrom ?? 0);
      if (faulty && this.opts.synthesisFault === 'never') return; // holds the request open until the client gives up
      if (faulty && this.opts.synthesisFault === 'status-500') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal Server Error');
        return;
      }
      if (faulty && this.opts.synthesisFault === 'bad-wav') {
        res.writeHead(200, { 'content-type': 'audio/wav' });
        res.end(Buffer.from('RIFF\x24\x00\x00\x00WAVEjunk and no fmt chunk at all', 'latin1'));
        return;
      }
      const moras = Array.from(q.kana ?? '').length;
      res.writeHead(200, { 'content-type': 'audio/wav' });
      res.end(toneWav(toneHz(moras), (moras * MORA_SECONDS) / q.speedScale, q.outputSamplingRate, q.outputStereo ? 2 : 1));
      return;
    }
    json(404, { detail: 'Not Found' });
  }
}

/** A 16-bit PCM WAV of a sine tone at half scale. */
export function toneWav(hz: number, seconds: number, rate: number, channels: number): Buffer {
  const frames = Math.round(seconds * rate);
  const data = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames; i++) {
    const v = Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * hz * i) / rate));
    for (let c = 0; c < channels; c++) data.writeInt16LE(v, (i * channels + c) * 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** The dominant frequency of a tone, from its zero crossings. */
export function estimateHz(samples: Float32Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if ((samples[i - 1] < 0) !== (samples[i] < 0)) crossings++;
  return (crossings / 2) * (rate / samples.length);
}
