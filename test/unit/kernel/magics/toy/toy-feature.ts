// A feature folder as kernel/README.md describes one: its command, its magic spec and its handler,
// built from the cell toolkit alone.
import { ICellContext } from '../../../../../kernel/src/cell-kit/context';
import { ICellFeature } from '../../../../../kernel/src/cell-kit/feature';

export interface IShoutCommand {
  kind: 'shout';
  text: string;
  times: number;
}

async function runShout(command: IShoutCommand, cell: ICellContext): Promise<void> {
  cell.sink.stream('stdout', `${Array(command.times).fill(command.text.trim().toUpperCase()).join(' ')}\n`);
}

export const SHOUT_FEATURE: ICellFeature<IShoutCommand> = {
  magics: [
    {
      name: 'shout',
      aliases: ['yell'],
      body: 'code',
      language: 'none',
      summary: 'the cell body in capitals',
      args: { options: [{ name: 'times', short: 't', type: 'integer', valueName: 'N', min: 1, description: 'how often' }] },
      build: ({ args, body }) => ({ kind: 'shout', text: body, times: (args.options.times as number | undefined) ?? 1 })
    }
  ],
  handlers: { shout: runShout }
};
