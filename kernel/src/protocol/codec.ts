import { IHeader, IMessage, JsonObject } from './messages';
import { ReplayWindow } from './replay-window';
import { Signer } from './signer';

/**
 * Frames ⇄ messages: `[identities…, <IDS|MSG>, signature, header, parent_header, metadata,
 * content, buffers…]`. The signature is checked over the raw frames before any JSON is parsed,
 * so nothing from an unauthenticated sender reaches the parser. Decoding never throws: a bad
 * message comes back with the reason it was refused, for the caller to log and drop.
 */
export const DELIMITER = Buffer.from('<IDS|MSG>', 'ascii');

const SIGNED_FRAME_COUNT = 4;

export type DecodeResult = { ok: true; message: IMessage } | { ok: false; reason: string };

function refuse(reason: string): DecodeResult {
  return { ok: false, reason };
}

function parseObject(frame: Buffer, name: string): JsonObject | string {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString('utf8'));
  } catch {
    return `${name} is not valid JSON`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `${name} is not a JSON object`;
  }
  return value as JsonObject;
}

function toHeader(raw: JsonObject): IHeader | string {
  const { msg_id, msg_type } = raw;
  if (typeof msg_id !== 'string' || msg_id.length === 0) {
    return 'header has no msg_id';
  }
  if (typeof msg_type !== 'string' || msg_type.length === 0) {
    return 'header has no msg_type';
  }
  const text = (field: string): string => (typeof raw[field] === 'string' ? (raw[field] as string) : '');
  return { msg_id, msg_type, session: text('session'), username: text('username'), date: text('date'), version: text('version') };
}

export class WireCodec {
  constructor(
    private readonly _signer: Signer,
    private readonly _replays: ReplayWindow
  ) {}

  decode(frames: readonly Buffer[]): DecodeResult {
    const delimiterAt = frames.findIndex(frame => frame.equals(DELIMITER));
    if (delimiterAt < 0) {
      return refuse('no <IDS|MSG> delimiter');
    }
    const afterDelimiter = frames.slice(delimiterAt + 1);
    if (afterDelimiter.length < 1 + SIGNED_FRAME_COUNT) {
      return refuse(`expected a signature and ${SIGNED_FRAME_COUNT} message frames after the delimiter, got ${afterDelimiter.length} frames`);
    }
    const [signatureFrame, ...rest] = afterDelimiter;
    const signed = rest.slice(0, SIGNED_FRAME_COUNT);
    if (this._signer.isEnabled) {
      const verdict = this._checkSignature(signed, signatureFrame);
      if (verdict) {
        return refuse(verdict);
      }
    }
    const [headerFrame, parentFrame, metadataFrame, contentFrame] = signed;
    const header = parseObject(headerFrame, 'header');
    const parent = parseObject(parentFrame, 'parent_header');
    const metadata = parseObject(metadataFrame, 'metadata');
    const content = parseObject(contentFrame, 'content');
    for (const part of [header, parent, metadata, content]) {
      if (typeof part === 'string') {
        return refuse(part);
      }
    }
    const typedHeader = toHeader(header as JsonObject);
    if (typeof typedHeader === 'string') {
      return refuse(typedHeader);
    }
    return {
      ok: true,
      message: {
        identities: frames.slice(0, delimiterAt),
        header: typedHeader,
        parent_header: parent as JsonObject,
        metadata: metadata as JsonObject,
        content: content as JsonObject,
        buffers: rest.slice(SIGNED_FRAME_COUNT)
      }
    };
  }

  /** Serializes and signs. Throws only for content JSON cannot represent (a bug upstream). */
  encode(message: IMessage): Buffer[] {
    const signed = [message.header, message.parent_header, message.metadata, message.content].map(part => Buffer.from(JSON.stringify(part), 'utf8'));
    const signature = Buffer.from(this._signer.sign(signed), 'ascii');
    return [...message.identities, DELIMITER, signature, ...signed, ...message.buffers];
  }

  /** Returns why the signature is refused, or undefined when it is good and fresh. */
  private _checkSignature(signed: Buffer[], signatureFrame: Buffer): string | undefined {
    if (signatureFrame.length === 0) {
      return 'unsigned message';
    }
    if (!this._signer.verify(signed, signatureFrame)) {
      return 'invalid signature';
    }
    const signature = signatureFrame.toString('ascii');
    if (this._replays.has(signature)) {
      return 'duplicate signature (replayed message)';
    }
    this._replays.remember(signature);
    return undefined;
  }
}
