import { GlueClient } from '@aws-sdk/client-glue';
import { IAwsTarget } from '@jupyterlab-emr/common';
import { GlueSend } from './glue-catalog';

const CONNECTION_TIMEOUT_MS = 5000;
const REQUEST_TIMEOUT_MS = 20000;

/**
 * Glue clients, one per region and profile. Calls go to AWS_ENDPOINT_URL_GLUE, else
 * AWS_ENDPOINT_URL (as the SDK itself reads them), else the kernel config's "emr.endpoint" (one
 * emulator serving every service, as on the local stack).
 */
export function glueClients(configuredEndpoint: string | undefined, env: NodeJS.ProcessEnv = process.env): (target: IAwsTarget) => GlueSend {
  const clients = new Map<string, GlueClient>();
  return target => {
    const key = JSON.stringify([target.region, target.profile]);
    let client = clients.get(key);
    if (!client) {
      client = new GlueClient({
        region: target.region || undefined,
        profile: target.profile || undefined,
        endpoint: env.AWS_ENDPOINT_URL_GLUE || env.AWS_ENDPOINT_URL || configuredEndpoint || undefined,
        maxAttempts: 2,
        requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true }
      });
      clients.set(key, client);
    }
    return client;
  };
}
