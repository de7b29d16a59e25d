/**
 * What a real Kokoro-82M q8 run would cost on this CPU, for the bench's overhead share when it runs on the
 * generated test model (the real model is not downloaded here). Two parts:
 *
 * 1. Kokoro's arithmetic per second of speech, from its published architecture (StyleTTS 2 with an iSTFTNet
 *    vocoder, 82 M parameters; decoder at 80 frames/s, vocoder upsampling 10 × 6 to 4,800 frames/s with 512 → 256
 *    → 128 channels, ResBlocks of kernels 3/7/11 × dilations 1/3/5, two convolutions each). A weight applied at a
 *    position costs 2 FLOP (multiply and add):
 *      vocoder ResBlocks, 256 ch at 800/s:   2 · (3+7+11)·3·2 · 256² · 800   ≈ 13.2 GFLOP
 *      vocoder ResBlocks, 128 ch at 4800/s:  2 · (3+7+11)·3·2 · 128² · 4800  ≈ 19.8 GFLOP
 *      the two transposed upsampling convolutions (k 20 and 12)              ≈  1.1 GFLOP
 *      decoder AdaIN blocks, ~30 M weights at 80 frames/s: 2 · 30 M · 80     ≈  4.8 GFLOP
 *      PL-BERT (ALBERT, 12 passes of one ~7 M layer) at ~13 phonemes/s      ≈  2.2 GFLOP
 *      text encoder and prosody predictor, ~20 M weights at 80 frames/s      ≈  3.2 GFLOP
 *    ≈ 44 GFLOP per second of speech. The q8 file quantises MatMul weights (the text side); the convolutions,
 *    nearly all of the work, stay float, so no discount is taken for q8.
 * 2. The rate this CPU reaches, measured in the same run on the test model's layers: `cost` MatMuls of
 *    [ids × 256] · [256 × 256] per run, 2 · 256² FLOP per id and layer, over the run's inference time.
 *
 * The test model gives 0.075 s of audio per phoneme, about Kokoro's pace for Japanese (~13 phonemes/s), so a chunk's
 * audio length stands in for Kokoro's.
 */
export const KOKORO_FLOP_PER_AUDIO_SECOND = 44e9;

const HIDDEN = 256;

/** FLOP of `runs` test-model runs over `tokens` phoneme ids in all (each run adds two framing zeros). */
export function testModelFlop(cost: number, tokens: number, runs: number): number {
  return cost * (tokens + 2 * runs) * 2 * HIDDEN * HIDDEN;
}

/** Estimated ms of a Kokoro run producing `audioSec` of speech, at `flopPerMs` measured on this CPU. */
export function kokoroRunMs(audioSec: number, flopPerMs: number): number {
  return (KOKORO_FLOP_PER_AUDIO_SECOND * audioSec) / flopPerMs;
}
