/**
 * A MIME bundle as Jupyter sends it: MIME type to value (a string, or JSON for JSON types).
 */
export type MimeBundle = Record<string, unknown>;

/**
 * Where a running cell writes its outputs. It is bound to one execute request, so a cell never
 * sees a socket or a parent header; the protocol layer turns each call into an iopub message.
 */
export interface IOutputSink {
  /** `stream` on stdout or stderr. */
  stream(name: 'stdout' | 'stderr', text: string): void;
  /** `display_data`; with a displayId the output can later be replaced in place. */
  display(data: MimeBundle, metadata?: Record<string, unknown>, displayId?: string): void;
  /** `update_display_data` for an output sent earlier with the same displayId. */
  updateDisplay(displayId: string, data: MimeBundle, metadata?: Record<string, unknown>): void;
  /** `execute_result`, carrying the request's execution count. */
  result(data: MimeBundle, metadata?: Record<string, unknown>): void;
  /** `clear_output`. */
  clear(wait?: boolean): void;
}
