# The collector scenarios: each runs Collect-WcnCapture.ps1 once on a fake
# host. Dot-source after fakehost/WcnFakeHost.ps1.

function Get-WcnCollectorScenarios {
    $s = [ordered]@{}
    foreach ($shape in 'ws2016', 'ws2019', 'ws2022', 'ws2025', 'win11', 'k8s-node', 'containerd') {
        foreach ($form in '5.1', '7') {
            $s["$shape-$form"] = @{ Shape = $shape; PSForm = $form }
        }
    }
    # A secret in a container's environment and labels must never reach the file.
    $s['ws2022-5.1'].Tweak = {
        param($state)
        $c = @($state['docker'].containers)[0]
        $c | Add-Member -NotePropertyName Config -NotePropertyValue ([pscustomobject]@{ Hostname = 'web'; Env = @('DB_PASSWORD=hunter2'); Labels = [pscustomobject]@{ team = 'hunter2' } }) -Force
    }
    $s['hyperv-module-missing-vmms-answers'] = @{ Shape = 'ws2022'; Behaviour = @{ hyperV = $false; vmms = $true } }
    $s['hns-module-missing'] = @{ Shape = 'ws2022'; Behaviour = @{ hnsModule = $false } }
    $s['hns-missing'] = @{ Shape = 'ws2022'; Behaviour = @{ hnsModule = $false; hnsdiag = $false } }
    $s['hnsdiag-braces'] = @{ Shape = 'ws2019'; Behaviour = @{ hnsModule = $false; hnsdiagNoise = $true } }
    $s['docker-stopped'] = @{ Shape = 'ws2022'; Behaviour = @{ docker = 'stopped' } }
    $s['docker-hung'] = @{ Shape = 'ws2022'; Behaviour = @{ docker = 'hung' }; Arguments = @{ TimeoutSeconds = 2 } }
    $s['not-elevated'] = @{ Shape = 'ws2022'; PSForm = '7'; Behaviour = @{ elevated = $false; docker = 'denied'; serviceQueryDenied = @('winnat', 'vfpext') } }
    $s['not-elevated-hyperv-administrator'] = @{ Shape = 'ws2022'; Behaviour = @{ elevated = $false; hyperVAdmin = $true } }
    $s['constrained-language'] = @{ Shape = 'ws2022'; ConstrainedLanguage = $true }
    $udpRanges = {
        param($state)
        $state['excludedPortRanges'] = @(
            [pscustomobject]@{ Protocol = 'tcp'; StartPort = 5985; EndPort = 5985; Administered = $false },
            [pscustomobject]@{ Protocol = 'udp'; StartPort = 50000; EndPort = 50059; Administered = $true })
    }
    $s['netsh-korean'] = @{ Shape = 'ws2022'; Behaviour = @{ netshLanguage = 'ko' }; Tweak = $udpRanges }
    $s['netsh-japanese'] = @{ Shape = 'ws2022'; Behaviour = @{ netshLanguage = 'ja' }; Tweak = $udpRanges }
    $s['labels-differing-in-case'] = @{ Shape = 'ws2022'; Tweak = {
            param($state)
            $c = @($state['docker'].containers)[1]
            $json = $c | ConvertTo-Json -Depth 30 -Compress
            $c | Add-Member -NotePropertyName RawJson -NotePropertyValue ($json.Substring(0, $json.Length - 1) + ',"Config2":{},"Labels":{"maintainer":"a","Maintainer":"b","Id":"x","ID":"y"}}')
        }
    }
    $s['daemon-json-invalid'] = @{ Shape = 'ws2019'; Tweak = { param($state) $state['daemonJsonText'] = '{ "bip": "172.30.0.1/16", "dns": [ }' } }
    $s['hundreds-of-containers'] = @{ Shape = 'ws2022'; Tweak = {
            param($state)
            $template = @($state['docker'].containers)[0] | ConvertTo-Json -Depth 30
            $many = for ($i = 0; $i -lt 300; $i++) {
                $c = $template | ConvertFrom-Json
                $c.Id = ('c' + $i.ToString('D63'))
                $c.Name = "/web-$i"
                $c
            }
            $state['docker'].containers = @($many)
        }
    }
    $s['crictl-vfpctrl-hung'] = @{ Shape = 'k8s-node'; Behaviour = @{ hangs = @('crictl info', 'vfpctrl /list-vmswitch-port') }; Arguments = @{ TimeoutSeconds = 2 } }
    $s['node-sources-fail'] = @{ Shape = 'k8s-node'; PSForm = '7'; Behaviour = @{ sourceFails = @('Get-NetFirewallProfile', 'Get-DnsClientServerAddress') } }
    return $s
}

function Get-WcnLoaderHostKeys {
    param([string] $ProjectRoot)
    $json = & node (Join-Path $ProjectRoot 'dist/test/powershell/load-captures.js') --host-keys
    if ($LASTEXITCODE -ne 0) { throw 'load-captures.js --host-keys failed (run npx tsc -p tsconfig.json first)' }
    return @($json | ConvertFrom-Json)
}

function Invoke-WcnCollectorScenarios {
    <# Runs every scenario; returns name -> {Capture, Text, Bytes, Calls, NativeCalls, Loaded, Seconds, Failure}. #>
    param([System.Collections.IDictionary] $Scenarios, [string] $ProjectRoot)
    $runs = @{}
    # Removed by Remove-WcnCollectorScenarioFiles.
    $script:WcnScenarioDir = Join-Path ([System.IO.Path]::GetTempPath()) ('wcn-collector-runs-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:WcnScenarioDir | Out-Null
    $outDir = $script:WcnScenarioDir
    foreach ($name in $Scenarios.Keys) {
        $sc = $Scenarios[$name]
        $run = [pscustomobject]@{ Name = $name; File = (Join-Path $outDir "$name.json"); Capture = $null; Text = $null; Bytes = $null; Calls = @(); NativeCalls = @(); HungPids = @(); Loaded = $null; Seconds = 0; Failure = $null; Output = @() }
        $runs[$name] = $run
        $use = @{ Shape = $sc['Shape']; PSForm = $(if ($sc['PSForm']) { $sc['PSForm'] } else { '5.1' }) }
        if ($sc['Behaviour']) { $use.Behaviour = $sc['Behaviour'] }
        if ($sc['Tweak']) { $use.Tweak = $sc['Tweak'] }
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        try {
            Use-WcnFakeHost @use
            $arguments = if ($sc['Arguments']) { $sc['Arguments'] } else { @{} }
            if ($sc['ConstrainedLanguage']) {
                Invoke-WcnFakeCollectorConstrained -OutFile $run.File -CollectorArguments $arguments | Out-Null
            }
            else {
                Invoke-WcnFakeCollector -OutFile $run.File -CollectorArguments $arguments | Out-Null
            }
        }
        catch {
            $run.Failure = "$_ at $($_.InvocationInfo.PositionMessage)"
        }
        $run.Seconds = $sw.Elapsed.TotalSeconds
        if ($null -ne $global:WcnFakeHost) {
            $run.Calls = @($global:WcnFakeHost.Calls)
            $run.NativeCalls = @(Get-WcnFakeNativeCalls)
            $pidFile = Join-Path $global:WcnFakeHost.Dir 'hung.pids'
            if (Test-Path -LiteralPath $pidFile) { $run.HungPids = @(Get-Content -LiteralPath $pidFile | ForEach-Object { [int] $_ }) }
            $run.Output = @($global:WcnFakeHost.Calls | Where-Object { $_ -like 'output: *' })
        }
        Clear-WcnFakeHost
        if (Test-Path -LiteralPath $run.File) {
            $run.Bytes = [System.IO.File]::ReadAllBytes($run.File)
            $run.Text = [System.Text.Encoding]::UTF8.GetString($run.Bytes)
            try { $run.Capture = $run.Text | ConvertFrom-Json } catch { $run.Failure = "the file is not JSON: $_" }
        }
        elseif (-not $run.Failure) {
            $run.Failure = 'no file was written'
        }
    }
    $files = @($runs.Values | Where-Object { $null -ne $_.Capture } | ForEach-Object File)
    if ($files.Count -gt 0) {
        $json = & node (Join-Path $ProjectRoot 'dist/test/powershell/load-captures.js') @files
        if ($LASTEXITCODE -ne 0) { throw 'load-captures.js failed' }
        $loaded = $json | ConvertFrom-Json -AsHashtable
        foreach ($run in $runs.Values) {
            if ($loaded.Contains($run.File)) { $run.Loaded = [pscustomobject] $loaded[$run.File] | ConvertTo-Json -Depth 20 | ConvertFrom-Json }
        }
    }
    return $runs
}

function Remove-WcnCollectorScenarioFiles {
    if ($script:WcnScenarioDir) { Remove-Item -LiteralPath $script:WcnScenarioDir -Recurse -Force -ErrorAction SilentlyContinue }
}
