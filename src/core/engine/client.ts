/**
 * Host side of the engine (extension host or CLI): owns the worker thread and speaks the protocol.
 * No vscode import. The worker is started on the first request, and started again on the next request after it
 * crashed or exited; the crash is reported once (to the requests it interrupted and to `onCrash`).
 * The worker is never terminated while it may be inside session.run (that aborts the whole process): `dispose`
 * asks it to finish and waits for it to end by itself. The worker keeps the process alive until `dispose()`.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import { EngineError } from './errors';
export { EngineError } from './errors';
import type { ChunkInfo, EngineAssets, EngineErrorCode, EngineStats, G2PResultMessage, HostToWorker, PreparedChunk, WorkerToHost } from './protocol';
import { disableOnnxRuntimeTelemetry } from './ortPrivacy';
import { catalogVoices, type VoiceDescription, type VoiceEngine } from './voiceEngine';

export type AudioMessage = Extract<WorkerToHost, { type: 'audio' }>;

export interface EngineFailure {
  code: EngineErrorCode;
  message: string;
}

export interface SpeakRequest {
  text: string;
  /** The Kokoro model and voice pack (required by the worker engine; other engines ignore it). */
  assets?: EngineAssets;
  /** The voice of an engine that is not given files (an HTTP engine's style id, e.g. '3'). */
  voice?: string;
  /** 0.5–2.0, default 1. */
  speed?: number;
  userDictionary?: Record<string, string>;
  /** The editor's language id, so Markdown and code comments are read without their markup. */
  languageId?: string;
  /** Already tokenised chunks (skips G2P). */
  chunks?: PreparedChunk[];
  /** Ask for each chunk's word times (the `words` of its audio message). */
  wordTimes?: boolean;
  /**
   * Acknowledge every chunk as played as soon as it arrives (for writing files, benchmarks). Without it the caller
   * must call `handle.played(index)` after playing each chunk, or the worker stops after `maxQueuedChunks`.
   */
  autoAck?: boolean;
}

export interface SpeakHandlers {
  /** `synthesizing` comes before each chunk's inference, with the chunk index. */
  onStatus?(state: 'loading-model' | 'loading-dictionary' | 'synthesizing', index?: number): void;
  /**
   * The chunks planned so far. A long text first gets a partial plan (its first sentence), so that synthesis can
   * start at once; a later call with `partial` false repeats those chunks and adds the rest. Indices never change.
   */
  onPlan?(chunks: ChunkInfo[], partial: boolean): void;
  onAudio?(audio: AudioMessage): void;
  onWarning?(message: string): void;
  onDone?(chunks: number): void;
  /** Called at most once; also when the worker died during the request (code 'internal'). */
  onError?(error: EngineFailure): void;
}

export type SpeakOutcome = { status: 'done'; chunks: number } | { status: 'cancelled' } | ({ status: 'error' } & EngineFailure);

export interface SpeakHandle {
  readonly id: number;
  /** Stops the request: nothing more is delivered for it (idempotent). */
  cancel(): void;
  /** Flow control: chunk `index` has finished playing. */
  played(index: number): void;
  /** Changes the speed from the next synthesised chunk on. */
  setSpeed(speed: number): void;
  /** Settles when the request is done, cancelled (also when replaced by a newer speak) or failed; never rejects. */
  readonly finished: Promise<SpeakOutcome>;
}

export interface EngineClientOptions {
  /** Default: worker.js beside this bundle (dist/worker.js). */
  workerPath?: string;
  idleUnloadMs?: number;
  maxQueuedChunks?: number;
  /**
   * A folder in the host's models folder (extension storage, the CLI's cache; see optimizedModelDir) where the
   * worker keeps the optimised graph of each model downloaded there, so that later cold starts skip optimising it.
   * Without it nothing is written.
   */
  optimizedModelDir?: string;
  /** Extra environment for the worker. */
  env?: Record<string, string>;
  /** The worker died (once per death). The next request starts a new one. */
  onCrash?(message: string): void;
  /** The session was released (idle timeout or unload()); with nothing pending the worker then ends itself. */
  onUnloaded?(): void;
  /** An error the worker could not attribute to a request. */
  onEngineError?(error: EngineFailure): void;
}

interface PendingSpeak {
  kind: 'speak';
  handlers: SpeakHandlers;
  autoAck: boolean;
  settle(o: SpeakOutcome): void;
}
interface PendingCall {
  kind: 'call';
  resolve(v: unknown): void;
  reject(e: Error): void;
}


export class EngineClient implements VoiceEngine {
  readonly engineName = 'kokoro';
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, PendingSpeak | PendingCall>();
  private unloadWaiters: Array<() => void> = [];
  private exitWaiters: Array<() => void> = [];
  /** Workers that unloaded while idle and are ending themselves (see onMessage 'unloaded'). */
  private retiring = new Map<Worker, Promise<void>>();
  private expectExit = false;
  private lastError: Error | null = null;
  private disposed = false;
  private config: { idleUnloadMs?: number; maxQueuedChunks?: number; optimizedModelDir?: string };
  /** How many workers have been started (tests use it to see a restart). */
  workerStarts = 0;

  constructor(private readonly opts: EngineClientOptions = {}) {
    this.config = { idleUnloadMs: opts.idleUnloadMs, maxQueuedChunks: opts.maxQueuedChunks, optimizedModelDir: opts.optimizedModelDir };
  }

  get running(): boolean {
    return this.worker !== null;
  }

  speak(req: SpeakRequest, handlers: SpeakHandlers = {}): SpeakHandle {
    const id = this.nextId++;
    let settle!: (o: SpeakOutcome) => void;
    const finished = new Promise<SpeakOutcome>((r) => (settle = r));
    // A new speak replaces any running one (the worker cancels it too).
    for (const [pid, p] of this.pending) if (p.kind === 'speak') this.finish(pid, { status: 'cancelled' });
    const entry: PendingSpeak = { kind: 'speak', handlers, autoAck: req.autoAck ?? false, settle };
    this.pending.set(id, entry);
    const handle: SpeakHandle = {
      id,
      finished,
      cancel: () => {
        if (this.pending.get(id) !== entry) return;
        this.finish(id, { status: 'cancelled' });
        this.post({ type: 'cancel', id });
      },
      played: (index: number) => {
        if (this.pending.get(id) === entry) this.post({ type: 'played', id, index });
      },
      setSpeed: (speed: number) => {
        if (this.pending.get(id) === entry) this.post({ type: 'speed', id, speed });
      },
    };
    if (this.disposed) {
      this.fail(id, { code: 'internal', message: 'The speech engine has been shut down.' });
      return handle;
    }
    if (!req.assets) {
      this.fail(id, { code: 'voice-invalid', message: 'No model and voice pack were given to the Kokoro engine.' });
      return handle;
    }
    this.ensureWorker();
    this.post({ type: 'speak', id, text: req.text, assets: req.assets, speed: req.speed ?? 1, userDictionary: req.userDictionary, languageId: req.languageId, chunks: req.chunks, ...(req.wordTimes ? { wordTimes: true } : {}) });
    return handle;
  }

  /** The voices of the catalog (models/manifest.json, or `$YOMIAGE_MANIFEST`); the id is the voice pack's. */
  async voices(): Promise<VoiceDescription[]> {
    const { activeManifest } = await import('../model');
    return catalogVoices(activeManifest());
  }

  /** Text → kana, phonemes and tokens (loads the dictionary on first use). */
  g2p(text: string, userDictionary?: Record<string, string>): Promise<G2PResultMessage> {
    return this.call((id) => ({ type: 'g2p', id, text, userDictionary })) as Promise<G2PResultMessage>;
  }

  stats(): Promise<EngineStats> {
    return this.call((id) => ({ type: 'stats', id })) as Promise<EngineStats>;
  }

  configure(c: { idleUnloadMs?: number; maxQueuedChunks?: number }): void {
    this.config = { ...this.config, ...c };
    if (this.worker) this.post({ type: 'configure', ...c });
  }

  /**
   * Releases the model now (after the current request, if any); resolves when done. With nothing else pending the
   * worker ends, which frees the dictionary too; the next request starts a new worker and loads them again.
   */
  unload(): Promise<void> {
    if (!this.worker) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.unloadWaiters.push(resolve);
      this.post({ type: 'unload' });
    });
  }

  /** Cancels everything, lets a running inference finish, ends the worker. Safe to call twice. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const id of [...this.pending.keys()]) {
      const p = this.pending.get(id)!;
      if (p.kind === 'speak') this.finish(id, { status: 'cancelled' });
      else this.fail(id, { code: 'internal', message: 'The speech engine has been shut down.' });
    }
    await Promise.all(this.retiring.values());
    const w = this.worker;
    if (!w) return;
    this.expectExit = true;
    const exited = new Promise<void>((r) => this.exitWaiters.push(r));
    w.postMessage({ type: 'shutdown' } satisfies HostToWorker);
    await exited;
  }

  private call(make: (id: number) => HostToWorker): Promise<unknown> {
    if (this.disposed) return Promise.reject(new EngineError('internal', 'The speech engine has been shut down.'));
    const id = this.nextId++;
    const p = new Promise<unknown>((resolve, reject) => this.pending.set(id, { kind: 'call', resolve, reject }));
    this.ensureWorker();
    this.post(make(id));
    return p;
  }

  private post(msg: HostToWorker): void {
    this.worker?.postMessage(msg);
  }

  private ensureWorker(): void {
    if (this.worker) return;
    const workerPath = this.opts.workerPath ?? path.join(__dirname, 'worker.js');
    disableOnnxRuntimeTelemetry(); // on this (main) thread: the worker's native onnxruntime reads the real environment
    const w = new Worker(workerPath, { env: { ...process.env, ...this.opts.env } });
    this.worker = w;
    this.workerStarts++;
    this.expectExit = false;
    this.lastError = null;
    w.on('message', (m: WorkerToHost) => this.onMessage(m, w));
    w.on('error', (e) => {
      this.lastError = e;
    });
    w.on('exit', (code) => this.onExit(w, code));
    const c = this.config;
    if (c.idleUnloadMs !== undefined || c.maxQueuedChunks !== undefined || c.optimizedModelDir !== undefined) this.post({ type: 'configure', ...c });
  }

  private onExit(w: Worker, code: number): void {
    if (this.worker !== w) return; // a retired worker: its own 'exit' listener settles it
    this.worker = null;
    const expected = this.expectExit;
    const why = this.lastError ? this.lastError.message : `exit code ${code}`;
    const message = `The speech engine stopped unexpectedly (${why}); it will restart on the next request.`;
    const hadWork = this.pending.size > 0;
    for (const id of [...this.pending.keys()]) this.fail(id, { code: 'internal', message });
    for (const r of this.unloadWaiters.splice(0)) r();
    for (const r of this.exitWaiters.splice(0)) r();
    if (!expected && (hadWork || code !== 0)) this.opts.onCrash?.(message);
  }

  private onMessage(m: WorkerToHost, from: Worker): void {
    if (from !== this.worker) return;
    switch (m.type) {
      case 'ready':
        return;
      case 'unloaded': {
        // Nothing pending: end the whole worker, which also frees the dictionary and the thread's heap (hundreds
        // of MB); the next request starts a fresh one. It is idle, and it ends itself (never terminate()).
        const waiters = this.unloadWaiters.splice(0);
        if (this.pending.size === 0) {
          const ended = this.retire(from);
          void ended.then(() => waiters.forEach((r) => r()));
        } else {
          waiters.forEach((r) => r());
        }
        this.opts.onUnloaded?.();
        return;
      }
      case 'error':
        if (m.id === null) {
          this.opts.onEngineError?.({ code: m.code, message: m.message });
          return;
        }
        this.fail(m.id, { code: m.code, message: m.message });
        return;
      case 'g2p':
      case 'stats': {
        const p = this.pending.get(m.id);
        if (p?.kind !== 'call') return;
        this.pending.delete(m.id);
        p.resolve(m.type === 'g2p' ? m.result : m.stats);
        return;
      }
    }
    const p = this.pending.get(m.id);
    if (p?.kind !== 'speak') return; // cancelled or replaced: drop
    const h = p.handlers;
    switch (m.type) {
      case 'status':
        h.onStatus?.(m.state, m.index);
        return;
      case 'plan':
        h.onPlan?.(m.chunks, m.partial ?? false);
        return;
      case 'audio':
        if (p.autoAck) this.post({ type: 'played', id: m.id, index: m.chunk.index });
        h.onAudio?.(m);
        return;
      case 'warning':
        h.onWarning?.(m.message);
        return;
      case 'done':
        this.finish(m.id, { status: 'done', chunks: m.chunks });
        return;
    }
  }

  private retire(w: Worker): Promise<void> {
    this.worker = null;
    const ended = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    this.retiring.set(w, ended);
    void ended.then(() => this.retiring.delete(w));
    w.postMessage({ type: 'shutdown' } satisfies HostToWorker);
    return ended;
  }

  private fail(id: number, err: EngineFailure): void {
    const p = this.pending.get(id);
    if (!p) return;
    if (p.kind === 'call') {
      this.pending.delete(id);
      p.reject(new EngineError(err.code, err.message));
      return;
    }
    this.finish(id, { status: 'error', ...err });
  }

  private finish(id: number, o: SpeakOutcome): void {
    const p = this.pending.get(id);
    if (p?.kind !== 'speak') return;
    this.pending.delete(id);
    if (o.status === 'done') p.handlers.onDone?.(o.chunks);
    if (o.status === 'error') p.handlers.onError?.({ code: o.code, message: o.message });
    p.settle(o);
  }
}
