import { CONF_FILE, containerdCni, samePath, windowsPath, type ContainerdCni } from '../model/derived/cni.js';
import { kubernetesFacts } from '../model/derived/kubernetes.js';
import type { HostModel, Subject } from '../model/types.js';
import { ps } from '../powershell.js';
import type { Check, Fix } from './types.js';
import { restartService } from './fixes.js';

const NO_CONF = /no network config found|cni plugin not initiali[sz]ed|cni config uninitiali[sz]ed/i;

/** Captured conf folders other than containerd's that hold confs (where an installer put them). */
function otherConfDirs(setup: ContainerdCni) {
  return (setup.confDirs ?? []).filter((d) => !samePath(d.path, setup.confDir.value) && d.files.some((f) => CONF_FILE.test(f.name) && f.conf));
}

function copyFix(setup: ContainerdCni, dir: ReturnType<typeof otherConfDirs>[number]): Fix {
  const files = dir.files.filter((f) => CONF_FILE.test(f.name) && f.conf);
  return {
    title: `Copy the CNI conf${files.length === 1 ? '' : 's'} from '${dir.path}' into '${setup.confDir.value}', where containerd looks`,
    risk: 'safe',
    runOn: 'container-host',
    commands: [
      // A folder the collector listed exists already.
      ...(setup.confDirRecord ? [] : [ps`New-Item -ItemType Directory -Path ${setup.confDir.value} -Force`]),
      ...files.map((f) => ps`Copy-Item -Path ${f.path} -Destination ${`${windowsPath(setup.confDir.value)}\\${f.name}`}`),
    ],
    verify: ps`Get-ChildItem -Path ${setup.confDir.value} -File | Select-Object -Property 'Name'`,
    expect: `The folder lists ${files.map((f) => f.name).join(', ')}; containerd picks it up without a restart, 'crictl info' then shows lastCNILoadStatus OK and the node turns Ready.`,
  };
}

/** Point containerd's conf_dir at the folder the installer used: one line of config.toml, then a containerd restart. */
function repointFix(setup: ContainerdCni, dir: string): Fix | undefined {
  const cfg = setup.configPath;
  // Written as a TOML literal string and a -replace substitution: a quote or dollar sign in the path cannot go there.
  if (!cfg || !setup.confDirLine || /['$]/.test(dir)) return undefined;
  return {
    title: `Point containerd's conf_dir at '${dir}' and restart containerd`,
    risk: 'disruptive',
    disrupts: 'pods being created on this node fail while containerd restarts',
    runOn: 'container-host',
    commands: [
      ps`Copy-Item -Path ${cfg} -Destination ${`${cfg}.bak`}`,
      ps`(Get-Content -Path ${cfg} -Raw) -replace ${'(?m)^(\\s*conf_dir\\s*=\\s*).*$'}, ${`\${1}'${dir}'`} | Set-Content -Path ${cfg} -NoNewline`,
      restartService('containerd'),
    ],
    verify: ps`Select-String -Path ${cfg} -Pattern 'conf_dir'`,
    expect: `conf_dir names '${dir}', and after the restart 'crictl info' shows lastCNILoadStatus OK.`,
  };
}

function subjectsOf(model: HostModel, dirs: ReturnType<typeof otherConfDirs>): Subject[] {
  const out: Subject[] = [];
  const containerd = model.runtime('containerd');
  if (containerd) out.push(containerd.subject);
  for (const d of dirs) for (const f of d.files) if (CONF_FILE.test(f.name) && f.conf) out.push({ kind: 'cni-conf', name: f.name, pointer: f.$ptr });
  return out;
}

export const cniConfigMissing: Check = {
  meta: {
    code: 'WCN701',
    knowledge: 'cni-config-missing',
    title: 'No CNI conf where containerd looks for one',
    severity: 'error',
    requires: [],
    owners: ['cni', 'containerd'],
    description: "Reads containerd's CNI conf_dir (config.toml, crictl info or the Windows default), the captured CNI conf folders and crictl info's lastCNILoadStatus.",
  },
  run(model) {
    const setup = containerdCni(model);
    if (!setup) return [];
    const cri = model.capture.containerd?.criInfo;
    const status = cri?.lastCNILoadStatus;
    const criSays = [status, cri?.networkReady === false ? cri.networkMessage : undefined].find((t) => t !== undefined && NO_CONF.test(t));
    const others = otherConfDirs(setup);
    const captured = setup.confDirs !== undefined;
    const empty = captured && setup.confFiles.every((f) => !f.conf);
    const isNode = kubernetesFacts(model).isNode;
    // nerdctl alone writes its conf on first use: an empty folder there is not yet a fault.
    if (!criSays && !(empty && (isNode || others.length > 0))) return [];

    const dir = setup.confDir.value;
    const state = !captured ? 'was not captured'
      : !setup.confDirRecord ? 'does not exist'
      : setup.confFiles.length === 0 ? 'holds no .conf, .conflist or .json file'
      : `holds no conf that parses (${setup.confFiles.map((f) => f.name).join(', ')})`;
    const parts = [`containerd reads CNI confs from '${dir}' (${setup.confDir.from}), which ${state}.`];
    if (criSays) parts.push(`crictl info reports: "${criSays}".`);
    if (others.length > 0) parts.push(`The CNI installer put its conf in ${others.map((d) => `'${d.path}' (${d.files.filter((f) => CONF_FILE.test(f.name)).map((f) => f.name).join(', ')})`).join(' and ')}, where containerd does not look.`);
    parts.push('Until containerd loads a conf, no pod sandbox gets a network and kubelet reports the node NotReady with "cni plugin not initialized".');

    const fixes: Fix[] = [];
    const first = others[0];
    if (first) {
      fixes.push(copyFix(setup, first));
      const repoint = repointFix(setup, first.path);
      if (repoint) fixes.push(repoint);
    } else {
      fixes.push({
        title: 'Find the CNI agent pod on this node that should have written the conf, and read why it did not',
        risk: 'safe',
        runOn: 'cluster',
        commands: [ps`kubectl get pods -A -o wide --field-selector ${`spec.nodeName=${kubernetesFacts(model).nodeName?.value ?? (model.host.name ?? '').toLowerCase()}`}`],
        verify: ps`Get-ChildItem -Path ${dir} -File | Select-Object -Property 'Name'`,
        expect: `The CNI agent's pod (flannel, calico-node, ...) is Running, and '${dir}' lists its conf.`,
      });
    }
    const evidence = ['/containerd/config'];
    if (criSays) evidence.push('/containerd/criInfo');
    for (const d of others) evidence.push(d.$ptr);
    return [{ message: parts.join(' '), subjects: subjectsOf(model, others), evidence, fixes }];
  },
};
