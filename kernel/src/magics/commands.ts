import type { IEmrCommand } from '../emr/emr-command';
import type { IHiveCommand } from '../hive/hive-magic';
import { IAuroraCommand, ISilverCommand } from '../aurora/cell-commands';
import { ICreateSessionRequest } from '../livy/types';
import { ISqlCommand } from './sql-command';

export type { SqlEngine } from './sql-command';

/** The languages a cell's code can be in; each maps to a Livy statement kind. */
export type CodeLanguage = 'scala' | 'pyspark';

export type ConnectTarget = { kind: 'url'; url: string } | { kind: 'cluster'; clusterId: string };

/** What one cell asks the kernel to do, parsed from its magic line and body. */
export type CellCommand =
  | { kind: 'code'; language: CodeLanguage; code: string; bodyLine: number }
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
  | { kind: 'empty' };
