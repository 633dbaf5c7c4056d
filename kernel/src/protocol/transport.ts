import { Channel, IMessage, IOutboundMessage, OutboundType, RequestChannel } from './messages';

/** Called for every verified, decoded message; never for a dropped one. */
export type MessageReceiver = (channel: RequestChannel, message: IMessage) => void;

/**
 * What the kernel core needs from the wire: verified messages in, messages out. The ZeroMQ
 * implementation is ZmqTransport; tests drive the core through an in-memory one.
 */
export interface ITransport {
  /** Starts delivering messages; call once. */
  start(receiver: MessageReceiver): void;
  /** Queues a message; resolves once the socket accepted it. Messages on one channel keep their order. */
  send<T extends OutboundType>(channel: Channel, message: IOutboundMessage<T>): Promise<void>;
  /** Sends what is queued, then closes every socket. */
  close(): Promise<void>;
}
