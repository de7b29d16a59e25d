/**
 * `--engine URL` of `yomiage say` and `yomiage voices`: a VOICEVOX-compatible engine the user names on the command
 * line. The URL is checked, the engine is asked for its version before any text is sent (an engine that is down is
 * one line naming the URL, exit 1, and no output file is created), and the text goes to that URL only.
 */
import { VoicevoxEngine } from '../core/engine/voicevox/engine';
import { EngineHttpError } from '../core/engine/voicevox/http';
import { CliError, UsageError } from './args';

/** The engine at `url`, known to be running. */
export async function connectEngine(url: string): Promise<VoicevoxEngine> {
  let engine: VoicevoxEngine;
  try {
    engine = new VoicevoxEngine({ url });
  } catch (e) {
    if (e instanceof EngineHttpError) throw new UsageError(`--engine: ${e.message}`);
    throw e;
  }
  try {
    await engine.api.version();
  } catch (e) {
    if (e instanceof EngineHttpError) throw new CliError(e.message);
    throw e;
  }
  return engine;
}

/** `--voice` for an HTTP engine: a style id (`3`, or `voicevox:3` as the editor's setting writes it). */
export function styleIdOption(voice: string | undefined): string {
  if (voice === undefined) throw new UsageError('--engine needs --voice STYLE_ID (list them with: yomiage voices --engine URL)');
  const id = voice.replace(/^[a-z][\w-]*:/i, '');
  if (!/^\d{1,9}$/.test(id)) throw new UsageError(`--voice with --engine takes a style id (a number), not '${voice}'`);
  return id;
}
