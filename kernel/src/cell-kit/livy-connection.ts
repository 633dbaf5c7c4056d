import { UserError } from '../core/errors';
import { abortable } from '../livy/abortable';
import { ILivyConnection, ILivyEndpoint, ISwitchOptions } from './context';

/** Opens a Livy endpoint; the switch's options say whether it is signed and what its sessions carry. */
export type EndpointOpener = (url: string, options?: Pick<ISwitchOptions, 'sigv4' | 'sessionConf'>) => ILivyEndpoint;

/**
 * The notebook's Livy: the configured URL at first, then wherever %connect points. A switch
 * is made only once the new Livy answers, so a typo leaves the notebook where it was.
 */
export class LivyConnection implements ILivyConnection {
  private _endpoint: ILivyEndpoint | undefined;

  constructor(
    private readonly _open: EndpointOpener,
    initialUrl: string | undefined,
    /** Said when no Livy is configured, or when the configuration itself is broken. */
    private readonly _missing: () => UserError,
    private readonly _releaseTimeoutMs: number
  ) {
    this._endpoint = initialUrl ? _open(initialUrl) : undefined;
  }

  current(): ILivyEndpoint | undefined {
    return this._endpoint;
  }

  require(): ILivyEndpoint {
    if (!this._endpoint) {
      throw this._missing();
    }
    return this._endpoint;
  }

  async switchTo(url: string, options: ISwitchOptions = {}): Promise<{ endpoint: ILivyEndpoint; released?: number }> {
    const old = this._endpoint;
    if (old && old.url === url) {
      old.clusterId = options.clusterId ?? old.clusterId;
      return { endpoint: old };
    }
    const next = this._open(url, options);
    next.clusterId = options.clusterId;
    if (options.verify ?? true) {
      try {
        await abortable(next.sessions.serverVersion(), options.signal);
      } catch (error) {
        // Closing the client also drops a request still waiting on a silent server.
        next.client.close();
        throw error;
      }
    }
    const held = old?.sessions.current;
    const released = held?.ownedByKernel && !old?.sessions.options.keepOnShutdown ? held.id : undefined;
    if (old) {
      await old.sessions.shutdown(this._releaseTimeoutMs);
      old.client.close();
    }
    this._endpoint = next;
    return { endpoint: next, released };
  }

  async close(): Promise<void> {
    const endpoint = this._endpoint;
    this._endpoint = undefined;
    if (endpoint) {
      await endpoint.sessions.shutdown(this._releaseTimeoutMs);
      endpoint.client.close();
    }
  }
}
