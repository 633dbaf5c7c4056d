import { MAGIC_LANGUAGES } from '@jupyterlab-emr/common';
import { ICellFeature } from '../cell-kit/feature';
import { IHelpCommand, runHelp } from './run-help';

/** %%help: the magics, from their specs. */
export const HELP_FEATURE: ICellFeature<IHelpCommand> = {
  magics: [
    {
      name: 'help',
      aliases: [],
      body: 'none',
      language: MAGIC_LANGUAGES.help,
      summary: 'this list; %%help NAME explains one magic',
      args: { options: [], positionals: [{ name: 'magic', description: 'a magic name' }] },
      build: ({ args }) => ({ kind: 'help', topic: args.positionals[0]?.replace(/^%+/, '') })
    }
  ],
  handlers: { help: runHelp }
};
