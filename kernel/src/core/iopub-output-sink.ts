import { IIopubContents, IMessage, IopubType, JsonObject } from '../protocol/messages';
import { IOutputSink, MimeBundle } from './output-sink';
import { Outbox } from './outbox';

/**
 * The output sink of one execute request: each call becomes an iopub message parented to that
 * request, so outputs land in the cell that asked for them even when they arrive late. A
 * silent request publishes nothing (spec: silent "will not broadcast output on the IOPUB channel").
 */
export class IopubOutputSink implements IOutputSink {
  constructor(
    private readonly _outbox: Outbox,
    private readonly _request: IMessage<string, unknown>,
    private readonly _executionCount: number,
    private readonly _silent: boolean
  ) {}

  stream(name: 'stdout' | 'stderr', text: string): void {
    if (text.length > 0) {
      this._publish('stream', { name, text });
    }
  }

  display(data: MimeBundle, metadata: JsonObject = {}, displayId?: string): void {
    this._publish('display_data', displayId === undefined ? { data, metadata } : { data, metadata, transient: { display_id: displayId } });
  }

  updateDisplay(displayId: string, data: MimeBundle, metadata: JsonObject = {}): void {
    this._publish('update_display_data', { data, metadata, transient: { display_id: displayId } });
  }

  result(data: MimeBundle, metadata: JsonObject = {}): void {
    this._publish('execute_result', { execution_count: this._executionCount, data, metadata });
  }

  clear(wait = false): void {
    this._publish('clear_output', { wait });
  }

  private _publish<T extends IopubType>(msgType: T, content: IIopubContents[T]): void {
    if (!this._silent) {
      void this._outbox.publish(msgType, content, this._request);
    }
  }
}
