import { REDACTED, Redactor, registerEnvironmentSecrets, registerUrlCredentials } from '../../../kernel/src/redact';

describe('registerEnvironmentSecrets', () => {
  it('redacts the AWS secret key and session token the process inherited', () => {
    const redactor = new Redactor();
    const secretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const token = 'FAKE-SESSION-TOKEN-for-redaction-tests-not-a-real-one';
    registerEnvironmentSecrets(redactor, { AWS_SECRET_ACCESS_KEY: secretKey, AWS_SESSION_TOKEN: token, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' });
    const text = `signing with ${secretKey} (url form ${encodeURIComponent(secretKey)}) and ${token}`;
    expect(redactor.redact(text)).toBe(`signing with ${REDACTED} (url form ${REDACTED}) and ${REDACTED}`);
  });

  it('leaves an emulator placeholder such as "testing" alone, which would garble ordinary text', () => {
    const redactor = new Redactor();
    registerEnvironmentSecrets(redactor, { AWS_SECRET_ACCESS_KEY: 'testing', AWS_SESSION_TOKEN: 'testing' });
    expect(redactor.redact('testing 1 2 3')).toBe('testing 1 2 3');
  });
});

describe('registerUrlCredentials', () => {
  it('redacts the password of a URL, decoded and as written, and the basic-auth value built from it', () => {
    const redactor = new Redactor();
    registerUrlCredentials(redactor, 'https://ops:s3cret%2Fpass%40x@livy.example:8998/livy');
    const basic = Buffer.from('ops:s3cret/pass@x').toString('base64');
    expect(redactor.redact(`s3cret/pass@x s3cret%2Fpass%40x ${basic}`)).toBe(`${REDACTED} ${REDACTED} ${REDACTED}`);
  });

  it('registers nothing for a URL without a password or for text that is not a URL', () => {
    const redactor = new Redactor();
    registerUrlCredentials(redactor, 'http://ops@livy.example:8998');
    registerUrlCredentials(redactor, 'not a url');
    registerUrlCredentials(redactor, undefined);
    expect(redactor.redact('ops livy.example not a url')).toBe('ops livy.example not a url');
  });
});
