import test from 'ava';
import { cniPortmappingsMissing } from '../../src/core/checks/cni-portmappings-missing.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';

const editConf = (from: string, to: string) => (raw: RawCapture): void => {
  const file = raw['cni'].confDirs[0].files[0];
  if (!file.text.includes(from)) throw new Error(`'${from}' is not in the conf`);
  file.text = file.text.replace(from, to);
};
const FLANNEL_CAPS = '"portMappings": true,\n    "dns": true';

testCheck(test, cniPortmappingsMissing, {
  valid: [
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'flannel declares portMappings', baseline: 'healthy-kubeadm-flannel' },
    { name: 'AKS declares portMappings', baseline: 'healthy-aks-azurecni' },
    { name: 'Calico is not judged', baseline: 'healthy-calico' },
    { name: 'nerdctl without Kubernetes is not judged', baseline: 'healthy-ws2025-containerd' },
  ],
  invalid: [
    {
      name: 'flannel: capabilities without portMappings',
      baseline: 'healthy-kubeadm-flannel',
      patch: editConf(FLANNEL_CAPS, '"dns": true'),
      findings: [{ severity: 'warning', subjects: ['10-flannel.conf'], message: ["'10-flannel.conf'", 'plugin flannel', 'dropped without an error'] }],
    },
    {
      name: 'flannel: portMappings false',
      baseline: 'healthy-kubeadm-flannel',
      patch: editConf('"portMappings": true', '"portMappings": false'),
      findings: [{ subjects: ['10-flannel.conf'] }],
    },
    {
      name: 'AKS conflist without the capability',
      baseline: 'healthy-aks-azurecni',
      patch: editConf('"portMappings": true,\n', ''),
      findings: [{ message: ['plugin azure-vnet'] }],
    },
  ],
});

test('WCN704 edits the conf in one exact replacement, whatever shape it has', (t) => {
  const path = 'C:\\etc\\cni\\net.d\\10-flannel.conf';
  const edit = (p: (raw: RawCapture) => void) => findingsOf(cniPortmappingsMissing, 'healthy-kubeadm-flannel', p)[0]?.fixes[0]?.commands[1];
  t.is(edit(editConf('"portMappings": true', '"portMappings": false')), `(Get-Content -Path '${path}' -Raw).Replace('"portMappings": false', '"portMappings": true') | Set-Content -Path '${path}' -NoNewline`);
  t.is(edit(editConf(FLANNEL_CAPS, '"dns": true')), `(Get-Content -Path '${path}' -Raw).Replace('"capabilities": {', '"capabilities": { "portMappings": true,') | Set-Content -Path '${path}' -NoNewline`);
  t.is(edit(editConf(`"capabilities": {\n    ${FLANNEL_CAPS}\n  },\n`, '')), `(Get-Content -Path '${path}' -Raw).Replace('"name": "flannel.4096",', '"name": "flannel.4096", "capabilities": { "portMappings": true },') | Set-Content -Path '${path}' -NoNewline`);
});
