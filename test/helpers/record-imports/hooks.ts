/** Module resolve hook (runs on the loader thread): appends each resolution to a file. */
import { appendFileSync } from 'node:fs';

type Resolved = { url: string };
type NextResolve = (specifier: string, context: unknown) => Promise<Resolved>;

const out = process.env['WCN_RECORD_IMPORTS'];

export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve): Promise<Resolved> {
  const resolved = await nextResolve(specifier, context);
  if (out) appendFileSync(out, `${specifier}\t${resolved.url}\n`);
  return resolved;
}
