// Three tiers (see test/README.md): unit tests use fakes at interfaces only; integration tests
// talk to the real local stack and fail, never skip, when it is down.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', isolatedModules: false }];
const nodeProject = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': tsJest },
  moduleNameMapper: { '^@jupyterlab-emr/common$': '<rootDir>/common/src/index.ts' },
  rootDir: __dirname
};

module.exports = {
  projects: [
    {
      ...nodeProject,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.spec.ts']
    },
    {
      ...nodeProject,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      testTimeout: 600000
    }
  ]
};
