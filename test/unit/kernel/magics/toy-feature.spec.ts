import { createCellExecutor } from '../../../../kernel/src/magics/assembly';
import { FEATURES } from '../../../../kernel/src/magics/features';
import { loadKernelConfig } from '../../../../kernel/src/config';
import { Redactor } from '../../../../kernel/src/redact';
import { expectOk, runCell } from '../../../helpers/cell-runner';
import { SHOUT_FEATURE } from './toy/toy-feature';

// kernel/README.md's route for a new cell magic: one folder exporting an ICellFeature, and one
// line in magics/features.ts. Here the line is the list the kernel is assembled from.
const executor = createCellExecutor(loadKernelConfig({ env: {}, redactor: new Redactor(), readFile: () => '{}' }), {}, [...FEATURES, SHOUT_FEATURE]);

describe('a cell magic added as one feature folder', () => {
  it('runs its cells through its own handler, options parsed from its spec', async () => {
    expect(expectOk(await runCell(executor, '%%shout --times 2\nhello')).text()).toBe('HELLO HELLO\n');
    expect(expectOk(await runCell(executor, '%%yell\nhi')).text()).toBe('HI\n');
  });

  it('is listed and explained by %%help, and completed on the magic line', async () => {
    expect(String(expectOk(await runCell(executor, '%%help')).displays()[0]['text/plain'])).toMatch(/%%shout.*the cell body in capitals/s);
    expect(String(expectOk(await runCell(executor, '%%help shout')).displays()[0]['text/plain'])).toMatch(/-t\/--times N/);
    expect((await executor.complete('%%sho', 5)).matches).toEqual(['%%shout']);
    expect((await executor.complete('%%shout --ti', 12)).matches).toEqual(['--times']);
  });

  it("leaves the kernel's own magics as they were", async () => {
    expect(expectOk(await runCell(executor, '%%help sql')).displays()).toHaveLength(1);
    expect(await executor.isComplete('%%sql\nSELECT (1')).toEqual({ status: 'incomplete', indent: '  ' });
  });
});
