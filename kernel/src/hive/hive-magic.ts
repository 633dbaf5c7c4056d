import { UserError } from '../core/errors';
import { IOptionSpec } from '../cell-kit/options';
import { IMagicInput } from '../cell-kit/registry';
import { ISqlCommand } from '../cell-kit/sql-command';
import { HIVE_ENGINES, HiveEngine } from './hive-settings';

export interface IHiveStepRequest {
  wait: boolean;
  name?: string;
  clusterId?: string;
}

/** A %%hive cell: its statements (with %%sql's display options), where to run them, or a step to submit. */
export interface IHiveCommand {
  kind: 'hive';
  engine?: HiveEngine;
  step?: IHiveStepRequest;
  sql: ISqlCommand;
}

/** The options %%hive has beyond %%sql's. */
export const HIVE_OPTIONS: readonly IOptionSpec[] = [
  {
    name: 'engine',
    type: 'string',
    choices: HIVE_ENGINES,
    description: 'hiveserver2, spark (the Livy session) or auto (HiveServer2, else Spark); default: HiveServer2 when one is configured or found on the cluster'
  },
  { name: 'step', type: 'flag', description: 'submit the cell as an EMR step (hive -e) on the connected cluster instead of running it here' },
  { name: 'wait', type: 'flag', description: 'with --step: wait until the step ends' },
  { name: 'name', type: 'string', valueName: 'NAME', description: "with --step: the step's name (default: notebook hive step)" },
  { name: 'cluster', type: 'string', valueName: 'ID', description: 'with --step: the EMR cluster (default: the one %connect named)' }
];

const CLUSTER_ID = /^j-[A-Z0-9]+$/i;

/** Builds the %%hive command from the %%sql command the same line would make. */
export function hiveCommand({ label, args }: IMagicInput, sql: ISqlCommand): IHiveCommand {
  const options = args.options;
  const step = options.step === true;
  const stepOnly = ['wait', 'name', 'cluster'].filter(name => options[name] !== undefined);
  if (!step && stepOnly.length > 0) {
    throw new UserError(`${label}: --${stepOnly[0]} goes with --step (submit the cell as an EMR step). Add --step, or leave --${stepOnly[0]} out.`);
  }
  if (step && options.engine !== undefined) {
    throw new UserError(`${label}: --step runs the script with the cluster's own hive command, so --engine does not apply. Keep one of them.`);
  }
  const clusterId = options.cluster as string | undefined;
  if (clusterId !== undefined && !CLUSTER_ID.test(clusterId)) {
    throw new UserError(`${label}: --cluster needs an EMR cluster id (j-…), not "${clusterId}".`);
  }
  return {
    kind: 'hive',
    engine: options.engine as HiveEngine | undefined,
    step: step ? { wait: options.wait === true, name: options.name as string | undefined, clusterId: clusterId && `j-${clusterId.slice(2).toUpperCase()}` } : undefined,
    sql
  };
}
