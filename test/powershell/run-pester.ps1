<#
    Runs the Pester tests of this folder (or the files given) in this one
    PowerShell process and writes a JSON summary for the ava wrapper
    (test/powershell/pester.test.ts): counts, and the name and message of every
    failed test. Exit code: the number of failed tests (0 = all passed).
    Pester comes from .tools/Modules (scripts/install-powershell.sh) or from
    any folder on PSModulePath.
#>
param(
    [string[]] $Path = @($PSScriptRoot),
    [string] $ResultFile
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$tools = Join-Path $root '.tools/Modules'
if (Test-Path -LiteralPath $tools) {
    $env:PSModulePath = $tools + [System.IO.Path]::PathSeparator + $env:PSModulePath
}
$pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version.Major -eq 5 } | Sort-Object Version -Descending | Select-Object -First 1
if ($null -eq $pester) {
    Write-Error 'Pester 5 was not found: run scripts/install-powershell.sh'
    exit 100
}
Import-Module $pester.Path
if ([Console]::IsOutputRedirected -or $env:NO_COLOR) { $PSStyle.OutputRendering = 'PlainText' }

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $configuration

$failed = foreach ($test in $result.Failed) {
    [ordered]@{ name = $test.ExpandedPath; message = (@($test.ErrorRecord | ForEach-Object { $_.Exception.Message }) -join "`n") }
}
$failedBlocks = foreach ($block in $result.FailedBlocks) {
    [ordered]@{ name = $block.ExpandedPath; message = (@($block.ErrorRecord | ForEach-Object { $_.Exception.Message }) -join "`n") }
}
$failedContainers = foreach ($container in $result.FailedContainers) {
    [ordered]@{ name = [string] $container.Item; message = (@($container.ErrorRecord | ForEach-Object { $_.Exception.Message }) -join "`n") }
}
$summary = [ordered]@{
    pester = $pester.Version.ToString()
    powershell = $PSVersionTable.PSVersion.ToString()
    passed = $result.PassedCount
    failed = $result.FailedCount
    skipped = $result.SkippedCount
    notRun = $result.NotRunCount
    failures = @($failed) + @($failedBlocks) + @($failedContainers)
}
if ($ResultFile) {
    [System.IO.File]::WriteAllText($ResultFile, ($summary | ConvertTo-Json -Depth 5))
}
exit ($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount)
