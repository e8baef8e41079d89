import { isIngress, serviceOfTask } from '../model/derived/docker.js';
import type { ContainerModel } from '../model/types.js';
import { ps } from '../powershell.js';
import { quotedList } from '../text/list.js';
import type { Check, FindingDraft, Fix } from './types.js';

/** Re-publish every port of a service in host mode and switch it to DNS round robin. */
function republish(service: string): string[] {
  return [
    ps`$ports = docker service inspect ${service} --format '{{json .Spec.EndpointSpec.Ports}}' | ConvertFrom-Json`,
    "$publish = foreach ($p in $ports) { '--publish-rm'; $p.TargetPort; '--publish-add'; ('mode=host,target={0},published={1},protocol={2}' -f $p.TargetPort, $p.PublishedPort, $p.Protocol) }",
    ps`docker service update @publish --endpoint-mode 'dnsrr' ${service}`,
  ];
}

function fixFor(services: readonly string[]): Fix {
  if (services.length === 0) {
    return {
      title: 'Re-publish every service in host mode with DNS round robin ',
      risk: 'disruptive',
      disrupts: 'the tasks of every service, which are replaced; each published port then answers only on the nodes that run a task',
      runOn: 'swarm-manager',
      commands: [
        "foreach ($service in (docker service ls --format '{{.Name}}')) { $ports = docker service inspect $service --format '{{json .Spec.EndpointSpec.Ports}}' | ConvertFrom-Json; $publish = foreach ($p in $ports) { '--publish-rm'; $p.TargetPort; '--publish-add'; ('mode=host,target={0},published={1},protocol={2}' -f $p.TargetPort, $p.PublishedPort, $p.Protocol) }; docker service update @publish --endpoint-mode 'dnsrr' $service }",
      ],
      verify: "docker service ls --quiet | ForEach-Object { docker service inspect $_ --format '{{.Spec.Name}} {{.Spec.EndpointSpec.Mode}} {{json .Spec.EndpointSpec.Ports}}' }",
      expect: 'Every service shows dnsrr, and every port "PublishMode":"host".',
    };
  }
  return {
    title: `Re-publish ${quotedList(services)} in host mode with DNS round robin`,
    risk: 'disruptive',
    disrupts: `the tasks of ${quotedList(services)}, which are replaced; each published port then answers only on the nodes that run a task`,
    runOn: 'swarm-manager',
    commands: services.flatMap(republish),
    verify: ps`docker service inspect ${services[0]!} --format '{{.Spec.EndpointSpec.Mode}} {{json .Spec.EndpointSpec.Ports}}'`,
    expect: 'Shows dnsrr, and every port with "PublishMode":"host".',
  };
}

export const swarmRoutingMeshUnsupported: Check = {
  meta: {
    code: 'WCN503',
    knowledge: 'swarm-routing-mesh-unsupported',
    title: 'The swarm routing mesh is not available on this build',
    severity: 'warning',
    requires: ['os', 'docker.info', 'docker.networks', 'docker.containers'],
    owners: ['docker'],
    description: 'An active swarm node on a build before 16299 whose containers join the ingress network, i.e. services that publish ports through the routing mesh.',
  },
  run(model) {
    if ((model.docker?.swarmState ?? '').toLowerCase() !== 'active') return [];
    if (model.platform.routingMeshSupported !== false) return [];
    const ingress = model.dockerNetworks.filter(isIngress);
    const out: FindingDraft[] = [];
    for (const net of ingress) {
      const tasks = [...new Set(net.containers.map((a) => a.container))];
      const endpoints = net.hns?.endpoints.filter((e) => !e.isRemote && !e.container) ?? [];
      if (tasks.length === 0 && endpoints.length === 0) continue;
      const services = [...new Set(tasks.map((c) => serviceOfTask(c.name)).filter((s): s is string => s !== undefined))];
      const failed: ContainerModel | undefined = tasks.find((c) => c.error);
      const who = tasks.length > 0
        ? `${tasks.length === 1 ? 'container' : 'containers'} ${quotedList(tasks.map((c) => c.name))} ${tasks.length === 1 ? 'is' : 'are'} attached to the ingress network '${net.name}'`
        : `HNS has ${endpoints.length} local ${endpoints.length === 1 ? 'endpoint' : 'endpoints'} on the ingress network '${net.name}'`;
      const svc = services.length > 0 ? ` (${services.length === 1 ? 'service' : 'services'} ${quotedList(services)})` : '';
      const err = failed?.error ? (failed.error.length > 200 ? `${failed.error.slice(0, 200)}…` : failed.error) : '';
      const last = err ? ` Container '${failed!.name}' last failed with: ${err}${/[.!?…]$/.test(err) ? '' : '.'}` : '';
      out.push({
        message: `Swarm is active on ${model.platform.label}, which has no routing mesh (it arrived with build 16299, Windows Server version 1709), and ${who}${svc}: ports published in the default ingress mode fail, typically with "HNS failed with error : Catastrophic failure" (0x8000ffff). Publish with --publish mode=host and use --endpoint-mode dnsrr.${last}`,
        subjects: [...(model.docker ? [model.docker.subject] : []), net.subject, ...tasks.map((c) => c.subject)],
        fixes: [fixFor(services)],
      });
    }
    return out;
  },
};
