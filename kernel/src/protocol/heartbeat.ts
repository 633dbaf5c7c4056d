import { Logger } from '../log';

const log = new Logger('heartbeat');

/** The part of a zeromq 6 Reply socket the heartbeat needs. */
export interface IEchoSocket {
  readonly closed: boolean;
  receive(): Promise<Buffer[]>;
  send(frames: Buffer[]): Promise<void>;
}

/**
 * Echoes every ping on the heartbeat socket, on its own loop: the client's restarter judges
 * the kernel dead after a few missed pings, so the echo must never wait on shell work.
 * A Reply socket alternates receive and send, so each echo is awaited before the next receive.
 */
export async function runHeartbeat(socket: IEchoSocket): Promise<void> {
  while (!socket.closed) {
    try {
      await socket.send(await socket.receive());
    } catch (error) {
      if (!socket.closed) {
        log.error('The heartbeat stopped; clients will consider the kernel dead.', error);
      }
      return;
    }
  }
}
