/**
 * A VOICEVOX-compatible HTTP engine behind the VoiceEngine seam. A reading is planned into sentences (plan.ts), then
 * each sentence is sent on its own (POST /audio_query, then POST /synthesis with speedScale from the speed; between
 * them POST /mora_data when the user dictionary gave a word's accent, see accent.ts), so the
 * first sound comes after the first sentence, and the next sentence is asked for while this one plays. At most
 * `maxQueuedChunks` chunks wait unplayed (flow control, as with the worker). Cancel aborts the request in flight and
 * drops the rest. Any failure ends the reading with one message naming the URL. No `vscode` import.
 */
import type { SpeakHandle, SpeakHandlers, SpeakOutcome, SpeakRequest } from '../client';
import type { VoiceDescription, VoiceEngine } from '../voiceEngine';
import type { EngineErrorCode } from '../protocol';
import { SAMPLE_RATE } from '../protocol';
import { clampSpeed } from '../speed';
import { resample } from '../../audio/resample';
import { VoicevoxApi, type ApiOptions } from './api';
import { EngineHttpError, parseEngineUrl } from './http';
import { planSentences } from './plan';
import { dictionaryIndex, engineText } from './dictionary';
import { applyAccents, type AccentPhrase } from './accent';

export interface VoicevoxEngineOptions extends ApiOptions {
  /** The engine's base URL, e.g. http://127.0.0.1:50021. */
  url: string;
  /** Chunks synthesised ahead of playback (default 2). */
  maxQueuedChunks?: number;
}

/** The message and code of a failure of the engine (anything else is a bug: 'internal'). */
export function engineFailure(e: unknown): { code: EngineErrorCode; message: string } {
  if (e instanceof EngineHttpError) return { code: e.kind === 'down' ? 'engine-down' : 'engine-failed', message: e.message };
  return { code: 'internal', message: (e as Error)?.message ?? String(e) };
}

export class VoicevoxEngine implements VoiceEngine {
  readonly api: VoicevoxApi;
  private nextId = 1;
  private running: { cancel(): void } | undefined;
  private readonly maxQueued: number;
  /** The engine refused POST /mora_data once: accents from the dictionary are not tried again. */
  private noMoraData = false;

  constructor(opts: VoicevoxEngineOptions) {
    this.api = new VoicevoxApi(parseEngineUrl(opts.url), opts);
    this.maxQueued = Math.max(1, opts.maxQueuedChunks ?? 2);
  }

  get engineName(): string {
    return this.api.url;
  }

  async voices(): Promise<VoiceDescription[]> {
    const styles = await this.api.speakers();
    return styles.map((s) => ({ id: String(s.id), name: s.speaker, style: s.style, engine: this.api.url }));
  }

  speak(req: SpeakRequest, handlers: SpeakHandlers = {}): SpeakHandle {
    this.running?.cancel();
    const id = this.nextId++;
    const abort = new AbortController();
    let speed = clampSpeed(req.speed ?? 1);
    let outcome: SpeakOutcome | undefined;
    let settle!: (o: SpeakOutcome) => void;
    const finished = new Promise<SpeakOutcome>((r) => (settle = r));
    /** Highest chunk index acknowledged as played, and who waits for room in the queue. */
    let played = -1;
    let wake: (() => void) | undefined;
    const end = (o: SpeakOutcome) => {
      if (outcome) return;
      outcome = o;
      abort.abort();
      wake?.();
      if (this.running === entry) this.running = undefined;
      if (o.status === 'done') handlers.onDone?.(o.chunks);
      if (o.status === 'error') handlers.onError?.({ code: o.code, message: o.message });
      settle(o);
    };
    const entry = { cancel: () => end({ status: 'cancelled' }) };
    this.running = entry;
    const handle: SpeakHandle = {
      id,
      finished,
      cancel: entry.cancel,
      played: (index) => {
        played = Math.max(played, index);
        wake?.();
      },
      setSpeed: (s) => {
        speed = clampSpeed(s);
      },
    };

    const speaker = Number(req.voice);
    const run = async () => {
      if (!Number.isSafeInteger(speaker) || speaker < 0) {
        end({ status: 'error', code: 'voice-invalid', message: `'${req.voice ?? ''}' is not a style id of the engine at ${this.api.url}` });
        return;
      }
      const dict = dictionaryIndex(req.userDictionary);
      // what Kokoro would read (markup out, numbers, symbols and Latin words as readings), never the raw source
      const spoken = (chunk: string) => engineText(chunk, dict, req.languageId);
      const chunks = planSentences(req.text, (chunk) => spoken(chunk).text);
      if (chunks.length === 0) {
        end({ status: 'error', code: 'empty-text', message: 'Nothing to read: the text has no speakable words.' });
        return;
      }
      handlers.onPlan?.(chunks, false);
      for (const chunk of chunks) {
        // flow control: wait until the player is at most maxQueued chunks behind
        while (!req.autoAck && !outcome && chunk.index - played > this.maxQueued) await new Promise<void>((r) => (wake = r));
        if (outcome) return;
        handlers.onStatus?.('synthesizing', chunk.index);
        const t0 = performance.now();
        const sent = spoken(chunk.text);
        const query = await this.api.audioQuery(sent.text, speaker, abort.signal);
        if (outcome) return;
        // accents from the dictionary (`@N`): the phrases changed, then their pitch computed again by the engine
        const accented = applyAccents(query.accent_phrases as AccentPhrase[], sent.accents);
        if (accented && !this.noMoraData) {
          try {
            query.accent_phrases = await this.api.moraData(accented, speaker, abort.signal);
          } catch (e) {
            // An engine that answers but refuses the endpoint (an older or partial implementation of the API):
            // the words keep the engine's own accent, said once, and the reading goes on.
            if (!(e instanceof EngineHttpError) || e.kind !== 'status') throw e;
            this.noMoraData = true;
            handlers.onWarning?.(`accents are not applied: ${e.message}; words with @N keep the engine's own accent`);
          }
          if (outcome) return;
        }
        query.speedScale = speed;
        query.outputStereo = false;
        const wav = await this.api.synthesis(query, speaker, abort.signal);
        if (outcome) return;
        const samples = resample(wav.samples, wav.sampleRate, SAMPLE_RATE);
        const inferenceMs = performance.now() - t0;
        if (req.autoAck) played = chunk.index;
        handlers.onAudio?.({ type: 'audio', id, chunk, samples, sampleRate: SAMPLE_RATE, tokenCount: 0, voiceFrame: 0, inferenceMs });
      }
      end({ status: 'done', chunks: chunks.length });
    };
    // after speak() returns, as the worker engine does: the caller has the handle before any handler runs
    queueMicrotask(() => {
      if (outcome) return;
      run().catch((e) => {
        if (!outcome) end({ status: 'error', ...engineFailure(e) });
      });
    });
    return handle;
  }

  async dispose(): Promise<void> {
    this.running?.cancel();
  }
}
