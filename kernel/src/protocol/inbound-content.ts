import { IInboundContents, InboundType, JsonObject } from './messages';

/**
 * Checks the content of a verified message against its type before any handler sees it, filling
 * the defaults the spec gives for optional fields. A signed message can still be malformed (an
 * old or buggy client), and handlers are written against the typed content.
 */
export type ContentResult<T extends InboundType> = { ok: true; content: IInboundContents[T] } | { ok: false; reason: string };

class ContentError extends Error {}

function readString(content: JsonObject, field: string, fallback?: string): string {
  const value = content[field] ?? fallback;
  if (typeof value !== 'string') {
    throw new ContentError(`"${field}" must be a string`);
  }
  return value;
}

function readBoolean(content: JsonObject, field: string, fallback: boolean): boolean {
  const value = content[field] ?? fallback;
  if (typeof value !== 'boolean') {
    throw new ContentError(`"${field}" must be a boolean`);
  }
  return value;
}

function readCursor(content: JsonObject, code: string): number {
  // Clients send the cursor as a code-point offset; a missing one means "at the end".
  const value = content.cursor_pos ?? [...code].length;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ContentError('"cursor_pos" must be a non-negative integer');
  }
  return value;
}

function readObject(content: JsonObject, field: string): JsonObject {
  const value = content[field] ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ContentError(`"${field}" must be an object`);
  }
  return value as JsonObject;
}

const PARSERS: { [T in InboundType]: (content: JsonObject) => IInboundContents[T] } = {
  kernel_info_request: () => ({}),
  execute_request: content => {
    const silent = readBoolean(content, 'silent', false);
    return {
      code: readString(content, 'code'),
      silent,
      // silent forces store_history off (spec: execute_request).
      store_history: !silent && readBoolean(content, 'store_history', true),
      user_expressions: readObject(content, 'user_expressions'),
      allow_stdin: readBoolean(content, 'allow_stdin', true),
      stop_on_error: readBoolean(content, 'stop_on_error', true)
    };
  },
  complete_request: content => {
    const code = readString(content, 'code');
    return { code, cursor_pos: readCursor(content, code) };
  },
  inspect_request: content => {
    const code = readString(content, 'code');
    const detail = content.detail_level ?? 0;
    if (detail !== 0 && detail !== 1) {
      throw new ContentError('"detail_level" must be 0 or 1');
    }
    return { code, cursor_pos: readCursor(content, code), detail_level: detail };
  },
  is_complete_request: content => ({ code: readString(content, 'code') }),
  history_request: content => {
    const access = readString(content, 'hist_access_type', 'tail');
    if (access !== 'range' && access !== 'tail' && access !== 'search') {
      throw new ContentError('"hist_access_type" must be range, tail or search');
    }
    return {
      output: readBoolean(content, 'output', false),
      raw: readBoolean(content, 'raw', true),
      hist_access_type: access
    };
  },
  comm_info_request: content => (content.target_name === undefined || content.target_name === null ? {} : { target_name: readString(content, 'target_name') }),
  shutdown_request: content => ({ restart: readBoolean(content, 'restart', false) }),
  interrupt_request: () => ({}),
  comm_open: content => {
    const open = {
      comm_id: readString(content, 'comm_id'),
      target_name: readString(content, 'target_name'),
      data: readObject(content, 'data')
    };
    return typeof content.target_module === 'string' ? { ...open, target_module: content.target_module } : open;
  },
  comm_msg: content => ({ comm_id: readString(content, 'comm_id'), data: readObject(content, 'data') }),
  comm_close: content => ({ comm_id: readString(content, 'comm_id'), data: readObject(content, 'data') })
};

export function parseInboundContent<T extends InboundType>(msgType: T, content: JsonObject): ContentResult<T> {
  try {
    return { ok: true, content: PARSERS[msgType](content) };
  } catch (error) {
    if (error instanceof ContentError) {
      return { ok: false, reason: `${msgType}: ${error.message}` };
    }
    throw error;
  }
}
