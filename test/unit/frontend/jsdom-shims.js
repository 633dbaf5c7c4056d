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

// jsdom has no structuredClone, which Vega-Lite uses on specs (plain JSON) when its module loads.
if (typeof globalThis.structuredClone === 'undefined') {
  const v8 = require('v8');
  globalThis.structuredClone = value => v8.deserialize(v8.serialize(value));
}

// jsdom has no canvas and logs an error when asked for one; Vega asks once to measure text and
// estimates widths when there is none, which is all a unit test needs.
if (typeof HTMLCanvasElement !== 'undefined') {
  HTMLCanvasElement.prototype.getContext = () => null;
}
