import { splitCellMagic } from '@jupyterlab-emr/common';
import { ICellExecutor, ICompletion, IExecuteRequest, IInspection, IsCompleteStatus } from '../core/cell-layer';
import { CellCommand } from './features';
import { completeCell } from '../cell-kit/completion';
import { ICellContext } from '../cell-kit/context';
import { IAnyCellFeature } from '../cell-kit/feature';
import { IKernelServices } from './kernel-services';
import { helpView } from '../help/run-help';
import { helpBundle } from '../bundles/help';
import { isComplete } from '../cell-kit/is-complete';
import { codePointsToOffset } from '../cell-kit/code-points';
import { LivyConnection } from '../cell-kit/livy-connection';
import { parseCell } from '../cell-kit/parser';
import { toKernelError } from '../cell-kit/user-errors';
import { NotebookParameters, parametersSetMessage } from '../parameters/notebook-parameters';
import { parseParameterCell } from '../parameters/parameter-cell';
import { defineInSession } from '../parameters/define-in-session';
import { CatalogService } from '../catalog/catalog-service';
import { CellCatalogLink } from './cell-catalog';

type Handler = (command: CellCommand, cell: ICellContext, kernel: IKernelServices) => Promise<void>;

/** Every command kind's handler, from the features that build them; two features claiming one kind is a bug. */
function handlerTable(features: readonly IAnyCellFeature[]): ReadonlyMap<string, Handler> {
  const table = new Map<string, Handler>([['empty', async () => undefined]]);
  for (const feature of features) {
    for (const [kind, handler] of Object.entries(feature.handlers)) {
      if (table.has(kind)) {
        throw new Error(`Two features handle ${kind} commands.`);
      }
      // The parser builds a command only through a spec of the feature that handles its kind.
      table.set(kind, handler as Handler);
    }
  }
  return table;
}

export interface IMagicDispatcherOptions {
  services: IKernelServices;
  /** The features whose commands run; services.registry holds their magics. */
  features: readonly IAnyCellFeature[];
  connection: LivyConnection;
  defaultMagic: string;
  completionTimeoutMs: number;
  /**
   * Builds the catalog SQL completion reads and DDL cells refresh, on the cells' services; `cellRunning`
   * says when a catalog statement would queue behind a cell. Without it SQL completes keywords only.
   */
  catalog?: (services: IKernelServices, cellRunning: () => boolean) => CatalogService;
  /** Shown once, with the first cell's output (e.g. TLS checks are off). */
  warnings: string[];
}

/** The cell language of the emr-livy kernel: magics parsed into commands, run on Livy. */
export class MagicDispatcher implements ICellExecutor {
  private _warned = false;
  /** The parameters cell's values (papermill's too): ${name} in magic cells, variables in Spark. */
  private readonly _parameters = new NotebookParameters();

  private readonly _handlers: ReadonlyMap<string, Handler>;

  /** The catalog of this kernel's cells, for completion and the side panel. */
  readonly catalog: CellCatalogLink | undefined;

  constructor(private readonly _options: IMagicDispatcherOptions) {
    this._handlers = handlerTable(_options.features);
    const { catalog, services, defaultMagic } = _options;
    this.catalog = catalog && new CellCatalogLink(cellRunning => catalog(services, cellRunning), services, defaultMagic);
  }

  async execute(request: IExecuteRequest): Promise<void> {
    const { services } = this._options;
    const cell: ICellContext = { sink: request.sink, signal: request.signal, cellId: request.cellId };
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
      const handler = this._handlers.get(command.kind);
      if (!handler) {
        throw new Error(`No feature handles ${command.kind} commands.`);
      }
      // Before any statement of the cell (the parameters' too) goes to the session.
      await this.catalog?.cellStarted();
      try {
        if (command.kind === 'code') {
          await this._parameters.flush(command.language, code => defineInSession(command.language, code, cell, services));
        }
        await handler(command, cell, services);
      } finally {
        this.catalog?.cellEnded(command);
      }
    } catch (error) {
      throw toKernelError(error, services.connection.current()?.url, request.signal);
    }
  }

  complete(code: string, cursorPos: number): Promise<ICompletion> {
    const { services } = this._options;
    const { catalog } = this;
    return completeCell(code, cursorPos, {
      registry: services.registry,
      connection: services.connection,
      defaultMagic: this._options.defaultMagic,
      timeoutMs: this._options.completionTimeoutMs,
      sqlCatalog: catalog && (text => catalog.sqlCatalog(text))
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
    await Promise.all([this._options.connection.close(), this._options.services.hive.close(), this.catalog?.catalog.close()]);
  }
}
