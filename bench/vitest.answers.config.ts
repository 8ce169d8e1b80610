import { defineConfig } from 'vitest/config';
import base from '../vitest.config';

/** `npx vitest run -c bench/vitest.answers.config.ts`: the answer-quality measurement, kept out of `npm test`. */
export default defineConfig({ ...base, test: { ...base.test, include: ['bench/**/*.measure.ts'], testTimeout: 600_000 } });
