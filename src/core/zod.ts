/**
 * The schema library, as the project uses it: zod's tree-shakable API
 * (`zod/mini`) with zod's English error messages. `import { z } from 'zod'`
 * loads every translation of those messages and the whole API (about 50 ms
 * at every start); this module names what the project uses, one export at a
 * time, so that a bundle keeps only that. Import it as
 * `import * as z from '../zod.js'`.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export {
  array, boolean, enum, gte, int, literal, lte, meta, minLength, null, nullish, number, object, optional,
  pipe, record, regex, safeParse, string, toJSONSchema, transform, union, unknown,
} from 'zod/mini';
export type {
  output, ZodMiniNullable, ZodMiniOptional, ZodMiniPipe, ZodMiniTransform, ZodMiniType, core,
} from 'zod/mini';
