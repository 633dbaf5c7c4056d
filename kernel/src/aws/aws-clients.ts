import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EMRClient } from '@aws-sdk/client-emr';
import { EMRContainersClient } from '@aws-sdk/client-emr-containers';
import { EMRServerlessClient } from '@aws-sdk/client-emr-serverless';
import { IAwsTarget } from '@jupyterlab-emr/common';
import type { EmrServerlessClientLike } from './emr-serverless-livy';

/** The SDK clients the status service uses, behind what the tests replace. */
export interface IAwsClients {
  readonly emr: Pick<EMRClient, 'send'>;
  readonly emrContainers: Pick<EMRContainersClient, 'send'>;
  /** The panel's load charts (GetMetricData). */
  readonly cloudwatch: Pick<CloudWatchClient, 'send'>;
  /** EMR Serverless applications, and the region and credentials its Livy endpoints are signed with. */
  readonly emrServerless: EmrServerlessClientLike;
}

export type AwsClientFactory = (target: IAwsTarget) => IAwsClients;

// A closed loopback port answers at once, but a blackholed address would hold the panel's request
// for minutes under the SDK's defaults.
const CONNECTION_TIMEOUT_MS = 5000;
const REQUEST_TIMEOUT_MS = 20000;
// The panel refreshes on a timer; a second attempt covers a blip, more only delays the error.
const MAX_ATTEMPTS = 2;

/** An SDK client class, as built here from the EMR client's region and credentials. */
type SiblingClient<C> = new (config: { region: EMRClient['config']['region']; credentials: EMRClient['config']['credentials']; endpoint?: string; maxAttempts: number; requestHandler: object }) => C;

/**
 * Builds SDK v3 clients on the default credential chain. Region and profile come from the target
 * (as resolveAwsTarget resolves it: the panel's settings, else the kernel config's) when set; endpoints from
 * `awsEndpointOverride`, else AWS's own. Clients are cached per target: each one keeps its own
 * connection pool and credential cache.
 *
 * @param configuredEndpoint the kernel config's "emr.endpoint"
 */
export function createAwsClientFactory(configuredEndpoint?: string, env: NodeJS.ProcessEnv = process.env): AwsClientFactory {
  const cache = new Map<string, IAwsClients>();
  return target => {
    const region = target.region || undefined;
    const profile = target.profile || undefined;
    const key = JSON.stringify([region, profile]);
    let clients = cache.get(key);
    if (!clients) {
      // throwOnRequestTimeout: without it the SDK only logs a warning when requestTimeout passes and
      // keeps waiting, so an endpoint that accepts connections but never answers held the panel's
      // request forever (found by test/integration/faults/aws-emulator-down.spec.ts).
      const requestHandler = { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true };
      const emr = new EMRClient({ region, profile, endpoint: awsEndpointOverride('emr', configuredEndpoint, env), maxAttempts: MAX_ATTEMPTS, requestHandler });
      // The other clients borrow the EMR client's resolved region and credentials: one chain, one
      // profile, for all (the EMR on EKS client is an older SDK release without the `profile` option).
      const sibling = <C>(Client: SiblingClient<C>, service: AwsService): C =>
        new Client({ region: emr.config.region, credentials: emr.config.credentials, endpoint: awsEndpointOverride(service, configuredEndpoint, env), maxAttempts: MAX_ATTEMPTS, requestHandler });
      const emrContainers = sibling(EMRContainersClient, 'emr-containers');
      const cloudwatch = sibling(CloudWatchClient, 'cloudwatch');
      const emrServerless = sibling(EMRServerlessClient, 'emr-serverless');
      clients = { emr, emrContainers, cloudwatch, emrServerless };
      cache.set(key, clients);
    }
    return clients;
  };
}

/**
 * The region and profile EMR and EMR on EKS calls go with: the one rule %emr, %connect j-…, %%hive and
 * the side panel share. Each value the request names (the panel's "AWS region" and "AWS profile"
 * settings) wins; else the kernel config's (AWS_REGION, AWS_DEFAULT_REGION, then "emr.region";
 * AWS_PROFILE, then "emr.profile", as config.ts resolves them). Undefined leaves it to the SDK's
 * default chain. One rule for both values, so the panel and %emr never list another account's clusters.
 *
 * @param configured the kernel config's resolved `emr.region` and `emr.profile`
 */
export function resolveAwsTarget(configured: IAwsTarget, requested: IAwsTarget = {}): IAwsTarget {
  return {
    region: requested.region || configured.region || undefined,
    profile: requested.profile || configured.profile || undefined
  };
}

export type AwsService = 'emr' | 'emr-containers' | 'cloudwatch' | 'emr-serverless';

// The SDK's own service-specific endpoint variables and AWS's host names.
const SERVICE_ENDPOINT_VARIABLES: Record<AwsService, string> = {
  emr: 'AWS_ENDPOINT_URL_EMR',
  'emr-containers': 'AWS_ENDPOINT_URL_EMR_CONTAINERS',
  cloudwatch: 'AWS_ENDPOINT_URL_CLOUDWATCH',
  'emr-serverless': 'AWS_ENDPOINT_URL_EMR_SERVERLESS'
};
const SERVICE_HOSTS: Record<AwsService, string> = { emr: 'elasticmapreduce', 'emr-containers': 'emr-containers', cloudwatch: 'monitoring', 'emr-serverless': 'emr-serverless' };

/**
 * Where a service's calls go instead of AWS's regional endpoint, if anywhere: the one resolution the
 * panel, %emr, %connect j-… and %%hive's EMR calls share. AWS_ENDPOINT_URL_EMR /
 * AWS_ENDPOINT_URL_EMR_CONTAINERS / AWS_ENDPOINT_URL_CLOUDWATCH, then AWS_ENDPOINT_URL (the variables
 * the SDK itself reads), then the kernel config's "emr.endpoint", one URL for every service as an
 * emulator serves them.
 */
export function awsEndpointOverride(service: AwsService, configuredEndpoint: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const specific = env[SERVICE_ENDPOINT_VARIABLES[service]];
  return specific || env.AWS_ENDPOINT_URL || configuredEndpoint || undefined;
}

/** The endpoint a service is reached at, for error messages: the override if any, else AWS's. */
export function describeEndpoint(service: AwsService, region: string | undefined, configuredEndpoint?: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = awsEndpointOverride(service, configuredEndpoint, env);
  if (override) {
    return override;
  }
  const host = SERVICE_HOSTS[service];
  return `https://${host}.${region || env.AWS_REGION || env.AWS_DEFAULT_REGION || '<region>'}.amazonaws.com`;
}
