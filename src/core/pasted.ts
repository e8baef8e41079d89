/**
 * What the user pasted may be the command that failed rather than its error
 * text. When every statement of the text is a modelled docker, nerdctl or
 * PowerShell command, it is simulated on the capture, and a predicted
 * failure (or a problem the command would leave behind) becomes a likely
 * cause of its own, ahead of what the words of the text match.
 */
import type { Capture } from './capture/schema.js';
import type { CheckResult, Finding } from './checks/types.js';
import { hostContext, type LikelyCause } from './causes.js';
import { buildModel } from './model/build.js';
import type { KnowledgeIndex } from './knowledge/search.js';
import { lookupCommand } from './simulate/commands.js';
import { simulateCommands } from './simulate/engine.js';
import { parseScript } from './simulate/tokenize.js';

/** Scores of causes the simulation names: a predicted failure is the strongest evidence there is. */
const COMMAND_SCORE = { fails: 0.98, leaves: 0.8 } as const;

/** The text as commands to simulate, or undefined when it does not read as commands. */
export function pastedCommands(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const parsed = parseScript(trimmed);
  if (parsed.problems.length > 0 || parsed.statements.length === 0) return undefined;
  const first = parsed.statements[0]!.stages[0];
  // An error text starting with a word that happens to be a command ("docker: Error response…") is not a command.
  if (!first || first.dynamicName || /[:,]$/.test(first.name)) return undefined;
  const known = parsed.statements.every((s) => s.stages.every((inv) => !inv.dynamicName && lookupCommand(inv.name) !== undefined));
  return known ? [trimmed] : undefined;
}

/** Likely causes that the simulation of the pasted command names; empty when it is not a command or nothing fails. */
export function commandCauses(capture: Capture, text: string): LikelyCause[] {
  const commands = pastedCommands(text);
  if (!commands) return [];
  const result = simulateCommands(capture, commands);
  const out: LikelyCause[] = [];
  const seen = new Set<string>();
  for (const step of result.steps) {
    if (step.status === 'fails' && step.knowledge && !seen.has(step.knowledge)) {
      seen.add(step.knowledge);
      const error = step.error ? `; ${step.error.exact ? 'it prints' : 'in short'}: "${step.error.text}"` : '';
      out.push({ knowledge: step.knowledge, score: COMMAND_SCORE.fails, why: `This command fails here because ${lowerFirst(step.reason).replace(/\.$/, '')}${error} (simulated: ${step.command}).` });
    }
    for (const f of step.caused) {
      if (seen.has(f.knowledge)) continue;
      seen.add(f.knowledge);
      out.push({ knowledge: f.knowledge, score: COMMAND_SCORE.leaves, why: `This command would leave a problem here (${f.check}): ${f.message} (simulated: ${step.command})`, check: f.check, title: f.title });
    }
  }
  return out;
}

function lowerFirst(s: string): string {
  return /^(The|This|That|A|An|It|Its|No|There|On|In|Every|Only) /.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/**
 * Likely causes of what the user pasted, on one host: the simulated verdict
 * of a pasted command first, then the text and host-state ranking.
 */
export function pastedCauses(index: KnowledgeIndex, text: string, findings: readonly Finding[], checks: readonly CheckResult[], capture: Capture | undefined, limit = 5): LikelyCause[] {
  const titles = new Map(index.pages.map((p) => [p.id, p.title]));
  const fromCommand = (capture ? commandCauses(capture, text) : []).map((c): LikelyCause => {
    if (c.check) return c;
    const f = findings.find((x) => x.knowledge === c.knowledge);
    return f ? { ...c, check: f.check, title: f.title } : { ...c, title: titles.get(c.knowledge) ?? c.knowledge };
  });
  const named = new Set(fromCommand.map((c) => c.knowledge));
  const context = capture ? hostContext(buildModel(capture)) : undefined;
  const rest = index.likelyCauses(text, findings, checks, limit, context).filter((c) => !named.has(c.knowledge));
  return [...fromCommand, ...rest].slice(0, limit);
}
