// Lint enforces the house rules of docs/adr/002-layout-and-boundaries.md, so they hold without anyone
// remembering them. Each message says how to fix the problem.
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';

const platformSdks = [
  { name: '@slack/bolt', message: 'Only adapters/slack may import Slack SDKs: move platform code there.' },
  { name: 'discord.js', message: 'Only adapters/discord may import discord.js: move platform code there.' },
];
const sdkPatterns = [
  { group: ['@slack/*'], message: 'Only adapters/slack may import Slack SDKs: move platform code there.' },
];

function boundary(files, patterns, paths = []) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { paths: [...platformSdks, ...paths], patterns: [...sdkPatterns, ...patterns] }],
    },
  };
}

/** What every adapter may not import: pipeline internals, other adapters. */
function adapterBans(self) {
  const others = ['slack', 'discord', 'console'].filter((name) => name !== self);
  return [
    { group: ['**/pipeline/**'], message: 'Adapters use src ports and types, never pipeline internals.' },
    { group: others.map((name) => `**/adapters/${name}/**`).concat(others.map((name) => `../${name}/**`)), message: 'Adapters never import each other: share code through src/.' },
  ];
}

const adaptersBan = {
  group: ['**/adapters/**'],
  message: 'Only src/main.ts knows the adapters: pass what you need in as a dependency instead.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { import: importPlugin },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import/extensions': ['.ts', '.js'],
    },
    rules: {
      'import/no-cycle': ['error', { maxDepth: 10 }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Node 24 type stripping has no enums: use an `as const` object.' },
        {
          selector: 'TSParameterProperty',
          message: 'Node 24 type stripping has no parameter properties: declare the field and assign it.',
        },
      ],
    },
  },
  boundary(
    ['src/domain/**/*.ts'],
    [
      {
        group: ['**/sources/**', '**/pipeline/**', '**/store/**', '**/commands/**', '**/alerts/**', '**/adapters/**'],
        message: 'src/domain is pure: it imports nothing outside itself. Move the I/O to the caller and pass data in.',
      },
      { group: ['node:*', '!node:crypto'], message: 'src/domain is pure: no I/O modules. Do the I/O in sources/ or store/ and pass data in.' },
    ],
  ),
  boundary(['src/sources/**/*.ts', 'src/store/**/*.ts', 'src/alerts/**/*.ts', 'src/commands/**/*.ts'], [
    adaptersBan,
    { group: ['**/pipeline/**'], message: 'Only src/main.ts and the pipeline orchestrate: depend on ports, not the pipeline.' },
  ]),
  boundary(['src/pipeline/**/*.ts'], [adaptersBan]),
  boundary(['adapters/console/**/*.ts'], adapterBans('console')),
  {
    files: ['src/**/*.ts', 'adapters/**/*.ts'],
    ignores: ['src/main.ts', 'src/cli/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/main.ts reads process.env (through loadConfig(env)): pass config in.' },
      ],
    },
  },
  // Per-adapter rules replace the general adapters rule above, so they repeat its bans.
  {
    files: ['adapters/slack/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [platformSdks[1]], patterns: [...adapterBans('slack')] }] },
  },
  {
    files: ['adapters/discord/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [platformSdks[0]], patterns: [...sdkPatterns, ...adapterBans('discord')] }] },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 600, skipBlankLines: true, skipComments: true }] },
  },
);
