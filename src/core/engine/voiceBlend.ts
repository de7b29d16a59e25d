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

/**
 * The weights typed for a blend, one per voice in order: numbers separated by commas (also 、 and ，) or spaces,
 * e.g. `0.6, 0.4` or `3 1`. Throws BlendError naming what is wrong (a count that does not match, a part that is not a
 * positive number).
 */
export function parseWeights(input: string, count: number): number[] {
  const parts = input.trim().split(/\s*[,、，]\s*|\s+/).filter((s) => s !== '');
  if (parts.length !== count) throw new BlendError(`give ${count} weights, one per voice (got ${parts.length})`);
  return parts.map((w, i) => {
    if (/^-/.test(w)) throw new BlendError(`weight ${i + 1} (${w}) is negative; weights must be greater than 0`);
    const n = Number(w);
    if (!NUMBER.test(w) || !Number.isFinite(n)) throw new BlendError(`weight ${i + 1} ('${w}') is not a number`);
    if (!(n > 0)) throw new BlendError(`weight ${i + 1} is ${w}; weights must be greater than 0`);
    return n;
  });
}

/** A normalised weight written with at most 3 decimals (more only when it would otherwise round to 0). */
function formatWeight(w: number): string {
  const short = Number(w.toFixed(3));
  return String(short > 0 ? short : Number(w.toPrecision(2)));
}

/**
 * The spec of a blend, weights normalised to add up to 1: `[{alpha, 3}, {kumo, 1}]` → `alpha*0.75+kumo*0.25`.
 * Throws BlendError for fewer than two voices, a voice twice, a voice id that is itself a blend, or a weight ≤ 0.
 */
export function formatBlend(parts: BlendPart[]): string {
  if (parts.length < 2) throw new BlendError('a blend needs two or more voices');
  const total = parts.reduce((s, p) => s + p.weight, 0);
  const seen = new Set<string>();
  const out = parts.map(({ voice, weight }) => {
    if (!voice || isBlend(voice)) throw new BlendError(`'${voice}' cannot be part of a blend`);
    if (seen.has(voice)) throw new BlendError(`voice ${voice} appears twice in the blend`);
    seen.add(voice);
    if (!(weight > 0) || !Number.isFinite(weight)) throw new BlendError(`voice ${voice} has the weight ${weight}; weights must be greater than 0`);
    return `${voice}*${formatWeight(weight / total)}`;
  });
  return out.join('+');
}
