/**
 * Yomiage's editor entry point. Activation only registers commands and creates a few UI objects: the worker,
 * the model and the dictionary are loaded on the first request (see EngineHost), so activating costs milliseconds.
 */
import * as vscode from 'vscode';
import { EventHub, type ReaderState, type YomiageEvent } from './vscode/events';
import { StatusBar } from './vscode/statusBar';
import { Highlighter } from './vscode/highlight';
import { WordHighlight } from './vscode/wordHighlight';
import { EngineHost } from './vscode/engineHost';
import { storageDir } from './vscode/assets';
import { optimizedModelDir } from './core/model';
import { READING_SCHEME, ReadingDocuments, showReading } from './vscode/commands/showReading';
import { PlayerHost } from './vscode/playerHost';
import { Reader } from './vscode/reader';
import { readSettings } from './vscode/settings';
import { readAloud } from './vscode/commands/readAloud';
import { stop } from './vscode/commands/stop';
import { pauseResume } from './vscode/commands/pauseResume';
import { selectVoice } from './vscode/commands/selectVoice';
import { EngineRegistry } from './vscode/engines';
import { saveAsWav } from './vscode/commands/saveAsWav';
import { downloadModel } from './vscode/commands/downloadModel';
import { deleteModel } from './vscode/commands/deleteModel';
import { DictionaryFile } from './vscode/dictionaryFile';
import { SentenceReadings } from './vscode/sentenceReadings';
import { fixReading, fixReadingArgs } from './vscode/commands/fixReading';
import { FixReadingActionProvider, READING_HOVER_SELECTOR, ReadingHoverProvider } from './vscode/readingHover';

/** What `activate` returns: used by the integration tests, and harmless for anyone else. */
export interface YomiageApi {
  activationMs: number;
  state(): ReaderState;
  onEvent(listener: (e: YomiageEvent) => void): vscode.Disposable;
  /** Document offsets of the follow-along highlight, if any. */
  highlight(): { start: number; end: number } | undefined;
  /** Document offsets of the word highlighted inside it, if any. */
  wordHighlight(): { start: number; end: number } | undefined;
  /** Whether that word is decorated in an editor now (not with `yomiage.highlightWords` off). */
  wordHighlightShown(): boolean;
  playerKind(): 'webview' | 'system' | undefined;
  statusText(): string | undefined;
  /** Whether the engine worker runs (the reading hover must not start it before Yomiage was used). */
  workerStarted(): boolean;
  /** The status bar item's tooltip (undefined while hidden). */
  statusTooltip(): string | undefined;
}

export function activate(context: vscode.ExtensionContext): YomiageApi {
  const t0 = performance.now();
  const events = new EventHub();
  const statusBar = new StatusBar();
  const highlighter = new Highlighter();
  let crashNoticeShown = false;
  const engine = new EngineHost(
    context.extensionPath,
    () => readSettings().idleUnloadSeconds,
    (message) => {
      events.fire({ type: 'error', message });
      if (crashNoticeShown) return;
      crashNoticeShown = true; // reported once; the next request starts a fresh worker
      void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: the speech engine stopped ({0}). It restarts on the next request.', message));
    },
    optimizedModelDir(storageDir(context)),
  );
  const players = new PlayerHost(context, (message) => {
    events.fire({ type: 'notice', message });
    void vscode.window.showWarningMessage(message);
  });
  const engines = new EngineRegistry();
  context.subscriptions.push(engines);
  const words = new WordHighlight(highlighter, events);
  words.onWord((c) => statusBar.word(c.word));
  const reader = new Reader(context, events, statusBar, highlighter, engine, players, engines, words);

  const command = (id: string, run: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));
  command('yomiage.readAloud', () => readAloud(reader, events));
  command('yomiage.stop', () => stop(reader));
  command('yomiage.pauseResume', () => pauseResume(reader));
  command('yomiage.selectVoice', () => selectVoice(reader, engines));
  command('yomiage.saveAsWav', (target?: vscode.Uri) => saveAsWav(context, engine, reader, target instanceof vscode.Uri ? target : undefined, engines));
  const readings = new ReadingDocuments();
  context.subscriptions.push(readings, vscode.workspace.registerTextDocumentContentProvider(READING_SCHEME, readings));
  command('yomiage.showReading', () => showReading(engine, readings));
  // the reading hover, the workspace dictionary file and Fix Reading (nothing is read or started here)
  const dictionaryFile = new DictionaryFile();
  const sentences = new SentenceReadings(engine, dictionaryFile);
  context.subscriptions.push(
    dictionaryFile,
    sentences,
    vscode.languages.registerHoverProvider(READING_HOVER_SELECTOR, new ReadingHoverProvider(engine, sentences)),
    vscode.languages.registerCodeActionsProvider(READING_HOVER_SELECTOR, new FixReadingActionProvider(), { providedCodeActionKinds: [FixReadingActionProvider.kind] }),
  );
  command('yomiage.fixReading', (args?: unknown) => fixReading(sentences, dictionaryFile, fixReadingArgs(args)));
  command('yomiage.downloadModel', (opts?: { force?: boolean }) => downloadModel(context, !!opts?.force));
  command('yomiage.deleteModel', () =>
    deleteModel(context, async () => {
      reader.stop();
      await engine.unload();
    }),
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('yomiage.idleUnloadSeconds')) engine.reconfigure();
      if (e.affectsConfiguration('yomiage.speed')) reader.setSpeed(readSettings().speed);
    }),
    reader,
    players,
    engine,
    highlighter,
    statusBar,
    events,
  );
  void vscode.commands.executeCommand('setContext', 'yomiage.speaking', false);

  return {
    activationMs: performance.now() - t0,
    state: () => reader.getState(),
    onEvent: (listener) => events.onEvent(listener),
    highlight: () => highlighter.currentRange(),
    wordHighlight: () => highlighter.currentWord(),
    wordHighlightShown: () => highlighter.wordShown(),
    playerKind: () => reader.playerKind(),
    statusText: () => statusBar.text(),
    workerStarted: () => engine.started,
    statusTooltip: () => statusBar.tooltip(),
  };
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code (the worker shuts down after its current run).
}
