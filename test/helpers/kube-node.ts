/** Patches for the Kubernetes node samples shared by the kube-proxy checks' tests. */
import type { RawCapture } from './captures.js';

/** kube-proxy installed as a service (Calico, AKS samples) and stopped: its service Stopped, its process gone. */
export function stopKubeProxyService(raw: RawCapture, name = 'kube-proxy'): void {
  raw['services'].find((s: { Name: string }) => s.Name === name).Status = 1;
  raw['kubernetes'].services.find((s: { Name: string }) => s.Name === name).State = 'Stopped';
  raw['kubernetes'].processes = raw['kubernetes'].processes.filter((p: { Name: string }) => p.Name !== 'kube-proxy.exe');
}

/** Rewrites (or adds) one flag on kube-proxy's captured command line. */
export function setKubeProxyFlag(raw: RawCapture, flag: string, value: string | undefined): void {
  const p = raw['kubernetes'].processes.find((x: { Name: string }) => x.Name === 'kube-proxy.exe');
  const without = (p.CommandLine as string).replace(new RegExp(` --${flag}=\\S+`), '');
  p.CommandLine = value === undefined ? without : `${without} --${flag}=${value}`;
}
