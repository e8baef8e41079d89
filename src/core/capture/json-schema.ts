/** The JSON Schema of the capture format, generated from the loader's own zod schemas. */
import * as z from '../zod.js';
import { captureInputSchema } from './schema.js';

function captureJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(captureInputSchema(), { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return schema;
}

export function captureJsonSchemaText(): string {
  return JSON.stringify(captureJsonSchema(), null, 2) + '\n';
}
