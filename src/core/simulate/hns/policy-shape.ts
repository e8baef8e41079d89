import { normalizeHnsPolicy, type HnsPolicy } from '../../capture/hns-policies.js';

/**
 * The one place where a simulated HNS policy takes the form the loaded
 * capture stores policies in. Policies are built in the V1 shape that
 * `Get-HnsNetwork` / `Get-HnsEndpoint` print (`{Type: 'VLAN', VLAN: 11}`,
 * `{Type: 'NAT', Protocol, InternalPort, ExternalPort}`,
 * `{Type: 'OutBoundNAT', ExceptionList}`) and normalized the way the loader
 * normalizes the policies it reads, so a simulated capture holds what a loaded
 * one holds.
 */
export function capturePolicy(v1: Record<string, unknown>): HnsPolicy {
  return normalizeHnsPolicy(v1);
}

/** A policy as the simulated capture stores it. */
export type StoredPolicy = ReturnType<typeof capturePolicy>;
