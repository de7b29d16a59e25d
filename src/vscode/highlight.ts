import * as vscode from 'vscode';
import { mapRangeThrough, type OffsetRange } from '../core/text/offsets';

/**
 * The follow-along highlight: decorates the sentence being read. Ranges are kept as document offsets and
 * mapped through edits, so typing while the text is read does not make the highlight drift.
 */
export class Highlighter implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.wordHighlightStrongBackground'),
    borderColor: new vscode.ThemeColor('editor.wordHighlightStrongBorder'),
    borderStyle: 'solid',
    borderWidth: '1px',
    borderRadius: '2px',
  });
  private doc: vscode.TextDocument | undefined;
  /** Every chunk's range in the document, by chunk index (kept current through edits). */
  private ranges = new Map<number, OffsetRange>();
  private current: number | undefined;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== this.doc || e.contentChanges.length === 0) return;
      const edits = e.contentChanges.map((c) => ({ offset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text }));
      for (const [i, r] of this.ranges) {
        const m = mapRangeThrough(r, edits);
        if (m) this.ranges.set(i, m);
        else this.ranges.delete(i);
      }
      this.render();
    });
  }

  /** Starts tracking an utterance: chunk offsets are relative to `base` in `doc`. */
  track(doc: vscode.TextDocument, base: number, chunks: readonly { index: number; start: number; end: number }[]): void {
    this.clear();
    this.doc = doc;
    this.add(base, chunks);
  }

  /** Adds chunks planned later (the engine plans long texts in steps); known chunks keep their mapped ranges. */
  add(base: number, chunks: readonly { index: number; start: number; end: number }[]): void {
    for (const c of chunks) if (!this.ranges.has(c.index)) this.ranges.set(c.index, { start: base + c.start, end: base + c.end });
  }

  /** Moves the highlight to chunk `index`; returns its document offsets. */
  show(index: number, enabled: boolean): OffsetRange | undefined {
    this.current = index;
    if (enabled) this.render();
    return this.ranges.get(index);
  }

  /** Document offsets of the highlighted chunk, or undefined. */
  currentRange(): OffsetRange | undefined {
    return this.current === undefined ? undefined : this.ranges.get(this.current);
  }

  clear(): void {
    this.current = undefined;
    this.ranges.clear();
    for (const ed of vscode.window.visibleTextEditors) ed.setDecorations(this.decoration, []);
    this.doc = undefined;
  }

  private render(): void {
    const doc = this.doc;
    if (!doc) return;
    const r = this.currentRange();
    for (const ed of vscode.window.visibleTextEditors) {
      if (ed.document !== doc) continue;
      ed.setDecorations(this.decoration, r ? [new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end))] : []);
    }
  }

  dispose(): void {
    this.clear();
    this.subscription.dispose();
    this.decoration.dispose();
  }
}
