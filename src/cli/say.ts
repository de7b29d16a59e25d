import { CliError } from './args';

export const command = {
  summary: 'say',
  async run(_argv: string[]): Promise<number> {
    throw new CliError('say: not implemented yet');
  },
};
