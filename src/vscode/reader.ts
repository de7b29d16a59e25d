import * as vscode from 'vscode';
import type { Player } from '../core/audio/player';
import { SpeechSession, type SpeechListener, type SpeechOutcome } from '../core/speech/session';
import type { EventHub, ReaderState } from './events';
import type { StatusBar } from './statusBar';
import type { Highlighter } from './highlight';
import type { WordHighlight } from './wordHighlight';
import type { EngineHost } from './engineHost';
import type { PlayerHost } from './playerHost';
import { ReportedError, resolveAssets } from './assets';
import { readSettings, type Settings } from './settings';
import { reportEngineError } from './errors';
import { type EngineRegistry, voiceEngineFor } from './engines';

export interface ReadOptions {
  doc?: vscode.TextDocument;
  base?: number;
  /** A voice other than the configured one (the voice picker's preview). */
  voice?: string;
  /** A voice preview: its warnings are not shown. */
  preview?: boolean;
}

/** What the editor keeps about the reading in progress (the session keeps the rest). */
interface Reading {
  session: SpeechSession;
  doc?: vscode.TextDocument;
  base: number;
  preview: boolean;
  /** Resolves the promise returned by read() once speech started (first chunk synthesised) or ended. */
  started: () => void;
}

/**
 * The editor side of reading aloud: a SpeechSession (core) does the reading; this keeps the status bar, the
 * follow-along highlight, the context keys and the notifications in step with it. One reading at a time.
 */
export class Reader implements vscode.Disposable {
  private state: ReaderState = 'idle';
  private current: Reading | undefined;
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
    private readonly engines: EngineRegistry,
    private readonly words: WordHighlight,
  ) {}

  getState(): ReaderState {
    return this.state;
  }

  playerKind(): 'webview' | 'system' | undefined {
    return this.player?.kind;
  }

  /** Reads `text` aloud; a reading in progress is replaced. See `replace`. */
  read(text: string, opts: ReadOptions = {}): Promise<void> {
    return this.replace(text, opts);
  }

  /**
   * Reads `text` in place of the current reading (if any), which goes on until the new one is ready to start.
   * `doc` + `base` tie chunk offsets to the document for the highlight.
   * Resolves once speech has started (or ended early with an error); never rejects.
   */
  async replace(text: string, opts: ReadOptions = {}): Promise<void> {
    const gen = ++this.generation;
    this.engine.markUsed(); // from now on the reading hover may use the G2P
    const settings = readSettings();
    this.setState('loading');
    let assets;
    let http;
    try {
      // an engine voice (voicevox:3) reads through its HTTP engine: no model or voice pack to resolve
      http = voiceEngineFor(opts.voice ?? settings.voice, this.engines);
      assets = http ? true : await resolveAssets(this.context, settings, opts.voice, (message, answer) => this.events.fire({ type: 'prompt', message, answer }));
    } catch (e) {
      if (gen !== this.generation) return;
      this.stop();
      this.events.fire({ type: 'error', message: (e as Error).message });
      if (!(e instanceof ReportedError)) void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: {0}', (e as Error).message));
      return;
    }
    if (gen !== this.generation) return; // stopped or replaced while the assets were resolved
    if (!assets) {
      this.stop(); // the user declined or cancelled the download
      return;
    }
    const player = await this.players.get(settings.playback);
    if (gen !== this.generation) return;
    if (!player) {
      this.stop();
      return;
    }
    this.player = player;
    this.highlighter.clear();
    this.words.reset();

    const request = { text, assets: assets === true ? undefined : assets, voice: http?.styleId, speed: settings.speed, userDictionary: settings.dictionary, languageId: opts.doc?.languageId, wordTimes: true };
    const output = { player, fallback: this.players };
    await new Promise<void>((started) => {
      const r = { doc: opts.doc, base: opts.base ?? 0, preview: !!opts.preview, started } as Reading;
      const listener = this.listen(r);
      const previous = this.current?.session;
      this.current = r;
      const engine = http?.engine ?? this.engine;
      r.session = previous ? previous.replace(request, listener, output, engine) : new SpeechSession(engine, request, output, listener);
      void r.session.ended.then((o) => this.ended(r, o, settings));
    });
  }

  stop(): void {
    this.generation++;
    const r = this.current;
    if (!r && this.state === 'idle') return;
    this.current = undefined;
    r?.session.cancel();
    r?.started();
    this.finish();
  }

  /** A changed `yomiage.speed` applies from the next synthesised chunk of the current reading. */
  setSpeed(speed: number): void {
    this.current?.session.setSpeed(speed);
  }

  pauseResume(): void {
    const s = this.current?.session;
    if (!s) return;
    if (this.state === 'paused') {
      s.resume();
      this.words.resume();
      this.setState('speaking');
    } else if (this.state === 'speaking' || this.state === 'loading') {
      s.pause();
      this.words.pause();
      this.setState('paused');
    }
  }

  /** The session's events, turned into the editor's: highlight, status bar, notices. */
  private listen(r: Reading): SpeechListener {
    const mine = () => this.current === r;
    let planned = false;
    return {
      onPlan: (chunks) => {
        if (!mine()) return;
        // A long text is planned in steps: a first part, then the whole list (indices never change).
        if (r.doc && !planned) this.highlighter.track(r.doc, r.base, chunks);
        else this.highlighter.add(r.base, chunks);
        planned = true;
        this.events.fire({ type: 'plan', chunks });
      },
      onAudio: (m) => {
        r.started();
        if (mine()) this.words.words(m.chunk.index, r.base, m.words);
      },
      onStarted: (index) => {
        if (!mine()) return;
        const chunk = r.session.chunks.find((c) => c.index === index);
        const shown = this.highlighter.show(index, readSettings().highlight);
        if (this.state !== 'paused') this.setState('speaking', { index, total: r.session.chunks.length });
        if (chunk) this.events.fire({ type: 'chunk-started', index, start: shown?.start ?? chunk.start, end: shown?.end ?? chunk.end });
        this.words.started(index);
      },
      onWarning: (message) => {
        if (!mine() || r.preview) return;
        // e.g. characters that cannot be read were skipped: worth a glance, not a notification to dismiss
        this.events.fire({ type: 'notice', message });
        vscode.window.setStatusBarMessage(vscode.l10n.t('Yomiage: {0}', message), 8000);
      },
      onPlayer: (p) => {
        if (mine()) this.player = p;
      },
      onNotice: (message) => {
        this.events.fire({ type: 'notice', message });
        void vscode.window.showWarningMessage(message);
      },
      onPlayerEvent: (e) => {
        this.events.fire({ type: 'player', event: e });
        if (mine() && e.type === 'position' && e.id === r.session.id) this.words.position(e.index, e.offsetMs, e.at);
        if (!mine() || e.type !== 'userAction') return;
        if (e.action === 'stop') this.stop();
        else if ((e.action === 'pause') !== (this.state === 'paused')) this.pauseResume();
      },
    };
  }

  private ended(r: Reading, o: SpeechOutcome, settings: Settings): void {
    r.started();
    if (this.current !== r) return; // stopped or replaced: the editor already moved on
    this.current = undefined;
    this.finish();
    if (o.status === 'done') this.events.fire({ type: 'finished' });
    if (o.status !== 'error') return;
    this.events.fire({ type: 'error', message: o.message });
    if (o.source === 'engine') void reportEngineError(o.code, o.message, settings);
    else void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: {0}', o.message));
  }

  private finish(): void {
    this.words.reset();
    this.highlighter.clear();
    this.setState('idle');
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
  }
}
