import { describeValue } from '../capture/issues.js';
import { kubernetesFacts } from '../model/derived/kubernetes.js';
import { regressionsFor, regressionsFromHotfixes, type UpdateRegression } from '../model/update-regressions.js';
import { ps } from '../powershell.js';
import type { Check, Fix, FindingDraft } from './types.js';
import { restartService } from './fixes.js';

export const HNS_STATE_KEY = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\hns\\State';
const CURRENT_VERSION = "Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' | Select-Object -Property 'CurrentBuild','UBR'";

/** A registry DWORD as PowerShell or a hand-written capture holds it: a number, or its text in hex or decimal. */
export function dwordValue(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v >>> 0;
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^\d{1,10}$/.test(t)) return Number(t) >>> 0;
  return undefined;
}

function installUpdateFix(r: UpdateRegression): Fix {
  return {
    title: `Install ${r.fixedKb} (${r.build}.${r.fixedUbr}, ${r.fixedMonth}) or any later cumulative update (Windows Update, sconfig or the Microsoft Update Catalog; no command here can pick it), then restart`,
    risk: 'disruptive',
    disrupts: 'a restart of the node: drain it first (kubectl drain) so its pods move elsewhere',
    runOn: 'container-host',
    commands: [],
    verify: CURRENT_VERSION,
    expect: `CurrentBuild ${r.build} with UBR ${r.fixedUbr} or higher.`,
  };
}

function registryFix(r: UpdateRegression, name: string, value: number): Fix {
  return {
    title: `Until the update is installed: set hns\\State\\${name} to ${value} and restart HNS`,
    risk: 'disruptive',
    disrupts: 'HNS restarts: pod networking on the node drops for a moment and kube-proxy re-creates its load balancers',
    runOn: 'container-host',
    commands: [
      ps`New-ItemProperty -Path ${HNS_STATE_KEY} -Name ${name} -PropertyType 'DWord' -Value ${String(value)} -Force`,
      restartService('hns', { force: true }),
    ],
    verify: ps`Get-ItemProperty -Path ${HNS_STATE_KEY} -Name ${name} | Select-Object -Property ${name}`,
    expect: `${name} is ${value}; pods reach each other and Services again (${r.fixedKb} makes the value unnecessary).`,
  };
}

function manualWorkaroundFix(r: UpdateRegression): Fix {
  return {
    title: `Until the update is installed: ${r.workaround ?? 'follow the workaround in the sources'}`,
    risk: 'disruptive',
    disrupts: 'every Service on the node until kube-proxy has programmed its load balancers again',
    runOn: 'container-host',
    commands: [],
    verify: 'Get-HnsPolicyList | Measure-Object | Select-Object -Property Count',
    expect: 'kube-proxy has re-created the load balancers and pods reach Services again.',
  };
}

export const windowsUpdateRegression: Check = {
  meta: {
    code: 'WCN736',
    knowledge: 'windows-update-regression',
    title: 'A cumulative update known to break container networking on Kubernetes nodes is installed',
    severity: 'error',
    requires: ['os'],
    description: "Compares the build and UBR (or, without a UBR, the hotfix list) with the documented bad update ranges, and reads the hns\\State workaround value where one exists.",
  },
  run(model) {
    if (!kubernetesFacts(model).isNode) return [];
    const p = model.platform;
    const byUbr = regressionsFor(p.build, p.ubr);
    const byHotfix = p.ubr === undefined ? regressionsFromHotfixes(p.build, model.hotfixes) : [];
    const osPtr = model.capture.os?.$ptr ?? '/os';
    const out: FindingDraft[] = [];
    for (const r of [...byUbr, ...byHotfix]) {
      const fromHotfix = byHotfix.includes(r);
      const evidence = fromHotfix ? ['/hotfixes'] : [`${osPtr}/BuildNumber`, `${osPtr}/UBR`];
      const where = fromHotfix
        ? `${model.platform.label} lists ${r.firstBadKb} among its hotfixes and not ${r.fixedKb} (the UBR was not captured)`
        : `${p.label}, at or after ${r.firstBadKb} (${r.build}.${r.firstBadUbr}, ${r.firstBadMonth}) and before ${r.fixedKb} (${r.build}.${r.fixedUbr}, ${r.fixedMonth})`;
      const fixes: Fix[] = [installUpdateFix(r)];
      let workaroundText = '';
      if (r.registry) {
        const { name, value } = r.registry;
        const captured = model.captured.has('hnsState');
        const current = captured ? model.capture.hnsState?.[name] : undefined;
        if (captured && dwordValue(current) === value) continue; // the workaround is in place
        workaroundText = !captured
          ? ` The hns\\State registry key was not captured, so whether the ${name} workaround is in place is unknown.`
          : current === undefined
            ? ` hns\\State has no ${name} value, so the workaround is not in place.`
            : ` hns\\State ${name} is ${describeValue(current)}, not ${value}: the workaround is not in place.`;
        if (captured) evidence.push('/hnsState');
        fixes.push(registryFix(r, name, value));
      } else {
        workaroundText = ` It shows ${r.when}.`;
        fixes.push(manualWorkaroundFix(r));
      }
      out.push({
        message: `This Kubernetes node runs ${where}: in that range ${r.what}.${workaroundText}`,
        subjects: [{ ...model.host.subject, pointer: osPtr }],
        evidence,
        fixes,
      });
    }
    return out;
  },
};

