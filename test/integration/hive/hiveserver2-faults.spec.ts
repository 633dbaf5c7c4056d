import { randomBytes } from 'crypto';
import * as net from 'net';
import { DelayProxy } from '../../helpers/delay-proxy';
import { eventually } from '../../helpers/livy-stack';
import { loadStackEnv } from '../../helpers/stack-env';
import { kernelForSuite } from './hive-kernel';
import { longQuery, jobsMarked, mainJobRunning } from './spark-jobs';

// HiveServer2 going away under a running statement and coming back (issue 9), injected with a
// TCP proxy on loopback in front of the stack's Thrift server: cut resets the open connections
// and refuses new ones, as a stopped server does, without stopping the shared server itself.

const env = loadStackEnv();

describe('HiveServer2 lost mid-statement and back', () => {
  let proxy: DelayProxy;
  const kernel = kernelForSuite(async () => {
    proxy = await DelayProxy.start(`${env.HIVESERVER2_HOST}:${env.HIVESERVER2_PORT}`);
    return { EMR_HIVESERVER2_URL: `127.0.0.1:${proxy.port}` };
  });

  afterAll(async () => {
    await proxy?.stop();
  });

  it('fails the running statement saying its outcome is unknown, and the server stops its job', async () => {
    const marker = `it_lost_${randomBytes(4).toString('hex')}`;
    const run = await kernel().execute(`%%hive\n${longQuery(marker)}`, async () => {
      await eventually('the cross join to run', 60_000, async () => ((await mainJobRunning(marker)) ? true : undefined));
      await proxy.cut();
    });
    expect(run.reply).toMatchObject({ status: 'error', ename: 'HiveServer2ConnectionLost' });
    expect(String(run.reply.evalue)).toContain(`The connection to HiveServer2 at 127.0.0.1:${proxy.port} was lost while the statement ran`);
    expect(String(run.reply.evalue)).toContain('whether it finished is unknown');
    // HiveServer2 closes a session whose connection dropped, cancelling what ran in it.
    const jobs = await eventually('the job to stop', 60_000, async () => {
      const found = await jobsMarked(marker);
      return found.every(job => job.status !== 'RUNNING') ? found : undefined;
    });
    expect(jobs.length).toBeGreaterThan(0);
  });

  it('fails each cell at once while it is down, and keeps answering', async () => {
    const run = await kernel().execute('%%hive\nSELECT 1');
    expect(run.reply).toMatchObject({ status: 'error', ename: 'HiveServer2Unreachable' });
    expect(String(run.reply.evalue)).toContain(`HiveServer2 at 127.0.0.1:${proxy.port} is unreachable (ECONNREFUSED)`);
    const info = await kernel().harness.client.send('shell', 'kernel_info_request');
    await kernel().harness.client.replyTo(info, 10_000);
  });

  it('opens a new session once it is back', async () => {
    await proxy.restore();
    const run = await kernel().execute('%%hive\nSELECT 3 AS three');
    expect(run.reply.status).toBe('ok');
  });
});

describe('a HiveServer2 endpoint that accepts connections and never answers', () => {
  let silent: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();
  const kernel = kernelForSuite(async () => {
    // What a wrong transport (HTTP mode, a TLS port) or a hung server looks like to the client.
    // It reads (and drops) what it is sent, so a client's close ends the socket here too.
    silent = net.createServer(socket => sockets.add(socket.resume()));
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as net.AddressInfo).port;
    return { EMR_HIVESERVER2_URL: `127.0.0.1:${port}` };
  });

  afterAll(async () => {
    sockets.forEach(socket => socket.destroy());
    await new Promise(resolve => silent?.close(resolve));
  });

  it('gives up after the connect timeout, naming the endpoint, and closes its connection', async () => {
    const run = await kernel().execute('%%hive\nSELECT 1');
    await eventually('the kernel to close its connections', 10_000, async () => ([...sockets].every(socket => socket.destroyed || socket.readableEnded) ? true : undefined));
    expect(run.reply).toMatchObject({ status: 'error', ename: 'HiveServer2Unreachable' });
    expect(String(run.reply.evalue)).toContain(`HiveServer2 at 127.0.0.1:${port} is unreachable (the SASL handshake did not finish within 10000 ms)`);
  });

  it('lets an interrupt end the wait at once, saying nothing ran', async () => {
    const run = await kernel().execute('%%hive\nSELECT 1', async request => {
      await eventually(
        'the cell to start',
        10_000,
        async () =>
          kernel()
            .harness.client.for(request)
            .some(({ message }) => message.header.msg_type === 'stream' && String(message.content.text).includes('Running on HiveServer2')) || undefined
      );
      await kernel().harness.client.send('control', 'interrupt_request');
    });
    expect(run.reply).toMatchObject({ status: 'error', ename: 'KeyboardInterrupt', evalue: `Interrupted while connecting to HiveServer2 at 127.0.0.1:${port}; nothing ran.` });
  });
});
