import { Logger } from '../log';

const log = new Logger('protocol');

/** The part of a zeromq 6 socket a receive loop needs. */
export interface IReceivingSocket {
  readonly closed: boolean;
  [Symbol.asyncIterator](): AsyncIterator<Buffer[], undefined>;
}

/**
 * One `for await` loop per socket: frames are handed over without waiting for their handling,
 * so a slow request never holds up the next message. Ends quietly when the socket is closed.
 */
export async function receiveLoop(name: string, socket: IReceivingSocket, onFrames: (frames: Buffer[]) => void): Promise<void> {
  try {
    for await (const frames of socket) {
      try {
        onFrames(frames);
      } catch (error) {
        log.error(`Handling a message on ${name} failed; the socket keeps listening.`, error);
      }
    }
  } catch (error) {
    if (!socket.closed) {
      log.error(`The ${name} socket stopped receiving.`, error);
    }
  }
}
