/**
 * `yomiage say [TEXT|-] [--voice ID|FILE] [--speed X] [--model FILE] [--out FILE.wav|-] [--dict FILE] [--timings]`
 * Synthesises through the same worker engine as the extension. With --out it streams a 24 kHz mono 16-bit WAV to a
 * temporary file, renamed into place only when the whole text succeeded (see outputPath.ts); without it, it plays
 * chunk by chunk while the next is made.
 */
import { SystemPlayer } from '../core/audio/systemPlayer';
import { AssetNotFound, resolveModelPath, resolveVoicePath } from '../core/engine/assets';
import { EngineClient, type AudioMessage, type SpeakOutcome } from '../core/engine/client';
import { SAMPLE_RATE } from '../core/engine/protocol';
import { MAX_SPEED, MIN_SPEED, isValidSpeed } from '../core/engine/speed';
import { CliError, UsageError, opt, parseArgs, readStdin } from './args';
import { readDictFile } from './g2p';
import { PlaybackStats } from './sayStats';
import { minimumWavBytes } from '../core/audio/wavOutput';
import { openSayOutput, parseOutOption, type WavOutput } from './outputPath';

export const command = {
  summary: 'say [TEXT|-] [--voice ID|FILE] [--speed X] [--model FILE] [--out FILE.wav] [--dict FILE] [--stats]: speak or write a WAV',
  async run(argv: string[]): Promise<number> {
    const t0 = performance.now();
    const startEpoch = Date.now();
    const p = parseArgs(argv, ['voice', 'speed', 'model', 'out', 'dict'], ['timings', 'stats']);
    if (p.positional.length > 1) throw new UsageError('say takes one TEXT (quote it) or - for stdin');
    const speedText = opt(p, 'speed') ?? '1';
    const speed = Number(speedText);
    if (!isValidSpeed(speed)) throw new UsageError(`--speed must be a number from ${MIN_SPEED} to ${MAX_SPEED}, not '${speedText}'`);
    const out = parseOutOption(opt(p, 'out'));
    const dictFile = opt(p, 'dict');
    const userDictionary = dictFile ? readDictFile(dictFile) : undefined;

    const arg = p.positional[0];
    const text = (arg === undefined || arg === '-' ? await readStdin() : arg).replace(/\r?\n$/, '');
    if (!text.trim()) throw new CliError('no text to read (the text is empty)');

    let modelPath: string;
    let voicePath: string;
    try {
      modelPath = resolveModelPath(opt(p, 'model'));
      voicePath = resolveVoicePath(opt(p, 'voice'));
    } catch (e) {
      if (e instanceof AssetNotFound) throw new CliError(e.message);
      throw e;
    }

    const timings = p.flags.has('timings');
    if (out && p.flags.has('stats')) throw new UsageError('--stats measures playback; it cannot be used with --out');
    const stats = p.flags.has('stats') ? new PlaybackStats(startEpoch) : null;
    const sink: WavOutput | undefined = out
      ? await openSayOutput(out, {
          inputs: [
            { file: modelPath, what: 'the model' },
            { file: voicePath, what: 'the voice pack' },
            ...(dictFile ? [{ file: dictFile, what: 'the dictionary' }] : []),
          ],
          inputFd: arg === undefined || arg === '-' ? { fd: 0, what: 'the text being read (standard input)' } : undefined,
          minimumBytes: minimumWavBytes(text, speed, SAMPLE_RATE),
          sampleRate: SAMPLE_RATE,
        })
      : undefined;
    let samplesOut = 0;
    let chunksOut = 0;
    let writeError: unknown;
    const engine = new EngineClient();
    const player = out ? null : SystemPlayer.start();
    player?.catch(() => undefined); // reported below, when it is needed
    const parts: AudioMessage[] = [];
    let firstAudioMs = null as number | null;
    let outcome: SpeakOutcome;
    try {
      let live: SystemPlayer | null = null;
      let playError: Error | null = null;
      const handle = engine.speak(
        { text, assets: { modelPath, voicePath }, speed, userDictionary },
        {
          onWarning: (m) => process.stderr.write(`yomiage say: warning: ${m}\n`),
          onAudio: (a) => {
            firstAudioMs ??= performance.now() - t0;
            if (sink) {
              // acknowledged once on disk: the engine runs ahead by its window only, memory stays flat
              sink.write(a).then(
                () => {
                  samplesOut += a.samples.length;
                  chunksOut++;
                  handle.played(a.chunk.index);
                },
                (e) => {
                  writeError ??= e;
                  handle.cancel();
                },
              );
            } else if (live) live.enqueue({ id: 1, index: a.chunk.index, samples: a.samples, sampleRate: a.sampleRate });
            else parts.push(a); // the player is still starting: queued until it is ready
          },
        },
      );
      if (player) {
        try {
          live = await player;
        } catch (e) {
          handle.cancel();
          throw new CliError(`cannot play audio on this machine (${(e as Error).message}); write a file with --out FILE.wav`);
        }
        stats?.attach(live, 1);
        live.onEvent((e) => {
          if (e.type === 'played') handle.played(e.index);
          if (e.type === 'error' && e.fatal) {
            playError = new Error(e.message);
            handle.cancel();
          }
        });
        for (const a of parts.splice(0)) live.enqueue({ id: 1, index: a.chunk.index, samples: a.samples, sampleRate: a.sampleRate });
      }
      outcome = await handle.finished;
      if (writeError) throw writeError;
      if (playError) throw new CliError(`playback failed: ${(playError as Error).message}`);
      if (outcome.status === 'error') throw new CliError(outcome.message);
      if (outcome.status !== 'done') throw new CliError('speech was cancelled');
      if (live) {
        const l = live;
        await new Promise<void>((resolve, reject) => {
          l.onEvent((e) => {
            if (e.type === 'finished') resolve();
            if (e.type === 'error' && e.fatal) reject(new CliError(`playback failed: ${e.message}`));
          });
          l.end(1);
        });
      }
      await sink?.finish();
    } catch (e) {
      await sink?.abort();
      throw e;
    } finally {
      void player?.then((pl) => pl.dispose(), () => undefined);
      await engine.dispose();
    }
    if (timings) {
      process.stderr.write(
        `yomiage say: first audio after ${firstAudioMs?.toFixed(0)} ms, finished after ${(performance.now() - t0).toFixed(0)} ms` +
          (out ? `, ${(samplesOut / SAMPLE_RATE).toFixed(2)} s of audio in ${chunksOut} chunk(s)` : '') +
          '\n',
      );
    }
    if (stats) process.stdout.write(JSON.stringify(stats.result((await player!).backend)) + '\n');
    return 0;
  },
};
