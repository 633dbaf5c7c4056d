// The linter holds the kernel's layers (kernel/README.md, "Layout"): no import loops, and no
// import from a lower layer up into a higher one. Formatting is Prettier's alone: it runs as one
// ESLint rule (eslint-plugin-prettier), so every finding, layout included, is reported per file in
// one place, and the stylistic rules that would fight it are switched off (eslint-config-prettier).
import js from '@eslint/js';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const KERNEL = './kernel/src';
const at = folders => folders.map(folder => `${KERNEL}/${folder}`);
/** The features: each a folder above the cell toolkit, exporting its magics and handlers (kernel/README.md, "Layout"). */
const FEATURES = ['code', 'sql', 'session', 'help', 'hive', 'aurora', 'emr', 'parameters', 'emr-status'];
/** What the features use: the toolkit, the results and bundles it shows, the AWS API access. */
const TOOLKIT = ['cell-kit', 'results', 'bundles', 'aws', 'scala', 'spark-ui'];
/** The board: the list of features, the dispatcher and the assembly; then the kernel's wiring. */
const BOARD = [...at(['magics', 'cli']), `${KERNEL}/main.ts`, `${KERNEL}/config.ts`];
const CELL_LAYER = [...at(FEATURES), ...at(TOOLKIT), ...BOARD];

export default tseslint.config(
  {
    // Build scripts and jest setup stay plain CommonJS; the rules here are for the TypeScript.
    ignores: [
      '**/*.js',
      '**/lib/',
      '**/node_modules/',
      'jupyterlab_emr/',
      '.stack/',
      'src/settings/generated/',
      'src/templates/generated/',
      'kernel/src/*/scala/generated/',
      'kernel/src/*/python/generated/',
      'ui-tests/test-results/',
      'ui-tests/playwright-report/'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    files: ['**/*.ts', '**/*.tsx'],
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ noWarnOnMultipleProjects: true, project: ['tsconfig.json', 'kernel/tsconfig.json', 'common/tsconfig.json', 'test/tsconfig.json'] })]
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: `${KERNEL}/protocol`,
              from: [`${KERNEL}/core`, `${KERNEL}/livy`, ...CELL_LAYER],
              message: 'protocol/ is the wire: it knows nothing of the dispatcher, Livy or the cells.'
            },
            {
              target: `${KERNEL}/core`,
              from: [`${KERNEL}/livy`, ...CELL_LAYER],
              message: 'core/ answers Jupyter requests through the ICellExecutor interface; the cell layer is given to it by main.ts.'
            },
            {
              target: `${KERNEL}/livy`,
              from: [`${KERNEL}/core`, `${KERNEL}/protocol`, ...CELL_LAYER],
              message: 'livy/ is the REST client: it knows no Jupyter message and no cell.'
            },
            {
              target: at(TOOLKIT),
              from: [...at(FEATURES), ...BOARD],
              message: 'The cell toolkit is what features use; it names no feature and not the board that lists them.'
            },
            ...FEATURES.map(feature => ({
              target: `${KERNEL}/${feature}`,
              from: [...at(FEATURES.filter(other => other !== feature)), ...BOARD],
              message: 'A feature uses the cell toolkit, never another feature or the board; what two features share belongs in cell-kit/.'
            }))
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
  prettierRecommended
);
