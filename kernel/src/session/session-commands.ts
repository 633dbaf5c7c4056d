import { ICreateSessionRequest } from '../livy/types';

export type ConnectTarget = { kind: 'url'; url: string } | { kind: 'cluster'; clusterId: string } | { kind: 'serverless'; applicationId: string };

/** What the session magics ask for: which Livy, which session settings, what to show or delete. */
export type SessionCommand =
  | { kind: 'connect'; target?: ConnectTarget; sessionId?: number }
  | { kind: 'configure'; force: boolean; request: ICreateSessionRequest }
  | { kind: 'info' }
  | { kind: 'logs'; lines: number }
  | { kind: 'cleanup'; everything: boolean };
