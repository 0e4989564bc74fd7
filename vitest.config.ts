import { defineConfig } from 'vitest/config'

/** Resolve workspace packages to their TypeScript sources (see packages/core/package.json "exports"). */
const conditions = ['@celltrial/source', 'module', 'node', 'development|production']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@celltrial/source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          environment: 'node',
          include: ['packages/core/src/**/*.test.ts', 'packages/protocols/**/*.test.ts', 'packages/cli/src/**/*.test.ts'],
          // property tests run 1-3 s alone; on 2 cores shared with the database tests they can pass vitest's 5 s default
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['packages/server/src/**/*.test.ts'],
          globalSetup: ['packages/server/src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['packages/web/src/**/*.test.tsx', 'packages/web/src/**/*.test.ts'],
        },
      },
    ],
  },
})
