import type { Kernel } from '@jupyterlab/services';

/** A channel the panel reads a kernel comm through: it is given the comm's messages and told when the comm is gone. */
export interface ICommFedChannel {
  receive(data: unknown): void;
  close(reason: string): void;
}

/**
 * Opens a comm to `target` on the kernel and a channel over it, wired so that everything in flight
 * fails as soon as the kernel closes the comm or goes away, not at its timeout.
 */
export function openCommChannel<C extends ICommFedChannel>(kernel: Kernel.IKernelConnection, target: string, commName: string, makeChannel: (send: (data: Record<string, unknown>) => void) => C): C {
  const comm = kernel.createComm(target);
  const channel = makeChannel(data => comm.send(data as never));
  comm.onMsg = message => channel.receive(message.content.data);
  comm.onClose = () => channel.close(`The ${kernel.name} kernel closed the ${commName} comm.`);
  comm.open({});
  kernel.disposed.connect(() => channel.close(`The ${kernel.name} kernel is gone.`));
  return channel;
}
