import { CliError } from './args';

export const command = {
  summary: 'g2p',
  async run(_argv: string[]): Promise<number> {
    throw new CliError('g2p: not implemented yet');
  },
};
