/** Facts derived from docker's view that several checks read. */
import type { DockerNetworkModel } from '../types.js';

/** The swarm service a task container belongs to (`web.1.<task id>` -> `web`). */
export function serviceOfTask(containerName: string): string | undefined {
  return /^(.+)\.(?:\d+|[a-z0-9]{25})\.[a-z0-9]{25}$/.exec(containerName)?.[1];
}

/** The swarm routing-mesh network. */
export function isIngress(net: DockerNetworkModel): boolean {
  return net.driver === 'overlay' && (net.ingress === true || net.name === 'ingress');
}

/** A `--link` value (`/db:/web/database` or `db:database`) as target and alias. */
export function parseLink(link: string): { target: string; alias: string } {
  const [from = '', to = ''] = link.split(':');
  const target = from.replace(/^\//, '');
  const alias = to.split('/').filter(Boolean).pop() ?? target;
  return { target, alias };
}
