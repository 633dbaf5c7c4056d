import SQL_SCHEMA from '../../../../schema/sql.json';
import { settingsMessage } from '../../../../src/sql-settings/settings-message';

describe('the catalogCompletion setting in the Settings Editor', () => {
  it('is on the SQL settings page with a title, a description and true by default', () => {
    const property = (SQL_SCHEMA as { properties: Record<string, { title?: string; description?: string; type: string; default: unknown }> }).properties.catalogCompletion;
    expect(property).toMatchObject({ title: 'Complete catalog names', type: 'boolean', default: true });
    expect(property.description).toMatch(/keywords and functions only/);
  });

  it('is sent to the kernel when the user set it, and left to the kernel config otherwise', () => {
    expect(settingsMessage({ catalogCompletion: false })).toEqual({ sql: { catalogCompletion: false } });
    expect(settingsMessage({ defaultLimit: 50 })).toEqual({ sql: { defaultLimit: 50 } });
  });
});
