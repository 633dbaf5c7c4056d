import { MAGIC_LANGUAGES } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { SERVERLESS_APPLICATION_ID } from '../aws/emr-serverless-livy';
import { ICellFeature } from '../cell-kit/feature';
import { parseConfigureBody } from './configure-body';
import { ConnectTarget, SessionCommand } from './session-commands';
import { runCleanup, runConfigure, runConnect, runInfo, runLogs } from './run-session';

const CLUSTER_ID = /^j-[A-Z0-9]+$/i;

function connectTarget(label: string, word: string | undefined): ConnectTarget | undefined {
  if (word === undefined) {
    return undefined;
  }
  if (CLUSTER_ID.test(word)) {
    return { kind: 'cluster', clusterId: `j-${word.slice(2).toUpperCase()}` };
  }
  if (SERVERLESS_APPLICATION_ID.test(word)) {
    return { kind: 'serverless', applicationId: word };
  }
  if (/^https?:\/\//i.test(word)) {
    try {
      new URL(word);
      return { kind: 'url', url: word.replace(/\/+$/, '') };
    } catch {
      // Reported below, as for any other word.
    }
  }
  throw new UserError(`${label} needs a Livy URL (http://host:8998 or https://…), an EMR cluster id (j-…) or an EMR Serverless application id (00f…, 16 characters), not "${word}".`);
}

/** %connect, %%configure, %%info, %%logs, %%cleanup: the Livy endpoint and the notebook's session. */
export const SESSION_FEATURE: ICellFeature<SessionCommand> = {
  magics: [
    {
      name: 'connect',
      aliases: [],
      body: 'none',
      language: MAGIC_LANGUAGES.connect,
      lineMagic: true,
      summary:
        'use another Livy: a URL, an EMR cluster id (j-…) looked up with DescribeCluster, or an EMR Serverless application id (started if stopped, requests signed with SigV4); --session ID attaches to an existing session',
      details: 'Examples: %connect https://livy.example.com:8998 · %connect j-2AXXXXXXGAPLF · %connect 00fabcdefghij123 · %connect --session 12',
      args: {
        options: [{ name: 'session', short: 's', type: 'integer', valueName: 'ID', min: 0, description: 'attach to this existing Livy session' }],
        positionals: [{ name: 'target', description: 'Livy URL, EMR cluster id or EMR Serverless application id' }]
      },
      build: ({ label, args }) => {
        const target = connectTarget(label, args.positionals[0]);
        const sessionId = args.options.session as number | undefined;
        if (!target && sessionId === undefined) {
          throw new UserError(`${label} needs a Livy URL, an EMR cluster id (j-…) or --session ID. Example: %connect j-2AXXXXXXGAPLF`);
        }
        return { kind: 'connect', target, sessionId };
      }
    },
    {
      name: 'configure',
      aliases: [],
      body: 'json',
      language: MAGIC_LANGUAGES.configure,
      summary: "session settings as Livy's create-session JSON (driverMemory, executorMemory, conf, jars, …); -f restarts a running session with them",
      details: 'Example: %%configure -f\n{"executorMemory": "4g", "conf": {"spark.sql.shuffle.partitions": "64"}}',
      args: { options: [{ name: 'force', short: 'f', type: 'flag', description: 'restart the running session with these settings (its state is lost)' }] },
      build: ({ args, body, bodyLine }) => ({ kind: 'configure', force: args.options.force === true, request: parseConfigureBody(body, bodyLine) })
    },
    {
      name: 'info',
      aliases: [],
      body: 'none',
      language: MAGIC_LANGUAGES.info,
      summary: 'the endpoint, the session (state, kind, Spark UI, driver log, idle timeout) and the other sessions on it',
      args: { options: [] },
      build: () => ({ kind: 'info' })
    },
    {
      name: 'logs',
      aliases: [],
      body: 'none',
      language: MAGIC_LANGUAGES.logs,
      summary: "the last lines of the session's driver log",
      args: { options: [{ name: 'lines', short: 'n', type: 'integer', valueName: 'N', min: 1, description: 'how many lines (100 by default)' }] },
      build: ({ args }) => ({ kind: 'logs', lines: (args.options.lines as number | undefined) ?? 100 })
    },
    {
      name: 'cleanup',
      aliases: [],
      body: 'none',
      language: MAGIC_LANGUAGES.cleanup,
      summary: 'delete the Livy sessions this kernel started; -f deletes every session on the endpoint',
      args: { options: [{ name: 'force', short: 'f', type: 'flag', description: "delete every session on the endpoint, other people's too" }] },
      build: ({ args }) => ({ kind: 'cleanup', everything: args.options.force === true })
    }
  ],
  handlers: { connect: runConnect, configure: runConfigure, info: runInfo, logs: runLogs, cleanup: runCleanup }
};
