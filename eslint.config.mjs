import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/**
 * The layers of docs/ARCHITECTURE.md, enforced: data flows page → router → domain → db, and
 * `lib/` holds isomorphic helpers any layer may use. `test/layers.test.ts` proves each rule bites.
 */
const restrict = (...patterns) => ['error', { patterns }];
const layer = (group, message, extra = {}) => ({ group, message, ...extra });

const serverLayer = layer(
  ['@/components/*', '@/app/*', '**/components/**', '**/app/**'],
  'Server code never imports UI or routes; shared helpers live in lib/.',
);

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', '.data/**', 'node_modules/**', 'drizzle/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/**'],
    ignores: ['server/trpc/**'],
    rules: {
      'no-restricted-imports': restrict(
        serverLayer,
        layer(
          ['@trpc/server', '@trpc/server/*'],
          'Domain code is transport-free: throw AppError (server/shared/errors.ts); server/trpc maps it.',
        ),
      ),
    },
  },
  {
    files: ['server/trpc/**'],
    rules: {
      'no-restricted-imports': restrict(serverLayer),
    },
  },
  {
    files: ['db/**'],
    rules: {
      'no-restricted-imports': restrict(
        layer(
          ['@/server/*', '@/components/*', '@/app/*', '**/server/**', '**/components/**', '**/app/**'],
          'The db layer never imports server code, UI or routes.',
        ),
      ),
    },
  },
  {
    files: ['lib/**'],
    rules: {
      'no-restricted-imports': restrict(
        layer(
          ['@/server/*', '@/db/*', '@/components/*', '@/app/*', '**/server/**', '**/db/**', '**/components/**', '**/app/**'],
          'lib/ is isomorphic: it imports nothing of the other layers.',
        ),
      ),
    },
  },
  {
    files: ['components/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        layer(['@/server/*', '@/db/*'], 'Components import server and db code as types only (`import type`); values come from lib/.', {
          allowTypeImports: true,
        }),
        layer(['@/app/*'], 'Components never import routes.'),
      ),
    },
  },
  {
    files: ['app/**'],
    rules: {
      'no-restricted-imports': restrict(
        layer(['@/db/client', '@/db/tenant'], 'Pages get data through the tRPC caller, never the db client.'),
      ),
    },
  },
  {
    // Routers reach the database only through ctx.db (the tenant transaction).
    files: ['server/trpc/routers/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@/db/client', message: 'Use ctx.db.' },
            { name: '@/db/tenant', message: 'Use ctx.db.' },
          ],
          patterns: [serverLayer],
        },
      ],
    },
  },
];

export default config;
