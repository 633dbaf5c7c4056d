import { Signer } from '../../../../kernel/src/protocol/signer';

const frames = (...parts: string[]): Buffer[] => parts.map(part => Buffer.from(part, 'utf8'));

// Expected values computed independently with Python's hmac/hashlib, as jupyter_client signs.
const VECTORS = [
  {
    name: 'a kernel_info_request signed with a UUID key',
    key: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    parts: ['{"msg_id":"a1","msg_type":"kernel_info_request","session":"s1","username":"u","date":"2024-01-01T00:00:00.000Z","version":"5.3"}', '{}', '{}', '{}'],
    signature: 'ef4813504685b29225755e41855370daed0f0f2416861a85f6873d1a884e78e2'
  },
  {
    name: 'RFC 4231 test case 2 split over the four frames',
    key: 'Jefe',
    parts: ['what do ya want ', 'for nothing?', '', ''],
    signature: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'
  },
  {
    name: 'non-ASCII key and content, hashed as UTF-8',
    key: 'schlüssel',
    parts: ['{"msg_type":"execute_request"}', '{}', '{"x":"ü"}', '{"code":"println(\\"héllo\\")"}'],
    signature: 'c28828c29cc5aa9fc49d1cc471371e93ef930e68ae47a12e8b68ba46253d80a0'
  },
  {
    name: 'four empty frames',
    key: 'k',
    parts: ['', '', '', ''],
    signature: '8bb990c40a7d61cb97597a942125025be50ac8beb74436e3735b98893a7f6620'
  }
];

describe('Signer', () => {
  it.each(VECTORS)('signs $name like jupyter_client', ({ key, parts, signature }) => {
    expect(new Signer(key).sign(frames(...parts))).toBe(signature);
  });

  it.each(VECTORS)('verifies the known signature for $name', ({ key, parts, signature }) => {
    expect(new Signer(key).verify(frames(...parts), Buffer.from(signature))).toBe(true);
  });

  it('refuses a signature made with another key', () => {
    const parts = frames('{"msg_id":"1"}', '{}', '{}', '{}');
    const forged = Buffer.from(new Signer('attacker').sign(parts));
    expect(new Signer('the-real-key').verify(parts, forged)).toBe(false);
  });

  it('refuses a signature once any signed frame changes', () => {
    const signer = new Signer('key');
    const parts = frames('{"msg_id":"1"}', '{}', '{}', '{"code":"1"}');
    const signature = Buffer.from(signer.sign(parts));
    const tampered = frames('{"msg_id":"1"}', '{}', '{}', '{"code":"2"}');
    expect(signer.verify(tampered, signature)).toBe(false);
  });

  it('refuses an empty, truncated or upper-cased signature when a key is set', () => {
    const signer = new Signer('key');
    const parts = frames('{}', '{}', '{}', '{}');
    const good = signer.sign(parts);
    expect(signer.verify(parts, Buffer.alloc(0))).toBe(false);
    expect(signer.verify(parts, Buffer.from(good.slice(0, 63)))).toBe(false);
    expect(signer.verify(parts, Buffer.from(good.toUpperCase()))).toBe(false);
  });

  it('signs with an empty string and accepts anything when the key is empty (authentication off)', () => {
    const signer = new Signer('');
    expect(signer.isEnabled).toBe(false);
    expect(signer.sign(frames('{}', '{}', '{}', '{}'))).toBe('');
    expect(signer.verify(frames('{}', '{}', '{}', '{}'), Buffer.from('whatever'))).toBe(true);
  });
});
