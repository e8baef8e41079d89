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
    $outDir = Join-Path ([System.IO.Path]::GetTempPath()) ('wcn-collector-runs-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $outDir | Out-Null
    foreach ($name in $Scenarios.Keys) {
        $sc = $Scenarios[$name]
        $run = [pscustomobject]@{ Name = $name; File = (Join-Path $outDir "$name.json"); Capture = $null; Text = $null; Bytes = $null; Calls = @(); NativeCalls = @(); Loaded = $null; Seconds = 0; Failure = $null; Output = @() }
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
