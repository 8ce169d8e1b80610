import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.mjs bite: each import that crosses a layer the wrong way is
 * an error in `npm run lint`, and the allowed directions are not.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['server/documents/x.ts', "import { x } from '@/components/ui/Button';", /never imports UI/],
    ['server/documents/x.ts', "import { x } from '@/app/layout';", /never imports UI or routes/],
    ['server/documents/x.ts', "import { x } from '@trpc/server';", /transport-free/],
    ['db/x.ts', "import { x } from '@/server/auth/password';", /db layer never imports server/],
    ['lib/x.ts', "import { x } from '@/db/schema';", /lib\/ is isomorphic/],
    ['components/documents/X.tsx', "import { x } from '@/server/documents/settings';", /as types only/],
    ['components/documents/X.tsx', "import { x } from '@/db/schema';", /as types only/],
    ['app/t/[slug]/x/page.tsx', "import { x } from '@/db/client';", /never the db client/],
    ['server/trpc/routers/x.ts', "import { x } from '@/db/client';", /Use ctx.db/],
    ['server/trpc/routers/x.ts', "import { x } from '@/components/ui/Button';", /never imports UI/],
  ])(
    'refuses %s importing: %s',
    async (filePath, code, message) => {
      const errors = await layerErrors(filePath, code);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
    },
    60_000,
  );

  it.each([
    ['components/documents/X.tsx', "import type { x } from '@/server/trpc/root';"],
    ['components/documents/X.tsx', "import { x } from '@/lib/format';"],
    ['server/documents/x.ts', "import { x } from '@/lib/format';"],
    ['db/x.ts', "import { x } from '../lib/enums';"],
    ['app/t/[slug]/x/page.tsx', "import { x } from '@/server/trpc/server';"],
    ['server/trpc/init.ts', "import { x } from '@trpc/server';"],
  ])(
    'allows %s importing: %s',
    async (filePath, code) => {
      expect(await layerErrors(filePath, code)).toEqual([]);
    },
    60_000,
  );
});
