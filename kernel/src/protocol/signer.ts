import { createHmac, timingSafeEqual } from 'crypto';

/**
 * HMAC-SHA256 over the four serialized dicts of a message (header, parent_header, metadata,
 * content), as hex. With an empty key signing is switched off, as the spec allows; with a key,
 * an empty signature is a failure, never a pass.
 */
export class Signer {
  private readonly _key: Buffer;

  constructor(key: string) {
    this._key = Buffer.from(key, 'utf8');
  }

  get isEnabled(): boolean {
    return this._key.length > 0;
  }

  /** The hex signature of the given frames, or '' when signing is off. */
  sign(frames: readonly Buffer[]): string {
    if (!this.isEnabled) {
      return '';
    }
    const hmac = createHmac('sha256', this._key);
    for (const frame of frames) {
      hmac.update(frame);
    }
    return hmac.digest('hex');
  }

  /** Checks a received signature in constant time, so timing reveals nothing about the key. */
  verify(frames: readonly Buffer[], signature: Buffer): boolean {
    if (!this.isEnabled) {
      return true;
    }
    const expected = Buffer.from(this.sign(frames), 'ascii');
    // A length mismatch leaks only the length of a hex sha256, which is public.
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  }
}
