import { kubernetesFacts } from '../model/derived/kubernetes.js';
import { addressInPrefix } from '../model/net.js';
import { ps } from '../powershell.js';
import type { Check } from './types.js';

const METADATA = '169.254.169.254';

export const cloudMetadataRouteLost: Check = {
  meta: {
    code: 'WCN732',
    knowledge: 'cloud-metadata-route-lost',
    title: 'The route to the cloud metadata service is gone',
    severity: 'error',
    requires: ['ipRoutes', 'kubernetes.node'],
    owners: ['cni', 'kube-proxy', 'containerd'],
    description: "On an AWS node (the node object's providerID) with an L2Bridge/Overlay network, looks for a route to 169.254.169.254 in the host's routing table.",
  },
  run(model) {
    const k = kubernetesFacts(model);
    const provider = model.capture.kubernetes?.node?.spec?.providerID;
    if (!k.isNode || !provider || !/^aws:\/\//i.test(provider)) return [];
    const bound = model.hnsNetworks.find((n) => n.type === 'l2bridge' || n.type === 'overlay');
    if (!bound) return [];
    const routes = model.ipRoutes ?? [];
    if (routes.some((r) => r.destination && r.destination.length > 0 && addressInPrefix(METADATA, r.destination))) return [];
    const def = routes.find((r) => r.destinationText === '0.0.0.0/0' && r.nextHop);
    const vnic = bound.switch?.hostVnics[0];
    const index = def?.interfaceIndex ?? vnic?.ifIndex;
    return [{
      message: `No route leads to the instance metadata service ${METADATA} (node providerID ${provider}): creating the external vSwitch for HNS network '${bound.name ?? bound.id}' moved the host's address to ${vnic ? `'${vnic.name}'` : 'a host vNIC'} and dropped that route. Instance metadata, credentials and the cloud's node agents stop working.`,
      subjects: vnic ? [bound.subject, vnic.subject] : [bound.subject],
      fixes: index !== undefined ? [{
        title: `Add the route to ${METADATA} on the host vNIC${def?.nextHop ? ` through ${def.nextHop}` : ''}, persistently`,
        risk: 'safe',
        runOn: 'container-host',
        commands: [def?.nextHop
          ? ps`New-NetRoute -DestinationPrefix ${`${METADATA}/32`} -InterfaceIndex ${String(index)} -NextHop ${def.nextHop} -PolicyStore 'PersistentStore'`
          : ps`New-NetRoute -DestinationPrefix ${`${METADATA}/32`} -InterfaceIndex ${String(index)} -PolicyStore 'PersistentStore'`],
        verify: ps`Get-NetRoute -DestinationPrefix ${`${METADATA}/32`}`,
        expect: `A route to ${METADATA}/32 on interface ${index}; Invoke-RestMethod http://${METADATA}/latest/meta-data/ answers.`,
      }] : [],
    }];
  },
};
