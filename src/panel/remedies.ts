import { IStatusError, StatusErrorCode } from '@jupyterlab-emr/common';

/** One sentence per code, saying what to do; a Record so a new code cannot ship without one. */
export const REMEDIES: Record<StatusErrorCode, string> = {
  AWS_NO_CREDENTIALS: 'Give the Jupyter server AWS credentials (aws sso login, AWS_PROFILE, or an instance role), or name a profile in Settings → EMR clusters.',
  AWS_INVALID_CREDENTIALS: 'Refresh the credentials the Jupyter server uses (they are expired or wrong), e.g. with aws sso login.',
  AWS_ACCESS_DENIED:
    'Ask for elasticmapreduce:ListClusters/DescribeCluster/ListInstanceGroups/ListSteps, cloudwatch:GetMetricData for the load charts, elasticmapreduce:ModifyInstanceGroups/ModifyInstanceFleet to resize, emr-containers:List* for EMR on EKS, and emr-serverless:ListApplications/GetApplication/ListJobRuns/StartApplication/AccessLivyEndpoints for EMR Serverless, on the role the kernel uses.',
  AWS_WRONG_REGION: 'Set the region your clusters are in under Settings → EMR clusters → AWS region.',
  AWS_THROTTLED: 'AWS is throttling this account; the panel slows down by itself, or raise the refresh interval in Settings.',
  AWS_REQUEST_REJECTED: 'Check the cluster id and region; AWS refused the request as written.',
  ENDPOINT_UNREACHABLE:
    'Check the network path to the endpoint (VPN, proxy, or an endpoint override that points to a service that is down: an AWS_ENDPOINT_URL variable or "emr.endpoint" in the kernel config).',
  NOT_AVAILABLE: 'This endpoint does not offer the operation; the rest of the panel still works.',
  LIVY_NOT_CONFIGURED: 'Connect the notebook to a cluster (%connect <cluster-id>) or set LIVY_URL for the kernel.',
  LIVY_UNREACHABLE: 'Check that Livy runs on the cluster (port 8998) and that the Jupyter server can reach it.',
  LIVY_ERROR: 'Check the Livy server log; Livy refused the request.',
  CLUSTER_NOT_CONNECTABLE: 'Connect to a cluster that is WAITING or RUNNING with the Livy application, or map its id to a Livy URL you can reach with EMR_LIVY_CLUSTER_URLS.',
  APPLICATION_NOT_CONNECTABLE:
    'Connect to an EMR Serverless application that is not terminated and has its Livy endpoint on (the message says which is missing), or map its id to a Livy URL you can reach with EMR_SERVERLESS_LIVY_URLS.',
  CLUSTER_NOT_RESIZABLE: 'Resize only core and task groups (or a task fleet) of a RUNNING or WAITING cluster, and wait until the group is RUNNING again after a resize.',
  KERNEL_BUSY: 'Wait until the running cell has finished (or interrupt it), then connect again.',
  NOT_EMR_NOTEBOOK: 'Make a notebook on the Spark on EMR (Livy) kernel the active tab (Kernel → Change Kernel…), then connect again.',
  INVALID_REQUEST: 'Reload JupyterLab so the panel and the kernel are the same version.',
  KERNEL_UNAVAILABLE: 'Open a notebook with the emr-livy kernel, or allow the panel to start one in Settings → EMR clusters.',
  INTERNAL: 'Report this with the kernel log from the Jupyter server console; it is a bug.'
};

export function remedyFor(error: IStatusError): string {
  return REMEDIES[error.code] ?? REMEDIES.INTERNAL;
}
