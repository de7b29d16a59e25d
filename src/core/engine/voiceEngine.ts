/**
 * The seam between a reading (core/speech's SpeechSession, the voice picker, `yomiage voices`) and whatever makes the
 * sound. Two engines implement it: the embedded Kokoro worker (client.ts) and a VOICEVOX-compatible HTTP engine
 * (voicevox/engine.ts). A speak request plans the text into chunks with source offsets (onPlan), synthesises them
 * one after the other into 24 kHz mono float PCM (onAudio; an engine with another rate is resampled), and its
 * handle cancels it. `voices()` describes the engine's voices. No `vscode` import.
 */
import type { SpeakHandle, SpeakHandlers, SpeakRequest } from './client';
import type { Manifest } from '../model/manifest';

/** One voice of one engine, as the picker and `yomiage voices` show it. */
export interface VoiceDescription {
  /** What `yomiage.voice` / `--voice` takes for it with this engine: a Kokoro voice pack id or a style id (3). */
  id: string;
  /** The character or pack name. */
  name: string;
  /** The style within the character ('' when the engine has no styles). */
  style: string;
  /** The engine's name (kokoro) or URL. */
  engine: string;
}

export interface VoiceEngine {
  /** 'kokoro', or the engine's base URL. */
  readonly engineName: string;
  /**
   * Starts reading `req.text`; a running request of this engine is cancelled (it ends 'cancelled'). The handlers
   * get the plan (chunks with UTF-16 offsets into the text), each chunk's audio in order (24 kHz mono float), and
   * the end; `handle.cancel()` stops waiting for the engine and drops the rest.
   */
  speak(req: SpeakRequest, handlers: SpeakHandlers): SpeakHandle;
  /** The engine's voices; rejects with a message naming the engine when it cannot be asked. */
  voices(): Promise<VoiceDescription[]>;
  /** Cancels everything and frees what the engine holds. */
  dispose(): Promise<void>;
}

/** The Kokoro voices of a catalog. */
export function catalogVoices(manifest: Manifest): VoiceDescription[] {
  return Object.values(manifest.voices).map((v) => ({ id: v.id, name: v.label.ja, style: '', engine: 'kokoro' }));
}
