import nx from '@nx/eslint-plugin';

// Which projects may depend on which. Tags live in each project.json on two axes:
// type:* (what it is) and scope:* (which part of switchyard it belongs to).
export const depConstraints = [
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:runner', onlyDependOnLibsWithTags: ['type:service', 'type:lib'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:service'] },
  {
    sourceTag: 'scope:contracts',
    onlyDependOnLibsWithTags: ['scope:contracts'],
    // The event contracts are framework-free: any language or runtime can rely on them.
    bannedExternalImports: [
      '@nestjs/*',
      '@azure/*',
      '@opentelemetry/*',
      'azure-devops-node-api',
      'azure-devops-node-api/*',
      'fastify',
      'pino',
      'rxjs',
      'badge-maker',
      'prom-client',
    ],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/tmp', '.azurite', '.switchyard', 'coverage'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allowCircularSelfDependency: false, depConstraints },
      ],
    },
  },
  {
    // Tests of the contracts may read the shared fixtures through the test helpers.
    files: ['libs/contracts/**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: ['@switchyard/testing'], depConstraints },
      ],
    },
  },
  {
    // The local all-in-one runner is the one place that composes the services into one process.
    files: ['services/all-in-one/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['@switchyard/ingress', '@switchyard/badge-renderer', '@switchyard/build-trigger', '@switchyard/gate-evaluator'],
          depConstraints,
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests reach into fixtures they just built or parsed: a failed `!` or an `any` mutation of a
    // payload fails the test itself, which is what a test is for.
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.js', 'tools/**/*.js', '**/jest.config.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
