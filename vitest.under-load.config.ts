/**
 * The hostile suite under CPU burners (issue 16), alone: `npm run test:under-load`, run by
 * `npm test` after the other files so its burners slow nothing else.
 */
import { defineConfig } from 'vitest/config';
import base, { UNDER_LOAD } from './vitest.config';

export default defineConfig({ ...base, test: { ...base.test, include: [UNDER_LOAD], exclude: [] } });
