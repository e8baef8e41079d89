/**
 * The knowledge base: one Markdown page per failure-mode id, with YAML front
 * matter. Pages are read from the package's knowledge/ folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as z from '../zod.js';
import { KNOWLEDGE_DIR } from '../paths.js';

export const PAGE_SECTIONS = ['Symptoms', 'Cause', 'Applies to', 'Fix', 'When not to worry', 'References'] as const;

const FrontMatter = z.object({
  id: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)),
  title: z.string().check(z.minLength(1)),
  title_ko: z.string().check(z.minLength(1)),
  severity: z.enum(['error', 'warning', 'info']),
  detect: z.array(z.enum(['state', 'command', 'symptom'])),
  tags: z.array(z.string()),
  builds: z.string(),
  drivers: z.array(z.string()),
  keywords: z.array(z.pipe(z.union([z.string(), z.number()]), z.transform(String))),
  keywords_ko: z.array(z.string()),
  /** Lower-case hex (0x803b002f), or the decimal form HNS prints as a JSON ErrorCode (2151350319); search reads both as one code. */
  codes: z.array(z.pipe(z.union([z.string(), z.number()]), z.transform(String)).check(z.regex(/^(0x[0-9a-f]{1,8}|\d{1,10})$/, 'a lower-case hex code such as 0x490, or its decimal ErrorCode form'))),
  symptoms: z.array(z.string()),
  samples: z.object({ broken: z.optional(z.string()), fixed: z.optional(z.string()) }),
});

export type KnowledgeFrontMatter = z.output<typeof FrontMatter>;

export interface KnowledgePage extends KnowledgeFrontMatter {
  readonly file: string;
  /** The Markdown body after the front matter. */
  readonly body: string;
  /** Body text of each `##` section, by heading. */
  readonly sections: Readonly<Record<string, string>>;
}

class KnowledgeError extends Error {}

export function parsePage(text: string, file: string): KnowledgePage {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!m) throw new KnowledgeError(`${file}: no YAML front matter`);
  let data: unknown;
  try {
    data = parseYaml(m[1]!);
  } catch (e) {
    throw new KnowledgeError(`${file}: front matter is not valid YAML: ${(e as Error).message}`);
  }
  const parsed = z.safeParse(FrontMatter, data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new KnowledgeError(`${file}: front matter '${first.path.join('.')}': ${first.message}`);
  }
  const body = m[2]!;
  const sections: Record<string, string> = {};
  const parts = body.split(/^## +/m);
  for (const part of parts.slice(1)) {
    const nl = part.indexOf('\n');
    const heading = (nl < 0 ? part : part.slice(0, nl)).trim();
    sections[heading] = nl < 0 ? '' : part.slice(nl + 1).trim();
  }
  return { ...parsed.data, file, body, sections };
}

let cached: KnowledgePage[] | undefined;

/** Every page, sorted by id. Throws KnowledgeError for a broken page (a packaging bug). */
export function loadKnowledge(dir: string = KNOWLEDGE_DIR): KnowledgePage[] {
  if (dir === KNOWLEDGE_DIR && cached) return cached;
  const pages = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => parsePage(readFileSync(join(dir, f), 'utf8'), join(dir, f)));
  if (dir === KNOWLEDGE_DIR) cached = pages;
  return pages;
}

export function findPage(id: string, pages: readonly KnowledgePage[] = loadKnowledge()): KnowledgePage | undefined {
  return pages.find((p) => p.id === id.toLowerCase());
}
