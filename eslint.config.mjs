// The linter holds the kernel's layers (kernel/README.md, "Layout"): no import loops, and no
// import from a lower layer up into a higher one. Formatting is Prettier's alone, so the
// stylistic rules that would fight it are switched off by eslint-config-prettier.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const KERNEL = './kernel/src';
/** Everything above the Livy client and the Jupyter core: the cell layer and its features. */
const CELL_LAYER = ['magics', 'aurora', 'emr', 'emr-status', 'hive', 'parameters', 'results', 'renderers', 'cli'].map(folder => `${KERNEL}/${folder}`);
const WIRING = [`${KERNEL}/main.ts`, `${KERNEL}/config.ts`];

export default tseslint.config(
  {
    // Build scripts and jest setup stay plain CommonJS; the rules here are for the TypeScript.
    ignores: ['**/*.js', '**/lib/', '**/node_modules/', 'jupyterlab_emr/', '.stack/', 'src/settings/generated/', 'src/templates/generated/', 'ui-tests/test-results/', 'ui-tests/playwright-report/']
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    files: ['**/*.ts', '**/*.tsx'],
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ noWarnOnMultipleProjects: true, project: ['tsconfig.json', 'kernel/tsconfig.json', 'common/tsconfig.json', 'test/tsconfig.json'] })
      ]
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: `${KERNEL}/protocol`,
              from: [`${KERNEL}/core`, `${KERNEL}/livy`, ...CELL_LAYER, ...WIRING],
              message: 'protocol/ is the wire: it knows nothing of the dispatcher, Livy or the cells.'
            },
            {
              target: `${KERNEL}/core`,
              from: [`${KERNEL}/livy`, ...CELL_LAYER, ...WIRING],
              message: 'core/ answers Jupyter requests through the ICellExecutor interface; the cell layer is given to it by main.ts.'
            },
            {
              target: `${KERNEL}/livy`,
              from: [`${KERNEL}/core`, `${KERNEL}/protocol`, ...CELL_LAYER, ...WIRING],
              message: 'livy/ is the REST client: it knows no Jupyter message and no cell.'
            }
          ]
        }
      ],
      // JupyterLab's companion-namespace idiom (ClusterStatusModel.IOptions).
      '@typescript-eslint/no-namespace': 'off',
      // A Jupyter request with no content (kernel_info, interrupt) is typed as an empty interface, keyed by msg_type.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'always' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // A server callback that names the object being built around it reads the variable before its one assignment.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }]
    }
  },
  {
    // page.evaluate runs in the browser, where window.jupyterapp has no type the tests can import.
    files: ['ui-tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  prettier
);
