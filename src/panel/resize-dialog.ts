import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { el } from './dom';
import { ICapacityField, IResizeDialogs } from './instance-roles';

const CLASS = 'jp-emr-ResizeDialog';

/** The dialog's body: one number input per field and, beside it, the change it makes (from → to). */
class CapacityForm extends Widget {
  private readonly _inputs: HTMLInputElement[];

  constructor(fields: ICapacityField[]) {
    super({ node: el('div', CLASS) });
    this._inputs = fields.map(field => {
      const input = el('input', `jp-mod-styled ${CLASS}-input`);
      input.type = 'number';
      input.min = '0';
      input.step = '1';
      input.value = String(field.current);
      input.setAttribute('aria-label', field.label);
      const change = el('span', `${CLASS}-change`);
      const describe = (): void => {
        change.textContent = `${field.current} → ${input.value === '' ? '?' : input.value}`;
      };
      input.addEventListener('input', describe);
      describe();
      this.node.append(el('label', `${CLASS}-field`, undefined, [el('span', `${CLASS}-label`, field.label), input, change]));
      return input;
    });
  }

  /** The entered values, or undefined while one is not a whole number of 0 or more. */
  getValue(): number[] | undefined {
    const values = this._inputs.map(input => Number(input.value));
    return this._inputs.every(input => /^\d+$/.test(input.value.trim())) ? values : undefined;
  }

  protected onAfterAttach(): void {
    this._inputs[0]?.select();
  }
}

async function askTargets(title: string, fields: ICapacityField[]): Promise<number[] | undefined> {
  const result = await showDialog({
    title,
    body: new CapacityForm(fields),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Resize' })],
    focusNodeSelector: 'input'
  });
  return result.button.accept ? (result.value ?? undefined) : undefined;
}

async function confirmCoreShrink(group: string, from: number, to: number): Promise<boolean> {
  const result = await showDialog({
    title: `Shrink core group ${group}?`,
    body:
      `Core nodes hold HDFS blocks. Going from ${from} to ${to} core nodes makes EMR move their blocks to the nodes that stay first; ` +
      'if those lack the space or the replication factor exceeds the nodes left, HDFS data can be lost or the resize can hang. Task nodes can be removed without this risk.',
    buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Shrink core group' })]
  });
  return result.button.accept;
}

/** JupyterLab's dialogs for the panel's resize buttons. */
export const RESIZE_DIALOGS: IResizeDialogs = { askTargets, confirmCoreShrink };
