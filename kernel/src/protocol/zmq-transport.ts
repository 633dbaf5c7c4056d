import type * as zmq from 'zeromq';
import { Logger } from '../log';
import { WireCodec } from './codec';
import { endpointOf, IConnectionInfo } from './connection-file';
import { Envelope } from './envelope';
import { runHeartbeat } from './heartbeat';
import { Channel, IOutboundMessage, OutboundType, RequestChannel } from './messages';
import { receiveLoop } from './receive-loop';
import { SendQueue } from './send-queue';
import { ITransport, MessageReceiver } from './transport';

const log = new Logger('protocol');

// How long close() lets queued messages (the shutdown reply, the last idle) reach the client.
const CLOSE_LINGER_MS = 1000;

const REQUEST_CHANNELS: readonly RequestChannel[] = ['shell', 'control', 'stdin'];

interface ISockets {
  shell: zmq.Router;
  control: zmq.Router;
  stdin: zmq.Router;
  iopub: zmq.Publisher;
  hb: zmq.Reply;
}

/**
 * The five Jupyter sockets on ZeroMQ: shell, control and stdin as Router, iopub as Publisher,
 * heartbeat as Reply. Each has one receive loop and one send queue; every incoming message is
 * verified by the codec and a refused one is logged and dropped, never dispatched.
 */
export class ZmqTransport implements ITransport {
  private readonly _queues: Record<Channel, SendQueue<Buffer[]>>;
  private readonly _loops: Promise<void>[] = [];
  private _started = false;

  private constructor(
    private readonly _sockets: ISockets,
    private readonly _codec: WireCodec,
    private readonly _envelope: Envelope
  ) {
    const queueFor = (socket: zmq.Router | zmq.Publisher): SendQueue<Buffer[]> => new SendQueue(frames => socket.send(frames));
    this._queues = {
      shell: queueFor(_sockets.shell),
      control: queueFor(_sockets.control),
      stdin: queueFor(_sockets.stdin),
      iopub: queueFor(_sockets.iopub)
    };
  }

  /** Binds every socket of the connection file; fails if any port is taken. */
  static async bind(info: IConnectionInfo, codec: WireCodec, envelope: Envelope): Promise<ZmqTransport> {
    // Loaded here, not at the top, so install/uninstall work without the native addon.
    const { Router, Publisher, Reply } = await import('zeromq');
    const sockets: ISockets = {
      shell: new Router(),
      control: new Router(),
      stdin: new Router(),
      iopub: new Publisher(),
      hb: new Reply()
    };
    try {
      await Promise.all([
        sockets.shell.bind(endpointOf(info, 'shell')),
        sockets.control.bind(endpointOf(info, 'control')),
        sockets.stdin.bind(endpointOf(info, 'stdin')),
        sockets.iopub.bind(endpointOf(info, 'iopub')),
        sockets.hb.bind(endpointOf(info, 'hb'))
      ]);
    } catch (error) {
      Object.values(sockets).forEach(socket => socket.close());
      throw error;
    }
    return new ZmqTransport(sockets, codec, envelope);
  }

  start(receiver: MessageReceiver): void {
    if (this._started) {
      throw new Error('ZmqTransport.start was called twice.');
    }
    this._started = true;
    this._loops.push(runHeartbeat(this._sockets.hb));
    for (const channel of REQUEST_CHANNELS) {
      this._loops.push(receiveLoop(channel, this._sockets[channel], frames => this._receive(channel, frames, receiver)));
    }
  }

  send<T extends OutboundType>(channel: Channel, message: IOutboundMessage<T>): Promise<void> {
    const wrapped = this._envelope.wrap(channel, message);
    if (channel !== 'iopub' && wrapped.identities.length === 0) {
      return Promise.reject(new Error(`A ${message.msg_type} on ${channel} has no request to route it back to.`));
    }
    let frames: Buffer[];
    try {
      frames = this._codec.encode(wrapped);
    } catch (error) {
      return Promise.reject(error);
    }
    return this._queues[channel].push(frames);
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this._queues).map(queue => queue.drain()));
    for (const socket of Object.values(this._sockets)) {
      socket.linger = CLOSE_LINGER_MS;
      socket.close();
    }
    await Promise.all(this._loops);
  }

  private _receive(channel: RequestChannel, frames: Buffer[], receiver: MessageReceiver): void {
    const decoded = this._codec.decode(frames);
    if (!decoded.ok) {
      // The reason only: the frames of a refused message are untrusted and may hold secrets.
      log.warn(`Dropped a message on ${channel}: ${decoded.reason}.`);
      return;
    }
    receiver(channel, decoded.message);
  }
}
