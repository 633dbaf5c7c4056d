import { Logger } from '../log';
import { parseInboundContent } from '../protocol/inbound-content';
import { IHeader, IInboundContents, IMessage, InboundType, NotificationType, ReplyContentOf, RequestChannel, RequestType } from '../protocol/messages';
import { KernelError, toErrorContent } from './errors';
import { Outbox } from './outbox';

const log = new Logger('dispatcher');

export type RequestMessage<T extends InboundType> = IMessage<T, IInboundContents[T]>;

export type RequestHandler<T extends RequestType> = (request: RequestMessage<T>) => Promise<ReplyContentOf<T>>;
export type NotificationHandler<T extends NotificationType> = (message: RequestMessage<T>) => Promise<void>;

/** The handlers of one channel, keyed by msg_type; a request's handler must return its own reply. */
export interface IHandlerTable {
  requests: { [T in RequestType]?: RequestHandler<T> };
  notifications?: { [T in NotificationType]?: NotificationHandler<T> };
}

export type ChannelHandlers = Record<'shell' | 'control', IHandlerTable>;

function hasOwn<O extends object>(table: O | undefined, key: string): key is Extract<keyof O, string> {
  return table !== undefined && Object.prototype.hasOwnProperty.call(table, key);
}

/**
 * Routes verified messages to handler tables by channel and msg_type. Around every shell and
 * control message it publishes `status: busy` first and `status: idle` last, parented to the
 * message, with the reply in between. Messages are handled concurrently (only executes queue,
 * in the execution queue), so nothing waits behind a long Livy statement.
 */
export class Dispatcher {
  /** Messages between their busy and their idle, oldest first. */
  private readonly _inFlight: IMessage[] = [];
  /** By msg_id: handlers see a copy of the message with checked content, not the object dispatched. */
  private readonly _settling = new Map<string, Promise<void>>();

  constructor(
    private readonly _outbox: Outbox,
    private readonly _handlers: ChannelHandlers
  ) {}

  dispatch(channel: RequestChannel, message: IMessage): Promise<void> {
    if (channel === 'stdin') {
      // The kernel never sends input_request, so nothing on stdin is expected.
      log.warn(`Ignoring ${message.header.msg_type} on stdin.`);
      return Promise.resolve();
    }
    this._inFlight.push(message);
    const msgId = message.header.msg_id;
    const settled = this._process(this._handlers[channel], channel, message).finally(() => {
      if (this._settling.get(msgId) === settled) {
        this._settling.delete(msgId);
      }
    });
    this._settling.set(msgId, settled);
    return settled;
  }

  /** Resolves once the message's reply and its idle status have been sent. */
  settled(message: IMessage<string, unknown>): Promise<void> {
    return this._settling.get(message.header.msg_id) ?? Promise.resolve();
  }

  private async _process(table: IHandlerTable, channel: RequestChannel, message: IMessage): Promise<void> {
    await this._outbox.publish('status', { execution_state: 'busy' }, message);
    try {
      await this._route(table, channel, message);
    } catch (error) {
      log.error(`Handling ${message.header.msg_type} failed.`, error);
    }
    this._inFlight.splice(this._inFlight.indexOf(message), 1);
    const idle = this._outbox.publish('status', { execution_state: 'idle' }, message);
    // Front ends show the state of the latest status message whatever its parent
    // (jupyterlab#10701), so a completion answered during a long cell would make the kernel look
    // idle. Re-assert busy for the oldest request still running. Both are queued in this same
    // turn, so the running request's own idle always comes after.
    const stillRunning = this._inFlight[0];
    const busyAgain = stillRunning && this._outbox.publish('status', { execution_state: 'busy' }, stillRunning);
    await Promise.all([idle, busyAgain]);
  }

  private async _route(table: IHandlerTable, channel: RequestChannel, message: IMessage): Promise<void> {
    const msgType = message.header.msg_type;
    if (hasOwn(table.requests, msgType)) {
      await this._answer(channel, msgType, table.requests[msgType] as RequestHandler<typeof msgType>, message);
    } else if (hasOwn(table.notifications, msgType)) {
      await this._notify(msgType, table.notifications![msgType] as NotificationHandler<typeof msgType>, message);
    } else {
      // The spec lets a kernel leave a message it does not handle unanswered.
      log.warn(`No handler for ${msgType} on ${channel}; not answered.`);
    }
  }

  private async _answer<T extends RequestType>(channel: RequestChannel, msgType: T, handler: RequestHandler<T>, message: IMessage): Promise<void> {
    const request = message as unknown as RequestMessage<T>;
    let reply: ReplyContentOf<T>;
    const parsed = parseInboundContent(msgType, message.content);
    if (!parsed.ok) {
      log.warn(`Answering a malformed request with an error: ${parsed.reason}.`);
      reply = { status: 'error', ...toErrorContent(new KernelError('InvalidRequest', parsed.reason)) };
    } else {
      try {
        reply = await handler(withContent(request, parsed.content));
      } catch (error) {
        if (!(error instanceof KernelError)) {
          log.error(`The ${msgType} handler failed.`, error);
        }
        reply = { status: 'error', ...toErrorContent(error) };
      }
    }
    await this._outbox.reply(channel, request, reply);
  }

  private async _notify<T extends NotificationType>(msgType: T, handler: NotificationHandler<T>, message: IMessage): Promise<void> {
    const parsed = parseInboundContent(msgType, message.content);
    if (!parsed.ok) {
      log.warn(`Ignoring a malformed message: ${parsed.reason}.`);
      return;
    }
    await handler(withContent(message as unknown as RequestMessage<T>, parsed.content));
  }
}

function withContent<T extends InboundType>(message: RequestMessage<T>, content: IInboundContents[T]): RequestMessage<T> {
  return { ...message, header: message.header as IHeader<T>, content };
}
