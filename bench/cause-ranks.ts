/**
 * Where the right cause lands on each broken sample: the rank of the
 * sample's own knowledge id among the likely causes, from the host state
 * alone and with the error text of its knowledge page pasted as the symptom.
 * The samples are every `snapshots/cases/<id>/broken.json` and every
 * `snapshots/engine-down/<id>.json` (hosts whose docker engine could not
 * start, as the collector writes them); `<id>` is the knowledge id that must
 * come first.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/cause-ranks.js
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diagnoseFile } from '../src/core/diagnose.js';
import { loadKnowledge } from '../src/core/knowledge/pages.js';
import { KnowledgeIndex } from '../src/core/knowledge/search.js';
import { SNAPSHOTS_DIR } from '../src/core/paths.js';

export interface CauseRank {
  readonly sample: string;
  /** The knowledge id that must come first. */
  readonly knowledge: string;
  /** 1-based; null when the cause is not in the list. */
  readonly stateOnly: number | null;
  /** The symptom pasted, or null when the page lists no error text. */
  readonly symptom: string | null;
  readonly withSymptom: number | null;
  /** The first cause from state alone, for a miss. */
  readonly top: string | null;
}

export const CASES_DIR = join(SNAPSHOTS_DIR, 'cases');
/** Hosts whose engine is down: each file is named after the knowledge id it must rank first. */
export const ENGINE_DOWN_DIR = join(SNAPSHOTS_DIR, 'engine-down');

/** Every broken sample with the knowledge id it must rank first. */
export function brokenSamples(): { sample: string; file: string; knowledge: string }[] {
  const out: { sample: string; file: string; knowledge: string }[] = [];
  for (const id of readdirSync(CASES_DIR).sort()) {
    const file = join(CASES_DIR, id, 'broken.json');
    if (existsSync(file)) out.push({ sample: id, file, knowledge: id });
  }
  if (existsSync(ENGINE_DOWN_DIR)) {
    for (const f of readdirSync(ENGINE_DOWN_DIR).filter((x) => x.endsWith('.json')).sort()) {
      const id = f.slice(0, -'.json'.length);
      out.push({ sample: `engine-down/${id}`, file: join(ENGINE_DOWN_DIR, f), knowledge: id });
    }
  }
  return out;
}

function rank(causes: readonly { knowledge: string }[] | undefined, id: string): number | null {
  const i = (causes ?? []).findIndex((c) => c.knowledge === id);
  return i < 0 ? null : i + 1;
}

export function causeRanks(): CauseRank[] {
  const pages = loadKnowledge();
  const index = new KnowledgeIndex(pages);
  const out: CauseRank[] = [];
  for (const { sample, file, knowledge } of brokenSamples()) {
    const { report } = diagnoseFile(file);
    const symptom = pages.find((p) => p.id === knowledge)?.symptoms[0] ?? null;
    const withText = symptom === null ? null : index.likelyCauses(symptom, report.findings, report.checks, 20);
    out.push({
      sample,
      knowledge,
      stateOnly: rank(report.likelyCauses, knowledge),
      symptom,
      withSymptom: withText === null ? null : rank(withText, knowledge),
      top: report.likelyCauses?.[0]?.knowledge ?? null,
    });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = causeRanks();
  const show = (n: number | null) => (n === null ? '-' : String(n));
  console.log(`${'sample'.padEnd(42)} state  +symptom  top from state`);
  for (const r of rows) console.log(`${r.sample.padEnd(42)} ${show(r.stateOnly).padStart(5)}  ${(r.symptom === null ? 'n/a' : show(r.withSymptom)).padStart(8)}  ${r.top ?? '-'}`);
  const first = rows.filter((r) => r.stateOnly === 1).length;
  const withText = rows.filter((r) => r.symptom !== null);
  console.log(`\nfirst from state alone: ${first}/${rows.length}; first with the symptom: ${withText.filter((r) => r.withSymptom === 1).length}/${withText.length} (samples whose page lists an error text)`);
}
