/**
 * The what-if simulator (pure, no I/O).
 *
 *   simulateCommands(capture, ['docker network create -d nat --subnet 172.16.5.0/24 n5'])
 *
 * runs commands in order on a copy of a normalized capture and returns, per
 * statement, whether it works on this host (`status`), the error Windows or
 * Docker would print (`error`, with `exact: false` when only the meaning is
 * known), the knowledge id that explains it, how to do it right here
 * (`advice`), the state it leaves (`changes`) and the findings it newly
 * causes or clears. Commands the simulator does not know are reported as
 * `not-modelled` and leave the state unchanged. The TUI's simulate pane calls
 * `simulateCommands` with the capture it shows and the lines the user types;
 * `MODELLED_COMMANDS` lists what is modelled; `verifyFixes` proves a report's
 * fixes; `simulateCompose` runs a compose file; `judgeCniConfProposal` and
 * `judgeKubeProxy` judge a CNI conf or a kube-proxy command line.
 */
export { simulateCommands, applyCommand, diffFindings, findingKey, type SimulateOptions } from './engine.js';
export { MODELLED_COMMANDS, lookupCommand, commandKey, type CommandInfo } from './commands.js';
export { parseScript, type Statement, type Word, type Invocation } from './tokenize.js';
export { planCompose, simulateCompose, type ComposePlan, type ComposeWarning } from './compose.js';
export { verifyFixes, type FixVerification, type FixProof } from './verify.js';
export type { SimulationResult, SimulationStep, StepStatus, PredictedError, StateChange, Outcome } from './types.js';
export { judgeCniConfProposal } from './cni-conf-proposal.js';
export { judgeKubeProxy, isKubeProxyProgram } from './kube-proxy.js';
export type { Judgement, ProposalResult, Verdict } from './proposal.js';
