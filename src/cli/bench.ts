/**
 * `yomiage bench --model FILE [--voice FILE] [--json]`: engine figures measured in one run, through the real worker,
 * on this machine. The shipped CLI measures a model file; the developer CLI (test/support/devCli.ts, `npm run bench`)
 * gives it a generator of the test model, which makes --model optional there and adds the --cost knob (compute per
 * phoneme roughly like Kokoro's on a CPU).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cacheDir } from '../core/model/assets';
import { measureG2P } from '../core/g2p/measure';
import { EngineClient, type AudioMessage } from '../core/engine/client';
import type { EngineAssets } from '../core/engine/protocol';
import { SAMPLE_RATE } from '../core/engine/protocol';
import { CliError, UsageError, opt, parseArgs } from './args';
import texts from './benchTexts.json';

/** Layers of the test model: ≈ 7 ms per phoneme token on a 2-core machine, so a sentence takes a few hundred ms. */
const DEFAULT_COST = 2000;
const REPEATS = 3;

export interface BenchOptions {
  /** A generated test model with `cost` layers; without it --model is required. */
  generateModel?: (cost: number) => Uint8Array;
  /** The voice pack used when neither --voice nor YOMIAGE_VOICE names one. */
  defaultVoice?: string;
  /** Default: worker.js beside this bundle. */
  workerPath?: string;
}

function findVoice(explicit: string | undefined, fallback: string | undefined): string {
  const candidates = [explicit, process.env.YOMIAGE_VOICE, fallback, path.join(cacheDir(), 'jf_alpha.bin')].filter((c): c is string => !!c);
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new CliError(`no voice pack found (tried ${candidates.join(', ')}); pass --voice FILE or set YOMIAGE_VOICE`);
  return path.resolve(found);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (x: number | undefined) => Math.round((x ?? NaN) * 10) / 10;
const ms = (x: number) => Math.round(x * 10) / 10;

interface Run {
  ttfaMs: number;
  wallMs: number;
  inferenceMs: number;
  audioSec: number;
  chunks: number;
}

/** One utterance; `full` waits for all of it, otherwise it stops after the first chunk (and waits for the worker to be idle). */
async function timeRun(engine: EngineClient, text: string, assets: EngineAssets, full: boolean): Promise<Run> {
  const t0 = performance.now();
  let ttfa = NaN;
  const audio: AudioMessage[] = [];
  let first!: () => void;
  const gotFirst = new Promise<void>((r) => (first = r));
  const h = engine.speak(
    { text, assets, autoAck: true },
    {
      onAudio: (a) => {
        if (!audio.length) ttfa = performance.now() - t0;
        audio.push(a);
        first();
      },
    },
  );
  if (!full) {
    await Promise.race([gotFirst, h.finished]);
    h.cancel();
  }
  const outcome = await h.finished;
  const wallMs = performance.now() - t0;
  if (outcome.status === 'error') throw new CliError(outcome.message);
  if (!full) await engine.stats(); // answered only once the abandoned inference is over
  return {
    ttfaMs: ttfa,
    wallMs,
    inferenceMs: audio.reduce((n, a) => n + a.inferenceMs, 0),
    audioSec: audio.reduce((n, a) => n + a.samples.length, 0) / SAMPLE_RATE,
    chunks: audio.length,
  };
}

export const command = {
  summary: 'bench --model FILE [--voice FILE] [--json]: time to first audio, real-time factor, overhead, memory',
  /** Set by the developer CLI (test/support/devCli.ts). */
  options: {} as BenchOptions,
  async run(argv: string[]): Promise<number> {
    const generate = this.options.generateModel;
    const p = parseArgs(argv, generate ? ['model', 'voice', 'cost'] : ['model', 'voice'], ['json']);
    if (p.positional.length) throw new UsageError('bench takes no positional arguments');
    const json = p.flags.has('json');
    const log = (s: string) => process.stderr.write(s + '\n');
    const costText = opt(p, 'cost');
    const cost = costText === undefined ? DEFAULT_COST : Number(costText);
    if (!Number.isInteger(cost) || cost < 0 || cost > 20000) throw new UsageError(`--cost must be an integer from 0 to 20000, not '${costText}'`);

    let tmp: string | undefined;
    let modelPath = opt(p, 'model');
    if (modelPath) {
      modelPath = path.resolve(modelPath);
      if (!fs.existsSync(modelPath)) throw new CliError(`model file ${modelPath} does not exist`);
    } else {
      if (!generate) throw new UsageError('bench needs --model FILE (a Kokoro ONNX model)');
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-bench-'));
      modelPath = path.join(tmp, 'test-model.onnx');
      fs.writeFileSync(modelPath, generate(cost));
    }
    const assets: EngineAssets = { modelPath, voicePath: findVoice(opt(p, 'voice'), this.options.defaultVoice) };
    const long = texts.sentences.join('');
    const short = texts.sentences[0];
    const engine = new EngineClient({ workerPath: this.options.workerPath });
    const t0 = performance.now();
    try {
      log(`model: ${opt(p, 'model') ? modelPath : `generated test model, cost ${cost}`}; voice: ${assets.voicePath}`);
      const idle = await engine.stats();
      // Cold: session and dictionary load in parallel, then the first sentence.
      const cold = await timeRun(engine, short, assets, true);
      const loaded = await engine.stats();
      log(`cold first audio ${cold.ttfaMs.toFixed(0)} ms (session ${loaded.sessionCreateMs?.toFixed(0)} ms, dictionary ${loaded.dictLoadMs?.toFixed(0)} ms)`);
      await timeRun(engine, short, assets, true); // warm-up
      const shortT: number[] = [];
      const longT: number[] = [];
      let full: Run | undefined;
      for (let i = 0; i < REPEATS; i++) {
        shortT.push((await timeRun(engine, short, assets, false)).ttfaMs);
        const r = await timeRun(engine, long, assets, i === 0);
        if (i === 0) full = r;
        longT.push(r.ttfaMs);
      }
      const g2pT: number[] = [];
      await engine.g2p(texts.paragraph);
      for (let i = 0; i < 5; i++) {
        const g0 = performance.now();
        await engine.g2p(texts.paragraph);
        g2pT.push(performance.now() - g0);
      }
      const busy = await engine.stats();
      await engine.unload();
      const unloaded = await engine.stats();
      // The reading itself, in this process (no worker round trip): the issue's "< 5 ms per paragraph" figure.
      const reading = await measureG2P({}, texts.paragraph, 100);
      const f = full!;
      const result = {
        ttfa_short_ms: ms(median(shortT)),
        ttfa_long_ms: ms(median(longT)),
        ttfa_ratio: Math.round((median(longT) / median(shortT)) * 1000) / 1000,
        rtf: Math.round((f.wallMs / 1000 / f.audioSec) * 1000) / 1000,
        overhead_share: Math.round(((f.wallMs - f.inferenceMs) / f.wallMs) * 10000) / 10000,
        session_create_ms: ms(loaded.sessionCreateMs ?? NaN),
        dict_load_ms: ms(loaded.dictLoadMs ?? NaN),
        rss_before_load_mb: mb(idle.rssMb),
        rss_loaded_mb: mb(loaded.rssMb),
        rss_peak_mb: mb(busy.peakRssMb),
        rss_after_unload_mb: mb(unloaded.rssMb),
        g2p_paragraph_ms: ms(median(g2pT)),
        g2p_read_ms: Math.round(reading.convertMs * 100) / 100,
        g2p_read_cpu_ms: Math.round(reading.convertCpuMs * 100) / 100,
        ttfa_cold_ms: ms(cold.ttfaMs),
        long_text_chunks: f.chunks,
        long_text_audio_s: Math.round(f.audioSec * 100) / 100,
        long_text_wall_ms: ms(f.wallMs),
        paragraph_chars: texts.paragraph.length,
        model: opt(p, 'model') ? 'file' : `test-model cost ${cost}`,
        cpus: os.availableParallelism?.() ?? os.cpus().length,
        bench_total_s: 0,
      };
      result.bench_total_s = Math.round((performance.now() - t0) / 100) / 10;
      const line = (k: string, v: string, goal = '') => `${k.padEnd(22)} ${v.padStart(10)} ${goal}`;
      const out = [
        line('ttfa_short_ms', `${result.ttfa_short_ms}`, '(1 sentence, warm)'),
        line('ttfa_long_ms', `${result.ttfa_long_ms}`, `(${texts.sentences.length} sentences, warm)`),
        line('ttfa_ratio', `${result.ttfa_ratio}`, `goal <= 1.3 ${result.ttfa_ratio <= 1.3 ? 'ok' : 'MISSED'}`),
        line('rtf', `${result.rtf}`, `(${result.long_text_wall_ms} ms for ${result.long_text_audio_s} s of audio)`),
        line('overhead_share', `${result.overhead_share}`, `time outside session.run; goal <= 0.05 ${result.overhead_share <= 0.05 ? 'ok' : 'MISSED'}`),
        line('session_create_ms', `${result.session_create_ms}`),
        line('dict_load_ms', `${result.dict_load_ms}`),
        line('g2p_paragraph_ms', `${result.g2p_paragraph_ms}`, `(${result.paragraph_chars} characters, warm, worker round trip)`),
        line('g2p_read_ms', `${result.g2p_read_ms}`, `(same paragraph, reading only; goal < 5 ${result.g2p_read_ms < 5 ? 'ok' : 'MISSED'}; CPU ${result.g2p_read_cpu_ms} ms)`),
        line('rss_before_load_mb', `${result.rss_before_load_mb}`),
        line('rss_loaded_mb', `${result.rss_loaded_mb}`),
        line('rss_peak_mb', `${result.rss_peak_mb}`),
        line('rss_after_unload_mb', `${result.rss_after_unload_mb}`),
      ];
      process.stdout.write(out.join('\n') + '\n');
      if (json) process.stdout.write(JSON.stringify(result) + '\n');
      return 0;
    } finally {
      await engine.dispose();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};
