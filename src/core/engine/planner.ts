/**
 * Plans a text into chunks sentence by sentence, so that the first sentence can be synthesised before the rest
 * of a long selection has been through G2P: time to first audio stays independent of the selection's length.
 * The result is the same as planChunks() over the whole text (it splits at the same sentences first).
 */
import type { Chunk, G2P } from '../g2p/types';
import { planChunks } from '../text/chunk';
import { splitSentences, type Span } from '../text/split';

export class SentencePlanner {
  private readonly spans: Span[];
  private next = 0;
  readonly chunks: Chunk[] = [];

  constructor(
    private readonly text: string,
    private readonly g2p: G2P,
  ) {
    this.spans = splitSentences(text);
  }

  get done(): boolean {
    return this.next >= this.spans.length;
  }

  /** Plans one more sentence (it may give zero, one or several chunks). */
  step(): void {
    const s = this.spans[this.next++];
    if (!s) return;
    for (const c of planChunks(this.text.slice(s.start, s.end), this.g2p)) {
      this.chunks.push({ ...c, index: this.chunks.length, start: c.start + s.start, end: c.end + s.start });
    }
  }

  /** Plans until at least `count` chunks exist or the text is used up. */
  until(count: number): void {
    while (this.chunks.length < count && !this.done) this.step();
  }

  /** Plans for at most `budgetMs` (at least one sentence). */
  slice(budgetMs: number): void {
    const t0 = performance.now();
    do this.step();
    while (!this.done && performance.now() - t0 < budgetMs);
  }
}
