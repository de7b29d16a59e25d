/**
 * Terminal front end over the same core the extension uses (the dispatcher is cli/run.ts).
 * Developer commands (test-model, bench on the generated model) are in test/support/devCli.ts, not here.
 */
import { runCli, type CommandTable } from './cli/run';
import { disableOnnxRuntimeTelemetry } from './core/engine/ortPrivacy';

disableOnnxRuntimeTelemetry(); // before any command loads onnxruntime, here or in the engine's worker

const commands: CommandTable = {
  say: async () => (await import('./cli/say')).command,
  g2p: async () => (await import('./cli/g2p')).command,
  download: async () => (await import('./cli/download')).command,
  bench: async () => (await import('./cli/bench')).command,
  voices: async () => (await import('./cli/voices')).command,
};

const USAGE = `usage: yomiage <command> [options]

commands:
  say [TEXT|-] [--voice ID|FILE] [--speed X] [--model FILE] [--out FILE.wav|-] [--dict FILE]
  say [TEXT|-] --engine URL --voice STYLE_ID [--speed X] [--out FILE.wav|-] [--dict FILE]
  voices [--engine URL]
  g2p [TEXT|-] [--jsonl] [--dict FILE]
  download [--variant ID] [--voice ID]... [--manifest FILE] [--dest DIR] [--proxy URL] [--no-strict-ssl]
  bench --model FILE [--voice FILE] [--json]

global options: --debug (print stack traces)`;

runCli(commands, USAGE);
