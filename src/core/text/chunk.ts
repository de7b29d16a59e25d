import type { Chunk, G2P } from '../g2p/types';
import { MAX_TOKENS } from '../g2p/types';

/**
 * Splits text into chunks of at most `maxTokens` phoneme tokens: at sentence ends, then clause punctuation,
 * then word boundaries; every chunk keeps its source offsets. Chunks with no speakable content are dropped.
 */
export function planChunks(_text: string, _g2p: G2P, _maxTokens = MAX_TOKENS): Chunk[] {
  throw new Error('planChunks not implemented yet');
}
