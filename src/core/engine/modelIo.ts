/**
 * Maps a session's inputs and outputs onto Kokoro's roles. Known exports name the ids `input_ids` or `tokens`,
 * the style vector `style` or `ref_s`, and `speed` (float32 in the onnx-community export, int32 in
 * others); the audio comes out as `waveform` (else the first output), sometimes with a `duration` output.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { EngineError } from './errors';

export type SpeedType = 'float32' | 'float64' | 'int32' | 'int64';

export interface ModelIo {
  ids: string;
  idsType: 'int64' | 'int32';
  style: string;
  speed: string;
  speedType: SpeedType;
  waveform: string;
  duration?: string;
}

type Meta = InferenceSession.ValueMetadata;

function describe(m: Meta): string {
  if (!m.isTensor) return `${m.name} (not a tensor)`;
  return `${m.name}: ${m.type} [${m.shape.join(', ')}]`;
}

export function mapModelIo(file: string, inputs: readonly Meta[], outputs: readonly Meta[]): ModelIo {
  const found = () => `inputs ${inputs.map(describe).join('; ') || 'none'} and outputs ${outputs.map(describe).join('; ') || 'none'}`;
  const fail = (why: string) =>
    new EngineError(
      'model-invalid',
      `Model ${file} does not look like a Kokoro model: ${why}. Found ${found()}. Expected input_ids|tokens (int64), style|ref_s (float32 [1, 256]), speed, and a waveform output.`,
    );
  const byName = (names: string[]) => inputs.find((m) => names.includes(m.name));
  const ids = byName(['input_ids', 'tokens']);
  const style = byName(['style', 'ref_s']);
  const speed = byName(['speed']);
  if (!ids) throw fail('no token input named input_ids or tokens');
  if (!style) throw fail('no style input named style or ref_s');
  if (!speed) throw fail('no speed input');
  const extra = inputs.filter((m) => m !== ids && m !== style && m !== speed);
  if (extra.length) throw fail(`unexpected extra input ${extra.map((m) => m.name).join(', ')}`);
  if (!ids.isTensor || (ids.type !== 'int64' && ids.type !== 'int32')) throw fail(`${ids.name} must be an integer tensor`);
  if (!style.isTensor || style.type !== 'float32') throw fail(`${style.name} must be a float32 tensor`);
  const last = style.shape[style.shape.length - 1];
  if (typeof last === 'number' && last !== 256) throw fail(`${style.name} has ${last} values per row, not 256`);
  if (!speed.isTensor || !['float32', 'float64', 'int32', 'int64'].includes(speed.type)) throw fail('speed must be a numeric tensor');
  if (outputs.length === 0) throw fail('it has no outputs');
  const wave = outputs.find((m) => m.name === 'waveform') ?? outputs[0];
  if (wave.isTensor && wave.type !== 'float32') throw fail(`output ${wave.name} is ${wave.type}, not float32 audio`);
  const duration = outputs.find((m) => m.name === 'duration' && m !== wave);
  return {
    ids: ids.name,
    idsType: ids.type as 'int64' | 'int32',
    style: style.name,
    speed: speed.name,
    speedType: speed.type as SpeedType,
    waveform: wave.name,
    duration: duration?.name,
  };
}
