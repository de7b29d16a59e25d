/**
 * The developer CLI (bundled to out/dev/cli.js, never shipped): commands that need the repository or test-only
 * code. `npm run test-model -- OUT.onnx` and `npm run bench` run it.
 *   test-model OUT.onnx [...]   writes the generated Kokoro-shaped test model
 *   bench [--model FILE] [--voice FILE] [--cost N] [--json]
 *                               the shipped bench, on the generated test model unless --model is given, with the
 *                               repository's fixture voice (../shared/fixtures/voices, or YOMIAGE_FIXTURE_VOICES)
 */
import * as path from 'path';
import { runCli, type CommandTable } from '../../src/cli/run';
import { buildTestModel } from './testModel';

/** out/dev/cli.js → the repository root. */
const repo = path.resolve(__dirname, '..', '..');
const fixtureVoices = process.env.YOMIAGE_FIXTURE_VOICES ?? path.resolve(repo, '..', 'shared', 'fixtures', 'voices');

const commands: CommandTable = {
  'test-model': async () => (await import('./testModelCommand')).command,
  bench: async () => {
    const { command } = await import('../../src/cli/bench');
    return {
      ...command,
      options: {
        generateModel: (cost: number) => buildTestModel({ cost }),
        defaultVoice: path.join(fixtureVoices, 'jf_alpha.bin'),
        workerPath: path.join(repo, 'dist', 'worker.js'),
      },
    };
  },
};

const USAGE = `usage: node out/dev/cli.js <command> [options]   (developer commands; the product CLI is dist/cli.js)

commands:
  test-model OUT.onnx [--names kokoro|legacy] [--cost N] [--speed-type float32|int32] [--duration] [--batched]
  bench [--model FILE] [--voice FILE] [--cost N] [--json]

global options: --debug (print stack traces)`;

runCli(commands, USAGE);
