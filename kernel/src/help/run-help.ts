import { UserError } from '../core/errors';
import { helpBundle, IMagicHelpView } from '../bundles/help';
import { ICellContext, ICellServices } from '../cell-kit/context';
import { optionUsage } from '../cell-kit/options';
import { IMagicSpec, magicPrefix } from '../cell-kit/registry';

export function helpView(spec: IMagicSpec): IMagicHelpView {
  const percents = magicPrefix(spec);
  const options = spec.args.options.map(option => ({ usage: optionUsage(option), description: option.description }));
  const positionals = (spec.args.positionals ?? []).map(positional => ` [${positional.name}]`).join('');
  const usage = `${percents}${spec.name}${options.map(option => ` [${option.usage}]`).join('')}${positionals}`;
  return { usage, aliases: spec.aliases.map(alias => `${percents}${alias}`), summary: spec.summary, details: spec.details, options };
}

/** %%help, or %%help NAME for one magic. */
export interface IHelpCommand {
  kind: 'help';
  topic?: string;
}

export async function runHelp(command: IHelpCommand, cell: ICellContext, kernel: ICellServices): Promise<void> {
  if (command.topic) {
    const spec = kernel.registry.find(command.topic);
    if (!spec) {
      throw new UserError(`%%help knows no magic "${command.topic}". %%help alone lists them all.`);
    }
    cell.sink.display(helpBundle([helpView(spec)], true));
    return;
  }
  cell.sink.display(helpBundle(kernel.registry.specs.map(helpView), false));
}
