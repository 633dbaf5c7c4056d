import type { INotebookTracker } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';

import { ActiveSqlCell } from '../../../../src/commands/active-sql-cell';

/** The part of a cell model ActiveSqlCell reads: its type, its source, and edits to it. */
class FakeCellModel {
  constructor(
    readonly type: 'code' | 'markdown' | 'raw',
    private _source: string
  ) {}

  readonly contentChanged = new Signal<this, void>(this);

  readonly sharedModel = { getSource: (): string => this._source };

  edit(source: string): void {
    this._source = source;
    this.contentChanged.emit();
  }
}

class FakeTracker {
  activeCell: { model: FakeCellModel } | null = null;
  readonly activeCellChanged = new Signal<this, unknown>(this);

  activate(model: FakeCellModel | null): void {
    this.activeCell = model && { model };
    this.activeCellChanged.emit(this.activeCell);
  }
}

function follow(tracker: FakeTracker): { active: ActiveSqlCell; changes: () => number } {
  const active = new ActiveSqlCell(tracker as unknown as INotebookTracker);
  let count = 0;
  active.changed.connect(() => count++);
  return { active, changes: () => count };
}

describe('ActiveSqlCell', () => {
  it('gives the active cell only while it is a %%sql or %%hive code cell', () => {
    const tracker = new FakeTracker();
    const { active } = follow(tracker);
    const sql = new FakeCellModel('code', '%%sql\nselect 1');
    tracker.activate(sql);
    expect(active.model).toBe(sql);
    tracker.activate(new FakeCellModel('code', '%%scala\nval x = 1'));
    expect(active.model).toBeNull();
    tracker.activate(new FakeCellModel('markdown', '%%sql\nselect 1'));
    expect(active.model).toBeNull();
    tracker.activate(null);
    expect(active.model).toBeNull();
  });

  it('signals when the answer flips, not on every edit or move between SQL cells', () => {
    const tracker = new FakeTracker();
    const { active, changes } = follow(tracker);
    const cell = new FakeCellModel('code', 'val x = 1');
    tracker.activate(cell);
    expect(changes()).toBe(0);
    cell.edit('%%sql\nselect 1');
    expect(changes()).toBe(1);
    cell.edit('%%sql\nselect 2');
    tracker.activate(new FakeCellModel('code', '%%hive\nselect 3'));
    expect(changes()).toBe(1);
    tracker.activate(cell);
    cell.edit('%%scala');
    expect(changes()).toBe(2);
    expect(active.model).toBeNull();
  });

  it('stops listening to the cell it left and to everything once disposed', () => {
    const tracker = new FakeTracker();
    const { active, changes } = follow(tracker);
    const left = new FakeCellModel('code', 'x');
    tracker.activate(left);
    tracker.activate(new FakeCellModel('code', 'y'));
    left.edit('%%sql\nselect 1');
    expect(changes()).toBe(0);
    active.dispose();
    tracker.activate(new FakeCellModel('code', '%%sql\nselect 1'));
    expect(changes()).toBe(0);
    expect(active.isDisposed).toBe(true);
  });
});
