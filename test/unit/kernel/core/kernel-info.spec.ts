import { kernelInfo } from '../../../../kernel/src/core/kernel-info';

describe('kernelInfo', () => {
  it('carries the implementation version it is given in the reply and the banner', () => {
    const info = kernelInfo('1.2.3');
    expect(info.implementation_version).toBe('1.2.3');
    expect(info.banner).toContain('emr-livy 1.2.3');
  });

  it('declares Scala with the MIME type JupyterLab highlights', () => {
    expect(kernelInfo('0').language_info).toMatchObject({
      name: 'scala',
      mimetype: 'text/x-scala',
      file_extension: '.scala',
      codemirror_mode: 'text/x-scala'
    });
  });
});
