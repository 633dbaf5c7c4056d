import { WireCodec, DELIMITER } from '../../../../kernel/src/protocol/codec';
import { ReplayWindow } from '../../../../kernel/src/protocol/replay-window';
import { Signer } from '../../../../kernel/src/protocol/signer';
import { HEADER, headerIndex, KEY, signedFrames } from './wire-frames';

const codecWith = (key = KEY): WireCodec => new WireCodec(new Signer(key), new ReplayWindow(128));

function expectRefused(frames: Buffer[], reason: RegExp, codec = codecWith()): void {
  const result = codec.decode(frames);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.reason).toMatch(reason);
  }
}

describe('WireCodec.decode', () => {
  afterEach(() => jest.restoreAllMocks());

  it('decodes a signed message, keeping identities and extra buffers', () => {
    const result = codecWith().decode(signedFrames({ identities: ['router-a', 'router-b'], buffers: [Buffer.from([0, 1, 2])] }));
    expect(result).toEqual({
      ok: true,
      message: {
        identities: [Buffer.from('router-a'), Buffer.from('router-b')],
        header: HEADER,
        parent_header: {},
        metadata: {},
        content: { code: 'println(1)' },
        buffers: [Buffer.from([0, 1, 2])]
      }
    });
  });

  it('drops a message whose signature was made with another key', () => {
    expectRefused(signedFrames({ key: 'not-the-kernel-key' }), /invalid signature/);
  });

  it.each([0, 1, 2, 3])('drops a message whose signed frame %i was changed after signing', offset => {
    const frames = signedFrames();
    const at = headerIndex(frames) + offset;
    frames[at] = Buffer.from(frames[at].toString().replace('}', ',"injected":true}'));
    expectRefused(frames, /invalid signature/);
  });

  it('drops an unsigned message (empty signature) when the kernel has a key', () => {
    expectRefused(signedFrames({ signature: '' }), /unsigned/);
  });

  it('drops a message with the signature frame missing altogether', () => {
    const frames = signedFrames();
    frames.splice(frames.indexOf(DELIMITER) + 1, 1);
    expectRefused(frames, /expected a signature and 4 message frames/);
  });

  it('drops a replayed message: the same signature is accepted once only', () => {
    const codec = codecWith();
    const frames = signedFrames();
    expect(codec.decode(frames).ok).toBe(true);
    expectRefused(frames, /duplicate signature/, codec);
  });

  it('does not let a refused message burn the signature of a genuine one', () => {
    const codec = codecWith();
    const genuine = signedFrames();
    const signature = genuine[genuine.indexOf(DELIMITER) + 1].toString();
    const tampered = signedFrames({ content: { code: 'evil' }, signature });
    expectRefused(tampered, /invalid signature/, codec);
    expect(codec.decode(genuine).ok).toBe(true);
  });

  it('checks the signature before parsing any JSON', () => {
    const parse = jest.spyOn(JSON, 'parse');
    const frames = signedFrames({ key: 'wrong' });
    expectRefused(frames, /invalid signature/);
    expectRefused(signedFrames({ signature: '' }), /unsigned/);
    expect(parse).not.toHaveBeenCalled();
  });

  it('drops a correctly signed message whose header is not JSON', () => {
    const signed = ['{not json', '{}', '{}', '{}'].map(part => Buffer.from(part));
    const frames = [DELIMITER, Buffer.from(new Signer(KEY).sign(signed)), ...signed];
    expectRefused(frames, /header is not valid JSON/);
  });

  it('drops a correctly signed message whose content is not an object', () => {
    expectRefused(signedFrames({ content: [1, 2] }), /content is not a JSON object/);
  });

  it('drops a header without msg_type', () => {
    expectRefused(signedFrames({ header: { ...HEADER, msg_type: undefined } }), /no msg_type/);
  });

  it('drops frames without the <IDS|MSG> delimiter', () => {
    const frames = signedFrames().filter(frame => !frame.equals(DELIMITER));
    expectRefused(frames, /no <IDS\|MSG> delimiter/);
  });

  it('accepts unsigned messages, and does not track replays, when the key is empty', () => {
    const codec = codecWith('');
    const frames = signedFrames({ signature: '' });
    expect(codec.decode(frames).ok).toBe(true);
    expect(codec.decode(frames).ok).toBe(true);
  });
});

describe('WireCodec.encode', () => {
  it('produces frames a second codec with the same key decodes back to the message', () => {
    const message = {
      identities: [Buffer.from('peer')],
      header: HEADER,
      parent_header: { msg_id: 'parent' },
      metadata: { m: 1 },
      content: { text: 'héllo' },
      buffers: [Buffer.from('raw')]
    };
    const frames = codecWith().encode(message);
    expect(frames[1]).toEqual(DELIMITER);
    expect(codecWith().decode(frames)).toEqual({ ok: true, message });
  });

  it('signs with an empty signature frame when the key is empty', () => {
    const frames = codecWith('').encode({
      identities: [],
      header: HEADER,
      parent_header: {},
      metadata: {},
      content: {},
      buffers: []
    });
    expect(frames[1]).toEqual(Buffer.alloc(0));
  });
});
