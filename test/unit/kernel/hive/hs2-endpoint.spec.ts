import { describeHs2Endpoint, parseHs2Endpoint } from '../../../../kernel/src/hive/hs2-endpoint';

describe('parseHs2Endpoint', () => {
  it.each([
    ['127.0.0.1:10000', { host: '127.0.0.1', port: 10000, database: undefined }],
    ['primary.example', { host: 'primary.example', port: 10000, database: undefined }],
    ['hive2://primary.example:10001/sales', { host: 'primary.example', port: 10001, database: 'sales' }],
    ['jdbc:hive2://127.0.0.1:10000/default;transportMode=binary', { host: '127.0.0.1', port: 10000, database: 'default' }],
    ['[::1]:10000', { host: '::1', port: 10000, database: undefined }]
  ])('reads %s', (text, expected) => {
    expect(parseHs2Endpoint(text)).toEqual(expected);
  });

  it('refuses other schemes and malformed text', () => {
    expect(parseHs2Endpoint('http://primary:10000')).toEqual({ problem: expect.stringContaining('hive2://') });
    expect(parseHs2Endpoint('host:notaport')).toEqual({ problem: expect.stringContaining('host:port') });
  });

  it('refuses credentials in the URL without repeating them', () => {
    for (const text of ['hive2://ann:s3cret-pw@primary:10000', 'jdbc:hive2://primary:10000/default;user=ann;password=s3cret-pw']) {
      const parsed = parseHs2Endpoint(text) as { problem: string };
      expect(parsed.problem).toContain('EMR_HIVESERVER2_PASSWORD');
      expect(parsed.problem).not.toContain('s3cret-pw');
    }
  });

  it('names an endpoint as host:port', () => {
    expect(describeHs2Endpoint({ host: '::1', port: 10000 })).toBe('[::1]:10000');
    expect(describeHs2Endpoint({ host: 'primary', port: 10001, database: 'x' })).toBe('primary:10001');
  });
});
