import { IAuroraService } from '../aurora/aurora-service';
import { ICellServices } from '../cell-kit/context';
import { MagicRegistry } from '../cell-kit/registry';
import { IEmrServices } from '../emr/emr-services';
import type { HiveServices } from '../hive/hive-services';
import { CellCommand } from './features';

/** The toolkit's services and each feature's own, as the kernel assembles them for its handlers. */
export interface IKernelServices extends ICellServices {
  registry: MagicRegistry<CellCommand>;
  /** Named database targets for %%aurora and %%silver. */
  aurora: IAuroraService;
  /** The EMR API for %emr, in the kernel's own region and profile. */
  emr: IEmrServices;
  /** %%hive's HiveServer2 sessions and EMR steps. */
  hive: HiveServices;
}
