/** The host itself: identity, platform and services. */
import type { Capture } from '../../capture/schema.js';
import { derivePlatform } from '../platform.js';
import type { Platform } from '../platform.js';
import type { HostInfo, Hypervisor, ServiceModel, Virtualization } from '../types.js';
import { lower } from './common.js';

export function detectVirtualization(manufacturer: string | undefined, model: string | undefined): Virtualization {
  const mf = lower(manufacturer);
  const md = lower(model);
  const said = `Manufacturer '${manufacturer ?? ''}', Model '${model ?? ''}'`;
  const vm = (hypervisor: Hypervisor): Virtualization => ({ isVirtual: true, hypervisor, evidence: said });
  if (mf.includes('microsoft') && md.includes('virtual machine')) return vm('hyper-v');
  if (mf.includes('vmware') || md.startsWith('vmware')) return vm('vmware');
  if (mf.includes('innotek') || md.includes('virtualbox')) return vm('virtualbox');
  if (mf.includes('qemu') || md.includes('kvm') || (mf.includes('red hat') && md.includes('kvm')) || md.includes('standard pc')) return vm('kvm');
  if (mf.includes('xen') || md.includes('hvm domu')) return vm('xen');
  if (mf.includes('amazon') || md.includes('ec2')) return vm('aws');
  if (mf.includes('google')) return vm('gce');
  if (mf.includes('parallels')) return vm('parallels');
  if (md.includes('virtual')) return vm('other');
  return { isVirtual: false, hypervisor: undefined, evidence: said };
}

export function buildHost(capture: Capture): { host: HostInfo; platform: Platform } {
  const os = capture.os;
  const cs = capture.computerSystem;
  const hv = capture.hnsVersion;
  const platform = derivePlatform({
    build: os?.BuildNumber, ubr: os?.UBR, productType: os?.ProductType, caption: os?.Caption,
    hnsVersion: hv ? { major: hv.Major, minor: hv.Minor } : undefined,
  });
  const host: HostInfo = {
    name: cs?.Name,
    domain: cs?.Domain,
    manufacturer: cs?.Manufacturer,
    model: cs?.Model,
    virtualization: cs ? detectVirtualization(cs.Manufacturer, cs.Model) : undefined,
    capturedAt: capture.capturedAt,
    collector: capture.collector,
    psVersion: capture.psVersion,
    osCaption: os?.Caption,
    subject: { kind: 'host', name: cs?.Name ?? 'container host', pointer: cs?.$ptr },
  };
  return { host, platform };
}

export function buildServices(capture: Capture): Map<string, ServiceModel> {
  const services = new Map<string, ServiceModel>();
  for (const s of capture.services ?? []) {
    services.set(lower(s.Name), {
      name: s.Name, displayName: s.DisplayName, status: s.Status, startType: s.StartType,
      running: s.Status === 'Running',
      subject: { kind: 'service', name: s.Name, pointer: s.$ptr },
    });
  }
  return services;
}
