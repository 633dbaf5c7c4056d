import { IAuroraService } from '../../../../kernel/src/aurora/aurora-service';
import { registerEngine } from '../../../../kernel/src/aurora/engines/registry';
import { AuroraCatalogSource } from '../../../../kernel/src/catalog/aurora-catalog';
import { ScriptedDatabase } from '../aurora/scripted-database';
import { TOY_ENGINE, toyDatabase } from '../aurora/toy/toy-engine';

registerEngine(TOY_ENGINE);

// The catalog reads an engine's information_schema queries and quoting from its module, so an
// engine added as one module (the toy) has a catalog with no line of the catalog changed.
describe('AuroraCatalogSource on an engine added as one module', () => {
  it("sends the engine's own catalog queries and quotes the preview's names as the engine does", async () => {
    const database: ScriptedDatabase = toyDatabase();
    const aurora = { resolve: async () => ({}), open: async () => database } as unknown as IAuroraService;
    const source = new AuroraCatalogSource({ name: 'toy', engine: 'toydb', host: 'toy.local' }, aurora);
    const signal = new AbortController().signal;
    await source.databases(signal);
    await source.table('main', 'events', signal);
    await source.preview('main', 'events', 20, signal);
    expect(database.statements).toEqual(['SELECT toy_schemata()', 'SELECT toy_tables(:1)', 'SELECT toy_table_columns(:1, :2)', 'SELECT * FROM [main].[events] LIMIT 20']);
  });

  it('refuses a target whose engine is not registered, naming the ones there are', async () => {
    const aurora = { resolve: async () => ({}), open: async () => toyDatabase() } as unknown as IAuroraService;
    const source = new AuroraCatalogSource({ name: 'odd', engine: 'oracle', host: 'o.local' }, aurora);
    await expect(source.databases(new AbortController().signal)).rejects.toThrow('Aurora has no engine "oracle"');
  });
});
