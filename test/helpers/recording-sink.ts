import { IOutputSink, MimeBundle } from '../../kernel/src/core/output-sink';

export type SinkEvent =
  | { type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | { type: 'display'; data: MimeBundle; displayId?: string }
  | { type: 'update'; data: MimeBundle; displayId: string }
  | { type: 'result'; data: MimeBundle }
  | { type: 'clear'; wait: boolean };

/** An output sink that keeps every call, for tests of the cell layer without sockets. */
export class RecordingSink implements IOutputSink {
  readonly events: SinkEvent[] = [];

  stream(name: 'stdout' | 'stderr', text: string): void {
    this.events.push({ type: 'stream', name, text });
  }
  display(data: MimeBundle, _metadata?: Record<string, unknown>, displayId?: string): void {
    this.events.push({ type: 'display', data, displayId });
  }
  updateDisplay(displayId: string, data: MimeBundle): void {
    this.events.push({ type: 'update', data, displayId });
  }
  result(data: MimeBundle): void {
    this.events.push({ type: 'result', data });
  }
  clear(wait = false): void {
    this.events.push({ type: 'clear', wait });
  }

  /** Everything written to a stream, joined. */
  text(name: 'stdout' | 'stderr' = 'stdout'): string {
    return this.events
      .filter((event): event is Extract<SinkEvent, { type: 'stream' }> => event.type === 'stream' && event.name === name)
      .map(event => event.text)
      .join('');
  }

  results(): MimeBundle[] {
    return this.events.filter((event): event is Extract<SinkEvent, { type: 'result' }> => event.type === 'result').map(event => event.data);
  }

  displays(): MimeBundle[] {
    return this.events.filter((event): event is Extract<SinkEvent, { type: 'display' }> => event.type === 'display').map(event => event.data);
  }

  /** The text/plain of every display, as last updated, in the order they appeared. */
  displayTexts(): string[] {
    const latest = new Map<string, string>();
    const order: string[] = [];
    this.events.forEach((event, index) => {
      if (event.type === 'display') {
        const id = event.displayId ?? `#${index}`;
        order.push(id);
        latest.set(id, String(event.data['text/plain'] ?? ''));
      } else if (event.type === 'update') {
        latest.set(event.displayId, String(event.data['text/plain'] ?? ''));
      }
    });
    return order.map(id => latest.get(id) as string);
  }
}
