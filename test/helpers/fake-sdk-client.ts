type Handler = (input: Record<string, unknown>) => unknown;

/** An AWS SDK v3 client at its only boundary, send(command): answers by command class name and records the calls. */
export function fakeSdkClient(handlers: Record<string, Handler>) {
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  return {
    calls,
    send: jest.fn(async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name;
      calls.push({ command: name, input: command.input });
      const handler = handlers[name];
      if (!handler) {
        throw new Error(`unexpected ${name}`);
      }
      return handler(command.input);
    })
  };
}

/** An error shaped as the SDK throws them: AWS's error code as its name. */
export function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}
