#!/usr/bin/env node
// Writes, for each kernel/src/<feature>/scala/<Name>.scala, a TypeScript module
// kernel/src/<feature>/scala/generated/<name>.ts holding the object's stem and body as strings, so
// the Scala the kernel sends is edited and reviewed as Scala while tsc, ts-jest and esbuild see
// only TypeScript; and for each kernel/src/<feature>/python/<name>.py, the same with its whole
// text as `source`. Run by npm run build:kernel and when jest loads its config; the output is
// git-ignored.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const kernelSrc = path.join(root, 'kernel', 'src');

// The object line scalaObject (kernel/src/scala/scala-object.ts) writes around a body; the file
// holds the same wrapper so that it is a whole Scala object to an editor.
const OBJECT_LINE = /^object ([A-Za-z][A-Za-z0-9]*) extends java\.io\.Serializable \{$/;

function resourceFiles(dir, language, extension) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap(entry => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return entry.name === 'generated' ? [] : resourceFiles(full, language, extension);
      }
      return entry.name.endsWith(extension) && path.basename(dir) === language ? [full] : [];
    });
}

/** The stem and body of one resource: the lines between its object line and its last line, `}`. */
function readScalaResource(file) {
  const text = fs.readFileSync(file, 'utf8');
  const where = path.relative(root, file);
  const lines = text.split('\n');
  const at = lines.findIndex(line => OBJECT_LINE.test(line));
  if (at < 0) {
    throw new Error(`${where} needs a line "object <Stem> extends java.io.Serializable {"`);
  }
  // Only comments go above the object: the kernel sends nothing from there.
  const stray = lines.slice(0, at).find(line => line.trim() !== '' && !line.startsWith('//'));
  if (stray !== undefined) {
    throw new Error(`${where} has code above its object line (only // comments may go there): ${stray}`);
  }
  if (!text.endsWith('\n}\n')) {
    throw new Error(`${where} must end with the object's closing brace alone on the last line`);
  }
  const stem = OBJECT_LINE.exec(lines[at])[1];
  const start = lines.slice(0, at + 1).join('\n').length + 1;
  return { stem, body: text.slice(start, text.length - '\n}\n'.length) };
}

function kebab(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function writeGenerated(file, extension, exports) {
  const target = path.join(path.dirname(file), 'generated', `${kebab(path.basename(file, extension)).replace(/_/g, '-')}.ts`);
  const source =
    `/* Generated from ${path.relative(root, file)} by scripts/generate-scala-resources.js; do not edit. */\n` +
    Object.entries(exports)
      .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};\n`)
      .join('');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Rewriting an unchanged file would make tsc -b and jest see every build as a change.
  if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== source) {
    fs.writeFileSync(target, source);
  }
}

function generateScalaResources() {
  for (const file of resourceFiles(kernelSrc, 'scala', '.scala')) {
    writeGenerated(file, '.scala', readScalaResource(file));
  }
  for (const file of resourceFiles(kernelSrc, 'python', '.py')) {
    writeGenerated(file, '.py', { source: fs.readFileSync(file, 'utf8') });
  }
}

module.exports = { generateScalaResources, readScalaResource };

if (require.main === module) {
  generateScalaResources();
}
