/**
 * One reading, from text to sound or file: the engine request (plan, audio, flow-control acks, speed), the output
 * (a Player, or an AudioSink that receives the chunks in order), pause/resume, cancel, replace, the end of speech,
 * errors, and the hand-over to another player when the one in use fails mid-reading. Used by the editor's reader,
 * `yomiage say` and Save as WAV. No `vscode` import.
 */
import type { AudioMessage, SpeakHandle, SpeakRequest } from '../engine/client';
import type { VoiceEngine } from '../engine/voiceEngine';
import type { ChunkInfo, EngineAssets, EngineErrorCode, PreparedChunk } from '../engine/protocol';
import type { AudioChunk, Player, PlayerEvent } from '../audio/player';
import type { AudioSink } from './sink';

/** The part of a VoiceEngine (core/engine/voiceEngine.ts) a session needs: the editor's EngineHost has it too. */
export type SpeechEngine = Pick<VoiceEngine, 'speak'>;

/** Gives the player to go on with when the one in use failed for good. */
export interface FallbackProvider {
  /**
   * `failed` reported a fatal error during a reading. Returns the player that takes over, with the notice for the
   * user when this fallback has not been announced yet, or null when nothing else can play. The provider takes
   * over the failed player (it disposes it) and owns the player it returns.
   */
  fallback(failed: Player, reason: string): Promise<{ player: Player; notice?: string } | null>;
}

/** A player (possibly still starting: audio made meanwhile waits for it), or a sink that receives every chunk. */
export type SpeechOutput = { player: Player | Promise<Player>; fallback?: FallbackProvider } | { sink: AudioSink };

/** What a reading asks of its engine: an engine request without `autoAck` (the session acknowledges chunks itself). */
export type SpeechRequest = Omit<SpeakRequest, 'autoAck'>;

export type SpeechOutcome =
  | { status: 'done'; chunks: number }
  | { status: 'cancelled' }
  /** `replace()` started another reading in this one's place. */
  | { status: 'replaced' }
  | { status: 'error'; source: 'engine'; code: EngineErrorCode; message: string }
  /** The player could not start, or failed with no player to take over; the sink could not write. */
  | { status: 'error'; source: 'player'; message: string }
  /** The sink refused a chunk or could not complete the file; `cause` is what it threw. */
  | { status: 'error'; source: 'sink'; message: string; cause: unknown };

export interface SpeechListener {
  /** The chunks planned so far (a long text: first a partial plan, then all of them; indices never change). */
  onPlan?(chunks: ChunkInfo[], partial: boolean): void;
  /** Each chunk as the engine delivers it (before it plays or is written). */
  onAudio?(audio: AudioMessage): void;
  /** Chunk `index` became audible (player) or was written (sink). */
  onStarted?(index: number): void;
  onWarning?(message: string): void;
  /** The player in use: when it is ready, and again after a fallback. */
  onPlayer?(player: Player): void;
  /** A message for the user about playback (a fallback's notice; shown once per kind by the provider). */
  onNotice?(message: string): void;
  /** Every event of the player in use while the session runs (blocked, userAction…), before the session acts on it. */
  onPlayerEvent?(e: PlayerEvent, player: Player): void;
}

export class SpeechSession {
  /** Settles once with how the reading ended; never rejects. */
  readonly ended: Promise<SpeechOutcome>;
  private settle!: (o: SpeechOutcome) => void;
  private outcome: SpeechOutcome | undefined;
  private readonly handle: SpeakHandle;
  private current: Player | undefined;
  private off: (() => void) | undefined;
  private planned: ChunkInfo[] = [];
  /** Chunks handed to the player and not yet confirmed played: a fallback player starts again from them. */
  private readonly unconfirmed = new Map<number, AudioChunk>();
  /** Audio that came while no player was ready (still starting, or being replaced after a failure). */
  private readonly waiting: AudioChunk[] = [];
  private engineDone: number | undefined;
  private paused = false;
  private finishing = false;
  private sinkChain: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: SpeechEngine,
    readonly request: SpeechRequest,
    private readonly output: SpeechOutput,
    private readonly listener: SpeechListener = {},
  ) {
    this.ended = new Promise((r) => (this.settle = r));
    this.handle = engine.speak(
      { ...request, autoAck: false },
      {
        onPlan: (chunks, partial) => this.onPlan(chunks, partial),
        onAudio: (m) => this.onAudio(m),
        onWarning: (m) => this.live() && this.listener.onWarning?.(m),
        onDone: (n) => this.onEngineDone(n),
        onError: (e) => this.end({ status: 'error', source: 'engine', code: e.code, message: e.message }),
      },
    );
    // A newer request on the same engine (another session) cancels this one's engine request.
    void this.handle.finished.then((o) => {
      if (o.status === 'cancelled') this.end({ status: 'cancelled' });
    });
    if ('player' in output) void this.attach(output.player);
  }

  /** The engine request id; also the utterance id the player sees. */
  get id(): number {
    return this.handle.id;
  }

  /** The player in use, if any (undefined while it starts or while a fallback is being found). */
  get player(): Player | undefined {
    return this.current;
  }

  get chunks(): readonly ChunkInfo[] {
    return this.planned;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Stops the reading: silence at once, nothing more is synthesised, a partial file is removed. */
  cancel(): void {
    if (this.finishing) return; // the file is being completed: too late to lose it
    this.end({ status: 'cancelled' });
  }

  /**
   * Ends this reading and starts `request` in its place on the same engine and output (the player in use now,
   * which may be a fallback), or on `output` when given; on `engine` when given (another voice family).
   * This one ends with status 'replaced'.
   */
  replace(request: SpeechRequest, listener: SpeechListener = this.listener, output?: SpeechOutput, engine: SpeechEngine = this.engine): SpeechSession {
    const next = output ?? this.continuedOutput();
    this.end({ status: 'replaced' });
    return new SpeechSession(engine, request, next, listener);
  }

  pause(): void {
    if (this.outcome || this.paused) return;
    this.paused = true;
    this.current?.pause();
  }

  resume(): void {
    if (this.outcome || !this.paused) return;
    this.paused = false;
    this.current?.resume();
  }

  /** Applies from the next synthesised chunk. */
  setSpeed(speed: number): void {
    if (!this.outcome) this.handle.setSpeed(speed);
  }

  private continuedOutput(): SpeechOutput {
    if ('sink' in this.output) throw new Error('a file session cannot be replaced');
    return { player: this.current ?? this.output.player, fallback: this.output.fallback };
  }

  private live(): boolean {
    return this.outcome === undefined;
  }

  private onPlan(chunks: ChunkInfo[], partial: boolean): void {
    if (!this.live()) return;
    this.planned = chunks;
    this.current?.plan?.(this.id, chunks.map((c) => ({ index: c.index, text: c.text })));
    this.listener.onPlan?.(chunks, partial);
  }

  private onAudio(m: AudioMessage): void {
    if (!this.live()) return;
    const c: AudioChunk = { id: this.id, index: m.chunk.index, samples: m.samples, sampleRate: m.sampleRate, text: m.chunk.text, start: m.chunk.start, end: m.chunk.end, ...(m.words ? { words: m.words } : {}) };
    this.listener.onAudio?.(m);
    if ('sink' in this.output) {
      const sink = this.output.sink;
      this.onSink(async () => {
        await sink.write(c);
        if (!this.live()) return;
        this.listener.onStarted?.(c.index);
        this.handle.played(c.index);
      });
    } else if (this.current) {
      this.unconfirmed.set(c.index, c);
      this.current.enqueue(c);
    } else {
      this.waiting.push(c);
    }
  }

  private onEngineDone(chunks: number): void {
    if (!this.live()) return;
    this.engineDone = chunks;
    if ('sink' in this.output) {
      const sink = this.output.sink;
      this.onSink(async () => {
        this.finishing = true;
        await sink.finish();
        this.end({ status: 'done', chunks });
      });
    } else {
      this.current?.end(this.id);
    }
  }

  /** Sink steps run one after the other, in chunk order; the first failure ends the session. */
  private onSink(step: () => Promise<void>): void {
    this.sinkChain = this.sinkChain
      .then(() => (this.live() ? step() : undefined))
      .catch((e: Error) => {
        this.finishing = false;
        this.end({ status: 'error', source: 'sink', message: e?.message ?? String(e), cause: e });
      });
  }

  private async attach(p: Player | Promise<Player>): Promise<void> {
    let player: Player;
    try {
      player = await p;
    } catch (e) {
      this.end({ status: 'error', source: 'player', message: (e as Error)?.message ?? String(e) });
      return;
    }
    if (this.live()) this.use(player);
  }

  /** Starts playing on `player`: the plan, the chunks not yet confirmed played, then those that waited. */
  private use(player: Player): void {
    this.current = player;
    this.off = player.onEvent((e) => this.onPlayerEvent(player, e));
    this.listener.onPlayer?.(player);
    if (this.paused) player.pause();
    if (this.planned.length) player.plan?.(this.id, this.planned.map((c) => ({ index: c.index, text: c.text })));
    const queue = [...this.unconfirmed.values(), ...this.waiting.splice(0)].sort((a, b) => a.index - b.index);
    for (const c of queue) {
      this.unconfirmed.set(c.index, c);
      player.enqueue(c);
    }
    if (this.engineDone !== undefined) player.end(this.id);
  }

  private onPlayerEvent(player: Player, e: PlayerEvent): void {
    if (player !== this.current || !this.live()) return;
    this.listener.onPlayerEvent?.(e, player);
    if (!this.live() || player !== this.current) return; // the listener may have stopped the reading
    switch (e.type) {
      case 'started':
        if (e.id === this.id) this.listener.onStarted?.(e.index);
        return;
      case 'played':
        if (e.id !== this.id) return;
        this.unconfirmed.delete(e.index);
        this.handle.played(e.index);
        return;
      case 'finished':
        if (e.id === this.id && this.engineDone !== undefined) this.end({ status: 'done', chunks: this.engineDone });
        return;
      case 'error':
        if (e.fatal) void this.failover(player, e.message);
        return;
      default:
        return;
    }
  }

  private async failover(failed: Player, reason: string): Promise<void> {
    this.off?.();
    this.off = undefined;
    this.current = undefined;
    const provider = 'player' in this.output ? this.output.fallback : undefined;
    let next: Awaited<ReturnType<FallbackProvider['fallback']>> = null;
    let why = reason;
    if (provider) {
      try {
        next = await provider.fallback(failed, reason);
      } catch (e) {
        why = `${reason}; no other player: ${(e as Error)?.message ?? e}`;
      }
    }
    if (!this.live()) return;
    if (!next) {
      this.end({ status: 'error', source: 'player', message: why });
      return;
    }
    if (next.notice) this.listener.onNotice?.(next.notice);
    this.use(next.player);
  }

  private end(o: SpeechOutcome): void {
    if (this.outcome) return;
    this.outcome = o;
    this.off?.();
    this.off = undefined;
    if (o.status === 'done') {
      this.settle(o);
      return;
    }
    // handle is unset only when the engine failed inside speak() (it had been shut down)
    this.handle?.cancel();
    this.current?.stop();
    if ('sink' in this.output) {
      const sink = this.output.sink;
      void this.sinkChain
        .then(() => sink.abort())
        .catch(() => undefined)
        .then(() => this.settle(o));
      return;
    }
    this.settle(o);
  }
}
