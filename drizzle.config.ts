import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './drizzle',
  // Roles are created by our own custom migration, not by drizzle-kit.
  entities: { roles: false },
  casing: 'snake_case',
});
