import fc from 'fast-check';
import { DELIMITER, WireCodec } from '../../../../kernel/src/protocol/codec';
import { ReplayWindow } from '../../../../kernel/src/protocol/replay-window';
import { Signer } from '../../../../kernel/src/protocol/signer';
import { HEADER, KEY } from './wire-frames';

const codec = (): WireCodec => new WireCodec(new Signer(KEY), new ReplayWindow(1 << 16));

// Frames that look enough like Jupyter traffic to reach every branch of the decoder: the
// delimiter, hex signatures, JSON objects and arrays, and plain noise.
const frame = fc.oneof(
  fc.constant(DELIMITER),
  fc.constant(Buffer.alloc(0)),
  fc.stringMatching(/^[0-9a-f]{64}$/).map(hex => Buffer.from(hex)),
  fc.json().map(text => Buffer.from(text)),
  fc.uint8Array({ maxLength: 64 }).map(bytes => Buffer.from(bytes))
);
const frames = fc.array(frame, { maxLength: 12 });

const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });

describe('WireCodec (properties)', () => {
  it('never throws on arbitrary frames, and explains every refusal', () => {
    fc.assert(
      fc.property(frames, input => {
        const result = codec().decode(input);
        return result.ok || (typeof result.reason === 'string' && result.reason.length > 0);
      }),
      { numRuns: 2000 }
    );
  });

  it('never accepts arbitrary frames when a key is set (they cannot carry a valid signature)', () => {
    fc.assert(
      fc.property(frames, input => !codec().decode(input).ok),
      { numRuns: 2000 }
    );
  });

  it('decodes whatever it encodes, identities and buffers included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 16 }), { maxLength: 3 }),
        jsonObject,
        jsonObject,
        fc.array(fc.uint8Array({ maxLength: 16 }), { maxLength: 3 }),
        (identities, metadata, content, buffers) => {
          const toBuffers = (arrays: Uint8Array[]): Buffer[] => arrays.map(bytes => Buffer.from(bytes));
          // An identity equal to the delimiter would end the routing prefix early; ZeroMQ never makes one.
          const ids = toBuffers(identities).filter(identity => !identity.equals(DELIMITER));
          const message = { identities: ids, header: HEADER, parent_header: {}, metadata, content, buffers: toBuffers(buffers) };
          const result = codec().decode(codec().encode(message));
          return (
            result.ok &&
            JSON.stringify(result.message.content) === JSON.stringify(content) &&
            JSON.stringify(result.message.metadata) === JSON.stringify(metadata) &&
            result.message.identities.length === ids.length &&
            result.message.identities.every((identity, i) => identity.equals(ids[i])) &&
            result.message.buffers.every((buffer, i) => buffer.equals(Buffer.from(buffers[i])))
          );
        }
      ),
      { numRuns: 500 }
    );
  });

  it('refuses an encoded message after any single byte of a signed frame changes', () => {
    const encoded = codec().encode({
      identities: [Buffer.from('peer')],
      header: HEADER,
      parent_header: {},
      metadata: {},
      content: { code: 'spark.range(10).count()' },
      buffers: []
    });
    const firstSigned = 3;
    fc.assert(
      fc.property(fc.integer({ min: firstSigned, max: firstSigned + 3 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (frameIndex, position, xor) => {
        const tampered = encoded.map(frame => Buffer.from(frame));
        const target = tampered[frameIndex];
        const at = position % target.length;
        target[at] = target[at] ^ xor;
        return !codec().decode(tampered).ok;
      }),
      { numRuns: 1000 }
    );
  });
});
