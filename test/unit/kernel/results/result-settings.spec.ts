import { ISqlResultSettings } from '@jupyterlab-emr/common';
import { SqlResultSettings } from '../../../../kernel/src/results/result-settings';

const CONFIGURED: ISqlResultSettings = { defaultLimit: 500, defaultChart: 'auto', chartOverFullData: true, catalogCompletion: true };

describe('SqlResultSettings', () => {
  it('reads the kernel config until JupyterLab says otherwise', () => {
    expect(new SqlResultSettings(CONFIGURED).current()).toEqual(CONFIGURED);
  });

  it('takes the settings the user set in JupyterLab over the config', () => {
    const settings = new SqlResultSettings(CONFIGURED);
    const reply = settings.apply({ sql: { defaultLimit: 20_000, defaultChart: 'bar' } });
    expect(reply).toEqual({ sql: { defaultLimit: 20_000, defaultChart: 'bar', chartOverFullData: true, catalogCompletion: true }, problems: [] });
    expect(settings.current().defaultLimit).toBe(20_000);
  });

  it('lets a later message replace an earlier one, so a setting the user removed reverts to the config', () => {
    const settings = new SqlResultSettings(CONFIGURED);
    settings.apply({ sql: { defaultLimit: 20_000, chartOverFullData: false } });
    settings.apply({ sql: { chartOverFullData: false } });
    expect(settings.current()).toEqual({ ...CONFIGURED, chartOverFullData: false });
  });

  it('refuses values of the wrong shape one by one, naming them, and keeps the rest', () => {
    const settings = new SqlResultSettings(CONFIGURED);
    const reply = settings.apply({ sql: { defaultLimit: 0, defaultChart: 'donut', chartOverFullData: 'yes', colour: 'red', __proto__: { defaultLimit: 7 } } });
    expect(reply.sql).toEqual(CONFIGURED);
    expect(reply.problems).toEqual([
      'defaultLimit must be a whole number of at least 1, not 0',
      'defaultChart must be one of auto, bar, line, area, point, pie, heatmap, none, not "donut"',
      'chartOverFullData must be true or false, not "yes"',
      'colour is not a SQL result setting (defaultLimit, defaultChart, chartOverFullData, catalogCompletion are)'
    ]);
  });

  it('says so when the message has no sql object', () => {
    expect(new SqlResultSettings(CONFIGURED).apply('hello').problems).toEqual(['the message has no "sql" object']);
  });
});
