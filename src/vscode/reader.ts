import * as vscode from 'vscode';
import type { ChunkInfo } from '../core/engine/protocol';
import type { Player, PlayerEvent } from '../core/audio/player';
import type { EventHub, ReaderState } from './events';
import type { StatusBar } from './statusBar';
import type { Highlighter } from './highlight';
import type { EngineHost, SpeakHandle } from './engineHost';
import type { PlayerHost } from './playerHost';
import { ReportedError, resolveAssets } from './assets';
import { readSettings } from './settings';
import { reportEngineError } from './errors';

interface Utterance {
  id: number;
  handle: SpeakHandle;
  doc?: vscode.TextDocument;
  chunks: ChunkInfo[];
  /** Resolves the promise returned by read() once speech started (first chunk queued) or ended. */
  started: () => void;
  preview: boolean;
}

/**
 * The reading session: text → engine (worker) → player, with the state machine, status bar,
 * follow-along highlight and context keys. One utterance at a time; a new one replaces the old.
 */
export class Reader implements vscode.Disposable {
  private state: ReaderState = 'idle';
  private current: Utterance | undefined;
  private playerOff: (() => void) | undefined;
  private player: Player | undefined;
  /** Bumped by every read and stop, so a read still waiting for its assets knows it was superseded. */
  private generation = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly events: EventHub,
    private readonly statusBar: StatusBar,
    private readonly highlighter: Highlighter,
    private readonly engine: EngineHost,
    private readonly players: PlayerHost,
  ) {}

  getState(): ReaderState {
    return this.state;
  }

  playerKind(): 'webview' | 'system' | undefined {
    return this.player?.kind;
  }

  /**
   * Reads `text` aloud. `doc` + `base` tie chunk offsets to the document for the highlight.
   * Resolves once speech has started (or ended early with an error); never rejects.
   */
  async read(text: string, opts: { doc?: vscode.TextDocument; base?: number; voice?: string; preview?: boolean } = {}): Promise<void> {
    this.stop();
    const gen = ++this.generation;
    const settings = readSettings();
    this.setState('loading');
    let assets;
    try {
      assets = await resolveAssets(this.context, settings, opts.voice, (message, answer) => this.events.fire({ type: 'prompt', message, answer }));
    } catch (e) {
      if (gen !== this.generation) return;
      this.setState('idle');
      this.events.fire({ type: 'error', message: (e as Error).message });
      if (!(e instanceof ReportedError)) void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: {0}', (e as Error).message));
      return;
    }
    if (gen !== this.generation) return; // stopped or replaced while the assets were resolved
    if (!assets) {
      this.setState('idle'); // the user declined or cancelled the download
      return;
    }
    const player = await this.ensurePlayer(settings.playback);
    if (gen !== this.generation) return;
    if (!player) {
      this.setState('idle');
      return;
    }

    await new Promise<void>((started) => {
      const u: Utterance = { id: -1, handle: undefined as unknown as SpeakHandle, doc: opts.doc, chunks: [], started, preview: !!opts.preview };
      const base = opts.base ?? 0;
      u.handle = this.engine.speak(
        { text, assets, speed: settings.speed, userDictionary: settings.dictionary, languageId: opts.doc?.languageId },
        {
          onPlan: (chunks) => {
            if (this.current !== u) return;
            // A long text is planned in steps: a first part, then the whole list (indices never change).
            if (u.doc && u.chunks.length === 0) this.highlighter.track(u.doc, base, chunks);
            else this.highlighter.add(base, chunks);
            u.chunks = chunks;
            player.plan?.(u.id, chunks.map((c) => ({ index: c.index, text: c.text })));
            this.events.fire({ type: 'plan', chunks });
          },
          onAudio: (m) => {
            if (this.current !== u) return;
            player.enqueue({ id: u.id, index: m.chunk.index, samples: m.samples, sampleRate: m.sampleRate, text: m.chunk.text, start: m.chunk.start, end: m.chunk.end });
            u.started();
          },
          onDone: () => {
            if (this.current !== u) return;
            player.end(u.id);
            u.started();
          },
          onWarning: (message) => {
            if (this.current !== u || u.preview) return;
            // e.g. characters that cannot be read were skipped: worth a glance, not a notification to dismiss
            this.events.fire({ type: 'notice', message });
            vscode.window.setStatusBarMessage(vscode.l10n.t('Yomiage: {0}', message), 8000);
          },
          onError: ({ code, message }) => {
            if (this.current !== u) return;
            this.player?.stop();
            this.finish();
            u.started();
            this.events.fire({ type: 'error', message });
            void reportEngineError(code, message, settings);
          },
        },
      );
      u.id = u.handle.id;
      this.current = u;
      // Another request on the same engine (a WAV export) replaces this one: end the reading cleanly.
      void u.handle.finished.then((o) => {
        if (o.status === 'cancelled' && this.current === u) this.stop();
      });
    });
  }

  stop(): void {
    this.generation++;
    const u = this.current;
    if (!u && this.state === 'idle') return;
    this.current = undefined;
    u?.handle.cancel();
    this.player?.stop();
    u?.started();
    this.finish();
  }

  /** A changed `yomiage.speed` applies from the next synthesised chunk of the current reading. */
  setSpeed(speed: number): void {
    this.current?.handle.setSpeed(speed);
  }

  pauseResume(): void {
    if (!this.current || !this.player) return;
    if (this.state === 'paused') {
      this.player.resume();
      this.setState('speaking');
    } else if (this.state === 'speaking' || this.state === 'loading') {
      this.player.pause();
      this.setState('paused');
    }
  }

  private finish(): void {
    this.current = undefined;
    this.highlighter.clear();
    this.setState('idle');
  }

  private async ensurePlayer(setting: 'auto' | 'webview' | 'system'): Promise<Player | undefined> {
    const p = await this.players.get(setting);
    if (p && p !== this.player) {
      this.playerOff?.();
      this.player = p;
      this.playerOff = p.onEvent((e) => this.onPlayerEvent(p, e));
    }
    return p;
  }

  private onPlayerEvent(p: Player, e: PlayerEvent): void {
    this.events.fire({ type: 'player', event: e });
    const u = this.current;
    switch (e.type) {
      case 'started': {
        if (!u || e.id !== u.id) return;
        const chunk = u.chunks.find((c) => c.index === e.index);
        const r = this.highlighter.show(e.index, readSettings().highlight);
        if (this.state !== 'paused') this.setState('speaking', { index: e.index, total: u.chunks.length });
        if (chunk) this.events.fire({ type: 'chunk-started', index: e.index, start: r?.start ?? chunk.start, end: r?.end ?? chunk.end });
        return;
      }
      case 'played':
        if (u && e.id === u.id) u.handle.played(e.index);
        return;
      case 'finished':
        if (u && e.id === u.id) {
          this.finish();
          this.events.fire({ type: 'finished' });
        }
        return;
      case 'userAction':
        if (e.action === 'stop') this.stop();
        else if ((e.action === 'pause') !== (this.state === 'paused')) this.pauseResume();
        return;
      case 'error':
        if (e.fatal) {
          const message = this.players.failed(p, e.message);
          this.events.fire({ type: 'notice', message });
          this.stop();
        }
        return;
      default:
        return;
    }
  }

  private setState(state: ReaderState, progress?: { index: number; total: number }): void {
    const changed = state !== this.state;
    this.state = state;
    this.statusBar.show(state, progress);
    if (!changed) return;
    void vscode.commands.executeCommand('setContext', 'yomiage.speaking', state !== 'idle');
    void vscode.commands.executeCommand('setContext', 'yomiage.paused', state === 'paused');
    this.events.fire({ type: 'state', state });
  }

  dispose(): void {
    this.stop();
    this.playerOff?.();
  }
}
