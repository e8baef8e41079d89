<#
.SYNOPSIS
    Runs a collector script on a fake Windows host, outside Pester.

.EXAMPLE
    pwsh -NoProfile -File test/powershell/fakehost/Invoke-FakeCollector.ps1 -Shape ws2022 -OutFile x.json

.EXAMPLE
    pwsh -NoProfile -File Invoke-FakeCollector.ps1 -Shape ws2022 -BehaviourJson '{"docker":"stopped"}' -CollectorPath ./other/Collect-WcnCapture.ps1 -CollectorArgumentsJson '{"TimeoutSeconds":5}'

    Any script that reads host state can stand in for the collector
    (-CollectorPath); it sees the fake cmdlets and programs, because they are
    defined in this session before it runs.
#>
param(
    [Parameter(Mandatory)] [string] $Shape,
    [ValidateSet('5.1', '7')] [string] $PSForm = '5.1',
    # Behaviour flags as JSON (see WcnFakeHost.ps1), e.g. '{"hyperV":false}'.
    [string] $BehaviourJson = '{}',
    [string] $OutFile = 'capture.json',
    [string] $CollectorPath,
    # The collector's parameters as JSON (pwsh -File cannot pass a hashtable), e.g. '{"TimeoutSeconds":5}'.
    [string] $CollectorArgumentsJson = '{}',
    # Where the fake programs keep their answers and call log (kept after the run).
    [string] $Dir
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'WcnFakeHost.ps1')
$use = @{ Shape = $Shape; PSForm = $PSForm; Behaviour = ($BehaviourJson | ConvertFrom-Json -AsHashtable) }
if ($Dir) { $use.Dir = $Dir }
Use-WcnFakeHost @use
try {
    $run = @{ OutFile = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile); CollectorArguments = ($CollectorArgumentsJson | ConvertFrom-Json -AsHashtable) }
    if ($CollectorPath) { $run.CollectorPath = (Resolve-Path -LiteralPath $CollectorPath).Path }
    $written = Invoke-WcnFakeCollector @run
    foreach ($line in $global:WcnFakeHost.Calls | Where-Object { $_ -like 'output: *' }) { Write-Host $line.Substring(8) }
    if ($Dir) { Write-Host "native calls logged in $(Join-Path $Dir 'calls.log')" }
    $written
}
finally {
    Clear-WcnFakeHost
}
