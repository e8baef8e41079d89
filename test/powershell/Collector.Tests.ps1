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
}

Describe 'every recorded host shape, in the PowerShell 5.1 and 7 forms' {
    It '<Run>: writes a capture whose keys are the loader''s keys, each captured or explained' -ForEach $ShapeCases {
        $r = Get-Run $Run
        $r.Capture.format | Should -Be 'wcn-capture'
        $written = @($r.Capture.PSObject.Properties.Name)
        # Every written key is a loader key, in the loader's order.
        $written | Should -Be @($script:HostKeys | Where-Object { $_ -in $written })
        foreach ($key in $script:HostKeys) {
            if ($key -notin $written) {
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
            $call | Should -Match '^(docker (info|version|network ls|network inspect|ps|inspect|container inspect)\b|netsh int ipv4 show excludedportrange protocol=(tcp|udp)$|hnsdiag list (networks|endpoints) -df?$|whoami /groups /fo csv /nh$)'
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
