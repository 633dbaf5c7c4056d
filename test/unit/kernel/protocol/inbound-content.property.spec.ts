import fc from 'fast-check';
import { parseInboundContent } from '../../../../kernel/src/protocol/inbound-content';
import { InboundType, JsonObject } from '../../../../kernel/src/protocol/messages';

// A signed message can still carry any content (an old or buggy client). Whatever it holds, the
// checker returns typed content or a reason naming the message type, and never throws.

const INBOUND_RUNS_PER_TYPE = 500;

const TYPES: InboundType[] = [
  'kernel_info_request',
  'execute_request',
  'complete_request',
  'inspect_request',
  'is_complete_request',
  'history_request',
  'comm_info_request',
  'shutdown_request',
  'interrupt_request',
  'comm_open',
  'comm_msg',
  'comm_close'
];

const FIELDS = [
  'code',
  'silent',
  'store_history',
  'user_expressions',
  'allow_stdin',
  'stop_on_error',
  'cursor_pos',
  'detail_level',
  'hist_access_type',
  'output',
  'raw',
  'target_name',
  'target_module',
  'restart',
  'comm_id',
  'data',
  '__proto__',
  'constructor'
];
const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.integer({ min: -3, max: 40 }), fc.constantFrom('tail', 'range', 'search', 'x', ''));
const content = fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 6 })), value, { maxKeys: 8 }) as fc.Arbitrary<JsonObject>;

describe('inbound content (properties)', () => {
  it.each(TYPES)('%s: any content is typed or refused with a reason, never thrown', type => {
    fc.assert(
      fc.property(content, input => {
        const result = parseInboundContent(type, input);
        if (!result.ok) {
          expect(result.reason.startsWith(`${type}: "`)).toBe(true);
          return;
        }
        const typed = result.content as Record<string, unknown>;
        for (const field of ['code', 'comm_id', 'target_name', 'hist_access_type']) {
          if (field in typed) {
            expect(typeof typed[field]).toBe('string');
          }
        }
        if ('cursor_pos' in typed) {
          expect(Number.isInteger(typed.cursor_pos)).toBe(true);
          expect(typed.cursor_pos as number).toBeGreaterThanOrEqual(0);
        }
        if (type === 'execute_request') {
          // silent never stores history, whatever the client asked.
          expect(typed.silent && typed.store_history).toBe(false);
        }
      }),
      { numRuns: INBOUND_RUNS_PER_TYPE }
    );
  });
});
