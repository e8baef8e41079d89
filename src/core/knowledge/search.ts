/**
 * Symptom matching: rank knowledge pages against text a user pasted (an
 * error message, a log line, a few words, in English or Korean). Error codes
 * are matched exactly whatever the language; words are matched with fuse.js;
 * a known symptom found inside the pasted text counts most.
 */
import Fuse from 'fuse.js';
import type { Finding } from '../checks/types.js';
import type { CheckResult } from '../checks/types.js';
import type { KnowledgePage } from './pages.js';

export interface SearchHit {
  readonly knowledge: string;
  readonly title: string;
  /** 0..1, higher is better. */
  readonly score: number;
  /** What matched, in one phrase. */
  readonly matched: string;
}

export interface LikelyCause {
  readonly knowledge: string;
  readonly score: number;
  /** One sentence: what in the text matched, and what the host state says. */
  readonly why: string;
}

/** Codes in text: 0x490, 0X00000490, and HRESULTs wrapping a Win32 code (0x80070490 -> 0x490). */
export function errorCodes(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/0x([0-9a-f]{1,8})\b/gi)) {
    const n = parseInt(m[1]!, 16);
    out.add(`0x${n.toString(16)}`);
    if ((n & 0xffff0000) >>> 0 === 0x80070000) out.add(`0x${(n & 0xffff).toString(16)}`);
  }
  return [...out];
}

function normalize(text: string): string {
  return text.toLowerCase().normalize('NFC').replace(/[\s"'`.,:;()[\]{}<>]+/g, ' ').trim();
}

/** Words that every HNS/docker error carries; they say nothing about the cause. */
const GENERIC = new Set(['hns', 'failed', 'with', 'error', 'the', 'and', 'docker', 'response', 'from', 'daemon', 'failure', 'windows', 'system', 'call', 'hnscall', 'win32', 'encountered', 'during', 'network', 'container']);

function tokens(text: string): Set<string> {
  return new Set(normalize(text).split(' ').filter((w) => (w.length >= 3 || /[^\x00-\x7f]/.test(w)) && !GENERIC.has(w)));
}

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  return m ? m[1]! : text;
}

interface Indexed {
  readonly page: KnowledgePage;
  readonly symptoms: string[];
}

export class KnowledgeIndex {
  private readonly items: Indexed[];
  private readonly fuse: Fuse<KnowledgePage>;

  constructor(readonly pages: readonly KnowledgePage[]) {
    this.items = pages.map((page) => ({ page, symptoms: page.symptoms.map(normalize).filter((s) => s.length >= 6) }));
    this.fuse = new Fuse([...pages], {
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.35,
      minMatchCharLength: 2,
      keys: [
        { name: 'id', weight: 1 },
        { name: 'title', weight: 2 },
        { name: 'title_ko', weight: 2 },
        { name: 'symptoms', weight: 3 },
        { name: 'keywords', weight: 2 },
        { name: 'keywords_ko', weight: 2 },
        { name: 'tags', weight: 0.5 },
      ],
    });
  }

  search(text: string, limit = 10): SearchHit[] {
    const query = text.trim();
    if (query === '') return [];
    const codes = new Set(errorCodes(query));
    const norm = normalize(query);
    const qTokens = tokens(query);
    const best = new Map<string, SearchHit>();
    const offer = (page: KnowledgePage, score: number, matched: string) => {
      const prev = best.get(page.id);
      if (!prev || prev.score < score) best.set(page.id, { knowledge: page.id, title: page.title, score: Math.min(1, score), matched });
    };
    for (const { page, symptoms } of this.items) {
      const code = page.codes.find((c) => codes.has(c));
      if (code) offer(page, 0.9, `error code ${code}`);
      for (let i = 0; i < symptoms.length; i++) {
        const s = symptoms[i]!;
        if (norm.includes(s) || (s.includes(norm) && norm.length >= 12)) offer(page, code ? 1 : 0.95, `the error text "${page.symptoms[i]}"`);
      }
      if (qTokens.size >= 3) {
        for (let i = 0; i < symptoms.length; i++) {
          const st = tokens(symptoms[i]!);
          let shared = 0;
          for (const w of st) if (qTokens.has(w)) shared++;
          const ratio = st.size >= 2 ? shared / st.size : 0;
          if (ratio >= 0.6) offer(page, 0.5 + 0.35 * ratio, `most words of "${page.symptoms[i]}"`);
        }
      }
    }
    // Fuse's fuzzy matching works on short queries; long pastes are covered above.
    if (query.length <= 64) {
      for (const r of this.fuse.search(query, { limit: limit * 2 })) {
        offer(r.item, 0.8 * (1 - (r.score ?? 1)), `words in ${r.item.id}`);
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.knowledge.localeCompare(b.knowledge)).slice(0, limit);
  }

  /**
   * Combines a text match with the findings on a host: when a text fits
   * several entries, the host state decides.
   */
  likelyCauses(text: string, findings: readonly Finding[], checks: readonly CheckResult[], limit = 5): LikelyCause[] {
    const hits = this.search(text, 20);
    const out: LikelyCause[] = [];
    for (const hit of hits) {
      const found = findings.filter((f) => f.knowledge === hit.knowledge);
      const results = checks.filter((c) => c.knowledge === hit.knowledge);
      let score: number;
      let state: string;
      if (found.length > 0) {
        score = 0.5 * hit.score + 0.5;
        state = `and this host shows it (${found[0]!.check}): ${firstSentence(found[0]!.message)}`;
      } else if (results.some((r) => r.status === 'pass')) {
        score = 0.5 * hit.score;
        state = 'but the check for it passed on this host';
      } else if (results.some((r) => r.status === 'not-applicable')) {
        score = 0.7 * hit.score;
        state = 'and the capture lacks the data to confirm it';
      } else {
        score = 0.7 * hit.score;
        state = 'and it can only be recognized from the error text, not from host state';
      }
      out.push({ knowledge: hit.knowledge, score: Math.round(score * 1000) / 1000, why: `The text matches ${hit.matched}, ${state}` });
    }
    // Findings on the host that the text did not mention are not causes of this error.
    return out.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
