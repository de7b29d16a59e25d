/**
 * `yomiage voices [--engine URL]`: one JSON line per voice, `{"id","name","style","engine"}`. Without --engine, the
 * embedded Kokoro voices of the catalog; with it, every talk style of the engine at URL (id = style id).
 */
import { EngineClient } from '../core/engine/client';
import { EngineHttpError } from '../core/engine/voicevox/http';
import type { VoiceDescription } from '../core/engine/voiceEngine';
import { CliError, UsageError, opt, parseArgs } from './args';
import { connectEngine } from './engineOption';

export const command = {
  summary: 'voices [--engine URL]: list the voices (one JSON line each)',
  async run(argv: string[]): Promise<number> {
    const p = parseArgs(argv, ['engine'], []);
    if (p.positional.length) throw new UsageError('voices takes no arguments');
    const url = opt(p, 'engine');
    let voices: VoiceDescription[];
    if (url === undefined) {
      voices = await new EngineClient().voices(); // reads the catalog only: no worker is started
    } else {
      const engine = await connectEngine(url);
      try {
        voices = await engine.voices();
      } catch (e) {
        if (e instanceof EngineHttpError) throw new CliError(e.message);
        throw e;
      }
    }
    for (const v of voices) process.stdout.write(JSON.stringify({ id: v.id, name: v.name, style: v.style, engine: v.engine }) + '\n');
    return 0;
  },
};
