import type { HostModel, RuntimeModel } from '../model/types.js';
import { serviceState, startServiceCommands } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const VERIFY = "Get-Service -Name 'containerd' | Select-Object -Property 'Name','Status','StartType'";

/** What shows containerd is the runtime here: its own parts, CNI confs, kubelet. */
function expectedBecause(model: HostModel, containerd: RuntimeModel | undefined): string[] {
  const why = [...(containerd?.evidence ?? [])];
  if (model.cniConfs.length > 0) why.push(`${model.cniConfs.length} CNI conf${model.cniConfs.length === 1 ? '' : 's'}`);
  if (model.runtime('kubelet')) why.push('kubelet');
  return why;
}

function eventLogFix(): Fix {
  return {
    title: 'If containerd stops again, read why in the System log',
    risk: 'safe',
    runOn: 'container-host',
    commands: ["Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = 'Service Control Manager' } -MaxEvents 50 | Where-Object -Property 'Message' -Like '*containerd*' | Select-Object -Property 'TimeCreated','Message'"],
    verify: VERIFY,
    expect: 'Status is Running; otherwise the messages name the start failure (often a config.toml the new version cannot read).',
  };
}

export const containerdNotRunning: Check = {
  meta: {
    code: 'WCN108',
    knowledge: 'containerd-not-running',
    title: 'containerd is not running',
    severity: 'error',
    requires: ['services'],
    description: "Reads service 'containerd' (and containerd.exe among the captured processes) where containerd is the runtime: its service, configuration, CNI confs or kubelet are there.",
  },
  run(model) {
    const containerd = model.runtime('containerd');
    const service = containerd?.service;
    // Running per its service or its process: nothing to report. Not installed as a service: nothing to start here.
    if (!containerd || containerd.running !== false || !service) return [];
    const why = expectedBecause(model, containerd);
    const kubelet = model.runtime('kubelet');
    const effect = kubelet
      ? 'kubelet cannot reach the container runtime: the node turns NotReady ("container runtime is down", "connect: ... containerd-containerd.sock ... The system cannot find the file specified") and no pod starts'
      : 'nerdctl and ctr fail to connect ("failed to dial ... containerd-containerd: The system cannot find the file specified") and no container starts';
    const draft: FindingDraft = {
      message: `Service 'containerd' is ${serviceState(service)}, and containerd is the runtime of this host (${why.join(', ')}): ${effect}. Running containers keep running, but nothing new starts and CNI cannot add endpoints.`,
      subjects: [service.subject, ...(kubelet?.service ? [kubelet.service.subject] : [])],
      fixes: [{
        title: service.startType === 'Disabled' ? "Re-enable service 'containerd' (start type Automatic) and start it" : "Start service 'containerd'",
        risk: 'safe',
        runOn: 'container-host',
        commands: startServiceCommands(service, 'Automatic'),
        verify: VERIFY,
        expect: kubelet ? 'Status is Running, and the node turns Ready again (kubectl get node).' : "Status is Running, and 'nerdctl ps' answers.",
      }, eventLogFix()],
    };
    return [draft];
  },
};
