/**
 * Messages between the extension (vscode/webviewPlayer.ts) and the player webview (webview/player.ts). No vscode
 * import, no Node or DOM types: both sides compile against this file.
 *
 * Extension → webview:
 *   { type: 'plan', id, chunks: [{ index, text }] }                          the whole text, shown before its audio
 *   { type: 'chunk', id, index, sampleRate, samples: Float32Array, text?, words?, wordSource? }
 *                                                   play after the previous chunk; `words`: when each word of `text`
 *                                                   is said (offsets in `text`), shown word by word on the audio clock
 *   { type: 'end', id }                                                     no more chunks for utterance id
 *   { type: 'pause' } | { type: 'resume' } | { type: 'stop' }
 * Webview → extension:
 *   { type: 'ready' }                                    the script runs; earlier posts may have been lost
 *   { type: 'started' | 'played', id, index } | { type: 'finished', id }
 *   { type: 'position', id, index, offsetMs, at }        where the AudioContext clock is inside the chunk playing,
 *                                                       about every 100 ms while it plays (not while paused);
 *                                                       `at`: Date.now() when the clock was read
 *   { type: 'blocked', reason } | { type: 'unblocked' }  autoplay refused / allowed after a click in the panel
 *   { type: 'userAction', action: 'pause' | 'resume' | 'stop' }   the panel's own buttons
 *   { type: 'error', message, fatal }
 * `samples` may arrive as Float32Array, ArrayBuffer, a plain array or an index-keyed object depending on the VS Code
 * version's message serialisation; the webview accepts all of them.
 */
import type { PlayerEvent } from './player';
import type { WordTime } from '../engine/protocol';

/** A word of a chunk for the panel: UTF-16 offsets in the chunk's text and its time in the chunk's audio. */
export interface PanelWord {
  start: number;
  end: number;
  startMs: number;
  endMs: number;
}

/** The words of a chunk for the panel: offsets made relative to the chunk's text (they come relative to the utterance). */
export function panelWords(words: readonly WordTime[] | undefined, chunkStart: number | undefined): { words?: PanelWord[]; wordSource?: WordTime['source'] } {
  if (!words?.length) return {};
  const base = chunkStart ?? 0;
  return {
    words: words.map((w) => ({ start: w.start - base, end: w.end - base, startMs: w.startMs, endMs: w.endMs })),
    wordSource: words[0].source,
  };
}

export type ToWebview =
  | { type: 'plan'; id: number; chunks: Array<{ index: number; text: string }> }
  | { type: 'chunk'; id: number; index: number; sampleRate: number; samples: Float32Array; text?: string; words?: PanelWord[]; wordSource?: WordTime['source'] }
  | { type: 'end'; id: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

export type FromWebview = { type: 'ready' } | PlayerEvent;

const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Checks a message from the webview; anything malformed is dropped (returns null), never trusted. */
export function parseFromWebview(m: unknown): FromWebview | null {
  if (!m || typeof m !== 'object') return null;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
    case 'unblocked':
      return { type: o.type };
    case 'started':
    case 'played':
      return int(o.id) && int(o.index) ? { type: o.type, id: o.id, index: o.index } : null;
    case 'position':
      return int(o.id) && int(o.index) && typeof o.offsetMs === 'number' && Number.isFinite(o.offsetMs) && o.offsetMs >= 0
        ? { type: 'position', id: o.id, index: o.index, offsetMs: o.offsetMs, ...(typeof o.at === 'number' && Number.isFinite(o.at) ? { at: o.at } : {}) }
        : null;
    case 'finished':
      return int(o.id) ? { type: 'finished', id: o.id } : null;
    case 'blocked':
      return { type: 'blocked', reason: typeof o.reason === 'string' ? o.reason.slice(0, 500) : 'autoplay refused' };
    case 'userAction':
      return o.action === 'pause' || o.action === 'resume' || o.action === 'stop' ? { type: 'userAction', action: o.action } : null;
    case 'error':
      return { type: 'error', message: typeof o.message === 'string' ? o.message.slice(0, 1000) : 'unknown webview error', fatal: o.fatal === true };
    default:
      return null;
  }
}
