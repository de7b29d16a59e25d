import { CliError } from './args';

export const command = {
  summary: 'bench',
  async run(_argv: string[]): Promise<number> {
    throw new CliError('bench: not implemented yet');
  },
};
