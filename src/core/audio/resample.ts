/** Sample-rate conversion of mono float PCM (an HTTP engine's output → the 24 kHz the players and files use). */

/**
 * `samples` at `from` Hz → `to` Hz. Linear interpolation, after a moving-average low-pass when the rate goes down
 * (so that content above the new Nyquist frequency is damped instead of folding back). Same rate: the input itself.
 */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (from === to || samples.length === 0) return samples;
  const src = to < from ? lowPass(samples, Math.ceil(from / to)) : samples;
  const n = Math.max(1, Math.round((samples.length * to) / from));
  const out = new Float32Array(n);
  const step = from / to;
  for (let i = 0; i < n; i++) {
    const x = i * step;
    const j = Math.floor(x);
    const a = src[Math.min(j, src.length - 1)];
    const b = src[Math.min(j + 1, src.length - 1)];
    out[i] = a + (b - a) * (x - j);
  }
  return out;
}

/** Centred moving average over `width` samples. */
function lowPass(s: Float32Array, width: number): Float32Array {
  if (width <= 1) return s;
  const out = new Float32Array(s.length);
  const half = Math.floor(width / 2);
  let sum = 0;
  let lo = 0;
  let hi = -1;
  for (let i = 0; i < s.length; i++) {
    const wantLo = Math.max(0, i - half);
    const wantHi = Math.min(s.length - 1, i - half + width - 1);
    while (hi < wantHi) sum += s[++hi];
    while (lo < wantLo) sum -= s[lo++];
    out[i] = sum / (hi - lo + 1);
  }
  return out;
}
