// Three tiers (see test/README.md): unit tests use fakes at interfaces only; integration tests
// talk to the real local stack and fail, never skip, when it is down.

// The kernel's Scala resources (kernel/src/*/scala/*.scala) reach TypeScript as generated,
// git-ignored modules; every project imports the kernel, so they are made once, here.
require('./scripts/generate-scala-resources').generateScalaResources();
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', isolatedModules: false }];
// The built labextension carries a copy of the root package.json, which jest would see as a second
// package named jupyterlab-emr.
const modulePathIgnorePatterns = ['<rootDir>/jupyterlab_emr/', '<rootDir>/.stack/'];
const nodeProject = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': tsJest },
  moduleNameMapper: { '^@jupyterlab-emr/common$': '<rootDir>/common/src/index.ts' },
  modulePathIgnorePatterns,
  rootDir: __dirname
};

// The extension's own code runs in a browser, so its tests get a DOM (jsdom) and its compiler
// settings. @jupyterlab/testutils' preset would need jest 29; plain ts-jest suffices because the
// modules under test import @lumino packages (which ship CommonJS builds) and only types from the
// ESM-only @jupyterlab packages.
const frontendProject = {
  testEnvironment: 'jsdom',
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/test/unit/frontend/tsconfig.json', isolatedModules: false }]
  },
  moduleNameMapper: {
    '^@jupyterlab-emr/common$': '<rootDir>/common/src/index.ts',
    '\\.svg$': '<rootDir>/test/unit/frontend/svg-stub.js'
  },
  setupFiles: ['<rootDir>/test/unit/frontend/jsdom-shims.js'],
  // The settings types are generated from schema/ and git-ignored; a fresh checkout needs them.
  globalSetup: '<rootDir>/test/unit/frontend/global-setup.js',
  modulePathIgnorePatterns,
  rootDir: __dirname
};

module.exports = {
  projects: [
    {
      ...nodeProject,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/frontend/']
    },
    {
      ...frontendProject,
      displayName: 'unit-frontend',
      testMatch: ['<rootDir>/test/unit/frontend/**/*.spec.ts']
    },
    {
      ...nodeProject,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/livy/'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/integration/long-timeouts.ts']
    },
    {
      // Everything that needs a running Livy; see test/integration/livy/livy-smoke.spec.ts for why
      // it is a tier of its own.
      ...nodeProject,
      displayName: 'integration-livy',
      testMatch: ['<rootDir>/test/integration/livy/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/integration/livy/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/integration/long-timeouts.ts']
    },
    {
      // The version suite: the kernel against Livy 0.8.0 (what EMR 7.x runs), beside 0.9.0.
      ...nodeProject,
      displayName: 'integration-livy08',
      testMatch: ['<rootDir>/test/integration/livy08/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/integration/livy08/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/integration/long-timeouts.ts']
    }
  ]
};
