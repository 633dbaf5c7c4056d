/**
 * Where an EMR cluster's own web UIs are, from its primary node's address. The ports are the ones
 * EMR configures (Spark history server 18080, YARN ResourceManager 8088, Livy 8998); the kernel
 * locates Livy for %connect with the same scheme rule, so the panel's link and the notebook agree.
 */

/** EMR serves Livy over TLS by default from release 7.4.0. */
export function defaultLivyScheme(releaseLabel: string | undefined): 'http' | 'https' {
  const match = /^emr-(\d+)\.(\d+)/.exec(releaseLabel ?? '');
  if (!match) {
    return 'http';
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 7 || (major === 7 && minor >= 4) ? 'https' : 'http';
}

export interface IEmrWebUis {
  sparkHistory: string;
  yarn: string;
  livy: string;
}

// A DNS name or an IPv4 address: anything else (a path, a port, markup) makes no link.
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

/** The cluster's UIs, or undefined while it has no primary node address (or a malformed one). */
export function emrWebUis(masterAddress: string | undefined, releaseLabel: string | undefined): IEmrWebUis | undefined {
  if (!masterAddress || !HOST.test(masterAddress)) {
    return undefined;
  }
  return {
    sparkHistory: `http://${masterAddress}:18080/`,
    yarn: `http://${masterAddress}:8088/cluster`,
    livy: `${defaultLivyScheme(releaseLabel)}://${masterAddress}:8998/ui`
  };
}
