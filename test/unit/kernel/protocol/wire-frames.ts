import { DELIMITER } from '../../../../kernel/src/protocol/codec';
import { Signer } from '../../../../kernel/src/protocol/signer';

export const KEY = 'c0ffee00-1234-4321-8888-deadbeef0000';

export const HEADER = {
  msg_id: 'm-1',
  msg_type: 'execute_request',
  session: 'client-session',
  username: 'analyst',
  date: '2024-05-01T10:00:00.000Z',
  version: '5.3'
};

/** Builds wire frames by hand, the way a Jupyter client would, so codec tests do not use the codec to make their input. */
export function signedFrames(
  options: {
    key?: string;
    header?: object;
    content?: object;
    identities?: string[];
    buffers?: Buffer[];
    signature?: string;
  } = {}
): Buffer[] {
  const signed = [options.header ?? HEADER, {}, {}, options.content ?? { code: 'println(1)' }].map(part => Buffer.from(JSON.stringify(part)));
  const signature = options.signature ?? new Signer(options.key ?? KEY).sign(signed);
  return [...(options.identities ?? ['client-id']).map(identity => Buffer.from(identity)), DELIMITER, Buffer.from(signature), ...signed, ...(options.buffers ?? [])];
}

/** Index of the first signed frame (the header) in frames built by signedFrames. */
export function headerIndex(frames: Buffer[]): number {
  return frames.findIndex(frame => frame.equals(DELIMITER)) + 2;
}
