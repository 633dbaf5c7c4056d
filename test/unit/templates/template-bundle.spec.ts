import * as fs from 'fs';
import * as path from 'path';

// The script the build runs to bundle templates/ into the labextension.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { shippedTemplates } = require('../../../scripts/generate-template-bundle') as {
  shippedTemplates(): Array<{ id: string; title: string; description: string; notebook: { metadata: { kernelspec: { name: string } }; cells: Array<{ metadata: { tags?: string[] } }> } }>;
};

describe('the shipped template bundle', () => {
  const templates = shippedTemplates();

  it('holds every notebook of templates/, by file name, with the title and description the launcher shows', () => {
    const files = fs.readdirSync(path.join(__dirname, '..', '..', '..', 'templates')).filter(file => file.endsWith('.ipynb'));
    expect(templates.map(template => `${template.id}.ipynb`)).toEqual(files.sort());
    expect(templates.map(template => template.id)).toEqual(['bronze-to-silver', 'cluster-health', 'hive-log-analysis']);
    templates.forEach(template => {
      expect(template.title.length).toBeGreaterThan(0);
      expect(template.description.length).toBeGreaterThan(20);
    });
  });

  it('gives every template the emr-livy kernel and a parameters cell', () => {
    templates.forEach(({ notebook }) => {
      expect(notebook.metadata.kernelspec.name).toBe('emr-livy');
      expect(notebook.cells.some(cell => cell.metadata.tags?.includes('parameters'))).toBe(true);
    });
  });
});
