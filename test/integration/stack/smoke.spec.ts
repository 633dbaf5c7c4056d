import { DescribeClusterCommand, EMRClient, ListClustersCommand, ListStepsCommand } from '@aws-sdk/client-emr';
import { EMRContainersClient, ListJobRunsCommand, ListVirtualClustersCommand } from '@aws-sdk/client-emr-containers';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as hive from 'hive-driver';
import * as mysql from 'mysql2/promise';
import { Client as PgClient } from 'pg';

import { loadStackEnv, readSecret, readSeed } from '../../helpers/stack-env';

// The real local stack (stack/run up), no fakes: each component answers one real request.
// Livy has its own tier: test/integration/livy/.
// Timeouts are given per test: Jest reads testTimeout only at the top level, not per project.
const QUERY_MS = 60_000;

const env = loadStackEnv();
const seed = readSeed(env.STACK_SEED_FILE);

const aws = {
  region: env.AWS_REGION,
  endpoint: env.AWS_ENDPOINT_URL,
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
};

describe('HiveServer2 (Spark Thrift Server)', () => {
  it(
    'answers a query over binary Thrift with SASL PLAIN',
    async () => {
      const { TCLIService, TCLIService_types } = hive.thrift;
      const client = await new hive.HiveClient(TCLIService, TCLIService_types).connect(
        { host: env.HIVESERVER2_HOST, port: Number(env.HIVESERVER2_PORT) },
        new hive.connections.TcpConnection(),
        new hive.auth.PlainTcpAuthentication({ username: 'anonymous', password: 'anonymous' })
      );
      try {
        const session = await client.openSession({
          client_protocol: TCLIService_types.TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10
        });
        const utils = new hive.HiveUtils(TCLIService_types);
        const operation = await session.executeStatement('SELECT 1 AS one', { runAsync: true });
        await utils.waitUntilReady(operation, false, () => undefined);
        await utils.fetchAll(operation);
        expect(utils.getResult(operation).getValue()).toEqual([{ one: 1 }]);
        await operation.close();
        await session.close();
      } finally {
        client.close();
      }
    },
    QUERY_MS
  );
});

describe('Aurora stand-ins', () => {
  it('PostgreSQL accepts the silver secret over TCP', async () => {
    const secret = readSecret(env.STACK_PG_SECRET_FILE);
    expect(secret.engine).toBe('postgres');
    const client = new PgClient({
      host: secret.host,
      port: secret.port,
      user: secret.username,
      password: secret.password,
      database: secret.dbname
    });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT current_user AS who, current_database() AS db');
      expect(rows).toEqual([{ who: 'silver', db: 'silver' }]);
    } finally {
      await client.end();
    }
  });

  it('PostgreSQL refuses a wrong password', async () => {
    const secret = readSecret(env.STACK_PG_SECRET_FILE);
    const client = new PgClient({ ...secret, user: secret.username, database: secret.dbname, password: 'wrong' });
    await expect(client.connect()).rejects.toThrow(/password authentication failed/);
    await client.end().catch(() => undefined);
  });

  it('MariaDB accepts the silver secret over TCP', async () => {
    const secret = readSecret(env.STACK_MARIADB_SECRET_FILE);
    expect(secret.engine).toBe('mysql');
    const connection = await mysql.createConnection({
      host: secret.host,
      port: secret.port,
      user: secret.username,
      password: secret.password,
      database: secret.dbname
    });
    try {
      const [rows] = await connection.query('SELECT CURRENT_USER() AS who, DATABASE() AS db');
      expect(rows).toEqual([{ who: 'silver@127.0.0.1', db: 'silver' }]);
    } finally {
      await connection.end();
    }
  });
});

describe('AWS emulator (moto)', () => {
  it('lists the seeded EMR cluster with its steps', async () => {
    const emr = new EMRClient(aws);
    const { Clusters } = await emr.send(new ListClustersCommand({ ClusterStates: ['RUNNING', 'WAITING'] }));
    expect(Clusters?.map(c => [c.Id, c.Name])).toContainEqual([seed.emr.clusterId, seed.emr.clusterName]);
    const { Cluster } = await emr.send(new DescribeClusterCommand({ ClusterId: seed.emr.clusterId }));
    expect(Cluster?.ReleaseLabel).toBe(seed.emr.releaseLabel);
    expect(Cluster?.Applications?.map(a => a.Name)).toEqual(expect.arrayContaining(['Spark', 'Livy', 'Hive']));
    const { Steps } = await emr.send(new ListStepsCommand({ ClusterId: seed.emr.clusterId }));
    expect(Steps?.map(s => s.Status?.State).sort()).toEqual(['COMPLETED', 'PENDING', 'RUNNING']);
    expect(seed.livyUrls[seed.emr.clusterId]).toBe(env.LIVY_URL);
  });

  it('lists the seeded EMR-on-EKS virtual cluster and its job runs', async () => {
    const containers = new EMRContainersClient(aws);
    const { virtualClusters } = await containers.send(new ListVirtualClustersCommand({}));
    expect(virtualClusters?.map(v => [v.id, v.name])).toContainEqual([seed.emrContainers.virtualClusterId, seed.emrContainers.virtualClusterName]);
    const { jobRuns } = await containers.send(new ListJobRunsCommand({ virtualClusterId: seed.emrContainers.virtualClusterId }));
    expect(jobRuns?.map(j => j.state).sort()).toEqual(['COMPLETED', 'RUNNING']);
  });

  it('serves the database secrets the files hold', async () => {
    const secrets = new SecretsManagerClient(aws);
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: seed.secrets.postgres.name }));
    expect(JSON.parse(SecretString ?? '{}')).toEqual(readSecret(env.STACK_PG_SECRET_FILE));
  });
});
