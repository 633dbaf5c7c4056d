import type { IEmrCommand } from '../emr/emr-command';
import type { IHiveCommand } from '../hive/hive-magic';
import { IAuroraCommand, ISilverCommand } from '../aurora/cell-commands';
import { ICreateSessionRequest } from '../livy/types';
import { ICodeCommand } from '../cell-kit/code-command';
import { IEmptyCommand } from '../cell-kit/parser';
import { ISqlCommand } from '../cell-kit/sql-command';

export type ConnectTarget = { kind: 'url'; url: string } | { kind: 'cluster'; clusterId: string };

/** What one cell asks the kernel to do, parsed from its magic line and body. */
export type CellCommand =
  | ICodeCommand
  | ISqlCommand
  | { kind: 'connect'; target?: ConnectTarget; sessionId?: number }
  | { kind: 'configure'; force: boolean; request: ICreateSessionRequest }
  | { kind: 'info' }
  | { kind: 'logs'; lines: number }
  | { kind: 'cleanup'; everything: boolean }
  | { kind: 'help'; topic?: string }
  | IAuroraCommand
  | ISilverCommand
  | IEmrCommand
  | IHiveCommand
  | IEmptyCommand;
