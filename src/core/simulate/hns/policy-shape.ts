/**
 * The one place where a simulated HNS policy takes the form the loaded
 * capture stores policies in. Policies are built in the V1 shape that
 * `Get-HnsNetwork` / `Get-HnsEndpoint` print (`{Type: 'VLAN', VLAN: 11}`,
 * `{Type: 'NAT', Protocol, InternalPort, ExternalPort}`,
 * `{Type: 'OutBoundNAT', ExceptionList}`); the loader keeps that shape as read.
 * If the loader normalizes policies, the same normalization belongs here.
 */
export function capturePolicy(v1: Record<string, unknown>): Record<string, unknown> {
  return v1;
}

/** A policy as the simulated capture stores it. */
export type StoredPolicy = ReturnType<typeof capturePolicy>;
