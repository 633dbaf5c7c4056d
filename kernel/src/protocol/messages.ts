/**
 * Jupyter messaging protocol 5.3, as it appears on the wire. Field names keep the wire spelling
 * (msg_type, parent_header, execution_count) so these types can be checked against the spec
 * line by line; the rest of the kernel converts at the boundary.
 *
 * Every request type maps to its content and, through ReplyTypeOf, to its reply's content, so
 * a handler that answers with the wrong reply does not compile.
 */

export const PROTOCOL_VERSION = '5.3';

export type JsonObject = Record<string, unknown>;

export interface IHeader<T extends string = string> {
  msg_id: string;
  msg_type: T;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** A decoded message. Incoming messages are parsed into this shape before any dispatch. */
export interface IMessage<T extends string = string, C = JsonObject> {
  /** ZeroMQ routing prefix: who to reply to (shell, control, stdin) or the topic (iopub). */
  identities: Buffer[];
  header: IHeader<T>;
  /** The header of the message this one answers; `{}` when there is none. */
  parent_header: JsonObject;
  metadata: JsonObject;
  content: C;
  buffers: Buffer[];
}

/** The channels a client sends on; iopub is publish-only and heartbeat is raw bytes. */
export type RequestChannel = 'shell' | 'control' | 'stdin';
export type Channel = RequestChannel | 'iopub';

// ---------------------------------------------------------------------------------------------
// Requests (client → kernel, answered with a reply)

export interface IKernelInfoRequest {}

export interface IExecuteRequest {
  code: string;
  silent: boolean;
  store_history: boolean;
  user_expressions: JsonObject;
  allow_stdin: boolean;
  stop_on_error: boolean;
}

export interface ICompleteRequest {
  code: string;
  cursor_pos: number;
}

export interface IInspectRequest {
  code: string;
  cursor_pos: number;
  detail_level: 0 | 1;
}

export interface IIsCompleteRequest {
  code: string;
}

export interface IHistoryRequest {
  output: boolean;
  raw: boolean;
  hist_access_type: 'range' | 'tail' | 'search';
}

export interface ICommInfoRequest {
  target_name?: string;
}

export interface IShutdownRequest {
  restart: boolean;
}

export interface IInterruptRequest {}

export interface IRequestContents {
  kernel_info_request: IKernelInfoRequest;
  execute_request: IExecuteRequest;
  complete_request: ICompleteRequest;
  inspect_request: IInspectRequest;
  is_complete_request: IIsCompleteRequest;
  history_request: IHistoryRequest;
  comm_info_request: ICommInfoRequest;
  shutdown_request: IShutdownRequest;
  interrupt_request: IInterruptRequest;
}

export type RequestType = keyof IRequestContents;

// ---------------------------------------------------------------------------------------------
// Comm messages (either direction, no reply)

export interface ICommOpen {
  comm_id: string;
  target_name: string;
  data: JsonObject;
  target_module?: string;
}

export interface ICommMsg {
  comm_id: string;
  data: JsonObject;
}

export interface ICommClose {
  comm_id: string;
  data: JsonObject;
}

export interface INotificationContents {
  comm_open: ICommOpen;
  comm_msg: ICommMsg;
  comm_close: ICommClose;
}

export type NotificationType = keyof INotificationContents;

/** Everything the kernel understands when it arrives on shell or control. */
export type IInboundContents = IRequestContents & INotificationContents;
export type InboundType = keyof IInboundContents;

// ---------------------------------------------------------------------------------------------
// Replies (kernel → client on the request's channel)

export interface IErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Any reply may carry this instead of its usual content when the request failed. */
export interface IErrorReply extends IErrorContent {
  status: 'error';
}

export interface IHelpLink {
  text: string;
  url: string;
}

export interface ILanguageInfo {
  name: string;
  version: string;
  mimetype: string;
  file_extension: string;
  codemirror_mode?: string | JsonObject;
  pygments_lexer?: string;
  nbconvert_exporter?: string;
}

export interface IKernelInfoReply {
  status: 'ok';
  protocol_version: string;
  implementation: string;
  implementation_version: string;
  language_info: ILanguageInfo;
  banner: string;
  help_links: IHelpLink[];
}

export type IExecuteReply =
  | { status: 'ok'; execution_count: number; user_expressions: JsonObject; payload: JsonObject[] }
  | (IErrorReply & { execution_count: number })
  /** A queued execute skipped because an earlier one failed with stop_on_error. */
  | { status: 'aborted' };

export interface ICompleteReply {
  status: 'ok';
  matches: string[];
  cursor_start: number;
  cursor_end: number;
  metadata: JsonObject;
}

export interface IInspectReply {
  status: 'ok';
  found: boolean;
  data: JsonObject;
  metadata: JsonObject;
}

/** `status` here is the verdict itself, not ok/error (spec: is_complete_reply). */
export type IIsCompleteReply = { status: 'complete' } | { status: 'incomplete'; indent: string } | { status: 'invalid' } | { status: 'unknown' };

export interface IHistoryReply {
  status: 'ok';
  history: [number, number, string | [string, string | null]][];
}

export interface ICommInfoReply {
  status: 'ok';
  comms: Record<string, { target_name: string }>;
}

export interface IShutdownReply {
  status: 'ok';
  restart: boolean;
}

export interface IInterruptReply {
  status: 'ok';
}

export interface IReplyContents {
  kernel_info_reply: IKernelInfoReply;
  execute_reply: IExecuteReply;
  complete_reply: ICompleteReply;
  inspect_reply: IInspectReply;
  is_complete_reply: IIsCompleteReply;
  history_reply: IHistoryReply;
  comm_info_reply: ICommInfoReply;
  shutdown_reply: IShutdownReply;
  interrupt_reply: IInterruptReply;
}

/** `<action>_request` is always answered by `<action>_reply` (spec: Request-Reply). */
export type ReplyTypeOf<T extends RequestType> = T extends `${infer Action}_request` ? `${Action}_reply` : never;

export type ReplyType = keyof IReplyContents;

// Fails to compile when a request type is added without its reply content.
type MissingReplies = Exclude<ReplyTypeOf<RequestType>, ReplyType>;
const _everyRequestHasAReply: [MissingReplies] extends [never] ? true : MissingReplies = true;
void _everyRequestHasAReply;

/** What a handler for request T may answer: its own reply content, or an error. */
export type ReplyContentOf<T extends RequestType> = IReplyContents[ReplyTypeOf<T>] | IErrorReply;

export function replyTypeOf<T extends RequestType>(requestType: T): ReplyTypeOf<T> {
  return requestType.replace(/_request$/, '_reply') as ReplyTypeOf<T>;
}

// ---------------------------------------------------------------------------------------------
// IOPub (kernel → every client)

export type ExecutionState = 'starting' | 'busy' | 'idle';

export interface IDisplayContent {
  data: JsonObject;
  metadata: JsonObject;
  transient?: { display_id: string };
}

export interface IIopubContents {
  status: { execution_state: ExecutionState };
  execute_input: { code: string; execution_count: number };
  stream: { name: 'stdout' | 'stderr'; text: string };
  display_data: IDisplayContent;
  update_display_data: IDisplayContent & { transient: { display_id: string } };
  execute_result: { execution_count: number; data: JsonObject; metadata: JsonObject };
  error: IErrorContent;
  clear_output: { wait: boolean };
  comm_open: ICommOpen;
  comm_msg: ICommMsg;
  comm_close: ICommClose;
}

export type IopubType = keyof IIopubContents;

/** Every message the kernel sends, by type. */
export type IOutboundContents = IIopubContents & { [R in ReplyType]: IReplyContents[R] | IErrorReply };
export type OutboundType = keyof IOutboundContents;

/** A message the kernel is about to send; the transport adds header, identities and signature. */
export interface IOutboundMessage<T extends OutboundType = OutboundType> {
  msg_type: T;
  content: IOutboundContents[T];
  /** The request this message answers or was caused by (spec: parent_header). */
  parent?: IMessage;
  metadata?: JsonObject;
  buffers?: Buffer[];
}
