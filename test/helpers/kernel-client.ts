import { Dealer, Request, Subscriber } from 'zeromq';
import { WireCodec } from '../../kernel/src/protocol/codec';
import { endpointOf, IConnectionInfo } from '../../kernel/src/protocol/connection-file';
import { IMessage, JsonObject } from '../../kernel/src/protocol/messages';
import { ReplayWindow } from '../../kernel/src/protocol/replay-window';
import { Signer } from '../../kernel/src/protocol/signer';
import { requestMessage } from './in-memory-transport';

/** How a test signs what it sends: properly, not at all, or with a key the kernel does not know. */
export type Signing = 'valid' | 'unsigned' | 'wrong-key';

export interface IReceived {
  channel: 'shell' | 'control' | 'iopub';
  message: IMessage;
}

/**
 * A Jupyter client over real ZeroMQ sockets (Dealer for shell and control, Subscriber for
 * iopub, Request for heartbeat), for tests that talk to a kernel on the wire. It verifies the
 * kernel's signatures with the connection key, so an unsigned or badly signed reply fails the test.
 */
export class KernelClient {
  readonly received: IReceived[] = [];
  readonly refused: string[] = [];
  private readonly _codec: WireCodec;
  private readonly _codecs: Record<Signing, WireCodec>;
  private _waiters: (() => void)[] = [];
  private readonly _loops: Promise<void>[] = [];

  private constructor(
    info: IConnectionInfo,
    private readonly _shell: Dealer,
    private readonly _control: Dealer,
    private readonly _iopub: Subscriber,
    private readonly _heartbeat: Request
  ) {
    this._codec = new WireCodec(new Signer(info.key), new ReplayWindow());
    this._codecs = {
      valid: new WireCodec(new Signer(info.key), new ReplayWindow()),
      unsigned: new WireCodec(new Signer(''), new ReplayWindow()),
      'wrong-key': new WireCodec(new Signer(`not-${info.key}`), new ReplayWindow())
    };
    this._loops.push(this._listen('shell', _shell), this._listen('control', _control), this._listen('iopub', _iopub));
  }

  static connect(info: IConnectionInfo): KernelClient {
    const shell = new Dealer({ linger: 0 });
    const control = new Dealer({ linger: 0 });
    const iopub = new Subscriber({ linger: 0 });
    const heartbeat = new Request({ linger: 0, receiveTimeout: 2000 });
    shell.connect(endpointOf(info, 'shell'));
    control.connect(endpointOf(info, 'control'));
    iopub.connect(endpointOf(info, 'iopub'));
    iopub.subscribe();
    heartbeat.connect(endpointOf(info, 'hb'));
    return new KernelClient(info, shell, control, iopub, heartbeat);
  }

  /** Sends a request and returns it, so replies and iopub messages can be matched to it; `metadata` as a front end sets it (JupyterLab's cellId). */
  async send(channel: 'shell' | 'control', msgType: string, content: JsonObject = {}, signing: Signing = 'valid', metadata: JsonObject = {}): Promise<IMessage> {
    const message = { ...requestMessage(msgType, content), metadata, identities: [] };
    await this.sendFrames(channel, this._codecs[signing].encode(message));
    return message;
  }

  async sendFrames(channel: 'shell' | 'control', frames: Buffer[]): Promise<void> {
    await (channel === 'shell' ? this._shell : this._control).send(frames);
  }

  /** Frames of a validly signed request, for tests that send the same bytes twice. */
  framesOf(msgType: string, content: JsonObject = {}): { message: IMessage; frames: Buffer[] } {
    const message = { ...requestMessage(msgType, content), identities: [] };
    return { message, frames: this._codecs.valid.encode(message) };
  }

  /** Everything received so far in answer to the given request. */
  for(request: IMessage): IReceived[] {
    return this.received.filter(({ message }) => message.parent_header.msg_id === request.header.msg_id);
  }

  async waitFor(predicate: (received: IReceived) => boolean, timeoutMs = 10000): Promise<IReceived> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) {
        return found;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const seen = this.received.map(({ channel, message }) => `${channel}:${message.header.msg_type}`).join(', ');
        throw new Error(`Nothing matching arrived within ${timeoutMs} ms; received: ${seen || 'nothing'}`);
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

  /** The reply to a request, on the channel it was sent on. */
  async replyTo(request: IMessage, timeoutMs?: number): Promise<IMessage> {
    const replyType = request.header.msg_type.replace(/_request$/, '_reply');
    const { message } = await this.waitFor(({ channel, message }) => channel !== 'iopub' && message.header.msg_type === replyType && message.parent_header.msg_id === request.header.msg_id, timeoutMs);
    return message;
  }

  /** Waits for the idle status closing a request. */
  async idleAfter(request: IMessage, timeoutMs?: number): Promise<void> {
    await this.waitFor(
      ({ channel, message }) => channel === 'iopub' && message.header.msg_type === 'status' && message.content.execution_state === 'idle' && message.parent_header.msg_id === request.header.msg_id,
      timeoutMs
    );
  }

  /**
   * A subscriber misses what is published before its subscription reaches the kernel, so ask
   * for kernel_info until its busy/idle shows up on iopub (jupyter_client's wait_for_ready).
   */
  async waitUntilReady(timeoutMs = 20000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const request = await this.send('shell', 'kernel_info_request');
      try {
        await this.idleAfter(request, 500);
        return;
      } catch {
        // not subscribed yet, or the kernel is still starting
      }
    }
    throw new Error(`The kernel did not answer kernel_info on shell and iopub within ${timeoutMs} ms.`);
  }

  async ping(payload: Buffer): Promise<Buffer> {
    await this._heartbeat.send(payload);
    const [echo] = await this._heartbeat.receive();
    return echo;
  }

  async close(): Promise<void> {
    for (const socket of [this._shell, this._control, this._iopub, this._heartbeat]) {
      socket.close();
    }
    await Promise.all(this._loops);
  }

  private async _listen(channel: IReceived['channel'], socket: Dealer | Subscriber): Promise<void> {
    try {
      for await (const frames of socket) {
        const decoded = this._codec.decode(frames);
        if (decoded.ok) {
          this.received.push({ channel, message: decoded.message });
        } else {
          this.refused.push(`${channel}: ${decoded.reason}`);
        }
        const waiters = this._waiters;
        this._waiters = [];
        waiters.forEach(wake => wake());
      }
    } catch (error) {
      if (!socket.closed) {
        throw error;
      }
    }
  }
}
