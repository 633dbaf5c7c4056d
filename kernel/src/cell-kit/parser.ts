import { splitCellMagic } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { parseArguments } from './options';
import { IMagicCommand, MagicRegistry } from './registry';

/** A cell with nothing in it: there is nothing to run. */
export interface IEmptyCommand {
  kind: 'empty';
}

const NO_ARGUMENTS = { options: {}, positionals: [] };

/**
 * Reads a cell into the command it asks for. A cell without a magic runs as `defaultMagic`
 * (configurable; Scala unless set otherwise).
 */
export function parseCell<C extends IMagicCommand>(code: string, registry: MagicRegistry<C>, defaultMagic: string): C | IEmptyCommand {
  const magic = splitCellMagic(code);
  switch (magic.form) {
    case 'none': {
      if (code.trim() === '') {
        return { kind: 'empty' };
      }
      const label = `%%${defaultMagic}`;
      return registry.get(defaultMagic, label).build({ label, args: NO_ARGUMENTS, body: code, bodyLine: 0 });
    }
    case 'zeppelin': {
      // The splitter has already mapped the Zeppelin prefix onto the magic it means.
      const label = `%${magic.name}`;
      return registry.get(magic.name, label).build({ label, args: NO_ARGUMENTS, body: magic.body, bodyLine: magic.bodyLineOffset });
    }
  }
  const percents = magic.form === 'cell' ? '%%' : '%';
  const label = `${percents}${magic.name}`;
  if (magic.name === '') {
    throw new UserError(`A magic needs its name right after ${percents} (as in %%sql); %%help lists the magics.`);
  }
  const spec = registry.get(magic.name, label);
  if (spec.body !== 'none' && magic.form === 'line') {
    throw new UserError(`%${magic.name} is a cell magic: write %%${magic.name} alone on the first line and the ${spec.body === 'json' ? 'JSON' : 'code'} below it.`);
  }
  if (spec.body === 'none' && magic.body.trim() !== '') {
    throw new UserError(`${label} takes no cell body, but this cell has lines after the magic line. Put that code in a cell of its own.`);
  }
  const args = parseArguments(label, magic.args, spec.args);
  return spec.build({ label, args, body: magic.body, bodyLine: magic.bodyLineOffset });
}
