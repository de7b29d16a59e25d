/**
 * `yomiage bench --model FILE [--voice FILE] [--json]`: engine figures measured in one run, through the real worker,
 * on this machine. The shipped CLI measures a model file; the developer CLI (test/support/devCli.ts, `npm run bench`)
 * gives it a generator of the test model, which makes --model optional there and adds the --cost knob (compute per
 * phoneme roughly like Kokoro's on a CPU).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { activeManifest, cacheDir, optimizedModelDir, resolveVoice } from '../core/model';
import { measureG2P } from '../core/g2p/measure';
import { EngineClient, type AudioMessage } from '../core/engine/client';
import type { EngineAssets } from '../core/engine/protocol';
import { SAMPLE_RATE } from '../core/engine/protocol';
import { CliError, UsageError, opt, parseArgs } from './args';
import texts from './benchTexts.json';
import { kokoroRunMs, testModelFlop } from './kokoroCost';

/** Layers of the test model: ≈ 7 ms per phoneme token on a 2-core machine, so a sentence takes a few hundred ms. */
const DEFAULT_COST = 2000;
/** Interleaved short/long repeats for the warm ttfa figures (medians). */
const REPEATS = 5;
/** Conversions before timing the reading, the same for the worker round trip and the in-process figure. */
const G2P_WARMUP = 20;
const G2P_ROUNDS = 20;

export interface BenchOptions {
  /** A generated test model with `cost` layers; without it --model is required. */
  generateModel?: (cost: number) => Uint8Array;
  /** The voice pack used when neither --voice nor YOMIAGE_VOICE names one. */
  defaultVoice?: string;
  /** Default: worker.js beside this bundle. */
  workerPath?: string;
}

function findVoice(explicit: string | undefined, fallback: string | undefined): string {
  const catalog = activeManifest();
  const inCache = path.join(cacheDir(), resolveVoice(catalog, catalog.defaultVoice).file);
  const candidates = [explicit, process.env.YOMIAGE_VOICE, fallback, inCache].filter((c): c is string => !!c);
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new CliError(`no voice pack found (tried ${candidates.join(', ')}); pass --voice FILE or set YOMIAGE_VOICE`);
  return path.resolve(found);
}

/**
 * A full garbage collection of this thread, for the memory figures: audio the bench received and has dropped is
 * garbage, not memory held, and a running extension host collects it at its next GC; reading RSS before that
 * would count it (up to ~20 MB of transferred PCM was measured). Both the before and the after figure are read
 * after one, so they compare like with like.
 */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  gc?.();
  gc?.();
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
  /** Phoneme ids over all chunks (framing excluded). */
  tokens: number;
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
    tokens: audio.reduce((n, a) => n + a.tokenCount, 0),
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
    const modelIsGenerated = !opt(p, 'model');
    const assets: EngineAssets = { modelPath, voicePath: findVoice(opt(p, 'voice'), this.options.defaultVoice) };
    const long = texts.sentences.join('');
    const short = texts.sentences[0];
    // Where the worker keeps the optimised graph, as `say` and the extension do: the CLI's cache for a model file,
    // the temporary folder for a generated one.
    const engine = new EngineClient({ workerPath: this.options.workerPath, optimizedModelDir: optimizedModelDir(tmp ?? cacheDir()) });
    const t0 = performance.now();
    try {
      log(`model: ${opt(p, 'model') ? modelPath : `generated test model, cost ${cost}`}; voice: ${assets.voicePath}`);
      const settled = () => (collectGarbage(), engine.stats());
      const idle = await settled();
      // First load: this process's first worker, nothing loaded, no optimised graph kept yet (a generated model is
      // new; a model file may have been loaded before).
      const first = await timeRun(engine, short, assets, true);
      const firstStats = await engine.stats();
      await timeRun(engine, short, assets, true); // warm-up
      // Warm: short and long interleaved, so that a busy moment of the machine falls on both alike.
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
      for (let i = 0; i < G2P_WARMUP; i++) await engine.g2p(texts.paragraph);
      for (let i = 0; i < G2P_ROUNDS; i++) {
        const g0 = performance.now();
        await engine.g2p(texts.paragraph);
        g2pT.push(performance.now() - g0);
      }
      const busy = await engine.stats();
      // Unloaded as the idle timeout does, which ends the worker; memory read from the next worker (started here,
      // idle), as a user's next request starts it.
      await engine.unload();
      const unloaded = await settled();
      // Cold: that fresh worker with nothing loaded, the user's next request after an idle unload; session and
      // dictionary load together, the session from the optimised graph the first load kept; then the first sentence.
      const cold = await timeRun(engine, short, assets, true);
      const loaded = await engine.stats();
      log(`first load: first audio ${first.ttfaMs.toFixed(0)} ms (onnxruntime ${firstStats.ortLoadMs?.toFixed(0)} ms, session ${firstStats.sessionCreateMs?.toFixed(0)} ms, first run ${firstStats.firstRunMs?.toFixed(0)} ms)`);
      log(`cold: first audio ${cold.ttfaMs.toFixed(0)} ms (onnxruntime ${loaded.ortLoadMs?.toFixed(0)} ms, session ${loaded.sessionCreateMs?.toFixed(0)} ms${loaded.sessionFromCache ? ' from the kept optimised graph' : ''}, dictionary ${loaded.dictLoadMs?.toFixed(0)} ms, first run ${loaded.firstRunMs?.toFixed(0)} ms)`);
      // A second lifetime: the cold worker unloaded in turn.
      await engine.unload();
      const unloadedAgain = await settled();
      await engine.dispose();
      // The reader loaded and used in this process (no worker round trip): its load time and memory, and the
      // issue's "< 5 ms per paragraph" reading time, after the same warm-up as the worker's figure.
      const reading = await measureG2P({}, texts.paragraph, G2P_ROUNDS * 5, G2P_WARMUP);
      // The real peak of this process, which holds the worker thread and the in-process reader (what /usr/bin/time sees),
      // read after the end figure so that it includes it.
      const endMb = process.memoryUsage().rss / 2 ** 20;
      const peakMb = process.resourceUsage().maxRSS / 1024;
      const f = full!;
      const overheadMs = f.wallMs - f.inferenceMs;
      // The share at a real Kokoro's cost: on the test model, its run time estimated from this CPU's measured rate
      // (src/cli/kokoroCost.ts); on a real model file, the measured inference itself.
      const kokoroMs = modelIsGenerated ? kokoroRunMs(f.audioSec, testModelFlop(cost, f.tokens, f.chunks) / f.inferenceMs) : f.inferenceMs;
      const result = {
        ttfa_short_ms: ms(median(shortT)),
        ttfa_long_ms: ms(median(longT)),
        ttfa_ratio: Math.round((median(longT) / median(shortT)) * 1000) / 1000,
        ttfa_cold_ms: ms(cold.ttfaMs),
        ttfa_cold_ratio: Math.round((cold.ttfaMs / median(shortT)) * 1000) / 1000,
        ttfa_first_load_ms: ms(first.ttfaMs),
        ttfa_first_load_ratio: Math.round((first.ttfaMs / median(shortT)) * 1000) / 1000,
        cold_ort_load_ms: ms(loaded.ortLoadMs ?? NaN),
        cold_session_from_cache: loaded.sessionFromCache ?? false,
        cold_first_run_ms: ms(loaded.firstRunMs ?? NaN),
        first_load_ort_load_ms: ms(firstStats.ortLoadMs ?? NaN),
        first_load_session_create_ms: ms(firstStats.sessionCreateMs ?? NaN),
        first_load_first_run_ms: ms(firstStats.firstRunMs ?? NaN),
        ttfa_repeats: REPEATS,
        ttfa_short_all_ms: shortT.map(ms),
        ttfa_long_all_ms: longT.map(ms),
        rtf: Math.round((f.wallMs / 1000 / f.audioSec) * 100000) / 100000, // enough digits for a cheap test model
        overhead_share: Math.round((overheadMs / f.wallMs) * 10000) / 10000,
        overhead_ms_per_chunk: ms(overheadMs / f.chunks),
        kokoro_run_ms_per_chunk: ms(kokoroMs / f.chunks),
        overhead_share_kokoro: Math.round((overheadMs / (overheadMs + kokoroMs)) * 10000) / 10000,
        session_create_ms: ms(loaded.sessionCreateMs ?? NaN),
        dict_load_ms: ms(loaded.dictLoadMs ?? NaN),
        analyser_load_ms: ms(reading.loadMs),
        analyser_rss_mb: mb(reading.rssAfterMb - reading.rssBeforeMb),
        rss_before_load_mb: mb(idle.rssMb),
        rss_loaded_mb: mb(firstStats.rssMb),
        rss_peak_mb: mb(Math.max(peakMb, busy.peakRssMb ?? 0)),
        rss_after_unload_mb: mb(unloaded.rssMb),
        rss_unload_delta_mb: mb(unloaded.rssMb - idle.rssMb),
        // The same after a second worker lifetime (the cold start above, then unloaded).
        rss_after_second_unload_mb: mb(unloadedAgain.rssMb),
        rss_second_unload_delta_mb: mb(unloadedAgain.rssMb - idle.rssMb),
        rss_end_mb: mb(endMb),
        // What stays after the first unload, by kind (Linux). Unload ends the worker (its heap and the reader go with
        // it) and the figure is read from the next one, as a user's next request would start it. File-backed pages are mapped
        // code, mostly onnxruntime's library touched while creating and running a session: process-wide, never
        // handed back. Anonymous memory is heap the native side keeps after the first session (onnxruntime's
        // process-wide state and freed memory the C allocator does not return), reused by the next session.
        rss_unload_delta_file_mb: mb((unloaded.rssFileMb ?? NaN) - (idle.rssFileMb ?? NaN)),
        rss_unload_delta_anon_mb: mb((unloaded.rssAnonMb ?? NaN) - (idle.rssAnonMb ?? NaN)),
        g2p_paragraph_ms: ms(median(g2pT)),
        g2p_read_ms: Math.round(reading.convertMs * 100) / 100,
        g2p_read_cpu_ms: Math.round(reading.convertCpuMs * 100) / 100,
        long_text_chunks: f.chunks,
        long_text_audio_s: Math.round(f.audioSec * 100) / 100,
        long_text_wall_ms: ms(f.wallMs),
        paragraph_chars: texts.paragraph.length,
        model: modelIsGenerated ? `test-model cost ${cost}` : 'file',
        cpus: os.availableParallelism?.() ?? os.cpus().length,
        bench_total_s: 0,
      };
      result.bench_total_s = Math.round((performance.now() - t0) / 100) / 10;
      const ok = (good: boolean) => (good ? 'ok' : 'MISSED');
      const line = (k: string, v: string, goal = '') => `${k.padEnd(24)} ${v.padStart(10)} ${goal}`;
      const out = [
        line('ttfa_short_ms', `${result.ttfa_short_ms}`, `(1 sentence, warm, median of ${REPEATS})`),
        line('ttfa_long_ms', `${result.ttfa_long_ms}`, `(${texts.sentences.length} sentences, warm, median of ${REPEATS}, interleaved)`),
        line('ttfa_ratio', `${result.ttfa_ratio}`, `goal <= 1.3 ${ok(result.ttfa_ratio <= 1.3)}`),
        line('ttfa_first_load_ms', `${result.ttfa_first_load_ms}`, `(first worker of the process, no optimised graph kept yet) ratio to warm ${result.ttfa_first_load_ratio}`),
        line('ttfa_cold_ms', `${result.ttfa_cold_ms}`, `(fresh worker after an unload, nothing loaded in it) ratio to warm ${result.ttfa_cold_ratio}; goal <= 3 ${ok(result.ttfa_cold_ratio <= 3)}`),
        line('rtf', `${result.rtf}`, `(${result.long_text_wall_ms} ms for ${result.long_text_audio_s} s of audio)`),
        line('overhead_ms_per_chunk', `${result.overhead_ms_per_chunk}`, `time outside session.run, ${result.long_text_chunks} chunks`),
        line('overhead_share', `${result.overhead_share}`, `(at this model's cost)`),
        line('overhead_share_kokoro', `${result.overhead_share_kokoro}`, `(at an estimated Kokoro q8 run of ${result.kokoro_run_ms_per_chunk} ms per chunk); goal <= 0.05 ${ok(result.overhead_share_kokoro <= 0.05)}`),
        line('session_create_ms', `${result.session_create_ms}`, `(cold${result.cold_session_from_cache ? ', from the kept optimised graph' : ''}; first load ${result.first_load_session_create_ms})`),
        line('dict_load_ms', `${result.dict_load_ms}`, '(in the worker: until ready; it waits for the session creation, which holds the thread)'),
        line('analyser_load_ms', `${result.analyser_load_ms}`, '(alone, in this process)'),
        line('analyser_rss_mb', `${result.analyser_rss_mb}`, `goal <= 150 ${ok(result.analyser_rss_mb <= 150)}`),
        line('g2p_paragraph_ms', `${result.g2p_paragraph_ms}`, `(${result.paragraph_chars} characters, warm, worker round trip)`),
        line('g2p_read_ms', `${result.g2p_read_ms}`, `(same paragraph, reading only; goal < 5 ${ok(result.g2p_read_ms < 5)}; CPU ${result.g2p_read_cpu_ms} ms)`),
        line('rss_before_load_mb', `${result.rss_before_load_mb}`),
        line('rss_loaded_mb', `${result.rss_loaded_mb}`),
        line('rss_peak_mb', `${result.rss_peak_mb}`, '(peak of the whole process)'),
        line('rss_after_unload_mb', `${result.rss_after_unload_mb}`, `(${result.rss_unload_delta_mb} above before-load, both after a full GC; goal <= 50 ${ok(result.rss_unload_delta_mb <= 50)})`),
        line('  of which file-backed', `${result.rss_unload_delta_file_mb}`, '(native library code, process-wide)'),
        line('  of which anonymous', `${result.rss_unload_delta_anon_mb}`, '(heap kept by the native side after the first session)'),
        line('rss_after_second_unload_mb', `${result.rss_after_second_unload_mb}`, `(${result.rss_second_unload_delta_mb} above before-load, after the cold worker is unloaded too; goal <= 50 ${ok(result.rss_second_unload_delta_mb <= 50)})`),
      ];
      // With --json, stdout carries the one JSON object and nothing else; the table goes to stderr.
      if (json) {
        log(out.join('\n'));
        process.stdout.write(JSON.stringify(result) + '\n');
      } else {
        process.stdout.write(out.join('\n') + '\n');
      }
      return 0;
    } finally {
      await engine.dispose();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};
