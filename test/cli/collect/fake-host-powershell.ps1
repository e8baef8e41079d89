# Stands in for PowerShell when `wcn-doctor collect` starts it in a test: the
# `pwsh` that the test puts first on PATH runs real PowerShell 7 with this
# file and passes on wcn-doctor's arguments. It records the arguments, makes
# the session a fake Windows container host (test/powershell/fakehost), and
# then runs the command wcn-doctor sent, as PowerShell would have.
#
# Environment: WCN_FAKE_SHAPE (a shape under fakehost/shapes), WCN_FAKE_PSFORM
# ('5.1' or '7'), WCN_FAKE_ARGS (a file to write the arguments to, one a line).
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

if ($env:WCN_FAKE_ARGS) {
    [System.IO.File]::WriteAllLines($env:WCN_FAKE_ARGS, [string[]] $args)
}
$at = [array]::IndexOf([string[]] $args, '-EncodedCommand')
if ($at -lt 0 -or $at + 1 -ge $args.Count) {
    [Console]::Error.WriteLine('fake-host-powershell: no -EncodedCommand among the arguments')
    exit 64
}
$command = [System.Text.Encoding]::Unicode.GetString([System.Convert]::FromBase64String($args[$at + 1]))

. (Join-Path $PSScriptRoot '../../powershell/fakehost/WcnFakeHost.ps1')
$dir = Join-Path ([System.IO.Path]::GetTempPath()) ('wcn-collect-fakehost-' + [guid]::NewGuid().ToString('N'))
$form = if ($env:WCN_FAKE_PSFORM) { $env:WCN_FAKE_PSFORM } else { '5.1' }
Use-WcnFakeHost -Shape $env:WCN_FAKE_SHAPE -PSForm $form -Dir $dir
$code = 0
try {
    # The command ends with 'exit <code>'; run as a script file, that ends only the file.
    $file = Join-Path $dir 'command.ps1'
    [System.IO.File]::WriteAllText($file, $command)
    & $file
    $code = $LASTEXITCODE
}
finally {
    Clear-WcnFakeHost
    Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
}
exit $code
