#!/usr/bin/env node
// Writes src/settings/generated/<plugin>.ts from schema/<plugin>.json, so the code that reads
// settings is typed from the same file the Settings Editor renders and the two cannot drift.
'use strict';
const fs = require('fs');
const path = require('path');
const { compile } = require('json-schema-to-typescript');

const root = path.resolve(__dirname, '..');
const schemaDir = path.join(root, 'schema');
const outDir = path.join(root, 'src', 'settings', 'generated');

/** `commands` -> `ICommandsSettings`, the interface-name rule the front end follows. */
function interfaceName(plugin) {
  return `I${plugin.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())}Settings`;
}

/**
 * The copy given to the generator differs from the schema in two ways. Titles are dropped because
 * the generator would turn each into a named type ("Keyword case" -> KeywordCase) that nothing uses.
 * Every property with a default becomes required, because the registry's composite value always
 * carries defaults and optional fields would force needless checks on every read.
 */
function forTypes(schema) {
  if (Array.isArray(schema)) {
    return schema.map(forTypes);
  }
  if (typeof schema !== 'object' || schema === null) {
    return schema;
  }
  const copy = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key !== 'title' && !key.startsWith('jupyter.lab.')) {
      copy[key] = key === 'default' || key === 'enum' ? value : forTypes(value);
    }
  }
  if (copy.properties) {
    const defaulted = Object.keys(copy.properties).filter(name => 'default' in copy.properties[name]);
    copy.required = [...new Set([...(copy.required ?? []), ...defaulted])];
  }
  return copy;
}

async function generateSettingsTypes() {
  fs.mkdirSync(outDir, { recursive: true });
  const plugins = fs
    .readdirSync(schemaDir)
    .filter(file => file.endsWith('.json'))
    .map(file => path.basename(file, '.json'));
  for (const plugin of plugins) {
    const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, `${plugin}.json`), 'utf8'));
    const source = await compile(forTypes(schema), interfaceName(plugin), {
      bannerComment: `/* Generated from schema/${plugin}.json by scripts/generate-settings-types.js; do not edit. */`,
      additionalProperties: false
    });
    const target = path.join(outDir, `${plugin}.ts`);
    // Rewriting an unchanged file would make tsc -b and jest see every build as a change.
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== source) {
      fs.writeFileSync(target, source);
    }
  }
}

module.exports = { generateSettingsTypes };

// Run by `npm run build:settings-types`, and required by the frontend tests' global setup.
if (require.main === module) {
  generateSettingsTypes().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
