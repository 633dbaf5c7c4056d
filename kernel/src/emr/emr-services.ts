import { IAwsClients } from '../aws/aws-clients';
import { ICellServices } from '../cell-kit/context';

/** What %emr needs from the kernel: the EMR API clients for its own region and profile. */
export interface IEmrServices {
  clients(): IAwsClients;
  /** Where a service's calls go, for messages (an emulator's URL or AWS's regional endpoint). */
  endpoint(service: 'emr' | 'emr-containers'): string;
}

/** What %emr runs with: the toolkit's services and the EMR API. */
export type IEmrKernel = ICellServices & { emr: IEmrServices };
