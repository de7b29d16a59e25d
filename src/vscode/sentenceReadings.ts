/**
 * Readings of single sentences of a document, for the reading hover and `yomiage.fixReading`: the G2P of the
 * worker (never the model), cached per sentence text and forgotten whenever the dictionary in use changes (the
 * settings' `yomiage.dictionary` or the workspace dictionary file), so a fixed reading shows at once.
 */
import * as vscode from 'vscode';
import type { EngineHost } from './engineHost';
import type { DictionaryFile } from './dictionaryFile';
import type { G2PResultMessage } from '../core/engine/protocol';
import type { WordSpan } from '../core/g2p/wordSpans';
import { sentenceAround, wordIndexAt } from '../core/g2p/readingPreview';
import { readSettings } from './settings';

/** Sentences kept: a few screens of hovering. */
const CACHE_SIZE = 200;

export interface ReadingAt {
  /** The sentence: its text and where it starts in the document. */
  text: string;
  start: vscode.Position;
  result: G2PResultMessage;
  words: WordSpan[];
  /** Index in `words` of the word at the position, or -1 (a character that is not read). */
  index: number;
}

export class SentenceReadings implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<G2PResultMessage>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly engine: EngineHost,
    dictionaryFile: DictionaryFile,
  ) {
    this.subscriptions = [
      dictionaryFile.onDidChange(() => this.clear()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('yomiage.dictionary')) this.clear();
      }),
    ];
  }

  /** The sentence around `pos` (on its line) and the G2P's reading of it. */
  sentenceAt(doc: vscode.TextDocument, pos: vscode.Position): { text: string; start: vscode.Position } {
    const line = doc.lineAt(pos.line).text;
    const s = sentenceAround(line, pos.character);
    return { text: line.slice(s.start, s.end), start: new vscode.Position(pos.line, s.start) };
  }

  /** The reading of one sentence (from the cache when it was read with the same dictionary). */
  read(text: string): Promise<G2PResultMessage> {
    // first: looking at the dictionary notices a file changed behind the watcher's back, and clears the cache
    const dictionary = readSettings().dictionary;
    let p = this.cache.get(text);
    if (p) {
      this.cache.delete(text); // most recently used last
      this.cache.set(text, p);
      return p;
    }
    p = this.engine.g2p(text, dictionary);
    this.cache.set(text, p);
    p.catch(() => {
      if (this.cache.get(text) === p) this.cache.delete(text); // a failure is not kept
    });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return p;
  }

  /**
   * The reading of the sentence at `pos` and the word there. `wait` bounds the wait (the hover's time limit): when it
   * gives up (undefined), the request still completes and is cached for the next time.
   */
  async at(doc: vscode.TextDocument, pos: vscode.Position, wait: <T>(p: Promise<T>) => Promise<T | undefined> = (p) => p): Promise<ReadingAt | undefined> {
    const s = this.sentenceAt(doc, pos);
    if (!s.text) return undefined;
    const result = await wait(this.read(s.text));
    if (!result) return undefined;
    const words = result.words ?? [];
    return { ...s, result, words, index: wordIndexAt(words, pos.character - s.start.character) };
  }

  clear(): void {
    this.cache.clear();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.cache.clear();
  }
}
