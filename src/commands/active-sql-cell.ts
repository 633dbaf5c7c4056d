import type { ICellModel } from '@jupyterlab/cells';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { parseSqlCell } from './sql-magic';

/**
 * Whether the active notebook cell is a SQL code cell (%%sql, %%hive, %%aurora), kept current as the user moves
 * between cells and edits them. `changed` fires only when the answer flips, not on every
 * keystroke, because each emission re-renders every toolbar button bound to the command.
 */
export class ActiveSqlCell implements IDisposable {
  constructor(tracker: INotebookTracker) {
    this._tracker = tracker;
    tracker.activeCellChanged.connect(this._follow, this);
    this._follow();
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The active cell's model if it holds SQL, else `null`. */
  get model(): ICellModel | null {
    return this._isSql ? this._model : null;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._tracker.activeCellChanged.disconnect(this._follow, this);
    this._model?.contentChanged.disconnect(this._update, this);
    Signal.clearData(this);
  }

  private _follow(): void {
    this._model?.contentChanged.disconnect(this._update, this);
    this._model = this._tracker.activeCell?.model ?? null;
    this._model?.contentChanged.connect(this._update, this);
    this._update();
  }

  private _update(): void {
    const model = this._model;
    const isSql = model !== null && model.type === 'code' && parseSqlCell(model.sharedModel.getSource()) !== null;
    if (isSql !== this._isSql) {
      this._isSql = isSql;
      this._changed.emit();
    }
  }

  private readonly _tracker: INotebookTracker;
  private readonly _changed = new Signal<this, void>(this);
  private _model: ICellModel | null = null;
  private _isSql = false;
  private _isDisposed = false;
}
