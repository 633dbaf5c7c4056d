import { loadKernelConfig } from '../../../../kernel/src/config';
import { createCellExecutor } from '../../../../kernel/src/magics/assembly';
import { Redactor } from '../../../../kernel/src/redact';
import { expectOk, runCell } from '../../../helpers/cell-runner';
import { closedLoopbackPort } from '../../../helpers/closed-port';
import { FakeLivy, recordedOutput } from '../../../helpers/fake-livy';

// The progress display when the Spark UI does not answer: the driver's log names a UI on a
// loopback port nobody listens on, as after a driver restart on another port.
describe('statement progress without a Spark UI', () => {
  it("keeps Livy's bar with one line saying why, and ends with the plain outcome", async () => {
    const livy = new FakeLivy();
    livy.startPolls = 0;
    const port = await closedLoopbackPort();
    livy.driverLog = [`26/12/07 05:55:37 INFO JettyUtils: Start Jetty 127.0.0.1:${port} for SparkUI`];
    livy.script = () => ({ runningPolls: 40, progress: [0.5], output: recordedOutput('statement-scala-ok') });
    const file = JSON.stringify({ poll: { initialMs: 5, maxMs: 5 }, progressDelayMs: 0, session: { heartbeatTimeoutSeconds: 0 } });
    const config = loadKernelConfig({ env: { LIVY_URL: 'http://livy.test:8998', EMR_LIVY_CONFIG: '/cfg.json' }, redactor: new Redactor(), readFile: () => file });
    const executor = createCellExecutor(config, { transport: () => livy });
    const sink = expectOk(await runCell(executor, 'spark.range(10).count()'));
    const shown = sink.events.filter(event => event.type === 'display' || event.type === 'update').map(event => String((event as { data: Record<string, unknown> }).data['text/plain']));
    expect(shown.some(text => text.includes('Spark UI: http://127.0.0.1:' + port))).toBe(true);
    const noted = shown.filter(text => text.includes('Spark job details unavailable:'));
    expect(noted[0]).toContain(`\nSpark job details unavailable: the Spark UI at http://127.0.0.1:${port} did not answer (ECONNREFUSED)`);
    // Livy's own fraction keeps coming, with the note.
    expect(noted[noted.length - 1]).toMatch(/^\[#+\.*\] 50% · \d+ s · Spark UI: http:\/\/127\.0\.0\.1:\d+\nSpark job details unavailable: /);
    expect(shown[shown.length - 1]).toMatch(/^Statement finished after \d+ s · Spark UI: http:\/\/127\.0\.0\.1:\d+$/);
    await executor.shutdown(false);
  });
});
