import { Signal } from '@lumino/signaling';
import type { INotebookTracker } from '@jupyterlab/notebook';
import { StatusRequestError } from '../../../../src/connection/comm-channel';
import { IKernelStarter, KernelConnector } from '../../../../src/connection/kernel-connector';

/** A kernel connection at the surface the connector uses: its name and one comm that records what it sends. */
function fakeKernel(name: string) {
  const sent: unknown[] = [];
  const kernel = {
    name,
    disposed: new Signal<unknown, void>({}),
    createComm: jest.fn(() => ({ send: (data: unknown) => sent.push(data), open: jest.fn(), onMsg: undefined, onClose: undefined }))
  };
  return { kernel, sent };
}

/** The notebook tracker at its interface: the current notebook with its kernel, and the signals. */
function tracker(notebook?: { label: string; kernel?: ReturnType<typeof fakeKernel>['kernel']; displayName?: string }) {
  const currentWidget = notebook && {
    title: { label: notebook.label },
    sessionContext: {
      session: notebook.kernel ? { kernel: notebook.kernel } : null,
      kernelDisplayName: notebook.displayName ?? '',
      kernelChanged: new Signal<unknown, void>({})
    }
  };
  return { currentWidget, currentChanged: new Signal<unknown, void>({}) } as unknown as INotebookTracker;
}

describe("KernelConnector.notebookChannel (the panel's Connect)", () => {
  const starter = (): IKernelStarter & { startNew: jest.Mock } => ({ startNew: jest.fn() });

  it('refuses when no notebook is open, and starts no kernel of its own', () => {
    const kernels = starter();
    const connector = new KernelConnector(tracker(), kernels, () => true);
    expect(() => connector.notebookChannel()).toThrow(new StatusRequestError('NOT_EMR_NOTEBOOK', 'No notebook is open, so there is none to connect.'));
    expect(kernels.startNew).not.toHaveBeenCalled();
  });

  it('refuses a notebook on another kernel, naming it, without opening a comm on that kernel', () => {
    const python = fakeKernel('python3');
    const connector = new KernelConnector(tracker({ label: 'report.ipynb', kernel: python.kernel, displayName: 'Python 3 (ipykernel)' }), starter(), () => true);
    let error: unknown;
    try {
      connector.notebookChannel();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(StatusRequestError);
    expect((error as StatusRequestError).status).toEqual({
      code: 'NOT_EMR_NOTEBOOK',
      message: "The active notebook, report.ipynb, runs the Python 3 (ipykernel) kernel; only a notebook on emr-livy can be pointed at a cluster's Livy."
    });
    expect(python.kernel.createComm).not.toHaveBeenCalled();
  });

  it("talks to the emr-livy notebook's own kernel over the status comm", async () => {
    const emr = fakeKernel('emr-livy');
    const connector = new KernelConnector(tracker({ label: 'etl.ipynb', kernel: emr.kernel }), starter(), () => true);
    const { channel, notebook } = connector.notebookChannel();
    expect(notebook).toBe('etl.ipynb');
    const pending = channel.request('connectCluster', { clusterId: 'j-1' }, { region: 'eu-west-1' });
    expect(emr.kernel.createComm).toHaveBeenCalledWith('emr-livy.status');
    expect(emr.sent).toEqual([{ requestId: expect.any(String), method: 'connectCluster', params: { clusterId: 'j-1' }, aws: { region: 'eu-west-1' } }]);
    connector.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'KERNEL_UNAVAILABLE' });
  });
});
