import { CliError } from './args';

export const command = {
  summary: 'testModel',
  async run(_argv: string[]): Promise<number> {
    throw new CliError('testModel: not implemented yet');
  },
};
