import { randomBytes } from 'crypto';
import { ICellContext } from '../../cell-kit/context';
import { IAuroraKernel, IAuroraService } from '../aurora-service';
import { ISilverCommand } from '../cell-commands';
import { IConnectionParams } from '../credentials';
import { IDatabase } from '../database';
import { credentialCode } from './session-code';
import { SilverSpark } from './spark';

/** Step 1 of %%silver: who the run writes to and through what; every later step reads this. */
export interface ISilverRun {
  command: ISilverCommand;
  cell: ICellContext;
  aurora: IAuroraService;
  params: IConnectionParams;
  /** The kernel's own connection to the target: inspection, staging, the merge and the count. */
  database: IDatabase;
  spark: SilverSpark;
  /** This run's name in the session: its markers, its temporary view and its password's conf key. */
  id: string;
  view: string;
  /** The statement that hands the password to the session, registered with the redactor already. */
  handover: string;
}

/**
 * Resolves the target's connection and opens it. The database comes first: an unreachable one
 * fails the cell before a Spark session is started for it.
 */
export async function resolveTarget(command: ISilverCommand, cell: ICellContext, kernel: IAuroraKernel): Promise<ISilverRun> {
  const { aurora } = kernel;
  const params = await aurora.resolve(aurora.target(command.target));
  const spark = new SilverSpark(kernel.connection.require(), cell, kernel);
  const id = randomBytes(6).toString('hex');
  const handover = credentialCode(id, params.password);
  aurora.protect(handover.secretForm);
  const database = await aurora.open(params);
  return { command, cell, aurora, params, database, spark, id, view: `emr_silver_${id}`, handover: handover.code };
}
