import { randomUUID } from 'crypto';
import { MimeBundle } from '../core/output-sink';
import { ICellContext } from './context';

/** One output that is shown once and then replaced in place (update_display_data). */
export class LiveDisplay {
  private readonly _displayId: string;
  private _shown = false;

  constructor(
    private readonly _cell: ICellContext,
    purpose: string
  ) {
    this._displayId = `emr-livy-${purpose}-${randomUUID()}`;
  }

  get shown(): boolean {
    return this._shown;
  }

  show(bundle: MimeBundle): void {
    if (this._shown) {
      this._cell.sink.updateDisplay(this._displayId, bundle);
    } else {
      this._cell.sink.display(bundle, {}, this._displayId);
      this._shown = true;
    }
  }
}
