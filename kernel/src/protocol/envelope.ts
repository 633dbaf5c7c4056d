import { randomUUID } from 'crypto';
import { Channel, IMessage, IOutboundMessage, JsonObject, OutboundType, PROTOCOL_VERSION } from './messages';

/**
 * Wraps outgoing content in a header and routing prefix. Replies go back to the identities the
 * request came from; iopub messages carry their msg_type as the topic, the convention clients
 * expect (they subscribe to everything).
 */
export class Envelope {
  /** One session id per kernel process, as the spec asks ("unique per session"). */
  readonly session = randomUUID();

  constructor(private readonly _username = 'emr-livy') {}

  wrap<T extends OutboundType>(channel: Channel, outbound: IOutboundMessage<T>): IMessage<T, JsonObject> {
    const identities = channel === 'iopub' ? [Buffer.from(outbound.msg_type, 'utf8')] : (outbound.parent?.identities ?? []);
    return {
      identities,
      header: {
        msg_id: randomUUID(),
        msg_type: outbound.msg_type,
        session: this.session,
        username: this._username,
        date: new Date().toISOString(),
        version: PROTOCOL_VERSION
      },
      parent_header: outbound.parent ? { ...outbound.parent.header } : {},
      metadata: outbound.metadata ?? {},
      content: outbound.content as unknown as JsonObject,
      buffers: outbound.buffers ?? []
    };
  }
}
