/**
 * The webview player: a "Yomiage" panel (src/webview/player.ts, bundled to dist/webview/player.js) that plays PCM chunks with Web Audio where the user
 * sits, also in remote windows. Implements `Player`; the message protocol is in core/audio/webviewProtocol.ts.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { AudioChunk, Player, PlayerEvent, PlayerEvents } from '../core/audio/player';
import { panelWords, parseFromWebview, ToWebview } from '../core/audio/webviewProtocol';
import { DEFAULT_STRINGS, PanelStrings, renderPanelHtml } from '../core/audio/webviewHtml';
import { wordSourceText } from './statusBar';

export class WebviewPlayer implements Player {
  readonly kind = 'webview' as const;
  private readonly events = new PlayerEvents();
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private pending: ToWebview[] = [];
  private subscriptions: vscode.Disposable[] = [];
  private speaking = false;
  private disposed = false;
  private readonly mediaRoot: vscode.Uri;
  private readonly scriptRoot: vscode.Uri;

  constructor(context: Pick<vscode.ExtensionContext, 'extensionUri'>) {
    this.mediaRoot = vscode.Uri.joinPath(context.extensionUri, 'media');
    this.scriptRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
  }

  /** Shows the panel (creating it if needed) without taking focus unless asked. */
  show(preserveFocus = true): void {
    if (this.disposed) return;
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      'yomiage.player',
      'Yomiage',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [this.mediaRoot, this.scriptRoot] },
    );
    panel.iconPath = vscode.Uri.joinPath(this.mediaRoot, 'icon.png');
    const webview = panel.webview;
    webview.html = renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64url'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.scriptRoot, 'player.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'player.css')).toString(),
      strings: panelStrings(),
      lang: vscode.env.language,
    });
    this.ready = false;
    this.subscriptions.push(
      webview.onDidReceiveMessage((m) => this.onMessage(m)),
      panel.onDidDispose(() => this.onPanelClosed()),
    );
    this.panel = panel;
  }

  enqueue(chunk: AudioChunk): void {
    this.speaking = true;
    // A fresh copy: a Float32Array view into a larger buffer would otherwise carry the whole buffer along.
    this.post({
      type: 'chunk',
      id: chunk.id,
      index: chunk.index,
      sampleRate: chunk.sampleRate,
      samples: new Float32Array(chunk.samples),
      text: chunk.text,
      ...panelWords(chunk.words, chunk.start),
    });
  }

  plan(id: number, chunks: ReadonlyArray<{ index: number; text: string }>): void {
    this.post({ type: 'plan', id, chunks: chunks.map((c) => ({ index: c.index, text: c.text })) });
  }

  end(id: number): void {
    if (this.panel) this.post({ type: 'end', id });
    // No panel: nothing of this utterance is waiting to play (none came, or the user closed the panel).
    else queueMicrotask(() => this.events.emit({ type: 'finished', id }));
  }

  pause(): void {
    if (this.panel) this.post({ type: 'pause' });
  }

  resume(): void {
    if (this.panel) this.post({ type: 'resume' });
  }

  stop(): void {
    this.speaking = false;
    // Chunks not yet delivered are simply dropped.
    this.pending = this.pending.filter((m) => m.type !== 'chunk' && m.type !== 'end');
    if (this.panel) this.post({ type: 'stop' });
  }

  onEvent(listener: (e: PlayerEvent) => void): () => void {
    return this.events.on(listener);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.events.clear();
    const p = this.panel;
    this.panel = undefined;
    for (const d of this.subscriptions.splice(0)) d.dispose();
    p?.dispose();
  }

  private post(m: ToWebview): void {
    if (this.disposed) return;
    if (!this.panel) this.show(true);
    if (!this.ready) {
      this.pending.push(m);
      return;
    }
    void this.panel!.webview.postMessage(m).then(
      (ok) => {
        if (!ok) this.events.emit({ type: 'error', message: 'the Yomiage panel did not accept a message', fatal: false });
      },
      (e: Error) => this.events.emit({ type: 'error', message: `posting to the Yomiage panel failed: ${e.message}`, fatal: false }),
    );
  }

  private onMessage(raw: unknown): void {
    const m = parseFromWebview(raw);
    if (!m) return;
    if (m.type === 'ready') {
      // (Re)loaded: deliver what waited. A reload mid-speech lost the audio scheduled in the old page.
      this.ready = true;
      const queued = this.pending.splice(0);
      for (const q of queued) this.post(q);
      return;
    }
    if (m.type === 'blocked') {
      // The user has to click in the panel: bring it up with focus so a click or Enter does it.
      this.panel?.reveal(undefined, false);
    }
    if (m.type === 'finished' || (m.type === 'userAction' && m.action === 'stop')) this.speaking = false;
    this.events.emit(m);
  }

  private onPanelClosed(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.panel = undefined;
    this.ready = false;
    this.pending = [];
    if (this.speaking && !this.disposed) {
      this.speaking = false;
      this.events.emit({ type: 'userAction', action: 'stop' });
    }
  }
}

function panelStrings(): PanelStrings {
  return {
    title: DEFAULT_STRINGS.title,
    idle: vscode.l10n.t('Idle'),
    speaking: vscode.l10n.t('Speaking'),
    waiting: vscode.l10n.t('Waiting for a click'),
    paused: vscode.l10n.t('Paused'),
    pause: vscode.l10n.t('Pause'),
    resume: vscode.l10n.t('Resume'),
    stop: vscode.l10n.t('Stop'),
    enableAudio: vscode.l10n.t('Click to enable audio'),
    enableAudioHelp: vscode.l10n.t('VS Code lets a panel play sound only after you have clicked in it once. Your speech is waiting and starts right after the click.',
    ),
    progress: DEFAULT_STRINGS.progress,
    finished: vscode.l10n.t('Finished'),
    stopped: vscode.l10n.t('Stopped'),
    wordsFromDurations: wordSourceText('duration'),
    wordsEstimated: wordSourceText('estimate'),
    elapsed: DEFAULT_STRINGS.elapsed,
  };
}
