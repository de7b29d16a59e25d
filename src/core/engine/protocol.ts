/**
 * The one typed message protocol between the extension host (or the CLI) and the engine worker.
 * Every message is a plain structured-cloneable object; audio travels as Float32Array (transferred).
 */

export const SAMPLE_RATE = 24000;

/** Where the engine finds its model and voice. Paths are absolute files on the worker's machine. */
export interface EngineAssets {
  modelPath: string;
  /** Voice pack file: raw 510×256 float32 `.bin` or `.npy`. With `voiceMix`, the first pack of the mix. */
  voicePath: string;
  /** A blended voice: these packs mixed frame by frame, the weights normalised to 1 (core/engine/voiceBlend.ts). */
  voiceMix?: VoiceMixPart[];
}

export interface VoiceMixPart {
  path: string;
  weight: number;
}

export type HostToWorker =
  /** Synthesise `text`; the worker answers with `plan`, then `audio` per chunk in order (a partial plan may be
   *  completed by a later `plan`), then `done` (or `error`). */
  | {
      type: 'speak';
      id: number;
      text: string;
      assets: EngineAssets;
      speed: number;
      userDictionary?: Record<string, string>;
      /** The editor's language id (markdown, typescript…): markup and comment markers are skipped, not read. */
      languageId?: string;
      /** Already tokenised chunks: skip normalisation, G2P and planning (tests, the benchmark, other front ends). */
      chunks?: PreparedChunk[];
      /** Send each chunk's word times with its audio (`words` of the audio message). */
      wordTimes?: boolean;
    }
  /** Drop request `id`: nothing more is delivered for it (an inference already running is abandoned). */
  | { type: 'cancel'; id: number }
  /** Change the speed of request `id` from its next chunk on (chunks already synthesised keep theirs). */
  | { type: 'speed'; id: number; speed: number }
  /** Flow control: the host has finished playing chunk `index` of request `id` (lets the worker keep a bounded queue). */
  | { type: 'played'; id: number; index: number }
  /** Text → reading → phonemes → tokens, without synthesis. */
  | { type: 'g2p'; id: number; text: string; userDictionary?: Record<string, string> }
  /** Engine settings that may change at run time. */
  | {
      type: 'configure';
      idleUnloadMs?: number;
      maxQueuedChunks?: number;
      /** A folder the host owns where the optimised graph of a model is kept for later loads (core/engine/optimizedCache.ts). */
      optimizedModelDir?: string;
    }
  /** Release the ONNX session now (it is recreated lazily on the next request). */
  | { type: 'unload' }
  /** Report memory and timings (for the benchmark and tests). */
  | { type: 'stats'; id: number }
  /** Finish: drop pending work, wait for a running inference to return, release the session, end the thread. */
  | { type: 'shutdown' };

/** A chunk given by the caller with its phoneme token ids (without the framing zeros, at most 510). */
export interface PreparedChunk {
  text: string;
  start: number;
  end: number;
  tokens: number[];
}

export interface ChunkInfo {
  index: number;
  /** UTF-16 offsets into the request text: the chunk covers text.slice(start, end). */
  start: number;
  end: number;
  text: string;
}

export type EngineErrorCode =
  | 'empty-text' // nothing speakable in the text
  | 'model-missing' // the model file does not exist
  | 'model-invalid' // the file is not a usable ONNX model, or its inputs/outputs do not fit Kokoro
  | 'voice-invalid' // the voice pack is missing or has the wrong size/format
  | 'engine-down' // an HTTP engine is not running at its URL (connection refused, unknown host)
  | 'engine-failed' // an HTTP engine answered with an error, too late, too much, or audio that does not parse
  | 'internal';

export type WorkerToHost =
  | { type: 'ready' }
  /** `synthesizing` is sent just before each chunk's inference, with that chunk's `index`. */
  | { type: 'status'; id: number; state: 'loading-model' | 'loading-dictionary' | 'synthesizing'; index?: number }
  /**
   * The chunks of the text. A long text is planned sentence by sentence so that the first chunk is synthesised
   * at once: the first plan then has `partial: true` and holds the chunks planned so far; a later plan (sent
   * before `done`) repeats them and adds the rest. Each plan replaces the previous one; indices never change.
   */
  | { type: 'plan'; id: number; chunks: ChunkInfo[]; partial?: boolean }
  | {
      type: 'audio';
      id: number;
      chunk: ChunkInfo;
      /** Mono float32 PCM at `sampleRate`. */
      samples: Float32Array;
      sampleRate: number;
      /** Phoneme tokens in this chunk (without the framing zeros) and the voice frame used. */
      tokenCount: number;
      voiceFrame: number;
      /** Milliseconds spent inside session.run for this chunk. */
      inferenceMs: number;
      /** With `wordTimes`: the heard words of the chunk, times from the start of this chunk's audio. */
      words?: WordTime[];
    }
  | { type: 'done'; id: number; chunks: number }
  | { type: 'warning'; id: number; message: string }
  | { type: 'error'; id: number | null; code: EngineErrorCode; message: string }
  | { type: 'g2p'; id: number; result: G2PResultMessage }
  | { type: 'unloaded' }
  | { type: 'stats'; id: number; stats: EngineStats };

import type { WordSpan } from '../g2p/wordSpans';

/** A heard word and when it is said. Offsets are UTF-16 units into the request text. */
export interface WordTime {
  surface: string;
  reading: string;
  start: number;
  end: number;
  startMs: number;
  endMs: number;
  /** 'duration': from the model's duration output; 'estimate': from the word's share of the chunk's phoneme tokens. */
  source: 'duration' | 'estimate';
}

export interface G2PResultMessage {
  kana: string;
  phonemes: string;
  tokens: number[];
  unknown: string[];
  /** The heard words with their readings and UTF-16 offsets in the text (core/g2p/wordSpans.ts). */
  words?: WordSpan[];
}

export interface EngineStats {
  rssMb: number;
  sessionLoaded: boolean;
  sessionCreateMs: number | null;
  dictLoadMs: number | null;
  /** Whether the dictionary (analyser) is loaded. */
  dictLoaded?: boolean;
  /** Inference runs since the worker started, and their total time inside session.run. */
  runs?: number;
  inferenceMsTotal?: number;
  /** Highest RSS of the process so far. */
  peakRssMb?: number;
  /** How many times a session has been created (a reload after idle unload counts again). */
  sessionLoads?: number;
  /** RSS split into anonymous and file-backed memory (Linux only; see core/engine/memory.ts). */
  rssAnonMb?: number;
  rssFileMb?: number;
  /** The last session was created from the optimised graph kept by an earlier load. */
  sessionFromCache?: boolean;
  /** Time to load onnxruntime's native binding in this worker (once per worker). */
  ortLoadMs?: number | null;
  /** The first inference of the last session (its first run after creation). */
  firstRunMs?: number | null;
}
