import { Logger } from '../log';
import { Redactor } from '../redact';
import { Channel, IErrorReply, IIopubContents, IMessage, IopubType, JsonObject, ReplyContentOf, replyTypeOf, RequestChannel, RequestType } from '../protocol/messages';
import { ITransport } from '../protocol/transport';

const log = new Logger('outbox');

/**
 * The one way the core sends: typed by message type, and every content and metadata passed
 * through the redactor, so no handler can leak a registered secret by forgetting to. Sending
 * never rejects; a failure is logged, because the caller has no better way to report it.
 */
export class Outbox {
  constructor(
    private readonly _transport: ITransport,
    private readonly _redactor: Redactor
  ) {}

  reply<T extends RequestType>(channel: RequestChannel, request: IMessage<T, unknown>, content: ReplyContentOf<T> | IErrorReply): Promise<void> {
    const msgType = replyTypeOf(request.header.msg_type);
    return this._send(channel, msgType, {
      msg_type: msgType,
      content: this._redactor.redactValue(content),
      parent: request as IMessage
    });
  }

  publish<T extends IopubType>(msgType: T, content: IIopubContents[T], parent?: IMessage<string, unknown>, metadata?: JsonObject, buffers?: Buffer[]): Promise<void> {
    return this._send('iopub', msgType, {
      msg_type: msgType,
      content: this._redactor.redactValue(content),
      parent: parent as IMessage | undefined,
      metadata: metadata && this._redactor.redactValue(metadata),
      buffers
    });
  }

  private async _send(channel: Channel, msgType: string, message: Parameters<ITransport['send']>[1]): Promise<void> {
    try {
      await this._transport.send(channel, message);
    } catch (error) {
      log.error(`Could not send ${msgType} on ${channel}.`, error);
    }
  }
}
