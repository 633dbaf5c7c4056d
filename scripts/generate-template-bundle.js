#!/usr/bin/env node
// Writes src/templates/generated/shipped-templates.ts from templates/*.ipynb, so the shipped
// templates travel inside the prebuilt labextension: an installed extension has no repository
// to read them from, and there is no server extension to serve them.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const templatesDir = path.join(root, 'templates');
const target = path.join(root, 'src', 'templates', 'generated', 'shipped-templates.ts');

function shippedTemplates() {
  return fs
    .readdirSync(templatesDir)
    .filter(file => file.endsWith('.ipynb'))
    .sort()
    .map(file => {
      const notebook = JSON.parse(fs.readFileSync(path.join(templatesDir, file), 'utf8'));
      const about = notebook.metadata?.jupyterlab_emr?.template;
      if (!about?.title || !about?.description) {
        throw new Error(`templates/${file} needs metadata.jupyterlab_emr.template.title and .description (the launcher shows them)`);
      }
      return { id: path.basename(file, '.ipynb'), title: about.title, description: about.description, notebook };
    });
}

function generateTemplateBundle() {
  const source =
    '/* Generated from templates/*.ipynb by scripts/generate-template-bundle.js; do not edit. */\n' +
    "import type { IShippedTemplate } from '../template-types';\n\n" +
    `export const SHIPPED_TEMPLATES: readonly IShippedTemplate[] = ${JSON.stringify(shippedTemplates(), null, 1)};\n`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Rewriting an unchanged file would make tsc -b and jest see every build as a change.
  if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== source) {
    fs.writeFileSync(target, source);
  }
}

module.exports = { generateTemplateBundle, shippedTemplates };

if (require.main === module) {
  generateTemplateBundle();
}
