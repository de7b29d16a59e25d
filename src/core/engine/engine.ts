/**
 * The engine as it runs inside the worker thread: one request at a time, pipelined chunk by chunk.
 *
 * `session.run` blocks this thread for the whole run, so nothing here can interrupt an inference. Cancellation is
 * cooperative: between runs the engine yields to the event loop (so `cancel`, `played` and new `speak` messages
 * are handled), and after every run it checks whether the request is still wanted before delivering the audio.
 * A cancelled request therefore delivers nothing more, even if its inference was already running.
 */
import { loadKuromojiAnalyser } from '../g2p/kuromojiAnalyser';
import { createG2P } from '../g2p/index';
import { MAX_TOKENS, type Analyser, type G2P } from '../g2p/types';
import { ChunkPlanner } from './planner';
import { EngineError } from './errors';
import type { ChunkInfo, EngineAssets, EngineStats, HostToWorker, PreparedChunk, WorkerToHost } from './protocol';
import { SAMPLE_RATE } from './protocol';
import { clampSpeed } from './speed';
import { KokoroSession, ortLoadTime } from './session';
import { rssParts } from './memory';
import { loadVoicePack, voiceFrameFor, type VoicePack } from './voice';
import { mixVoicePacks } from './voiceBlend';
import { wordTimes } from './wordTimes';
import { wordSpans } from '../g2p/wordSpans';

export interface EngineHost {
  post(msg: WorkerToHost, transfer?: ArrayBuffer[]): void;
  /** Ends the worker (after shutdown). */
  exit(code: number): void;
}

type SpeakMsg = Extract<HostToWorker, { type: 'speak' }>;

interface Job {
  id: number;
  cancelled: boolean;
  delivered: number;
  played: number;
  /** Speed for the next chunk; a `speed` message changes it mid-utterance. */
  speed: number;
  wake?: () => void;
}

/** Lets queued messages (cancel, played, speak) be handled: two turns of the loop cover a full poll phase. */
const yieldTurn = () => new Promise<void>((r) => setImmediate(() => setImmediate(r)));

export const DEFAULT_IDLE_UNLOAD_MS = 300_000;
/** Planning work done between two runs: small next to a sentence's synthesis, so streaming stays smooth. */
const PLAN_SLICE_MS = 40;
export const DEFAULT_MAX_QUEUED_CHUNKS = 2;

export class Engine {
  private session: KokoroSession | null = null;
  private sessionLoading: { file: string; promise: Promise<KokoroSession> } | null = null;
  private analyser: Promise<Analyser> | null = null;
  private g2ps = new Map<string, G2P>();
  private voices = new Map<string, VoicePack>();
  private current: Job | null = null;
  private chain: Promise<void> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private idleUnloadMs = DEFAULT_IDLE_UNLOAD_MS;
  private maxQueued = DEFAULT_MAX_QUEUED_CHUNKS;
  private unloadWanted = false;
  private shuttingDown = false;
  private sessionCreateMs: number | null = null;
  private dictLoadMs: number | null = null;
  private firstRunMs: number | null = null;
  private optimizedModelDir: string | undefined;
  private runs = 0;
  private sessionLoads = 0;
  private inferenceMsTotal = 0;

  constructor(private readonly host: EngineHost) {}

  handle(msg: HostToWorker): void {
    switch (msg.type) {
      case 'speak':
        return this.speak(msg);
      case 'cancel':
        if (this.current?.id === msg.id) this.cancelJob(this.current);
        return;
      case 'speed':
        if (this.current?.id === msg.id) this.current.speed = clampSpeed(msg.speed);
        return;
      case 'played': {
        const job = this.current;
        if (job?.id === msg.id) {
          job.played = Math.max(job.played, msg.index + 1);
          job.wake?.();
        }
        return;
      }
      case 'g2p':
        void this.g2pRequest(msg.id, msg.text, msg.userDictionary);
        return;
      case 'configure':
        if (msg.idleUnloadMs !== undefined && msg.idleUnloadMs >= 0) this.idleUnloadMs = msg.idleUnloadMs;
        if (msg.maxQueuedChunks !== undefined && msg.maxQueuedChunks >= 1) this.maxQueued = Math.floor(msg.maxQueuedChunks);
        if (msg.optimizedModelDir !== undefined) this.optimizedModelDir = msg.optimizedModelDir || undefined;
        this.current?.wake?.();
        if (!this.current) this.scheduleIdle();
        return;
      case 'unload':
        this.unloadWanted = true;
        if (!this.current) void this.unloadNow();
        return;
      case 'stats':
        this.host.post({ type: 'stats', id: msg.id, stats: this.stats() });
        return;
      case 'shutdown':
        void this.shutdown();
        return;
    }
  }

  stats(): EngineStats {
    const parts = rssParts();
    return {
      rssMb: process.memoryUsage().rss / 2 ** 20,
      sessionLoaded: this.session?.loaded ?? false,
      sessionCreateMs: this.sessionCreateMs,
      dictLoadMs: this.dictLoadMs,
      dictLoaded: this.analyser !== null,
      runs: this.runs,
      inferenceMsTotal: this.inferenceMsTotal,
      sessionLoads: this.sessionLoads,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      rssAnonMb: parts?.anonMb,
      rssFileMb: parts?.fileMb,
      sessionFromCache: this.session?.fromCache,
      ortLoadMs: ortLoadTime(),
      firstRunMs: this.firstRunMs,
    };
  }

  private speak(msg: SpeakMsg): void {
    if (this.current) this.cancelJob(this.current);
    if (this.shuttingDown) return;
    const job: Job = { id: msg.id, cancelled: false, delivered: 0, played: 0, speed: clampSpeed(msg.speed) };
    this.current = job;
    this.clearIdle();
    this.chain = this.chain.then(() => this.run(job, msg)).catch(() => undefined);
  }

  private cancelJob(job: Job): void {
    job.cancelled = true;
    job.wake?.();
    if (this.current === job) this.current = null;
  }

  private async run(job: Job, msg: SpeakMsg): Promise<void> {
    try {
      if (job.cancelled) return;
      if (!msg.chunks && !msg.text.trim()) throw new EngineError('empty-text', 'Nothing to read: the text is empty.');
      const needG2P = !msg.chunks;
      if (!this.session || this.session.file !== msg.assets.modelPath) this.post(job, { type: 'status', id: job.id, state: 'loading-model' });
      if (needG2P && !this.analyser) this.post(job, { type: 'status', id: job.id, state: 'loading-dictionary' });
      // Both loads start here. onnxruntime-node builds the session on this thread (measured: no timer fires while
      // it is created), so the dictionary's read steps and the first sentences' conversion wait for it rather
      // than overlap it.
      const sessionLoad = this.getSession(msg.assets.modelPath);
      sessionLoad.catch(() => undefined); // awaited below; an early failure is reported there
      const g2p = needG2P ? await this.getG2P(msg.userDictionary) : null;
      if (job.cancelled) return;
      const planner = msg.chunks ? new PreparedPlanner(checkPrepared(msg.chunks)) : new ChunkPlanner(msg.text, g2p!, msg.languageId);
      // Two chunks ahead: enough to know whether the first plan is already complete, still cheap (two sentences).
      planner.until(2);
      const session = await sessionLoad;
      // The voice pack is small and read synchronously.
      const voice = this.getVoice(msg.assets);
      if (job.cancelled) return;
      if (planner.chunks.length === 0) {
        throw new EngineError('empty-text', 'Nothing to read: the text has no speakable Japanese (only symbols, emoji or unknown characters).');
      }
      const infos = (): ChunkInfo[] => planner.chunks.map((c) => ({ index: c.index, start: c.start, end: c.end, text: c.text }));
      const warnUnknown = () => {
        const unknown = [...new Set(planner.chunks.flatMap((c) => c.unknown ?? []))];
        if (unknown.length) this.post(job, { type: 'warning', id: job.id, message: `Skipped characters that cannot be read: ${unknown.join(' ')}` });
      };
      this.post(job, { type: 'plan', id: job.id, chunks: infos(), partial: !planner.done });
      if (planner.done) warnUnknown();
      for (let i = 0; ; i++) {
        // The rest of the text is planned in slices between runs (while earlier chunks play), never all at once.
        while (i >= planner.chunks.length && !planner.done) {
          planner.slice(PLAN_SLICE_MS);
          await yieldTurn();
          if (job.cancelled) return;
          if (planner.done) {
            this.post(job, { type: 'plan', id: job.id, chunks: infos(), partial: false });
            warnUnknown();
          }
        }
        if (i >= planner.chunks.length) break;
        await this.waitForRoom(job);
        await yieldTurn();
        if (job.cancelled) return;
        const chunk = planner.chunks[i];
        const tokens = chunk.tokens;
        const frame = voiceFrameFor(tokens.length);
        this.post(job, { type: 'status', id: job.id, state: 'synthesizing', index: i });
        const result = await session.run(tokens, voice.row(frame), job.speed);
        if (session.runs === 1) this.firstRunMs = result.inferenceMs;
        this.runs++;
        this.inferenceMsTotal += result.inferenceMs;
        await yieldTurn(); // a cancel that arrived during the run is seen here, and the result is dropped
        if (job.cancelled) return;
        this.post(
          job,
          {
            type: 'audio',
            id: job.id,
            chunk: { index: chunk.index, start: chunk.start, end: chunk.end, text: chunk.text },
            samples: result.samples,
            sampleRate: SAMPLE_RATE,
            tokenCount: tokens.length,
            voiceFrame: frame,
            inferenceMs: result.inferenceMs,
            ...(msg.wordTimes ? { words: wordTimes(chunk, result.samples.length, SAMPLE_RATE, result.durations) } : {}),
          },
          [result.samples.buffer as ArrayBuffer],
        );
        job.delivered++;
        if (!planner.done) {
          planner.slice(PLAN_SLICE_MS);
          if (planner.done) {
            this.post(job, { type: 'plan', id: job.id, chunks: infos(), partial: false });
            warnUnknown();
          }
        }
      }
      this.post(job, { type: 'done', id: job.id, chunks: planner.chunks.length });
    } catch (e) {
      const err = e instanceof EngineError ? e : new EngineError('internal', `Speech engine error: ${(e as Error).message ?? String(e)}`);
      this.post(job, { type: 'error', id: job.id, code: err.code, message: err.message });
    } finally {
      if (this.current === job) this.current = null;
      if (!this.current) {
        if (this.unloadWanted) await this.unloadNow();
        else this.scheduleIdle();
      }
    }
  }

  /** Posts a message for `job` unless it has been cancelled (nothing is ever delivered late). */
  private post(job: Job, msg: WorkerToHost, transfer?: ArrayBuffer[]): void {
    if (!job.cancelled) this.host.post(msg, transfer);
  }

  /** Waits until fewer than maxQueued delivered chunks are unplayed (or the job is cancelled). */
  private waitForRoom(job: Job): Promise<void> {
    return new Promise<void>((resolve) => {
      const check = () => {
        if (job.cancelled || job.delivered - job.played < this.maxQueued) {
          job.wake = undefined;
          resolve();
        }
      };
      job.wake = check;
      check();
    });
  }

  private async getSession(file: string): Promise<KokoroSession> {
    if (this.session?.loaded && this.session.file === file) return this.session;
    if (this.sessionLoading?.file === file) return this.sessionLoading.promise;
    if (this.session) {
      const old = this.session;
      this.session = null;
      await old.release();
    }
    const promise = KokoroSession.open(file, this.optimizedModelDir);
    this.sessionLoading = { file, promise };
    try {
      const s = await promise;
      this.session = s;
      this.sessionCreateMs = s.createMs;
      this.sessionLoads++;
      return s;
    } finally {
      if (this.sessionLoading?.promise === promise) this.sessionLoading = null;
    }
  }

  private getAnalyser(): Promise<Analyser> {
    if (!this.analyser) {
      const t0 = performance.now();
      const p = loadKuromojiAnalyser().then((a) => {
        this.dictLoadMs = performance.now() - t0;
        return a;
      });
      p.catch(() => {
        if (this.analyser === p) this.analyser = null;
      });
      this.analyser = p;
    }
    return this.analyser;
  }

  private async getG2P(userDictionary?: Record<string, string>): Promise<G2P> {
    const analyser = await this.getAnalyser();
    const key = JSON.stringify(userDictionary ?? {});
    let g2p = this.g2ps.get(key);
    if (!g2p) {
      try {
        g2p = createG2P(analyser, userDictionary ?? {});
      } catch (e) {
        throw new EngineError('internal', `User dictionary rejected: ${(e as Error).message}`);
      }
      if (this.g2ps.size > 4) this.g2ps.clear();
      this.g2ps.set(key, g2p);
    }
    return g2p;
  }

  private getVoice(assets: EngineAssets): VoicePack {
    const mix = assets.voiceMix;
    const file = mix ? mix.map((m) => `${m.path}*${m.weight}`).join('+') : assets.voicePath;
    let v = this.voices.get(file);
    if (!v) {
      v = mix ? mixVoicePacks(mix.map((m) => ({ pack: loadVoicePack(m.path), weight: m.weight })), file) : loadVoicePack(file);
      if (this.voices.size > 8) this.voices.clear();
      this.voices.set(file, v);
    }
    return v;
  }

  private async g2pRequest(id: number, text: string, userDictionary?: Record<string, string>): Promise<void> {
    try {
      const g2p = await this.getG2P(userDictionary);
      const r = g2p.convert(text);
      this.host.post({ type: 'g2p', id, result: { kana: r.kana, phonemes: r.phonemes, tokens: r.tokens, unknown: r.unknown, words: wordSpans(text, r.words ?? [], r.unknown) } });
    } catch (e) {
      const err = e instanceof EngineError ? e : new EngineError('internal', `G2P failed: ${(e as Error).message}`);
      this.host.post({ type: 'error', id, code: err.code, message: err.message });
    }
    if (!this.current) this.scheduleIdle();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private scheduleIdle(): void {
    this.clearIdle();
    if (!this.session && !this.analyser) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (!this.current) void this.unloadNow();
    }, this.idleUnloadMs);
  }

  /**
   * Frees the session (its weights and memory arena) and the voices. The analyser's dictionary is cached by the
   * G2P module for the life of the thread, so it is kept.
   */
  private async unloadNow(): Promise<void> {
    this.unloadWanted = false;
    this.clearIdle();
    const s = this.session;
    this.session = null;
    this.voices.clear();
    if (s) await s.release().catch(() => undefined);
    this.host.post({ type: 'unloaded' });
  }

  private async shutdown(): Promise<void> {
    this.shuttingDown = true;
    if (this.current) this.cancelJob(this.current);
    await this.chain;
    this.clearIdle();
    if (this.session) await this.session.release().catch(() => undefined);
    this.session = null;
    this.host.exit(0);
  }
}

function checkPrepared(chunks: PreparedChunk[]): PreparedChunk[] {
  for (const c of chunks) {
    if (c.tokens.length > MAX_TOKENS) throw new EngineError('internal', `A prepared chunk has ${c.tokens.length} tokens; at most ${MAX_TOKENS} fit one run.`);
  }
  return chunks.filter((c) => c.tokens.length > 0);
}

interface PlannedChunk extends PreparedChunk {
  index: number;
  unknown?: string[];
}

/** Chunks given by the caller: already planned. */
class PreparedPlanner {
  readonly chunks: PlannedChunk[];
  readonly done = true;
  constructor(chunks: PreparedChunk[]) {
    this.chunks = chunks.map((c, index) => ({ ...c, index }));
  }
  until(): void {}
  slice(): void {}
}
