import type { G2P } from './types';
export type { G2P, G2PResult, Chunk } from './types';

export interface G2POptions {
  /** Folder with the analyser's dictionary files (defaults: dist/dict beside the bundle, else node_modules). */
  dictDir?: string;
  /** Surface → kana reading, applied before analysis. */
  userDictionary?: Record<string, string>;
}

/** Loads the dictionary (once) and returns a converter. */
export async function loadG2P(_opts: G2POptions = {}): Promise<G2P> {
  throw new Error('G2P not implemented yet');
}
