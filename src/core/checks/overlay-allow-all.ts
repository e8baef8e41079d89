import { quotedList } from '../text/list.js';
import { isIngress, serviceOfTask } from '../model/derived/docker.js';
import type { Check, FindingDraft } from './types.js';

export const overlayAllowAll: Check = {
  meta: {
    code: 'WCN505',
    knowledge: 'overlay-allow-all',
    title: 'Overlay endpoints get an allow-all firewall rule by default',
    severity: 'info',
    requires: ['docker.networks'],
    owners: ['docker'],
    description: 'Lists overlay networks for security reviews: Windows gives every endpoint on an overlay network an allow-all port ACL.',
  },
  run(model) {
    const out: FindingDraft[] = [];
    for (const net of model.dockerNetworks) {
      if (net.driver !== 'overlay') continue;
      const containers = [...new Set(net.containers.map((a) => a.container))];
      const services = [...new Set(containers.map((c) => serviceOfTask(c.name)).filter((s): s is string => s !== undefined))];
      const who = containers.length === 0
        ? 'every container that joins it accepts traffic on every port from every other endpoint on the network'
        : `${quotedList(containers.map((c) => c.name))}${services.length > 0 ? ` (${services.length === 1 ? 'service' : 'services'} ${quotedList(services)})` : ''} ${containers.length === 1 ? 'accepts' : 'accept'} traffic on every port from every other endpoint on the network`;
      out.push({
        message: `Overlay network '${net.name}'${isIngress(net) ? ' (the routing-mesh ingress network)' : ''}: Windows gives each endpoint on an overlay network an allow-all firewall rule by default, so ${who}. Isolation between services comes only from which overlay networks they share. This is the documented default, shown for security reviews.`,
        subjects: [net.subject, ...containers.map((c) => c.subject)],
        fixes: [],
      });
    }
    return out;
  },
};
