import { AURORA_FEATURE } from '../aurora/aurora-feature';
import { IMagicSpec } from '../cell-kit/registry';
import { CODE_FEATURE } from '../code/code-feature';
import { EMR_FEATURE } from '../emr/emr-feature';
import { HELP_FEATURE } from '../help/help-feature';
import { HIVE_FEATURE } from '../hive/hive-feature';
import { SESSION_FEATURE } from '../session/session-feature';
import { SQL_FEATURE } from '../sql/sql-feature';
import { CommandOf, IAnyCellFeature } from '../cell-kit/feature';
import { IEmptyCommand } from '../cell-kit/parser';

/**
 * Every feature of the cell layer, in the order %%help lists their magics. A new cell magic is a
 * folder exporting an ICellFeature, and one line here (kernel/README.md, "Adding a cell magic").
 */
export const FEATURES = [CODE_FEATURE, SQL_FEATURE, HIVE_FEATURE, SESSION_FEATURE, EMR_FEATURE, AURORA_FEATURE, HELP_FEATURE] as const;

/** What one cell asks the kernel to do, parsed from its magic line and body: a command of one of the features, or nothing. */
export type CellCommand = CommandOf<(typeof FEATURES)[number]> | IEmptyCommand;

/**
 * The magics of a list of features. The registry's commands are typed as the kernel's own; a
 * feature added at run time (a test's) is dispatched by its command's kind all the same.
 */
export function magicsOf(features: readonly IAnyCellFeature[]): readonly IMagicSpec<CellCommand>[] {
  return features.flatMap(feature => feature.magics as readonly IMagicSpec<CellCommand>[]);
}

/** Every magic the kernel knows. */
export const MAGIC_SPECS = magicsOf(FEATURES);
