#!/usr/bin/env node
// Bundles the built kernel (kernel/lib, from `tsc -b kernel`) into kernel/dist: one JavaScript file
// per command that needs no node_modules, plus the zeromq addons it loads, so the wheel and the npm
// tarball carry a kernel that runs wherever Node >= 20 does. Also writes the kernelspec the wheel
// installs (build/kernelspec/emr-livy), which starts the kernel through `python -m
// jupyterlab_emr.kernel`.
//
//   node scripts/bundle-kernel.js        (npm run build:packages runs it after npm run build)
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const kernelDir = path.join(root, 'kernel');
const outDir = path.join(kernelDir, 'dist');
const kernelspecOut = path.join(root, 'build', 'kernelspec', 'emr-livy');

// zeromq's loader reads <its package>/build/manifest.json and loads the addon listed there for this
// platform, libc and Node ABI. Bundled, its `__dirname` becomes the bundle's directory, so the
// bundle looks for them in dist/zeromq instead, and the manifest's addons are copied there.
const ZEROMQ_ADDON_DIR = 'zeromq';
const LOAD_ADDON_ORIGINAL = 'path_1.default.resolve(__dirname, "..", "build")';
const LOAD_ADDON_BUNDLED = `path_1.default.resolve(__dirname, ${JSON.stringify(ZEROMQ_ADDON_DIR)})`;

const zeromqAddonsBesideBundle = {
  name: 'zeromq-addons-beside-bundle',
  setup(build) {
    build.onLoad({ filter: /[\\/]zeromq[\\/]lib[\\/]load-addon\.js$/ }, async args => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      // A zeromq upgrade that moves its addons must fail the build, not a kernel at start-up.
      if (!source.includes(LOAD_ADDON_ORIGINAL)) {
        throw new Error(`${args.path} no longer contains ${LOAD_ADDON_ORIGINAL}: see how this zeromq finds its addon`);
      }
      return { contents: source.replace(LOAD_ADDON_ORIGINAL, LOAD_ADDON_BUNDLED), loader: 'js' };
    });
  }
};

function copyZeromqAddons() {
  const buildDir = path.join(path.dirname(require.resolve('zeromq/package.json', { paths: [kernelDir] })), 'build');
  const manifest = JSON.parse(fs.readFileSync(path.join(buildDir, 'manifest.json'), 'utf8'));
  const target = path.join(outDir, ZEROMQ_ADDON_DIR);
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(buildDir, 'manifest.json'), path.join(target, 'manifest.json'));
  // Every platform the manifest names (the wheel is py3-none-any); the manifest writes Windows
  // paths with backslashes.
  for (const relative of Object.values(manifest)) {
    const parts = relative.split(/[\\/]/);
    fs.mkdirSync(path.join(target, ...parts.slice(0, -1)), { recursive: true });
    fs.copyFileSync(path.join(buildDir, ...parts), path.join(target, ...parts));
  }
  return Object.keys(manifest).length;
}

function writeWheelKernelspec(version) {
  const specDir = path.join(kernelDir, 'kernelspec');
  const spec = JSON.parse(fs.readFileSync(path.join(specDir, 'kernel.json.template'), 'utf8'));
  // "python" as argv[0] is replaced by jupyter_client with the Python of the Jupyter server, as in
  // ipykernel's own spec; the launcher then finds Node.
  spec.argv = ['python', '-m', 'jupyterlab_emr.kernel', '-f', '{connection_file}'];
  spec.metadata['emr-livy'].kernel_version = version;
  fs.rmSync(kernelspecOut, { recursive: true, force: true });
  fs.mkdirSync(kernelspecOut, { recursive: true });
  fs.writeFileSync(path.join(kernelspecOut, 'kernel.json'), JSON.stringify(spec, null, 2) + '\n');
  for (const logo of fs.readdirSync(specDir).filter(name => name.endsWith('.png'))) {
    fs.copyFileSync(path.join(specDir, logo), path.join(kernelspecOut, logo));
  }
}

async function main() {
  const version = JSON.parse(fs.readFileSync(path.join(kernelDir, 'package.json'), 'utf8')).version;
  for (const entry of ['main.js', path.join('cli', 'zeppelin-import.js')]) {
    if (!fs.existsSync(path.join(kernelDir, 'lib', entry))) {
      throw new Error(`kernel/lib/${entry} is missing: run npm run build first`);
    }
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: {
      main: path.join(kernelDir, 'lib', 'main.js'),
      'zeppelin-import': path.join(kernelDir, 'lib', 'cli', 'zeppelin-import.js')
    },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // pg's optional native binding is never used by the kernel (it uses the pure-JS client).
    external: ['pg-native'],
    plugins: [zeromqAddonsBesideBundle],
    legalComments: 'linked',
    logLevel: 'warning'
  });
  const addons = copyZeromqAddons();
  writeWheelKernelspec(version);
  console.log(`kernel bundled into ${path.relative(root, outDir)} (${addons} zeromq addons); wheel kernelspec in ${path.relative(root, kernelspecOut)}`);
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
