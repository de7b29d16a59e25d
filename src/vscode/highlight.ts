import * as vscode from 'vscode';
import { mapRangeThrough, type OffsetRange, type TextEdit } from '../core/text/offsets';

/**
 * The follow-along highlight: decorates the sentence being read and, inside it, the word being said. Ranges are
 * kept as document offsets and mapped through edits, so typing while the text is read does not make the highlight
 * drift; ranges that arrive later (the rest of a long plan, each chunk's words with its audio) are given in the
 * offsets the reading started from and are mapped through the edits made since.
 */
export class Highlighter implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.wordHighlightStrongBackground'),
    borderColor: new vscode.ThemeColor('editor.wordHighlightStrongBorder'),
    borderStyle: 'solid',
    borderWidth: '1px',
    borderRadius: '2px',
  });
  /** The word being said: a stronger background and an underline, on top of the sentence's. */
  private readonly wordDecoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.findMatchBackground'),
    borderColor: new vscode.ThemeColor('editor.findMatchBorder'),
    textDecoration: 'underline',
  });
  private doc: vscode.TextDocument | undefined;
  /** Every chunk's range in the document, by chunk index (kept current through edits). */
  private ranges = new Map<number, OffsetRange>();
  /** The words of each chunk whose audio came, by chunk index (a word deleted by an edit is undefined). */
  private words = new Map<number, Array<OffsetRange | undefined>>();
  /** The edits made to the document since tracking started (ranges given later are mapped through them). */
  private edits: TextEdit[][] = [];
  private current: number | undefined;
  private word: { chunk: number; index: number } | undefined;
  private showSentence = true;
  private showWords = true;
  /** Whether the word decoration is drawn now (for tests). */
  private wordDrawn = false;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== this.doc || e.contentChanges.length === 0) return;
      const edits = e.contentChanges.map((c) => ({ offset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text }));
      this.edits.push(edits);
      for (const [i, r] of this.ranges) {
        const m = mapRangeThrough(r, edits);
        if (m) this.ranges.set(i, m);
        else this.ranges.delete(i);
      }
      for (const list of this.words.values()) list.forEach((r, k) => (list[k] = r && mapRangeThrough(r, edits)));
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
    for (const c of chunks) {
      if (this.ranges.has(c.index)) continue;
      const r = this.mapped({ start: base + c.start, end: base + c.end });
      if (r) this.ranges.set(c.index, r);
    }
  }

  /** The words of chunk `index`, offsets relative to `base` as the chunks' (the word times of its audio). */
  addWords(index: number, base: number, words: readonly { start: number; end: number }[]): void {
    if (!this.doc) return;
    this.words.set(index, words.map((w) => this.mapped({ start: base + w.start, end: base + w.end })));
  }

  /** Moves the highlight to chunk `index`; returns its document offsets. */
  show(index: number, enabled: boolean): OffsetRange | undefined {
    this.current = index;
    this.showSentence = enabled;
    this.word = undefined;
    this.render();
    return this.ranges.get(index);
  }

  /** Moves the word highlight to word `index` of chunk `chunk` (-1: none); returns its document offsets. */
  showWord(chunk: number, index: number, enabled: boolean): OffsetRange | undefined {
    this.word = index >= 0 ? { chunk, index } : undefined;
    this.showWords = enabled;
    this.render();
    return this.currentWord();
  }

  /** Document offsets of the highlighted chunk, or undefined. */
  currentRange(): OffsetRange | undefined {
    return this.current === undefined ? undefined : this.ranges.get(this.current);
  }

  /** Document offsets of the word being said, or undefined. */
  currentWord(): OffsetRange | undefined {
    return this.word && this.words.get(this.word.chunk)?.[this.word.index];
  }

  /** Whether a word is decorated in an editor now (false when `yomiage.highlightWords` is off). */
  wordShown(): boolean {
    return this.wordDrawn;
  }

  clear(): void {
    this.wordDrawn = false;
    this.current = undefined;
    this.word = undefined;
    this.ranges.clear();
    this.words.clear();
    this.edits = [];
    for (const ed of vscode.window.visibleTextEditors) {
      ed.setDecorations(this.decoration, []);
      ed.setDecorations(this.wordDecoration, []);
    }
    this.doc = undefined;
  }

  /** `r`, given in the offsets the reading started from, in today's document (undefined when it was deleted). */
  private mapped(r: OffsetRange): OffsetRange | undefined {
    let cur: OffsetRange | undefined = r;
    for (const edits of this.edits) {
      if (!cur) return undefined;
      cur = mapRangeThrough(cur, edits);
    }
    return cur;
  }

  private render(): void {
    const doc = this.doc;
    if (!doc) return;
    const range = (r: OffsetRange | undefined) => (r ? [new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end))] : []);
    const sentence = this.showSentence ? range(this.currentRange()) : [];
    const word = this.showWords ? range(this.currentWord()) : [];
    this.wordDrawn = false;
    for (const ed of vscode.window.visibleTextEditors) {
      if (ed.document !== doc) continue;
      ed.setDecorations(this.decoration, sentence);
      ed.setDecorations(this.wordDecoration, word);
      this.wordDrawn ||= word.length > 0;
    }
  }

  dispose(): void {
    this.clear();
    this.subscription.dispose();
    this.decoration.dispose();
    this.wordDecoration.dispose();
  }
}
