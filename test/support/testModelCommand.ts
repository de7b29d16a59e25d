/** `node out/dev/cli.js test-model OUT.onnx [--names kokoro|legacy] [--cost N] [--speed-type float32|int32] [--duration] [--batched]` */
import * as fs from 'fs';
import * as path from 'path';
import { buildTestModel } from './testModel';
import { CliError, UsageError, opt, parseArgs } from '../../src/cli/args';

export const command = {
  summary: 'write a small Kokoro-shaped ONNX model for tests and the benchmark',
  async run(argv: string[]): Promise<number> {
    const p = parseArgs(argv, ['names', 'cost', 'speed-type'], ['duration', 'batched']);
    if (p.positional.length !== 1) throw new UsageError('test-model needs exactly one output file');
    const names = opt(p, 'names') ?? 'kokoro';
    if (names !== 'kokoro' && names !== 'legacy') throw new UsageError(`--names must be kokoro or legacy, not '${names}'`);
    const speedType = opt(p, 'speed-type') ?? 'float32';
    if (speedType !== 'float32' && speedType !== 'int32') throw new UsageError(`--speed-type must be float32 or int32, not '${speedType}'`);
    const costText = opt(p, 'cost') ?? '0';
    const cost = Number(costText);
    if (!Number.isInteger(cost) || cost < 0 || cost > 20000) throw new UsageError(`--cost must be an integer from 0 to 20000, not '${costText}'`);
    const bytes = buildTestModel({ names, speedType, cost, duration: p.flags.has('duration'), batchedOutput: p.flags.has('batched') });
    const out = path.resolve(p.positional[0]);
    const tmp = `${out}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, out);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw new CliError(`cannot write ${out}: ${(e as Error).message}`);
    }
    return 0;
  },
};
