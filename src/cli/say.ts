/**
 * `yomiage say [TEXT|-] [--voice ID|FILE|ID*W+ID*W] [--speed X] [--model FILE] [--out FILE.wav|-] [--dict FILE] [--timings]`
 * `yomiage say … --engine URL --voice STYLE_ID`: through a VOICEVOX-compatible engine instead (engineOption.ts).
 * Synthesises through the same engines as the extension. With --out it streams a 24 kHz mono 16-bit WAV to a
 * temporary file, renamed into place only when the whole text succeeded (see outputPath.ts); without it, it plays
 * chunk by chunk while the next is made.
 */
import { SystemPlayer } from '../core/audio/systemPlayer';
import { SpeechSession, type SpeechOutcome } from '../core/speech/session';
import { SystemPlayerRestarts } from '../core/speech/systemRestart';
import { EngineClient } from '../core/engine/client';
import { SAMPLE_RATE } from '../core/engine/protocol';
import { MAX_SPEED, MIN_SPEED, isValidSpeed } from '../core/engine/speed';
import { activeManifest, AssetNotFound, cacheDir, locateModel, locateVoices, ManifestError, optimizedModelDir } from '../core/model';
import { CliError, UsageError, opt, parseArgs, readStdin } from './args';
import { readDictFile } from './g2p';
import { PlaybackStats } from './sayStats';
import { minimumWavBytes } from '../core/audio/wavOutput';
import { openSayOutput, parseOutOption, type WavOutput } from './outputPath';
import { connectEngine, styleIdOption } from './engineOption';
import type { VoiceEngine } from '../core/engine/voiceEngine';
import type { EngineAssets } from '../core/engine/protocol';
import { MarksCollector, parseMarksOption } from './marks';

export const command = {
  summary: 'say [TEXT|-] [--voice ID|FILE|ID*W+ID*W] [--speed X] [--model FILE] [--engine URL] [--out FILE.wav [--marks FILE.json]] [--dict FILE] [--stats]: speak or write a WAV',
  async run(argv: string[]): Promise<number> {
    const t0 = performance.now();
    const startEpoch = Date.now();
    const p = parseArgs(argv, ['voice', 'speed', 'model', 'out', 'dict', 'engine', 'marks'], ['timings', 'stats']);
    if (p.positional.length > 1) throw new UsageError('say takes one TEXT (quote it) or - for stdin');
    const speedText = opt(p, 'speed') ?? '1';
    const speed = Number(speedText);
    if (!isValidSpeed(speed)) throw new UsageError(`--speed must be a number from ${MIN_SPEED} to ${MAX_SPEED}, not '${speedText}'`);
    const out = parseOutOption(opt(p, 'out'));
    const dictFile = opt(p, 'dict');
    const userDictionary = dictFile ? readDictFile(dictFile) : undefined;
    const marksFile = parseMarksOption(opt(p, 'marks'), opt(p, 'out'), dictFile ? [dictFile] : []);
    const marks = marksFile ? new MarksCollector(marksFile) : undefined;

    const arg = p.positional[0];
    const text = (arg === undefined || arg === '-' ? await readStdin() : arg).replace(/\r?\n$/, '');
    if (!text.trim()) throw new CliError('no text to read (the text is empty)');

    const engineUrl = opt(p, 'engine');
    if (engineUrl !== undefined && opt(p, 'model') !== undefined) throw new UsageError('--model is for the embedded engine; it cannot be used with --engine');
    if (engineUrl !== undefined && marks) throw new UsageError('--marks needs the embedded engine (word times come from its phonemes); it cannot be used with --engine');
    const styleId = engineUrl === undefined ? undefined : styleIdOption(opt(p, 'voice'));
    // the text goes to that URL only, and only once it answered (a down engine: one line, exit 1, no file)
    const http = engineUrl === undefined ? undefined : await connectEngine(engineUrl);
    let assets: EngineAssets | undefined;
    if (!http) {
      try {
        const manifest = activeManifest();
        assets = { modelPath: await locateModel(opt(p, 'model'), { manifest }), ...locateVoices(opt(p, 'voice'), { manifest }) };
      } catch (e) {
        if (e instanceof AssetNotFound || e instanceof ManifestError) throw new CliError(e.message);
        throw e;
      }
    }

    const timings = p.flags.has('timings');
    if (out && p.flags.has('stats')) throw new UsageError('--stats measures playback; it cannot be used with --out');
    const stats = p.flags.has('stats') ? new PlaybackStats(startEpoch) : null;
    const sink: WavOutput | undefined = out
      ? await openSayOutput(out, {
          inputs: [
            ...(assets
              ? [{ file: assets.modelPath, what: 'the model' }, ...(assets.voiceMix ?? [{ path: assets.voicePath }]).map((v) => ({ file: v.path, what: 'the voice pack' }))]
              : []),
            ...(dictFile ? [{ file: dictFile, what: 'the dictionary' }] : []),
          ],
          inputFd: arg === undefined || arg === '-' ? { fd: 0, what: 'the text being read (standard input)' } : undefined,
          minimumBytes: minimumWavBytes(text, speed, SAMPLE_RATE),
          sampleRate: SAMPLE_RATE,
        })
      : undefined;
    const engine: VoiceEngine = http ?? new EngineClient({ optimizedModelDir: optimizedModelDir(cacheDir()) });
    const restarts = new SystemPlayerRestarts();
    // The player starts while the first chunk is synthesised; the session holds the audio until it is ready.
    const player = out ? undefined : SystemPlayer.start();
    let cannotStart: Error | undefined;
    player?.catch((e: Error) => (cannotStart = e));
    let firstAudioMs = null as number | null;
    let samples = 0;
    let chunks = 0;
    let outcome: SpeechOutcome;
    let backend = '';
    try {
      const session = new SpeechSession(engine, { text, assets, voice: styleId, speed, userDictionary, ...(marks ? { wordTimes: true } : {}) }, sink ? { sink } : { player: player!, fallback: restarts }, {
        onWarning: (m) => process.stderr.write(`yomiage say: warning: ${m}\n`),
        onNotice: (m) => process.stderr.write(`yomiage say: ${m}\n`),
        onPlayer: (pl) => {
          backend = (pl as SystemPlayer).backend;
          stats?.attach(pl, session.id);
        },
        onAudio: (a) => {
          firstAudioMs ??= performance.now() - t0;
          samples += a.samples.length;
          chunks++;
          marks?.add(a.words, a.samples.length, a.sampleRate);
        },
      });
      outcome = await session.ended;
    } finally {
      void player?.then((pl) => pl.dispose(), () => undefined);
      restarts.dispose();
      await engine.dispose();
    }
    if (outcome.status === 'error') {
      if (outcome.source === 'player' && cannotStart) throw new CliError(`cannot play audio on this machine (${outcome.message}); write a file with --out FILE.wav`);
      if (outcome.source === 'player') throw new CliError(`playback failed: ${outcome.message}`);
      if (outcome.source === 'sink') throw outcome.cause ?? new CliError(outcome.message);
      throw new CliError(outcome.message);
    }
    if (outcome.status !== 'done') throw new CliError('speech was cancelled');
    if (marks) {
      marks.write();
      process.stderr.write(`yomiage say: ${marks.describe()}\n`);
    }
    if (timings) {
      const audioSec = samples / SAMPLE_RATE;
      process.stderr.write(
        `yomiage say: first audio after ${firstAudioMs?.toFixed(0)} ms, finished after ${(performance.now() - t0).toFixed(0)} ms` +
          (out ? `, ${audioSec.toFixed(2)} s of audio in ${chunks} chunk(s)` : '') +
          '\n',
      );
    }
    if (stats) process.stdout.write(JSON.stringify(stats.result(backend)) + '\n');
    return 0;
  },
};
