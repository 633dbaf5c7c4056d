#!/usr/bin/env node
/**
 * The emr-livy kernel's command line and composition root: the only file that constructs the
 * concrete classes of every layer and wires them together.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { CATALOG_COMM_TARGET, RESULT_VIEW_COMM_TARGET, SETTINGS_COMM_TARGET, STATUS_COMM_TARGET } from '@jupyterlab-emr/common';
import { Command, parseCommandLine, USAGE, UsageError } from './command-line';
import { CommManager } from './core/comm-manager';
import { Dispatcher } from './core/dispatcher';
import { ExecutionQueue } from './core/execution-queue';
import { KernelHandlers } from './core/kernel-handlers';
import { kernelInfo } from './core/kernel-info';
import { Outbox } from './core/outbox';
import { installKernelspec, uninstallKernelspec } from './install';
import { Logger } from './log';
import { createCellLayer, createPanelStatusService, ICellLayer } from './magics/assembly';
import { watchParent } from './parent-watch';
import { WireCodec } from './protocol/codec';
import { readConnectionFile } from './protocol/connection-file';
import { Envelope } from './protocol/envelope';
import { ReplayWindow } from './protocol/replay-window';
import { Signer } from './protocol/signer';
import { ZmqTransport } from './protocol/zmq-transport';
import { redactor, registerEnvironmentSecrets } from './redact';
import { settingsCommTarget } from './results/settings-comm';
import { CatalogComm } from './catalog/catalog-comm';
import { resultViewCommTarget } from './results/paging/result-view-comm';

const log = new Logger('main');

// Whatever hangs while ending (a stuck Livy DELETE, a peer mid-send), exit by then: clients
// kill a kernel 5 s after asking it to stop.
const EXIT_DEADLINE_MS = 4500;

async function kernelVersion(): Promise<string> {
  const packageJson = path.resolve(__dirname, '..', 'package.json');
  return (JSON.parse(await fs.readFile(packageJson, 'utf8')) as { version: string }).version;
}

/** A kernel must outlive any one bad request: log what escaped, keep serving. */
function logInsteadOfCrashing(): void {
  process.on('uncaughtException', error => log.error('Uncaught exception; the kernel keeps running.', error));
  process.on('unhandledRejection', reason => log.error('Unhandled promise rejection; the kernel keeps running.', reason));
}

async function runKernel(connectionFile: string, createCells: () => ICellLayer): Promise<void> {
  logInsteadOfCrashing();
  const info = await readConnectionFile(connectionFile);
  redactor.register(info.key);
  registerEnvironmentSecrets(redactor);
  const transport = await ZmqTransport.bind(info, new WireCodec(new Signer(info.key), new ReplayWindow()), new Envelope());
  const outbox = new Outbox(transport, redactor);
  const comms = new CommManager(outbox);
  const cells = createCells();
  const queue = new ExecutionQueue();
  // The side panel's AWS and Livy status, on the notebook's own Livy connection and its settings,
  // through %emr's AWS clients (the same endpoints, one connection pool per region and profile) and
  // %emr's region and profile when the panel's settings are empty.
  const status = createPanelStatusService(cells, queue, redactor);
  comms.registerTarget(STATUS_COMM_TARGET, status.commTarget);
  // JupyterLab's SQL result settings (schema/sql.json), sent when it connects and on every change.
  comms.registerTarget(SETTINGS_COMM_TARGET, settingsCommTarget(cells.sqlResults));
  // The side panel's Catalog section: databases, tables and columns from the cells' own catalog cache.
  comms.registerTarget(CATALOG_COMM_TARGET, new CatalogComm(() => cells.catalog, redactor).commTarget);
  // A partial %%sql table's pages, sorts, filters and exports, computed by Spark over the whole result.
  comms.registerTarget(RESULT_VIEW_COMM_TARGET, resultViewCommTarget(cells.resultViews));
  const handlers = new KernelHandlers({
    executor: cells.executor,
    queue,
    comms,
    outbox,
    info: kernelInfo(await kernelVersion())
  });
  const dispatcher = new Dispatcher(outbox, handlers.tables());
  transport.start((channel, message) => void dispatcher.dispatch(channel, message));
  void outbox.publish('status', { execution_state: 'starting' });
  // While the user reads and types, not after Shift-Enter.
  cells.startSessionEarly();
  // With interrupt_mode "message" clients interrupt over control; a stray SIGINT (a terminal's
  // Ctrl-C) means the same and must not kill the kernel.
  process.on('SIGINT', () => queue.interrupt('SIGINT'));
  log.info(`emr-livy kernel listening (${info.transport}://${info.ip}, shell port ${info.shell_port}).`);

  // Three ways to end, one way out: a shutdown_request (answered first), SIGTERM from a client
  // that stopped waiting, or the Jupyter server dying under us. Each releases the Livy session.
  const ending = await Promise.race([
    handlers.shutdownRequested.then(request => ({ reason: 'shutdown_request', settled: dispatcher.settled(request) })),
    new Promise<{ reason: string }>(resolve => process.once('SIGTERM', () => resolve({ reason: 'SIGTERM' }))),
    new Promise<{ reason: string }>(resolve => watchParent(() => resolve({ reason: 'the parent process is gone' })))
  ]);
  setTimeout(() => process.exit(0), EXIT_DEADLINE_MS).unref();
  await handlers.stop(false);
  await ('settled' in ending ? ending.settled : undefined);
  await transport.close();
  log.info(`emr-livy kernel shut down (${ending.reason}).`);
  process.exit(0);
}

async function execute(command: Command): Promise<void> {
  switch (command.kind) {
    case 'run':
      return runKernel(command.connectionFile, () => createCellLayer());
    case 'install': {
      const report = await installKernelspec({
        ...command,
        nodePath: process.execPath,
        mainPath: path.resolve(__filename),
        version: await kernelVersion()
      });
      process.stdout.write(`${report}\n`);
      return;
    }
    case 'uninstall':
      process.stdout.write(`${await uninstallKernelspec(command)}\n`);
      return;
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return;
  }
}

async function main(argv: string[]): Promise<void> {
  try {
    await execute(parseCommandLine(argv, process.env));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2));
}
