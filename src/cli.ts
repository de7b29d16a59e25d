/**
 * Terminal front end over the same core the extension uses.
 * Exit codes: 0 success, 1 runtime failure (one clear line on stderr), 2 usage error (usage printed).
 */
import { CliError, UsageError } from './cli/args';

interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

const commands: Record<string, () => Promise<Command>> = {
  say: async () => (await import('./cli/say')).command,
  g2p: async () => (await import('./cli/g2p')).command,
  download: async () => (await import('./cli/download')).command,
  bench: async () => (await import('./cli/bench')).command,
  'test-model': async () => (await import('./cli/testModel')).command,
};

const USAGE = `usage: yomiage <command> [options]

commands:
  say [TEXT|-] [--voice ID|FILE] [--speed X] [--model FILE] [--out FILE.wav] [--dict FILE]
  g2p [TEXT|-] [--jsonl] [--dict FILE]
  download [--variant ID] [--voice ID]... [--manifest FILE] [--dest DIR] [--proxy URL] [--no-strict-ssl]
  bench [--model FILE] [--json]
  test-model OUT.onnx [--names kokoro|legacy] [--cost N]

global options: --debug (print stack traces)`;

async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const name = args[0];
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? console.log : console.error)(USAGE);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`yomiage: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  try {
    const cmd = await load();
    return await cmd.run(args.slice(1));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`yomiage ${name}: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    const err = e as Error;
    if (debug) console.error(err.stack ?? err);
    else console.error(`yomiage ${name}: ${err instanceof CliError ? err.message : err.message || String(err)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
