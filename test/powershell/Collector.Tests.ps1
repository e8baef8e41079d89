# The collector, run for real under PowerShell 7 on fake hosts (fakehost/),
# then loaded with the project's own loader and checks (load-captures.ts).
# Every scenario runs once in BeforeAll; one node process loads every file.

BeforeDiscovery {
    $script:ShapeNames = @('ws2016', 'ws2019', 'ws2022', 'ws2025', 'win11', 'k8s-node', 'containerd')
    $script:ShapeCases = foreach ($s in $ShapeNames) { foreach ($f in '5.1', '7') { @{ Shape = $s; Form = $f; Run = "$s-$f" } } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'fakehost/WcnFakeHost.ps1')
    . (Join-Path $PSScriptRoot 'scenarios.ps1')
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Runs = Invoke-WcnCollectorScenarios -Scenarios (Get-WcnCollectorScenarios) -ProjectRoot $script:Root
    $script:HostKeys = Get-WcnLoaderHostKeys -ProjectRoot $script:Root

    function Get-Run([string] $Name) {
        $r = $script:Runs[$Name]
        if ($null -eq $r) { throw "no run named $Name" }
        if ($r.Failure) { throw "the collector failed in $($Name): $($r.Failure)" }
        return $r
    }
    function Get-CollectorError($Run, [string] $Key) {
        @($Run.Capture.collectorErrors | Where-Object { $_.key -eq $Key })
    }
    function Test-Written($Run, [string] $Key) {
        return $null -ne $Run.Capture.PSObject.Properties[$Key]
    }
}

AfterAll {
    Clear-WcnFakeHost
    Remove-WcnCollectorScenarioFiles
}

Describe 'every recorded host shape, in the PowerShell 5.1 and 7 forms' {
    It '<Run>: writes a capture whose keys are the loader''s keys, each captured or explained' -ForEach $ShapeCases {
        $r = Get-Run $Run
        $r.Capture.format | Should -Be 'wcn-capture'
        $written = @($r.Capture.PSObject.Properties.Name)
        # Every written key is a loader key, in the loader's order.
        $written | Should -Be @($script:HostKeys | Where-Object { $_ -in $written })
        # Keys written only where what they describe exists (no error when absent).
        $onlyWherePresent = @('hnsVersion', 'hnsState', 'vfp', 'containerd', 'cni', 'kubernetes')
        foreach ($key in $script:HostKeys) {
            if ($key -notin $written -and $key -notin $onlyWherePresent) {
                @(Get-CollectorError $r $key) + @(Get-CollectorError $r "$key.info") | Should -Not -BeNullOrEmpty -Because "$key is missing, so collectorErrors must say why"
            }
        }
    }
    It '<Run>: loads with no loader error and every check runs' -ForEach $ShapeCases {
        $r = Get-Run $Run
        $r.Loaded.readable | Should -BeTrue
        @($r.Loaded.issues | Where-Object { $_.severity -eq 'error' } | ForEach-Object { "$($_.pointer): $($_.message)" }) | Should -BeNullOrEmpty
        @($r.Loaded.checks.PSObject.Properties | Where-Object { $_.Value -eq 'crashed' } | ForEach-Object Name) | Should -BeNullOrEmpty
        $r.Loaded.host.build | Should -BeGreaterThan 14000
    }
    It '<Run>: a healthy host gives no error finding' -ForEach $ShapeCases {
        $r = Get-Run $Run
        @($r.Loaded.findings | Where-Object { $_.severity -eq 'error' } | ForEach-Object check) | Should -BeNullOrEmpty
    }
    It '<Run>: asks docker, netsh and hnsdiag only read-only questions, and calls no state-changing cmdlet' -ForEach $ShapeCases {
        $r = Get-Run $Run
        foreach ($call in $r.NativeCalls) {
            $call | Should -Match '^(docker (info|version|network ls|network inspect|ps|inspect|container inspect)\b|netsh int ipv4 show excludedportrange protocol=(tcp|udp)$|hnsdiag list (networks|endpoints|loadbalancers) -df?$|whoami /groups /fo csv /nh$|containerd --version$|crictl (info|pods -o json)$|vfpctrl (/list-vmswitch-port|/port \S+ /get-port-state)$)'
        }
        @($r.Calls | Where-Object { $_ -match '^(Set|New|Remove|Stop|Start|Restart|Add|Enable|Disable)-' }) | Should -BeNullOrEmpty
    }
}

Describe 'the file written' {
    It 'keeps no container environment or label' {
        $r = Get-Run 'ws2022-5.1'
        $r.Text | Should -Not -Match 'hunter2'
        $r.Text | Should -Not -Match '"Env"'
        @($r.Capture.docker.containers | Where-Object { $_.Config.PSObject.Properties['Labels'] }) | Should -BeNullOrEmpty
    }
    It 'is UTF-8 without a byte order mark' {
        $r = Get-Run 'ws2022-5.1'
        $r.Bytes[0] | Should -Be ([byte][char]'{')
    }
}

Describe 'hosts without a source' {
    It 'without the Hyper-V module and without vmms (Containers feature only): switch keys are left out with the reason' {
        $r = Get-Run 'ws2025-5.1'
        foreach ($key in 'vmSwitches', 'vmSwitchExtensions', 'vmNetworkAdapters') {
            Test-Written $r $key | Should -BeFalse
            (Get-CollectorError $r $key).message | Should -Match 'Hyper-V'
        }
        # A check that needs the switches says it cannot judge, instead of judging an empty list.
        $r.Loaded.checks.'dockernat-switch' | Should -Be 'not-applicable'
        (Get-Run 'ws2022-5.1').Loaded.checks.'dockernat-switch' | Should -Not -Be 'not-applicable'
    }
    It 'without the Hyper-V module but with vmms: switches come from the Hyper-V WMI namespace' {
        $r = Get-Run 'hyperv-module-missing-vmms-answers'
        @($r.Capture.vmSwitches).Count | Should -Be 2
        @($r.Capture.vmSwitches.Name) | Should -Contain 'nat'
        $r.Calls | Should -Contain 'Get-CimInstance root\virtualization\v2 Msvm_VirtualEthernetSwitch'
        'vmSwitches' | Should -BeIn $r.Loaded.keys
    }
    It 'without the HNS module: HNS comes from hnsdiag list -df (the full V1 JSON)' {
        $r = Get-Run 'hns-module-missing'
        $r.NativeCalls | Should -Contain 'hnsdiag list networks -df'
        @($r.Capture.hnsNetworks.Name) | Should -Be @('nat', 'l2b')
        @($r.Capture.hnsEndpoints).Count | Should -Be 3
        'hnsNetworks' | Should -BeIn $r.Loaded.keys
    }
    It 'without any HNS source: both keys are left out, with every reason' {
        $r = Get-Run 'hns-missing'
        Test-Written $r 'hnsNetworks' | Should -BeFalse
        (Get-CollectorError $r 'hnsNetworks').message | Should -Match 'Get-HnsNetwork not found.*hnsdiag.exe was not found'
    }
    It 'hnsdiag text with {GUID} braces between the objects: every object is still read' {
        $r = Get-Run 'hnsdiag-braces'
        Get-CollectorError $r 'hnsNetworks' | Should -BeNullOrEmpty
        @($r.Capture.hnsNetworks).Count | Should -Be 2
        @($r.Capture.hnsEndpoints).Count | Should -Be 3
    }
    It 'Windows Server 2016: HNS networks come from Get-ContainerNetwork' {
        $r = Get-Run 'ws2016-5.1'
        $r.Calls | Should -Contain 'Get-ContainerNetwork'
        @($r.Capture.hnsNetworks).Count | Should -BeGreaterThan 0
        @($r.Capture.hnsNetworks)[0].Subnets[0].AddressPrefix | Should -Match '/'
        'hnsNetworks' | Should -BeIn $r.Loaded.keys
        (Get-CollectorError $r 'hnsEndpoints').message | Should -Match 'hnsdiag.exe was not found'
    }
}

Describe 'docker' {
    It 'absent (a containerd or Kubernetes node): no docker key, one collector error' {
        $r = Get-Run 'k8s-node-5.1'
        Test-Written $r 'docker' | Should -BeFalse
        (Get-CollectorError $r 'docker').message | Should -Match 'docker CLI was not found'
    }
    It 'stopped: docker info exits 0 with ServerErrors, which is recorded as "did not answer", and the checks say docker is not running' {
        $r = Get-Run 'docker-stopped'
        $r.Capture.docker.PSObject.Properties['info'] | Should -BeNullOrEmpty
        (Get-CollectorError $r 'docker.info').message | Should -Match 'did not answer \(docker CLI 27\.3\.1\).*error during connect'
        # docker version exits 1 with only its client half: an error that names the client.
        $r.Capture.docker.PSObject.Properties['version'] | Should -BeNullOrEmpty
        (Get-CollectorError $r 'docker.version').message | Should -Match 'docker CLI 27\.3\.1'
        @($r.Loaded.findings | ForEach-Object { $_.check }) | Should -Contain 'docker-not-running'
    }
    It 'hung: every docker call ends at the time limit, the file is still written, and no docker process is left' {
        $r = Get-Run 'docker-hung'
        foreach ($key in 'docker.info', 'docker.version', 'docker.networks', 'docker.containers') {
            (Get-CollectorError $r $key).message | Should -Match 'timed out after 2 s'
        }
        $r.Seconds | Should -BeLessThan 60
        foreach ($id in $r.HungPids) { Get-Process -Id $id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty }
        $r.Capture.os.BuildNumber | Should -Be '20348'
    }
    It 'a container with labels that differ only in case is read (labels are never kept)' {
        $r = Get-Run 'labels-differing-in-case'
        Get-CollectorError $r 'docker.containers' | Should -BeNullOrEmpty
        @($r.Capture.docker.containers).Count | Should -Be 3
    }
    It 'a daemon.json that is not JSON is named as such (a common reason dockerd does not start)' {
        $r = Get-Run 'daemon-json-invalid'
        (Get-CollectorError $r 'docker.daemonConfig').message | Should -Match '^daemon\.json is not valid JSON: '
        @($r.Capture.docker.networks).Count | Should -Be 3
    }
    It 'hundreds of containers are all captured' {
        $r = Get-Run 'hundreds-of-containers'
        @($r.Capture.docker.containers).Count | Should -Be 300
        @($r.NativeCalls | Where-Object { $_ -like 'docker inspect *' }).Count | Should -Be 15
        $r.Loaded.readable | Should -BeTrue
    }
}

Describe 'a user who is not elevated' {
    It 'Hyper-V''s empty answers are recorded as access denied, never as "no switches"' {
        $r = Get-Run 'not-elevated'
        foreach ($key in 'vmSwitches', 'vmSwitchExtensions', 'vmNetworkAdapters') {
            Test-Written $r $key | Should -BeFalse
            (Get-CollectorError $r $key).message | Should -Match 'Access denied \(not running as administrator'
        }
        (Get-CollectorError $r 'hnsNetworks').message | Should -Match 'Access denied'
        (Get-CollectorError $r 'docker.info').message | Should -Match 'Access denied.*did not answer'
        # Drivers that PowerShell 7 could not query are not read as "not installed".
        Test-Written $r 'services' | Should -BeFalse
        (Get-CollectorError $r 'services').message | Should -Match 'winnat'
        $r.Output -join "`n" | Should -Match 'Not running as administrator'
    }
    It 'a member of Hyper-V Administrators still gets the switches' {
        $r = Get-Run 'not-elevated-hyperv-administrator'
        @($r.Capture.vmSwitches).Count | Should -Be 2
    }
}

Describe 'Constrained Language mode' {
    It 'the capture is written with every source' {
        $r = Get-Run 'constrained-language'
        $r.Capture.format | Should -Be 'wcn-capture'
        @($r.Capture.collectorErrors) | Should -BeNullOrEmpty
        @($r.Capture.hnsNetworks).Count | Should -Be 2
        @($r.Capture.docker.containers).Count | Should -Be 3
        $r.Loaded.readable | Should -BeTrue
        $r.Output -join "`n" | Should -Match 'Constrained Language'
    }
}

Describe 'netsh in other display languages' {
    It '<Name>: the UDP range stays UDP and the TCP range TCP' -ForEach @(@{ Name = 'netsh-korean' }, @{ Name = 'netsh-japanese' }) {
        $r = Get-Run $Name
        $ranges = @($r.Capture.excludedPortRanges)
        $ranges.Count | Should -Be 2
        ($ranges | Where-Object StartPort -eq 50000).Protocol | Should -Be 'UDP'
        ($ranges | Where-Object StartPort -eq 50000).Administered | Should -BeTrue
        ($ranges | Where-Object StartPort -eq 5985).Protocol | Should -Be 'TCP'
        'excludedPortRanges' | Should -BeIn $r.Loaded.keys
    }
}

Describe 'parameters' {
    It '-VMName without -ParentHost fails with a message instead of prompting' {
        { & $script:WcnCollectorPath -VMName 'x' -OutFile (Join-Path ([System.IO.Path]::GetTempPath()) 'never.json') } | Should -Throw '*-VMName is used with -ParentHost*'
    }
}

Describe 'container hosts without docker' {
    It 'a Kubernetes node, end to end: routes, DNS, ports, firewall, HNS, VFP, containerd, CNI and the agents are captured and loaded' {
        foreach ($run in 'k8s-node-5.1', 'k8s-node-7') {
            $r = Get-Run $run
            foreach ($key in 'ipRoutes', 'dnsClientServers', 'dynamicPortRanges', 'firewall', 'hnsVersion', 'hnsState', 'vfp', 'containerd', 'cni', 'kubernetes') {
                Test-Written $r $key | Should -BeTrue -Because "$run should write $key"
                @(Get-CollectorError $r $key) | Should -BeNullOrEmpty
            }
            @($r.Capture.ipRoutes).Count | Should -Be 5
            @($r.Capture.dynamicPortRanges | ForEach-Object { "$($_.Protocol) $($_.StartPort) $($_.NumberOfPorts)" }) | Should -Be @('TCP 49152 16384', 'UDP 49152 16384')
            # Only enabled rules for the ports that matter.
            @($r.Capture.firewall.rules | ForEach-Object Name) | Should -Be @('kubelet-10250-in')
            $r.Capture.hnsState.PSObject.Properties.Name | Should -Be @('EnableCompartmentNamespace', 'FwPerfImprovementChange')
            $r.Capture.vfp.ports | Should -Match 'Port name\s+: 3E2B6C1A'
            @($r.Capture.vfp.portStates)[0].text | Should -Match 'Blocked : FALSE'
            $r.Capture.containerd.version | Should -Match 'v1\.7\.22'
            $r.Capture.containerd.config | Should -Match 'conf_dir'
            $r.Capture.containerd.criInfo.cniconfig.PluginConfDir | Should -Be 'C:\etc\cni\net.d'
            @($r.Capture.containerd.pods.items).Count | Should -Be 1
            @($r.Capture.cni.confDirs | ForEach-Object path) | Should -Be @('C:\etc\cni\net.d')
            @($r.Capture.cni.confDirs[0].files | ForEach-Object name) | Should -Be @('10-flannel.conf')
            @($r.Capture.cni.binDirs[0].files) | Should -Contain 'win-bridge.exe'
            @($r.Capture.kubernetes.processes | ForEach-Object Name) | Should -Be @('containerd.exe', 'kubelet.exe', 'flanneld.exe', 'kube-proxy.exe')
            @($r.Capture.kubernetes.services | ForEach-Object Name) | Should -Be @('kubelet', 'kubeproxy', 'flanneld')
            @($r.Capture.kubernetes.files | ForEach-Object path) | Should -Be @('C:\var\lib\kubelet\config.yaml', 'C:\etc\kube-flannel\net-conf.json', 'C:\run\flannel\subnet.env')
            @($r.Loaded.issues) | Should -BeNullOrEmpty
        }
    }
    It 'a containerd host, end to end: containerd''s config names the CNI folders, which are read; no Kubernetes key' {
        foreach ($run in 'containerd-5.1', 'containerd-7') {
            $r = Get-Run $run
            $r.Capture.containerd.configPath | Should -Be 'C:\Program Files\containerd\config.toml'
            $r.Capture.containerd.PSObject.Properties['criInfo'] | Should -BeNullOrEmpty
            @($r.Capture.cni.confDirs | ForEach-Object path) | Should -Be @('C:\Program Files\containerd\cni\conf')
            @($r.Capture.cni.confDirs[0].files | ForEach-Object name) | Should -Be @('nerdctl-nat.conflist')
            @($r.Capture.cni.binDirs[0].files) | Should -Be @('host-local.exe', 'nat.exe', 'sdnbridge.exe', 'sdnoverlay.exe')
            Test-Written $r 'kubernetes' | Should -BeFalse
            Test-Written $r 'vfp' | Should -BeFalse
            @($r.Loaded.issues) | Should -BeNullOrEmpty
        }
    }
    It 'a docker host gets routes, DNS servers, dynamic ports and the firewall, and no containerd, CNI or Kubernetes key' {
        $r = Get-Run 'ws2022-7'
        foreach ($key in 'ipRoutes', 'dnsClientServers', 'dynamicPortRanges', 'firewall') { Test-Written $r $key | Should -BeTrue }
        # The DNS rule is disabled and 3389 is not a port that matters.
        @($r.Capture.firewall.rules) | Should -BeNullOrEmpty
        foreach ($key in 'containerd', 'cni', 'kubernetes', 'hnsVersion', 'hnsState') { Test-Written $r $key | Should -BeFalse }
    }
    It 'secrets are masked: values of flags named like a token, password, secret or key never reach the file' {
        foreach ($run in 'k8s-node-5.1', 'k8s-node-7') {
            $r = Get-Run $run
            $r.Text | Should -Not -Match 'FAKESECRET'
            $r.Text | Should -Not -Match 'kubelet\.key'
            $flannel = @($r.Capture.kubernetes.processes | Where-Object Name -EQ 'flanneld.exe')[0]
            $flannel.CommandLine | Should -Match '--kube-api-token=<redacted> --net-config-path='
            # Flags that merely name a kubeconfig are kept (the path is not a secret).
            $flannel.CommandLine | Should -Match '--kubeconfig-file=C:\\k\\config'
        }
    }
    It 'a kubeconfig, a key or a certificate is never read, even in a folder that is read' {
        foreach ($run in 'k8s-node-5.1', 'k8s-node-7') {
            $r = Get-Run $run
            $r.Text | Should -Not -Match 'NEVER-READ-KUBECONFIG'
            @($r.Capture.kubernetes.files | Where-Object { $_.path -match 'config$|\.key$' }) | Should -BeNullOrEmpty
        }
    }
    It 'a source that hangs ends at the time limit and is recorded; the other sources are still captured' {
        $r = Get-Run 'crictl-vfpctrl-hung'
        (Get-CollectorError $r 'containerd.criInfo').message | Should -Match 'timed out after 2 s'
        (Get-CollectorError $r 'vfp').message | Should -Match 'timed out after 2 s'
        $r.Capture.containerd.pods.items | Should -Not -BeNullOrEmpty
        Test-Written $r 'kubernetes' | Should -BeTrue
        $r.Seconds | Should -BeLessThan 60
        foreach ($id in $r.HungPids) { Get-Process -Id $id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty }
        $r.Loaded.readable | Should -BeTrue
    }
    It 'a source that fails is recorded in collectorErrors and the rest of its key is kept' {
        $r = Get-Run 'node-sources-fail'
        (Get-CollectorError $r 'firewall.profiles').message | Should -Match 'fake failure'
        (Get-CollectorError $r 'dnsClientServers').message | Should -Match 'fake failure'
        Test-Written $r 'dnsClientServers' | Should -BeFalse
        @($r.Capture.firewall.rules | ForEach-Object Name) | Should -Be @('kubelet-10250-in')
        $r.Capture.firewall.PSObject.Properties['profiles'] | Should -BeNullOrEmpty
        @($r.Loaded.issues | Where-Object { $_.severity -eq 'error' }) | Should -BeNullOrEmpty
    }
}
