import type { Check, Fix } from './types.js';

const VERIFY_OSTYPE = "docker info --format '{{.OSType}}'";

export const engineInLinuxMode: Check = {
  meta: {
    code: 'WCN107',
    knowledge: 'engine-in-linux-mode',
    title: 'Docker Desktop is switched to Linux containers',
    severity: 'error',
    // docker info, or docker version's Server half when info could not be read.
    requires: ['docker.engine'],
    owners: ['docker'],
    description: "Reads OSType from 'docker info' (or Server.Os from 'docker version' when info could not be read): 'linux' on a Windows host means the CLI talks to a Linux engine, where the Windows network drivers do not exist.",
  },
  run(model) {
    const raw = model.capture.docker?.info;
    // An info with ServerErrors is the client alone: its empty fields say nothing about the engine.
    const info = raw && raw.answered !== false && raw.OSType ? raw : undefined;
    const server = model.capture.docker?.version?.Server ?? undefined;
    const osType = info?.OSType ?? server?.Os;
    if (osType?.toLowerCase() !== 'linux') return [];
    const desktop = model.service('com.docker.service') !== undefined
      || model.platform.isServer === false
      || /docker desktop/i.test(info?.OperatingSystem ?? '');
    const serverVersion = info ? info.ServerVersion : server?.Version;
    const engine = [info?.OperatingSystem, serverVersion ? `engine ${serverVersion}` : undefined].filter(Boolean).join(', ');
    const consequence = "The Windows network drivers (nat, transparent, l2bridge, Windows overlay, ics) do not exist there: 'docker network create -d nat' fails with 'plugin \"nat\" not found', Windows images fail with 'image operating system \"windows\" cannot be used on this platform', and the docker networks in this capture are not the host's container networks.";
    const fixes: Fix[] = desktop
      ? [{
        title: 'Switch Docker Desktop to Windows containers',
        risk: 'disruptive',
        disrupts: 'the Linux engine: Linux containers are out of reach until you switch back',
        runOn: 'container-host',
        commands: ["& (Join-Path -Path $Env:ProgramFiles -ChildPath 'Docker\\Docker\\DockerCli.exe') -SwitchWindowsEngine"],
        verify: VERIFY_OSTYPE,
        expect: "Prints 'windows', and 'docker network ls' lists nat.",
      }]
      : [{
        title: 'Point the docker CLI back at the local Windows engine (the default context, no DOCKER_HOST)',
        risk: 'safe',
        runOn: 'container-host',
        commands: [
          "Remove-Item -Path 'Env:DOCKER_HOST' -ErrorAction 'SilentlyContinue'",
          "docker context use 'default'",
        ],
        verify: VERIFY_OSTYPE,
        expect: "Prints 'windows'.",
      }];
    const where = desktop
      ? 'Docker Desktop runs its Linux engine (Linux containers mode), and the docker CLI talks to it.'
      : 'This Windows Server host has no Docker Desktop, so the CLI most likely talks to a remote Linux engine (DOCKER_HOST or a docker context).';
    const ptr = info?.$ptr ?? model.capture.docker?.version?.$ptr ?? '/docker/version';
    const said = info
      ? `'docker info' reports OSType 'linux'`
      : `'docker version' reports the server's Os 'linux' ('docker info' could not be read)`;
    return [{
      message: `${said}${engine ? ` (${engine})` : ''} on this Windows host. ${where} ${consequence}`,
      subjects: [model.docker?.subject ?? { kind: 'docker-engine', name: 'docker engine', pointer: ptr }],
      evidence: [info ? `${ptr}/OSType` : `${ptr}/Server/Os`],
      fixes,
    }];
  },
};
