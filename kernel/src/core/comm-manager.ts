import { Logger } from '../log';
import { ICommClose, ICommMsg, ICommOpen, IMessage, JsonObject } from '../protocol/messages';
import { Outbox } from './outbox';

const log = new Logger('comms');

/** The kernel's end of one comm, handed to the target that accepted it. */
export interface IComm {
  readonly commId: string;
  readonly targetName: string;
  /** Sends a `comm_msg` to the front end. */
  send(data: JsonObject, metadata?: JsonObject, buffers?: Buffer[]): void;
  /** Sends a `comm_close` and forgets the comm. */
  close(data?: JsonObject): void;
}

/** What a target does with the messages of a comm it accepted. */
export interface ICommListener {
  onMessage?(data: JsonObject, message: IMessage<'comm_msg', ICommMsg>): void | Promise<void>;
  onClose?(data: JsonObject): void | Promise<void>;
}

/** Called for each `comm_open` naming the target; throwing refuses the comm. */
export type CommTargetHandler = (comm: IComm, data: JsonObject) => ICommListener | Promise<ICommListener>;

interface IOpenComm {
  comm: IComm;
  listener: ICommListener;
  /** The last front-end message on this comm: what the kernel's answers are parented to. */
  parent: IMessage<string, unknown>;
}

/**
 * Routes comm_open / comm_msg / comm_close to targets other modules register by name (the side
 * panel's `emr-livy.status`). A `comm_open` for an unknown target is answered with a
 * `comm_close`, as the spec asks, so the front end does not keep a dead comm.
 */
export class CommManager {
  private readonly _targets = new Map<string, CommTargetHandler>();
  private readonly _comms = new Map<string, IOpenComm>();

  constructor(private readonly _outbox: Outbox) {}

  registerTarget(targetName: string, handler: CommTargetHandler): void {
    if (this._targets.has(targetName)) {
      throw new Error(`The comm target ${targetName} is already registered.`);
    }
    this._targets.set(targetName, handler);
  }

  /** Open comms, optionally of one target, in the shape of comm_info_reply. */
  commInfo(targetName?: string): Record<string, { target_name: string }> {
    const comms: Record<string, { target_name: string }> = {};
    for (const [commId, { comm }] of this._comms) {
      if (targetName === undefined || comm.targetName === targetName) {
        comms[commId] = { target_name: comm.targetName };
      }
    }
    return comms;
  }

  async open(message: IMessage<'comm_open', ICommOpen>): Promise<void> {
    const { comm_id: commId, target_name: targetName, data } = message.content;
    const handler = this._targets.get(targetName);
    if (!handler) {
      log.warn(`Closing comm ${commId}: no target named ${targetName}.`);
      await this._outbox.publish('comm_close', { comm_id: commId, data: {} }, message);
      return;
    }
    if (this._comms.has(commId)) {
      log.warn(`Ignoring comm_open for comm ${commId}, which is already open.`);
      return;
    }
    const open: IOpenComm = { comm: this._createComm(commId, targetName), listener: {}, parent: message };
    this._comms.set(commId, open);
    try {
      open.listener = await handler(open.comm, data);
    } catch (error) {
      log.error(`The comm target ${targetName} refused comm ${commId}.`, error);
      this._comms.delete(commId);
      await this._outbox.publish('comm_close', { comm_id: commId, data: {} }, message);
    }
  }

  async message(message: IMessage<'comm_msg', ICommMsg>): Promise<void> {
    const open = this._comms.get(message.content.comm_id);
    if (!open) {
      log.warn(`Ignoring comm_msg for unknown comm ${message.content.comm_id}.`);
      return;
    }
    open.parent = message;
    try {
      await open.listener.onMessage?.(message.content.data, message);
    } catch (error) {
      log.error(`The comm target ${open.comm.targetName} failed on a message.`, error);
    }
  }

  async close(message: IMessage<'comm_close', ICommClose>): Promise<void> {
    const open = this._comms.get(message.content.comm_id);
    if (!open) {
      log.warn(`Ignoring comm_close for unknown comm ${message.content.comm_id}.`);
      return;
    }
    this._comms.delete(message.content.comm_id);
    try {
      await open.listener.onClose?.(message.content.data);
    } catch (error) {
      log.error(`The comm target ${open.comm.targetName} failed while closing.`, error);
    }
  }

  private _createComm(commId: string, targetName: string): IComm {
    const parentOf = (): IMessage<string, unknown> | undefined => this._comms.get(commId)?.parent;
    return {
      commId,
      targetName,
      send: (data, metadata, buffers) => {
        if (!this._comms.has(commId)) {
          log.warn(`Not sending on comm ${commId}: it is closed.`);
          return;
        }
        void this._outbox.publish('comm_msg', { comm_id: commId, data }, parentOf(), metadata, buffers);
      },
      close: (data = {}) => {
        const parent = parentOf();
        if (this._comms.delete(commId)) {
          void this._outbox.publish('comm_close', { comm_id: commId, data }, parent);
        }
      }
    };
  }
}
