import SQL_SCHEMA from '../../../../schema/sql.json';
import { loadKernelConfig } from '../../../../kernel/src/config';
import { ConfigError } from '../../../../kernel/src/core/errors';
import { Redactor } from '../../../../kernel/src/redact';

function load(env: NodeJS.ProcessEnv, file?: unknown) {
  return loadKernelConfig({
    env: { ...env, ...(file ? { EMR_LIVY_CONFIG: '/cfg.json' } : {}) },
    redactor: new Redactor(),
    homeDir: '/nonexistent-home',
    readFile: () => {
      if (!file) {
        throw Object.assign(new Error('no file'), { code: 'ENOENT' });
      }
      return JSON.stringify(file);
    }
  });
}

describe('SQL result settings in the kernel config', () => {
  it('defaults to 1,000 rows, an automatic chart, charted over all rows', () => {
    expect(load({}).sqlResults).toEqual({ defaultLimit: 1000, defaultChart: 'auto', chartOverFullData: true, catalogCompletion: true });
  });

  it('reads the config file, and the environment over it', () => {
    const file = { sql: { defaultLimit: 200, defaultChart: 'bar', chartOverFullData: false } };
    expect(load({}, file).sqlResults).toEqual({ defaultLimit: 200, defaultChart: 'bar', chartOverFullData: false, catalogCompletion: true });
    expect(load({ EMR_LIVY_SQL_LIMIT: '50', EMR_LIVY_SQL_DEFAULT_CHART: 'None', EMR_LIVY_SQL_CHART_FULL_DATA: 'yes' }, file).sqlResults).toEqual({
      defaultLimit: 50,
      defaultChart: 'none',
      chartOverFullData: true,
      catalogCompletion: true
    });
  });

  it('names a chart it does not know, with the ones it does', () => {
    expect(() => load({ EMR_LIVY_SQL_DEFAULT_CHART: 'donut' })).toThrow(ConfigError);
    expect(() => load({ EMR_LIVY_SQL_DEFAULT_CHART: 'donut' })).toThrow(
      'The environment variable EMR_LIVY_SQL_DEFAULT_CHART, "donut" is not valid: it must be one of auto, bar, line, area, point, pie, heatmap, none.'
    );
    expect(() => load({ EMR_LIVY_SQL_LIMIT: '0' })).toThrow(/EMR_LIVY_SQL_LIMIT, "0" is not valid: it must be a whole number above 0/);
  });
});

describe('the JupyterLab settings page', () => {
  it("shows the kernel's own defaults, since a setting the user leaves alone is not sent", () => {
    const schema = SQL_SCHEMA as { properties: Record<string, { default: unknown }> };
    const defaults = Object.fromEntries(Object.entries(schema.properties).map(([key, property]) => [key, property.default]));
    expect(defaults).toEqual(load({}).sqlResults);
  });
});
