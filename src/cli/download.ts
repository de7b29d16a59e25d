import { CliError } from './args';

export const command = {
  summary: 'download',
  async run(_argv: string[]): Promise<number> {
    throw new CliError('download: not implemented yet');
  },
};
