import { REDACTED, Redactor, registerEnvironmentSecrets } from '../../../kernel/src/redact';

describe('registerEnvironmentSecrets', () => {
  it('redacts the AWS secret key and session token the process inherited', () => {
    const redactor = new Redactor();
    const secretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const token = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ';
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
