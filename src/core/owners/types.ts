/** What each owner contributes to fixes: the commands that act through it, never around it. */
import type { Fix } from '../checks/types.js';
import type { HnsNetworkModel } from '../model/types.js';

export interface NetworkChange {
  readonly subnet?: string;
  readonly gateway?: string;
}

export interface OwnerFixes {
  /** Remove a network the way its owner expects (its own record goes with it). */
  removeNetwork(net: HnsNetworkModel): Fix;
  /** Make the network again with a change, through its owner; undefined when the owner has no way to. */
  recreateNetwork(net: HnsNetworkModel, change: NetworkChange, title: string): Fix | undefined;
  /** Restart the owner's runtime or agent; undefined when it has none on this host. */
  restartRuntime(): Fix | undefined;
}
