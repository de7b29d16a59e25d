/**
 * Voice blends: a voice written as a weighted mix of voices, `alpha*0.6+nezumi*0.4`. The style vectors of the
 * packs are mixed frame by frame, each weight divided by the sum of the weights (so they add up to 1). A part without
 * `*weight` weighs 1 (`alpha+nezumi` is an even mix).
 */
import { EngineError } from './errors';
import { STYLE_DIM, VOICE_FRAMES, VoicePack } from './voice';

export interface BlendPart {
  voice: string;
  weight: number;
}

/** A malformed blend; the message is one line naming what is wrong. */
export class BlendError extends Error {
  override name = 'BlendError';
}

/** Whether `spec` is written as a blend (has a `+` or a `*`) rather than one voice id or file. */
export function isBlend(spec: string): boolean {
  return /[+*]/.test(spec);
}

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** The parts of a blend, weights as written; throws BlendError for a malformed one. */
export function parseBlend(spec: string): BlendPart[] {
  const parts = spec.split('+').map((s) => s.trim());
  const out: BlendPart[] = [];
  for (const part of parts) {
    if (!part) throw new BlendError(`voice blend '${spec}' has an empty part; write it as voice*weight+voice*weight`);
    const star = part.split('*').map((s) => s.trim());
    if (star.length > 2 || !star[0]) throw new BlendError(`voice blend part '${part}' is not voice*weight`);
    const voice = star[0];
    let weight = 1;
    if (star.length === 2) {
      const w = star[1];
      if (/^-/.test(w)) throw new BlendError(`voice ${voice} has a negative weight (${w}); weights must be greater than 0`);
      if (!NUMBER.test(w)) throw new BlendError(`voice ${voice} has the weight '${w}', which is not a number`);
      weight = Number(w);
      if (!(weight > 0) || !Number.isFinite(weight)) throw new BlendError(`voice ${voice} has the weight ${w}; weights must be greater than 0`);
    }
    if (out.some((p) => p.voice === voice)) throw new BlendError(`voice ${voice} appears twice in the blend '${spec}'`);
    out.push({ voice, weight });
  }
  return out;
}

/** The packs mixed frame by frame with their weights normalised to 1. `file` names the blend (for messages and caching). */
export function mixVoicePacks(parts: { pack: VoicePack; weight: number }[], file: string): VoicePack {
  const total = parts.reduce((s, p) => s + p.weight, 0);
  if (!parts.length || !(total > 0) || parts.some((p) => !(p.weight > 0))) {
    throw new EngineError('voice-invalid', `Voice blend ${file} needs one or more voices with weights greater than 0.`);
  }
  const out = new Float32Array(VOICE_FRAMES * STYLE_DIM);
  for (const { pack, weight } of parts) {
    const w = weight / total;
    const d = pack.data;
    for (let i = 0; i < out.length; i++) out[i] += w * d[i];
  }
  return new VoicePack(file, out);
}
