import { randomUUID } from 'crypto';
import { Envelope } from '../../kernel/src/protocol/envelope';
import { Channel, IMessage, IOutboundMessage, JsonObject, OutboundType, PROTOCOL_VERSION, RequestChannel } from '../../kernel/src/protocol/messages';
import { ITransport, MessageReceiver } from '../../kernel/src/protocol/transport';

export interface ISentMessage {
  channel: Channel;
  message: IMessage;
}

/**
 * A transport without sockets for driving the kernel core in unit tests (the xeus mock-server
 * idea): tests deliver requests as if they came off the wire and read back everything sent, in
 * the order it was sent across all channels.
 */
export class InMemoryTransport implements ITransport {
  readonly sent: ISentMessage[] = [];
  private readonly _envelope = new Envelope('test-kernel');
  private _receiver: MessageReceiver | undefined;
  private _waiters: (() => void)[] = [];
  closed = false;

  start(receiver: MessageReceiver): void {
    this._receiver = receiver;
  }

  async send<T extends OutboundType>(channel: Channel, message: IOutboundMessage<T>): Promise<void> {
    this.sent.push({ channel, message: this._envelope.wrap(channel, message) });
    const waiters = this._waiters;
    this._waiters = [];
    waiters.forEach(wake => wake());
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Delivers a request from a pretend client and returns it, for matching replies by parent. */
  deliver(channel: RequestChannel, msgType: string, content: JsonObject = {}): IMessage {
    if (!this._receiver) {
      throw new Error('InMemoryTransport.deliver before start');
    }
    const message = requestMessage(msgType, content);
    this._receiver(channel, message);
    return message;
  }

  /** Everything sent in answer to (parented to) the given request. */
  sentFor(request: IMessage): ISentMessage[] {
    return this.sent.filter(({ message }) => message.parent_header.msg_id === request.header.msg_id);
  }

  /** Resolves when a sent message matches, failing after the timeout. */
  async waitFor(predicate: (sent: ISentMessage) => boolean, timeoutMs = 2000): Promise<ISentMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.sent.find(predicate);
      if (found) {
        return found;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`Nothing matching was sent within ${timeoutMs} ms; sent: ${describe(this.sent)}`);
      }
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, remaining);
        this._waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the idle status that closes the given request. */
  idleFor(request: IMessage, timeoutMs?: number): Promise<ISentMessage> {
    return this.waitFor(({ message }) => message.header.msg_type === 'status' && message.content.execution_state === 'idle' && message.parent_header.msg_id === request.header.msg_id, timeoutMs);
  }
}

export function requestMessage(msgType: string, content: JsonObject = {}): IMessage {
  return {
    identities: [Buffer.from('client-1')],
    header: {
      msg_id: randomUUID(),
      msg_type: msgType,
      session: 'test-client',
      username: 'tester',
      date: new Date().toISOString(),
      version: PROTOCOL_VERSION
    },
    parent_header: {},
    metadata: {},
    content,
    buffers: []
  };
}

/** "iopub:status(busy)", "shell:execute_reply", … for readable assertions and failure messages. */
export function describeSent({ channel, message }: ISentMessage): string {
  const state = message.header.msg_type === 'status' ? `(${String(message.content.execution_state)})` : '';
  return `${channel}:${message.header.msg_type}${state}`;
}

function describe(sent: ISentMessage[]): string {
  return sent.map(describeSent).join(', ') || 'nothing';
}
