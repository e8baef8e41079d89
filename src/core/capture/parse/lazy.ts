/**
 * The parsers of config texts, loaded the first time a capture holds such a
 * text: most captures have none, and every command's start-up would pay for
 * loading them (the YAML parser alone costs more than the rest of the
 * loader). The loader is synchronous, so they are required, not imported.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

let toml: typeof import('smol-toml') | undefined;
let yaml: typeof import('yaml') | undefined;
let jsonc: typeof import('jsonc-parser') | undefined;

export function tomlParser(): typeof import('smol-toml') {
  return (toml ??= load('smol-toml') as typeof import('smol-toml'));
}

export function yamlParser(): typeof import('yaml') {
  return (yaml ??= load('yaml') as typeof import('yaml'));
}

export function jsoncParser(): typeof import('jsonc-parser') {
  return (jsonc ??= load('jsonc-parser') as typeof import('jsonc-parser'));
}
