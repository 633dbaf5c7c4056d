import { IAwsClients } from '../aws/aws-clients';

/** What %emr needs from the kernel: the EMR API clients for its own region and profile. */
export interface IEmrServices {
  clients(): IAwsClients;
  /** Where a service's calls go, for messages (an emulator's URL or AWS's regional endpoint). */
  endpoint(service: 'emr' | 'emr-containers'): string;
}
