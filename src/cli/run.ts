/**
 * The command dispatcher shared by the shipped CLI (src/cli.ts) and the developer CLI (test/support/devCli.ts).
 * Exit codes: 0 success, 1 runtime failure (one clear line on stderr), 2 usage error (usage printed).
 */
import { CliError, UsageError } from './args';
import { endQuietlyWhenOutputCloses } from './pipes';
import { cutMessage, escapeControls } from '../core/text/controls';

export interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

export type CommandTable = Record<string, () => Promise<Command>>;

async function main(commands: CommandTable, usage: string, argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const name = args[0];
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? console.log : console.error)(usage);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`yomiage: unknown command '${cutMessage(name, 60)}'\n\n${usage}`);
    return 2;
  }
  try {
    const cmd = await load();
    return await cmd.run(args.slice(1));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`yomiage ${name}: ${escapeControls(e.message)}\n\n${usage}`);
      return 2;
    }
    const err = e as Error;
    if (debug) console.error(err.stack ?? err);
    else console.error(`yomiage ${name}: ${escapeControls(err instanceof CliError ? err.message : err.message || String(err))}`);
    return 1;
  }
}

/** Runs the command named by the process arguments and sets the exit code. */
export function runCli(commands: CommandTable, usage: string): void {
  endQuietlyWhenOutputCloses();
  main(commands, usage, process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
