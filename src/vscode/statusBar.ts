import * as vscode from 'vscode';
import type { WordTime } from '../core/engine/protocol';
import type { ReaderState } from './events';

/** Where the word times come from (WordTime.source), as the status bar and the player panel say it. */
export function wordSourceText(source: WordTime['source']): string {
  return source === 'duration' ? vscode.l10n.t('Word times from the model\'s durations') : vscode.l10n.t('Word times estimated from the phonemes');
}

/**
 * The status bar item: shows what the reader is doing (and, while speaking, the word being said, moved by the
 * player's position reports like the editor's word highlight) and stops it on click. Hidden while idle.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('yomiage.status', vscode.StatusBarAlignment.Right, 100);
  private shown = false;
  private state: ReaderState = 'idle';
  private progress: { index: number; total: number } | undefined;
  private current: Pick<WordTime, 'surface' | 'reading' | 'source'> | undefined;

  constructor() {
    this.item.name = 'Yomiage';
  }

  /** `progress` is the chunk that started; pause and resume keep the last one (and the word said). */
  show(state: ReaderState, progress?: { index: number; total: number }): void {
    if (state === 'idle' || state === 'loading') {
      this.progress = undefined;
      this.current = undefined;
    } else if (progress) {
      if (progress.index !== this.progress?.index) this.current = undefined;
      this.progress = progress;
    }
    this.state = state;
    this.render();
  }

  /** The word being said now (undefined: none), from the word-level follow-along. */
  word(w: Pick<WordTime, 'surface' | 'reading' | 'source'> | undefined): void {
    if (w?.surface === this.current?.surface && w?.source === this.current?.source) return;
    this.current = w;
    if (this.state === 'speaking' || this.state === 'paused') this.render();
  }

  private render(): void {
    const w = this.current;
    const word = w ? ` · ${w.surface.length > 12 ? `${w.surface.slice(0, 12)}…` : w.surface}` : '';
    const about = w ? `${vscode.l10n.t('Now: {0} ({1})', w.surface, w.reading)}\n${wordSourceText(w.source)}\n` : '';
    switch (this.state) {
      case 'idle':
        this.item.hide();
        this.shown = false;
        return;
      case 'loading':
        this.item.text = `$(loading~spin) ${vscode.l10n.t('Yomiage: loading voice…')}`;
        this.item.tooltip = vscode.l10n.t('Loading the voice model. Click to cancel.');
        this.item.command = 'yomiage.stop';
        break;
      case 'speaking': {
        const p = this.progress ? ` ${this.progress.index + 1}/${this.progress.total}` : '';
        this.item.text = `$(unmute) ${vscode.l10n.t('Reading')}${p}${word}`;
        this.item.tooltip = about + vscode.l10n.t('Reading aloud. Click to stop.');
        this.item.command = 'yomiage.stop';
        break;
      }
      case 'paused':
        this.item.text = `$(debug-pause) ${vscode.l10n.t('Paused')}${word}`;
        this.item.tooltip = about + vscode.l10n.t('Reading paused. Click to stop.');
        this.item.command = 'yomiage.stop';
        break;
    }
    this.item.show();
    this.shown = true;
  }

  /** For tests: what the item shows now (undefined while hidden). */
  text(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  /** For tests: the item's tooltip (undefined while hidden). */
  tooltip(): string | undefined {
    return this.shown ? String(this.item.tooltip ?? '') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
