import { parseInboundContent } from '../../../../kernel/src/protocol/inbound-content';

describe('parseInboundContent', () => {
  it('fills execute_request defaults from the spec', () => {
    expect(parseInboundContent('execute_request', { code: '1 + 1' })).toEqual({
      ok: true,
      content: {
        code: '1 + 1',
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: true,
        stop_on_error: true
      }
    });
  });

  it('turns store_history off for a silent execute, whatever the client sent', () => {
    const result = parseInboundContent('execute_request', { code: '', silent: true, store_history: true });
    expect(result.ok && result.content.store_history).toBe(false);
  });

  it('puts a missing cursor_pos at the end of the code, counted in code points', () => {
    const code = 'val 🚀 = sp';
    const result = parseInboundContent('complete_request', { code });
    expect(code.length).toBe(11); // UTF-16 units, which the spec does not use
    expect(result.ok && result.content.cursor_pos).toBe(10);
  });

  it.each([
    ['execute_request', { code: 42 }, /execute_request: "code" must be a string/],
    ['execute_request', { code: '', silent: 'yes' }, /"silent" must be a boolean/],
    ['complete_request', { code: 'x', cursor_pos: -1 }, /"cursor_pos" must be a non-negative integer/],
    ['inspect_request', { code: 'x', detail_level: 2 }, /"detail_level" must be 0 or 1/],
    ['comm_open', { comm_id: 'c', target_name: 't', data: [] }, /"data" must be an object/],
    ['comm_msg', { data: {} }, /"comm_id" must be a string/]
  ] as const)('refuses a malformed %s', (msgType, content, reason) => {
    const result = parseInboundContent(msgType, content);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
