/**
 * Where a speech session's audio goes when it is not played: a file (or anything else) that receives the chunks in
 * order. The session waits for each `write` before it acknowledges the chunk to the engine, so a slow disk slows
 * synthesis down instead of piling audio up in memory. No `vscode` import.
 */
import type { AudioChunk } from '../audio/player';

export interface AudioSink {
  /** Chunk `index` 0, 1, 2… in order, each exactly once. A rejection ends the session with a 'sink' error. */
  write(chunk: AudioChunk): void | Promise<void>;
  /** Every chunk was written: complete the output (header, rename into place). Resolves with nothing to report. */
  finish(): Promise<void>;
  /** The session was cancelled or failed: remove every trace of the partial output. Never throws. */
  abort(): void | Promise<void>;
}
