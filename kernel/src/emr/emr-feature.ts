import { ICellFeature } from '../cell-kit/feature';
import { EMR_MAGIC, IEmrCommand } from './emr-command';
import { IEmrKernel } from './emr-services';
import { runEmr } from './run-emr';

/** %emr: clusters, steps, virtual clusters and job runs from the EMR API. */
export const EMR_FEATURE: ICellFeature<IEmrCommand, IEmrKernel> = {
  magics: [EMR_MAGIC],
  handlers: { emr: runEmr }
};
