/**
 * Plans a text into chunks lazily (iterateChunks works sentence by sentence), so that the first sentence can be
 * synthesised before the rest of a long selection has been through G2P: time to first audio stays independent
 * of the selection's length. The chunks are exactly those of planChunks() over the whole text.
 */
import type { Chunk, G2P } from '../g2p/types';
import { iterateChunks } from '../pipeline/chunks';

export class ChunkPlanner {
  private readonly it: Iterator<Chunk>;
  private finished = false;
  readonly chunks: Chunk[] = [];

  /** `languageId` (VS Code's, e.g. markdown or typescript) lets normalisation skip markup and comment markers. */
  constructor(text: string, g2p: G2P, languageId?: string) {
    this.it = iterateChunks(text, g2p, undefined, { languageId });
  }

  /** Every chunk of the text is planned. */
  get done(): boolean {
    return this.finished;
  }

  step(): void {
    if (this.finished) return;
    const r = this.it.next();
    if (r.done) this.finished = true;
    else this.chunks.push(r.value);
  }

  /** Plans until at least `count` chunks exist or the text is used up. */
  until(count: number): void {
    while (this.chunks.length < count && !this.finished) this.step();
  }

  /** Plans for at most `budgetMs` (at least one chunk). */
  slice(budgetMs: number): void {
    const t0 = performance.now();
    do this.step();
    while (!this.finished && performance.now() - t0 < budgetMs);
  }
}
