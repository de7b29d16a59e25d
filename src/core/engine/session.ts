/** One Kokoro ONNX session: opened once, run once per chunk, released on idle. */
import * as fs from 'fs';
import * as os from 'os';
import type * as Ort from 'onnxruntime-node';
import { EngineError } from './errors';
import { escapingExternalData } from './externalData';
import { disableOnnxRuntimeTelemetry } from './ortPrivacy';
import { mapModelIo, type ModelIo } from './modelIo';
import { cacheEntry, commitWrite, discard, prepareWrite } from './optimizedCache';
import { STYLE_DIM } from './voice';

let ortModule: typeof Ort | undefined;
let ortLoadMs: number | null = null;
/** onnxruntime-node is loaded on first use so that starting the worker (and the CLI's --help) stays cheap. */
function ort(): typeof Ort {
  if (!ortModule) {
    disableOnnxRuntimeTelemetry(); // effective on the main thread (bench); the worker's parent set it
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ortModule = require('onnxruntime-node') as typeof Ort;
    ortLoadMs = performance.now() - t0;
  }
  return ortModule;
}

/** How long loading onnxruntime's native binding took in this thread (null before it was needed). */
export const ortLoadTime = (): number | null => ortLoadMs;

/**
 * Session options, chosen for a batch-1 model that runs sentence by sentence next to an editor:
 * - graphOptimizationLevel 'all': Kokoro's graph gains from ORT's fusions (layer norm, GELU, MatMul+Add…); the
 *   extra cost is paid once at create time and the session is kept.
 * - intraOpNumThreads: inference is latency-bound, so use the cores, but leave one free for the editor (UI,
 *   extension host, audio) once there are more than two; above 8 threads a batch-1 model of this size scales poorly.
 * - interOpNumThreads 1 + sequential execution: the graph is essentially a chain, parallel branches buy nothing.
 * - enableCpuMemArena true: avoids malloc/free churn for every run; the arena grows to the longest chunk's
 *   peak and is handed back when the idle timeout releases the session.
 * - enableMemPattern false: memory patterns are planned for fixed shapes, and every chunk has a different length.
 */
export function sessionOptions(): Ort.InferenceSession.SessionOptions {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const intra = cores <= 2 ? Math.max(1, cores) : Math.min(cores - 1, 8);
  return {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: intra,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    enableCpuMemArena: true,
    enableMemPattern: false,
    logSeverityLevel: 3,
  };
}

export interface RunResult {
  samples: Float32Array;
  /** Predicted frames per input id (framing included), when the model exports `duration`. */
  durations?: number[];
  inferenceMs: number;
}

export class KokoroSession {
  private constructor(
    readonly file: string,
    readonly io: ModelIo,
    private session: Ort.InferenceSession | null,
    readonly createMs: number,
    /** Created from the optimised graph kept by an earlier load. */
    readonly fromCache = false,
  ) {}

  /**
   * Opens `file`. With `optimizedDir` (a folder the host owns), the optimised graph is kept there on the first load
   * and later loads start from it without optimising again (core/engine/optimizedCache.ts).
   */
  static async open(file: string, optimizedDir?: string): Promise<KokoroSession> {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new EngineError('model-missing', `Model file ${file} does not exist. Download it with 'yomiage download' or point at a Kokoro .onnx file.`);
    }
    if (!stat.isFile()) throw new EngineError('model-missing', `Model path ${file} is not a file.`);
    const escaping = escapingExternalData(file);
    if (escaping !== undefined) {
      throw new EngineError('model-invalid', `Model file ${file} refers to data outside its own folder (${JSON.stringify(escaping)}); Yomiage does not load it.`);
    }
    const t0 = performance.now();
    const { session, fromCache } = await createSession(file, stat, optimizedDir);
    const createMs = performance.now() - t0;
    try {
      return new KokoroSession(file, mapModelIo(file, session.inputMetadata, session.outputMetadata), session, createMs, fromCache);
    } catch (e) {
      await session.release().catch(() => undefined);
      throw e;
    }
  }

  /** Runs so far. */
  runs = 0;

  get loaded(): boolean {
    return this.session !== null;
  }

  /** Runs one chunk: `ids` are the phoneme tokens WITHOUT framing; the zeros are added here. */
  async run(ids: readonly number[], style: Float32Array, speed: number): Promise<RunResult> {
    const session = this.session;
    if (!session) throw new EngineError('internal', 'The model session was released.');
    if (style.length !== STYLE_DIM) throw new EngineError('voice-invalid', `Style row has ${style.length} values, not ${STYLE_DIM}.`);
    const { Tensor } = ort();
    const framed = [0, ...ids, 0];
    const io = this.io;
    const feeds: Record<string, Ort.Tensor> = {
      [io.ids]:
        io.idsType === 'int64'
          ? new Tensor('int64', BigInt64Array.from(framed, (v) => BigInt(v)), [1, framed.length])
          : new Tensor('int32', Int32Array.from(framed), [1, framed.length]),
      [io.style]: new Tensor('float32', style, [1, STYLE_DIM]),
      // An integer speed (exports traced from an int tensor) can only say 1, 2…: round, never below 1.
      [io.speed]:
        io.speedType === 'float32'
          ? new Tensor('float32', Float32Array.of(speed), [1])
          : io.speedType === 'float64'
            ? new Tensor('float64', Float64Array.of(speed), [1])
            : io.speedType === 'int32'
              ? new Tensor('int32', Int32Array.of(Math.max(1, Math.round(speed))), [1])
              : new Tensor('int64', BigInt64Array.of(BigInt(Math.max(1, Math.round(speed)))), [1]),
    };
    const t0 = performance.now();
    let out: Ort.InferenceSession.ReturnType;
    try {
      out = await session.run(feeds);
    } catch (e) {
      throw new EngineError('model-invalid', `Model ${this.file} failed to run: ${((e as Error).message ?? String(e)).split('\n')[0]}`);
    }
    const inferenceMs = performance.now() - t0;
    this.runs++;
    const wave = out[io.waveform];
    if (!wave || wave.type !== 'float32') throw new EngineError('model-invalid', `Model ${this.file} returned no float32 ${io.waveform}.`);
    const nonUnit = wave.dims.filter((d) => d !== 1);
    if (nonUnit.length > 1) throw new EngineError('model-invalid', `Model ${this.file} returned audio of shape [${wave.dims.join(', ')}], expected [samples] or [1, samples].`);
    const data = wave.data as Float32Array;
    // Own the buffer exactly, so it can be transferred to the host without copying the rest of a pool.
    const samples = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
    let durations: number[] | undefined;
    const dur = io.duration ? out[io.duration] : undefined;
    if (dur) durations = Array.from(dur.data as ArrayLike<number | bigint>, (v) => Number(v));
    for (const t of Object.values(out)) t.dispose?.();
    return { samples, durations, inferenceMs };
  }

  async release(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) await s.release();
  }
}

/** Creates the session, from the kept optimised graph when there is a good one, else from the model (keeping its graph). */
async function createSession(file: string, stat: fs.Stats, optimizedDir: string | undefined): Promise<{ session: Ort.InferenceSession; fromCache: boolean }> {
  const { InferenceSession, env } = ort();
  const entry = optimizedDir ? cacheEntry(optimizedDir, file, stat, env.versions.node ?? env.versions.common) : undefined;
  if (entry && fs.existsSync(entry.file)) {
    try {
      return { session: await InferenceSession.create(entry.file, { ...sessionOptions(), graphOptimizationLevel: 'disabled' }), fromCache: true };
    } catch {
      discard(entry.file); // unreadable (truncated, corrupt): rebuilt below from the model
    }
  }
  const tmp = entry ? prepareWrite(entry) : undefined;
  if (entry && tmp) {
    try {
      const session = await InferenceSession.create(file, { ...sessionOptions(), optimizedModelFilePath: tmp });
      commitWrite(entry, tmp);
      return { session, fromCache: false };
    } catch {
      discard(tmp); // the graph could not be kept (disk full…) or the model is bad: the plain load below tells
    }
  }
  try {
    return { session: await InferenceSession.create(file, sessionOptions()), fromCache: false };
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    const corrupt = /protobuf parsing failed|does not have a graph/i.test(msg) || stat.size < 1024;
    throw new EngineError(
      'model-invalid',
      corrupt
        ? `Model file ${file} (${stat.size} bytes) is corrupt or not an ONNX model; delete it and download it again ('yomiage download'), or point at a good Kokoro .onnx file.`
        : `Model file ${file} could not be opened by onnxruntime: ${msg.split('\n')[0]}`,
    );
  }
}
