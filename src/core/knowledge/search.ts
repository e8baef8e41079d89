/**
 * Symptom matching: rank knowledge pages against text a user pasted (an
 * error message, a log line, a few words, in English or Korean). A known
 * symptom found inside the pasted text counts most (a longer, more specific
 * one more); a Korean system message is also read as its English original.
 * Error codes match exactly whatever the language, written or implied by a
 * known message. Keywords add evidence weighted by how few pages use their
 * words; short queries are also matched word by word and with fuse.js.
 * Texts that fit several entries equally get equal scores: the host state
 * decides between them (likelyCauses).
 */
import Fuse from 'fuse.js';
import type { Finding } from '../checks/types.js';
import type { CheckResult } from '../checks/types.js';
import { applyHostRules, rankFindings, type HostContext, type LikelyCause } from '../causes.js';
import { recognizeMessages, toEnglish } from './messages.js';
import type { KnowledgePage } from './pages.js';

export interface SearchHit {
  readonly knowledge: string;
  readonly title: string;
  /** 0..1, higher is better. */
  readonly score: number;
  /** What matched, in one phrase. */
  readonly matched: string;
}

export type { LikelyCause } from '../causes.js';

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * One code in the spellings search compares: lower-case hex, and for an
 * HRESULT wrapping a Win32 code (0x8007xxxx) also the Win32 code itself.
 */
function codeForms(n: number): string[] {
  return (n & 0xffff0000) >>> 0 === 0x80070000 ? [hex(n), hex(n & 0xffff)] : [hex(n)];
}

/**
 * A code as a page lists it or a text carries it, as a number: hex
 * (`0x803b002f`, any case) or the decimal form HNS prints as `ErrorCode` in
 * its JSON errors (`2151350319`); undefined for anything else.
 */
export function parseCode(text: string): number | undefined {
  const t = text.trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^\d{1,10}$/.test(t)) {
    const n = Number(t);
    return n <= 0xffffffff ? n : undefined;
  }
  return undefined;
}

/** A page's codes in the spellings search compares (hex, and the Win32 code inside an HRESULT). */
export function codeKeys(codes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const c of codes) {
    const n = parseCode(c);
    if (n !== undefined) for (const k of codeForms(n)) out.add(k);
  }
  return [...out];
}

/**
 * Codes in text: 0x490, 0X00000490, HRESULTs wrapping a Win32 code
 * (0x80070490 -> 0x490), and the decimal `ErrorCode` of HNS's JSON errors
 * (2151350319 -> 0x803b002f): a ten-digit number that is an HRESULT with the
 * failure bit set, standing alone (not part of an address, a version or a
 * longer number).
 */
export function errorCodes(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/0x([0-9a-f]{1,8})\b/gi)) for (const k of codeForms(parseInt(m[1]!, 16))) out.add(k);
  for (const m of text.matchAll(/(?<![\d.\/])(\d{10})(?![\d.\/])/g)) {
    const n = Number(m[1]);
    if (n >= 0x80000000 && n <= 0xffffffff) for (const k of codeForms(n)) out.add(k);
  }
  return [...out];
}

function normalize(text: string): string {
  return text.toLowerCase().normalize('NFC').replace(/[\s"'`.,:;()[\]{}<>=|!?]+/g, ' ').trim();
}

/** Words that every HNS/docker error carries: they say nothing about the cause of an error text. */
const GENERIC = new Set(['hns', 'failed', 'with', 'error', 'the', 'and', 'docker', 'response', 'from', 'daemon', 'failure', 'windows', 'system', 'call', 'hnscall', 'win32', 'encountered', 'during', 'network', 'container']);
/** Function words, for the words of keywords and short queries. */
const STOP = new Set(['the', 'and', 'with', 'from', 'for', 'into', 'onto', 'this', 'that', 'are', 'was', 'has', 'have', 'its', 'you', 'your', 'can', 'how', 'why', 'what', 'when', 'does', 'doesn', 'don',
  'is', 'in', 'to', 'on', 'of', 'do', 'no', 'an', 'at', 'by', 'as', 'be', 'it', 'or', 'if', 'we', 'my', 'me', 'up', 'so', 'vs']);

const HANGUL = /[\uac00-\ud7a3]/;

function split(text: string, stop: ReadonlySet<string>, minLength: number): string[] {
  return normalize(text).split(' ')
    .map((w) => w.replace(/^-+/, ''))
    .filter((w) => (w.length >= minLength || /[^\x00-\x7f]/.test(w)) && !stop.has(w));
}

/** Words of an error text, without the ones every error carries. */
function tokens(text: string): Set<string> {
  return new Set(split(text, GENERIC, 3));
}

/** Words of a keyword or a short query. */
function words(text: string): string[] {
  return [...new Set(split(text, STOP, 2))];
}

/** A word is in the text; a Korean word also with a particle after it (네트워크 ~ 네트워크와). */
function hasWord(set: ReadonlySet<string>, word: string): boolean {
  if (set.has(word)) return true;
  if (!HANGUL.test(word)) return false;
  for (const w of set) if (w.length > word.length && w.startsWith(word)) return true;
  return false;
}

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  return m ? m[1]! : text;
}

interface IndexedSymptom {
  readonly text: string;
  readonly norm: string;
  /** For symptoms with placeholders (`network <id> not found`): the placeholder matches one word. */
  readonly pattern: RegExp | undefined;
  /** Words without the generic ones, for "most words of". */
  readonly tokens: Set<string>;
  /** All words, for what a keyword may not merely repeat. */
  readonly words: string[];
}

interface IndexedKeyword {
  readonly text: string;
  readonly words: string[];
}

interface Indexed {
  readonly page: KnowledgePage;
  /** The page's codes, hex and decimal alike, in the spellings search compares. */
  readonly codes: readonly string[];
  readonly symptoms: IndexedSymptom[];
  readonly keywords: IndexedKeyword[];
  /** Every word of the page's title, keywords, symptoms and tags. */
  readonly vocabulary: Set<string>;
}

const PLACEHOLDER = /<[^<>\s]+>/g;

function indexSymptom(text: string): IndexedSymptom {
  const hasPlaceholder = text.search(PLACEHOLDER) >= 0;
  const plain = text.replace(PLACEHOLDER, ' ');
  let pattern: RegExp | undefined;
  if (hasPlaceholder) {
    const source = text.split(PLACEHOLDER).map((p) => normalize(p).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(' ?\\S+ ?').trim();
    pattern = new RegExp(`(^| )${source}( |$)`);
  }
  return { text, norm: normalize(plain), pattern, tokens: tokens(plain), words: words(plain) };
}

/** How much a word tells pages apart: 1 for a word one page uses, less the more pages use it. */
function wordWeights(items: readonly Indexed[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const it of items) for (const w of it.vocabulary) df.set(w, (df.get(w) ?? 0) + 1);
  const n = Math.max(2, items.length);
  const out = new Map<string, number>();
  for (const [w, d] of df) out.set(w, Math.log(n / d) / Math.log(n));
  return out;
}

/** Every score in one place. */
const SCORE = {
  /** A symptom inside the text: base, plus up to `symptomLength` for a long (specific) one. */
  symptomBase: 0.9,
  symptomLength: 0.07,
  /** A symptom with a placeholder is a little less specific than a literal one. */
  placeholderPenalty: 0.02,
  /** Each further symptom of the same page found in the text (at most two count). */
  extraSymptom: 0.02,
  /** The text is part of a symptom ("The parameter is incorrect." alone). */
  partOfSymptom: 0.86,
  codeWritten: 0.88,
  /** A known message whose code the page lists, without the code written. */
  codeFromMessage: 0.84,
  /** A symptom and a code both. */
  symptomAndCode: 0.03,
  /** Keyword evidence beyond the symptom, per unit (a word one page uses is one unit), capped. */
  keywordUnit: 0.02,
  keywordCap: 0.06,
  /** Keywords alone: base plus per unit (at most three units). */
  keywordsOnly: 0.45,
  keywordsOnlyUnit: 0.08,
  /** Short queries: the share of the query's (weighted) words the page knows. */
  coverageBase: 0.35,
  coverageSpan: 0.4,
  coverageMin: 0.5,
  fuzzy: 0.7,
} as const;

/** A cause the host shows but the text does not name weighs this share of its state score. */
const STATE_ONLY = 0.5;

export class KnowledgeIndex {
  private readonly items: Indexed[];
  private readonly weights: Map<string, number>;
  private readonly fuse: Fuse<KnowledgePage>;

  constructor(readonly pages: readonly KnowledgePage[]) {
    this.items = pages.map((page) => {
      const symptoms = page.symptoms.map(indexSymptom).filter((s) => s.norm.length >= 6);
      const keywords = [...page.keywords, ...page.keywords_ko]
        .map((k) => ({ text: k, words: words(k) }))
        .filter((k) => k.words.length > 0);
      const vocabulary = new Set([
        ...words(`${page.title} ${page.title_ko} ${page.tags.join(' ')} ${page.id.replace(/-/g, ' ')}`),
        ...keywords.flatMap((k) => k.words),
        ...symptoms.flatMap((s) => s.words),
      ]);
      return { page, codes: codeKeys(page.codes), symptoms, keywords, vocabulary };
    });
    this.weights = wordWeights(this.items);
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

  private weight(word: string): number {
    return this.weights.get(word) ?? 1;
  }

  search(text: string, limit = 10): SearchHit[] {
    const query = text.trim();
    if (query === '') return [];
    // A Korean host localizes the Windows message inside docker's English words: search both forms.
    const english = toEnglish(query);
    const norms = [...new Set([normalize(query), normalize(english)])];
    const written = new Set(errorCodes(`${query} ${english}`));
    const recognized = recognizeMessages(`${query} ${english}`);
    const implied = new Set(recognized.map((r) => r.message.code).filter((c): c is string => c !== undefined && !written.has(c)));
    // Keywords that only repeat a system message found in the text add nothing to it.
    const messageWords = new Set(recognized.flatMap((r) => words(r.message.en)));
    const qTokens = new Set([...tokens(query), ...tokens(english)]);
    const qWords = new Set([...words(query), ...words(english)]);
    const short = query.length <= 64;
    const fuzzy = new Map<string, number>();
    if (short) for (const r of this.fuse.search(query, { limit: limit * 2 })) fuzzy.set(r.item.id, SCORE.fuzzy * (1 - (r.score ?? 1)));
    const qWeight = [...qWords].reduce((sum, w) => sum + this.weight(w), 0);

    const hits: SearchHit[] = [];
    for (const { page, codes, symptoms, keywords, vocabulary } of this.items) {
      let base = 0;
      let matched = '';
      const take = (score: number, what: string) => {
        if (score > base) {
          base = score;
          matched = what;
        }
      };
      // Symptoms found in the text, or the text found in a symptom.
      const found: IndexedSymptom[] = [];
      for (const s of symptoms) {
        if (norms.some((n) => (s.pattern ? s.pattern.test(n) : ` ${n} `.includes(` ${s.norm} `)))) {
          found.push(s);
          take(SCORE.symptomBase + SCORE.symptomLength * Math.min(1, s.norm.length / 80) - (s.pattern ? SCORE.placeholderPenalty : 0), `the error text "${s.text}"`);
        } else if (norms.some((n) => n.length >= 12 && s.norm.includes(n))) {
          take(SCORE.partOfSymptom, `part of the error text "${s.text}"`);
        }
      }
      // Error codes, written or implied by a known message.
      const code = codes.find((c) => written.has(c));
      const impliedCode = code ? undefined : codes.find((c) => implied.has(c));
      if (code) take(SCORE.codeWritten, `error code ${code}`);
      if (impliedCode) take(SCORE.codeFromMessage, `the message of error code ${impliedCode}`);
      // Most words of a symptom, in any order.
      // (weighted, so that common words such as "not found" alone do not make a match).
      if (qTokens.size >= 3) {
        for (const s of symptoms) {
          let shared = 0;
          let all = 0;
          for (const w of s.tokens) {
            all += this.weight(w);
            if (qTokens.has(w)) shared += this.weight(w);
          }
          const ratio = s.tokens.size >= 2 && all >= 0.8 ? shared / all : 0;
          if (ratio >= 0.6) take(0.5 + 0.35 * ratio, `most words of "${s.text}"`);
        }
      }
      // Keywords: evidence beyond the symptom and the system message, weighted by how few pages use the words.
      const covered = new Set([...messageWords, ...found.flatMap((s) => s.words)]);
      const counted = new Set<string>();
      const keywordHits: string[] = [];
      for (const k of keywords) {
        if (!k.words.every((w) => hasWord(qWords, w))) continue;
        if (k.words.every((w) => covered.has(w))) continue;
        for (const w of k.words) if (!covered.has(w)) counted.add(w);
        keywordHits.push(k.text);
      }
      let evidence = 0;
      for (const w of counted) evidence += this.weight(w);
      const named = keywordHits.slice(0, 3).map((k) => `"${k}"`).join(', ');
      if (evidence > 0) take(SCORE.keywordsOnly + SCORE.keywordsOnlyUnit * Math.min(evidence, 3), `the words ${named}`);
      // Short queries: which share of the query's words the page knows, and fuzzy matching.
      if (short && qWeight > 0) {
        let known = 0;
        for (const w of qWords) if (hasWord(vocabulary, w)) known += this.weight(w);
        const coverage = known / qWeight;
        if (coverage >= SCORE.coverageMin) take(SCORE.coverageBase + SCORE.coverageSpan * coverage, `words of ${page.id}`);
      }
      take(fuzzy.get(page.id) ?? 0, `words in ${page.id}`);
      if (base === 0) continue;
      let score = base;
      score += SCORE.extraSymptom * Math.min(2, Math.max(0, new Set(found.map((s) => s.norm)).size - 1));
      if (found.length > 0 && (code || impliedCode)) score += SCORE.symptomAndCode;
      score += Math.min(SCORE.keywordCap, SCORE.keywordUnit * evidence);
      const also = keywordHits.length > 0 && !matched.startsWith('the words') ? `, and ${named}` : '';
      hits.push({ knowledge: page.id, title: page.title, score: Math.min(1, Math.round(score * 1000) / 1000), matched: `${matched}${also}` });
    }
    return hits.sort((a, b) => b.score - a.score || a.knowledge.localeCompare(b.knowledge)).slice(0, limit);
  }

  /**
   * Combines a text match with the findings on a host: when a text fits
   * several entries, the host state decides, and where it shows neither,
   * the kind of host (`context`, the rules of HOST_RULES).
   */
  likelyCauses(text: string, findings: readonly Finding[], checks: readonly CheckResult[], limit = 5, context?: HostContext): LikelyCause[] {
    const hits = this.search(text, 20);
    const top = hits[0]?.score ?? 0;
    const out: LikelyCause[] = [];
    for (const hit of hits) {
      const found = findings.filter((f) => f.knowledge === hit.knowledge);
      const results = checks.filter((c) => c.knowledge === hit.knowledge);
      let score: number;
      let state: string;
      if (found.length > 0) {
        // The host confirms an entry only as far as the text fits it: an entry the text fits
        // much worse than the best one does not become the cause because the host shows it.
        const fit = Math.max(0, Math.min(1, (hit.score - (top - 0.25)) / 0.15));
        score = 0.5 * hit.score + 0.5 * fit;
        state = `and this host shows it (${found[0]!.check}): ${firstSentence(found[0]!.message)}`;
      } else if (results.some((r) => r.status === 'pass')) {
        score = 0.5 * hit.score;
        state = 'but the check for it passed on this host';
      } else if (results.some((r) => r.notApplicable === 'no-such-owner')) {
        // The failure mode belongs to an owner this host does not have (swarm on a Kubernetes node): it cannot be the cause here.
        score = 0.4 * hit.score;
        state = `but it needs what this host does not have (${results.find((r) => r.notApplicable === 'no-such-owner')!.reason ?? 'its owner'})`;
      } else if (results.some((r) => r.status === 'not-applicable')) {
        score = 0.7 * hit.score;
        state = 'and the capture lacks the data to confirm it';
      } else {
        score = 0.7 * hit.score;
        state = 'and it can only be recognized from the error text, not from host state';
      }
      const finding = found[0];
      out.push({
        knowledge: hit.knowledge, score: Math.round(score * 1000) / 1000, why: `The text matches ${hit.matched}, ${state}`,
        ...(finding ? { check: finding.check, title: finding.title } : { title: hit.title }),
      });
    }
    // Findings the text did not mention stay in the list, below what the text and the host agree on:
    // the error pasted may be a consequence of them, or another problem on the same host.
    const named = new Set(out.map((c) => c.knowledge));
    for (const c of rankFindings(findings, limit)) {
      if (named.has(c.knowledge)) continue;
      out.push({ ...c, score: Math.round(c.score * STATE_ONLY * 1000) / 1000, why: `The text does not name it. ${c.why}` });
    }
    return applyHostRules(out, context).slice(0, limit);
  }
}
