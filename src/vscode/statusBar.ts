import * as vscode from 'vscode';
import type { ReaderState } from './events';

/** The status bar item: shows what the reader is doing and stops it on click. Hidden while idle. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('yomiage.status', vscode.StatusBarAlignment.Right, 100);
  private shown = false;

  constructor() {
    this.item.name = 'Yomiage';
  }

  show(state: ReaderState, progress?: { index: number; total: number }): void {
    switch (state) {
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
        const p = progress ? ` ${progress.index + 1}/${progress.total}` : '';
        this.item.text = `$(unmute) ${vscode.l10n.t('Reading')}${p}`;
        this.item.tooltip = vscode.l10n.t('Reading aloud. Click to stop.');
        this.item.command = 'yomiage.stop';
        break;
      }
      case 'paused':
        this.item.text = `$(debug-pause) ${vscode.l10n.t('Paused')}`;
        this.item.tooltip = vscode.l10n.t('Reading paused. Click to stop.');
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

  dispose(): void {
    this.item.dispose();
  }
}
