import { splitCellMagic } from '@jupyterlab-emr/common';
import { ICellExecutor, ICompletion, IExecuteRequest, IInspection, IsCompleteStatus } from '../core/executor';
import { CellCommand } from './commands';
import { completeCell } from '../cell-kit/completion';
import { ICellContext } from '../cell-kit/context';
import { IKernelServices } from './kernel-services';
import { runCode } from './handlers/code';
import { helpView, runHelp } from './handlers/help';
import { runCleanup, runConfigure, runConnect, runInfo, runLogs } from './handlers/session';
import { runSql } from '../cell-kit/spark-sql';
import { runAurora } from '../aurora/aurora-cell';
import { runSilver } from '../aurora/silver-cell';
import { runEmr } from '../emr/run-emr';
import { runHive } from '../hive/run-hive';
import { helpBundle } from '../renderers/help';
import { isComplete } from '../cell-kit/is-complete';
import { codePointsToOffset } from '../cell-kit/code-points';
import { LivyConnection } from '../cell-kit/livy-connection';
import { parseCell } from '../cell-kit/parser';
import { toKernelError } from '../cell-kit/user-errors';
import { NotebookParameters, parametersSetMessage } from '../parameters/notebook-parameters';
import { parseParameterCell } from '../parameters/parameter-cell';
import { defineInSession } from '../parameters/define-in-session';

type Handler<C extends CellCommand> = (command: C, cell: ICellContext, kernel: IKernelServices) => Promise<void>;
type HandlerTable = { [K in CellCommand['kind']]: Handler<Extract<CellCommand, { kind: K }>> };

/** One handler per command; adding a command without its handler does not compile. */
const HANDLERS: HandlerTable = {
  code: runCode,
  sql: runSql,
  connect: runConnect,
  configure: runConfigure,
  info: runInfo,
  logs: runLogs,
  cleanup: runCleanup,
  help: runHelp,
  aurora: (command, cell, kernel) => runAurora(command, cell, kernel.aurora),
  silver: runSilver,
  emr: runEmr,
  hive: runHive,
  empty: async () => undefined
};

export interface IMagicCellExecutorOptions {
  services: IKernelServices;
  connection: LivyConnection;
  defaultMagic: string;
  completionTimeoutMs: number;
  /** Shown once, with the first cell's output (e.g. TLS checks are off). */
  warnings: string[];
}

/** The cell language of the emr-livy kernel: magics parsed into commands, run on Livy. */
export class MagicCellExecutor implements ICellExecutor {
  private _warned = false;
  /** The parameters cell's values (papermill's too): ${name} in magic cells, variables in Spark. */
  private readonly _parameters = new NotebookParameters();

  constructor(private readonly _options: IMagicCellExecutorOptions) {}

  async execute(request: IExecuteRequest): Promise<void> {
    const { services } = this._options;
    const cell: ICellContext = { sink: request.sink, signal: request.signal };
    if (!this._warned && this._options.warnings.length > 0) {
      this._warned = true;
      request.sink.stream('stderr', this._options.warnings.map(warning => `Warning: ${warning}\n`).join(''));
    }
    try {
      const parameters = parseParameterCell(request.code);
      if (parameters) {
        this._parameters.define(parameters);
        request.sink.stream('stdout', parametersSetMessage(parameters));
        return;
      }
      const command = parseCell(this._parameters.substitute(request.code), services.registry, this._options.defaultMagic);
      if (command.kind === 'code') {
        await this._parameters.flush(command.language, code => defineInSession(command.language, code, cell, services));
      }
      await (HANDLERS[command.kind] as Handler<CellCommand>)(command, cell, services);
    } catch (error) {
      throw toKernelError(error, services.connection.current()?.url, request.signal);
    }
  }

  complete(code: string, cursorPos: number): Promise<ICompletion> {
    const { services } = this._options;
    return completeCell(code, cursorPos, {
      registry: services.registry,
      connection: services.connection,
      defaultMagic: this._options.defaultMagic,
      timeoutMs: this._options.completionTimeoutMs
    });
  }

  /** Shift-Tab on a magic's name shows its help; code is not inspected (Livy has no such endpoint). */
  async inspect(code: string, cursorPos: number): Promise<IInspection> {
    const cursor = codePointsToOffset(code, cursorPos);
    const magic = splitCellMagic(code);
    const firstLineEnd = code.indexOf('\n', code.search(/\S/));
    const onMagicLine = magic.form !== 'none' && (firstLineEnd < 0 || cursor <= firstLineEnd);
    const spec = onMagicLine ? this._options.services.registry.find(magic.name) : undefined;
    if (!spec) {
      return { found: false, data: {} };
    }
    return { found: true, data: helpBundle([helpView(spec)], true) };
  }

  async isComplete(code: string): Promise<IsCompleteStatus> {
    return isComplete(code, this._options.defaultMagic, this._options.services.registry);
  }

  async shutdown(): Promise<void> {
    await Promise.all([this._options.connection.close(), this._options.services.hive.close()]);
  }
}
