// jsdom has no DragEvent, and @lumino/dragdrop subclasses it when its module loads (every
// @lumino/widgets import does). A MouseEvent with a dataTransfer slot is enough for that.
if (typeof globalThis.DragEvent === 'undefined') {
  globalThis.DragEvent = class DragEvent extends MouseEvent {
    constructor(type, init = {}) {
      super(type, init);
      this.dataTransfer = init.dataTransfer ?? null;
    }
  };
}
