// Lint: type-aware rules that catch real mistakes here (a promise nobody awaits ended the
// desk once), the React hooks rules, and the boundaries between the top folders as rules:
// domain/ is pure, the renderer and the contract take nothing from main/, and only the two
// Electron files import electron. Formatting is Prettier's (npm run format:check), not lint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'stream',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

/** An import rule for one folder: what it may not reach, and why (shown with the error). */
const forbid = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

// As regular expressions: in a glob pattern a leading '#' is a comment, so '#main/**' would match nothing.
const MAIN = {
  regex: '^(#main/|(\\.\\./)+main/)',
  message: 'Only main/ and the tests wiring real hosts use main/: take wire types from preload/ (the contract owns them).',
};
const DOMAIN_PEERS = {
  regex: '^(#(main|renderer|preload)/|(\\.\\./)+(main|renderer|preload)/)',
  message: 'domain/ is pure rules shared by every process: it imports nothing from main/, renderer/ or preload/.',
};
const ELECTRON = { group: ['electron'], message: 'Only main/electron.ts and preload/electron.ts import electron: everything else runs under plain Node.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', '**/*.cjs', 'build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'no-undef': 'off',
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // A caught error is rethrown as it came; anything else thrown must be an Error.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
      // Refusing control and bidi characters in citizen data means naming them in patterns.
      'no-control-regex': 'off',
      // A variable given a safe value before a try that may replace it reads better than one left unassigned.
      'no-useless-assignment': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      ...forbid([ELECTRON]),
    },
  },
  // Plain JavaScript (the CLI launcher, build and test scripts) is outside the TypeScript project.
  { files: ['**/*.{js,mjs}'], ...tseslint.configs.disableTypeChecked },
  // Tests build malformed values on purpose.
  { files: ['**/*.test.ts', 'tests/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // @tus/server answers a thrown { status_code, body } as that HTTP response: the province's front door throws them.
  { files: ['tests/provincial/uploads.ts'], rules: { '@typescript-eslint/only-throw-error': 'off' } },
  // The shell, its preload, and the fake electron the shell tests type against Electron's own API.
  { files: ['main/electron.ts', 'preload/electron.ts', 'tests/electron/**'], rules: forbid([]) },
  {
    files: ['domain/**/*.ts'],
    rules: forbid([ELECTRON, DOMAIN_PEERS, { group: ['node:*', ...NODE_BUILTINS], message: 'domain/ does no I/O: no node: modules.' }]),
  },
  // Its tests run under node's test runner and may read their fixtures from disk.
  { files: ['domain/**/*.test.ts'], rules: forbid([ELECTRON, DOMAIN_PEERS]) },
  { files: ['renderer/**/*.{ts,tsx}'], ignores: ['renderer/**/*.test.ts', 'renderer/test-support/**'], rules: forbid([ELECTRON, MAIN]) },
  { files: ['preload/contract.ts', 'preload/web.ts', 'preload/wire*.ts', 'preload/wire/**'], rules: forbid([ELECTRON, MAIN]) },
);
