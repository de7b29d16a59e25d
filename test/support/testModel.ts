/**
 * A small ONNX model with Kokoro's inputs and outputs, for tests and the benchmark (the real weights cannot be
 * downloaded everywhere). Its output is a documented function of all three inputs, so tests can check it:
 *
 *   L          = floor(SAMPLES_PER_TOKEN / max(speed, 0.1))          samples per input id (framing zeros included)
 *   waveform   = for each id k (0-based over the framed ids) and local sample j in [0, L):
 *                  amp · cos(2π · (BASE_HZ + HZ_PER_ID · id_k) · j / 24000)
 *   amp        = mean(|style|) over the 256 values of the style row
 *   duration   = L for every id (int64 [N]), when the variant has it
 *
 * so the waveform has N·L samples, sample k·L equals `amp` exactly (cos 0 = 1), and the frequency tells the id.
 * The cost knob adds `cost` layers of h = tanh(h · W) on the [N × 256] token embeddings (W is 256 × 256), which
 * scales with the number of tokens like Kokoro's own per-phoneme work; its result feeds the output through
 * min(|mean(h)|, 0) = 0, so it cannot be optimised away and does not change the documented values.
 */
import { DataType, encodeModel, type NodeInit, type TensorInit, type ValueInit } from './onnxWriter';

export const TEST_MODEL_SAMPLES_PER_TOKEN = 1800;
export const TEST_MODEL_BASE_HZ = 110;
export const TEST_MODEL_HZ_PER_ID = 4;
const HIDDEN = 256;
const VOCAB = 178;

export interface TestModelOptions {
  /** `kokoro`: input_ids/style/speed; `legacy`: tokens/ref_s/speed. */
  names?: 'kokoro' | 'legacy';
  /** Override any input name (for models that deliberately do not fit). */
  inputNames?: { ids?: string; style?: string; speed?: string };
  outputName?: string;
  speedType?: 'float32' | 'int32';
  /** Add the `duration` output (int64 [N]). */
  duration?: boolean;
  /** Waveform shape [1, samples] instead of [samples]. */
  batchedOutput?: boolean;
  /** Number of MatMul+Tanh layers over the token embeddings (0 = nearly free). */
  cost?: number;
}

/** Deterministic pseudo-random values in [-scale, scale] (xorshift), so the file is reproducible. */
function noise(count: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(count);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = ((x / 0xffffffff) * 2 - 1) * scale;
  }
  return out;
}

export function buildTestModel(opts: TestModelOptions = {}): Buffer {
  const legacy = opts.names === 'legacy';
  const ids = opts.inputNames?.ids ?? (legacy ? 'tokens' : 'input_ids');
  const style = opts.inputNames?.style ?? (legacy ? 'ref_s' : 'style');
  const speed = opts.inputNames?.speed ?? 'speed';
  const out = opts.outputName ?? 'waveform';
  const cost = Math.max(0, Math.floor(opts.cost ?? 0));

  const F = DataType.FLOAT;
  const I64 = DataType.INT64;
  const scalar = (name: string, v: number): TensorInit => ({ name, type: F, dims: [], values: [v] });
  const initializers: TensorInit[] = [
    scalar('c_zero', 0),
    scalar('c_one', 1),
    scalar('c_min_speed', 0.1),
    scalar('c_spt', TEST_MODEL_SAMPLES_PER_TOKEN),
    scalar('c_hz_per_id', TEST_MODEL_HZ_PER_ID),
    scalar('c_base_hz', TEST_MODEL_BASE_HZ),
    scalar('c_omega', (2 * Math.PI) / 24000),
    { name: 'c_flat', type: I64, dims: [1], values: [-1] },
    { name: 'c_axis0', type: I64, dims: [1], values: [0] },
  ];
  const n = (op: string, inputs: string[], outputs: string[], attrs?: NodeInit['attrs']): NodeInit => ({ op, inputs, outputs, attrs });
  const nodes: NodeInit[] = [
    // per-id frequency
    n('Cast', [ids], ['ids_f'], [{ name: 'to', int: F }]),
    n('Reshape', ['ids_f', 'c_flat'], ['ids_flat']),
    n('Mul', ['ids_flat', 'c_hz_per_id'], ['hz_a']),
    n('Add', ['hz_a', 'c_base_hz'], ['hz']),
    // samples per id from speed
    n('Cast', [speed], ['speed_f'], [{ name: 'to', int: F }]),
    n('Max', ['speed_f', 'c_min_speed'], ['speed_c']),
    n('Div', ['c_spt', 'speed_c'], ['len_a']),
    n('Floor', ['len_a'], ['len']),
    // sample clock
    n('Shape', ['ids_flat'], ['count_i']),
    n('Cast', ['count_i'], ['count_f'], [{ name: 'to', int: F }]),
    n('Mul', ['count_f', 'len'], ['total_1']),
    n('Squeeze', ['total_1', 'c_axis0'], ['total']),
    n('Range', ['c_zero', 'total', 'c_one'], ['t']),
    n('Div', ['t', 'len'], ['k_a']),
    n('Floor', ['k_a'], ['k_f']),
    n('Cast', ['k_f'], ['k'], [{ name: 'to', int: I64 }]),
    n('Mul', ['k_f', 'len'], ['k_start']),
    n('Sub', ['t', 'k_start'], ['t_local']),
    n('Gather', ['hz', 'k'], ['hz_t'], [{ name: 'axis', int: 0 }]),
    n('Mul', ['hz_t', 't_local'], ['cycles']),
    n('Mul', ['cycles', 'c_omega'], ['phase']),
    n('Cos', ['phase'], ['carrier']),
    // amplitude from the style row
    n('Abs', [style], ['style_abs']),
    n('ReduceMean', ['style_abs'], ['amp'], [{ name: 'keepdims', int: 0 }]),
  ];
  let ampName = 'amp';
  if (cost > 0) {
    initializers.push(
      { name: 'w_embed', type: F, dims: [VOCAB, HIDDEN], values: noise(VOCAB * HIDDEN, 7, 1) },
      { name: 'w_layer', type: F, dims: [HIDDEN, HIDDEN], values: noise(HIDDEN * HIDDEN, 11, 1.5 / Math.sqrt(HIDDEN)) },
    );
    nodes.push(n('Gather', ['w_embed', ids], ['h0'], [{ name: 'axis', int: 0 }]));
    for (let i = 1; i <= cost; i++) {
      nodes.push(n('MatMul', [`h${i - 1}`, 'w_layer'], [`m${i}`]), n('Tanh', [`m${i}`], [`h${i}`]));
    }
    nodes.push(
      n('ReduceMean', [`h${cost}`], ['h_mean'], [{ name: 'keepdims', int: 0 }]),
      n('Abs', ['h_mean'], ['h_abs']),
      n('Min', ['h_abs', 'c_zero'], ['h_zero']),
      n('Add', ['amp', 'h_zero'], ['amp_cost']),
    );
    ampName = 'amp_cost';
  }
  if (opts.batchedOutput) {
    nodes.push(n('Mul', ['carrier', ampName], ['wave_flat']), n('Unsqueeze', ['wave_flat', 'c_axis0'], [out]));
  } else {
    nodes.push(n('Mul', ['carrier', ampName], [out]));
  }
  const outputs: ValueInit[] = [{ name: out, type: F, shape: opts.batchedOutput ? [1, 'samples'] : ['samples'] }];
  if (opts.duration) {
    nodes.push(n('Expand', ['len', 'count_i'], ['dur_f']), n('Cast', ['dur_f'], ['duration'], [{ name: 'to', int: I64 }]));
    outputs.push({ name: 'duration', type: I64, shape: ['n'] });
  }
  return encodeModel({
    name: 'kokoro_shaped_test_model',
    nodes,
    initializers,
    inputs: [
      { name: ids, type: I64, shape: [1, 'n'] },
      { name: style, type: F, shape: [1, HIDDEN] },
      { name: speed, type: opts.speedType === 'int32' ? DataType.INT32 : F, shape: [1] },
    ],
    outputs,
  });
}
