# A PowerShell host that answers every confirmation prompt with a fixed
# choice ("No" by default) and counts the prompts, for running scripts that
# call ShouldContinue or ShouldProcess -Confirm without a person at the
# keyboard. Dot-source, then: $h = [WcnAnsweringHost]::new($false)

if (-not ('WcnAnsweringHost' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

public sealed class WcnAnsweringUI : PSHostUserInterface {
    private readonly bool _yes;
    public readonly List<string> Prompts = new List<string>();
    public readonly List<string> Lines = new List<string>();
    public WcnAnsweringUI(bool yes) { _yes = yes; }
    public override PSHostRawUserInterface RawUI { get { return null; } }
    public override string ReadLine() { return ""; }
    public override SecureString ReadLineAsSecureString() { return new SecureString(); }
    public override void Write(string value) { Lines.Add(value); }
    public override void Write(ConsoleColor f, ConsoleColor b, string value) { Lines.Add(value); }
    public override void WriteLine(string value) { Lines.Add(value); }
    public override void WriteErrorLine(string value) { Lines.Add("error: " + value); }
    public override void WriteDebugLine(string message) { }
    public override void WriteProgress(long sourceId, ProgressRecord record) { }
    public override void WriteVerboseLine(string message) { }
    public override void WriteWarningLine(string message) { Lines.Add("warning: " + message); }
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) {
        throw new InvalidOperationException("unexpected prompt for input: " + message);
    }
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) {
        throw new InvalidOperationException("unexpected prompt for a credential");
    }
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowed, PSCredentialUIOptions options) {
        throw new InvalidOperationException("unexpected prompt for a credential");
    }
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) {
        Prompts.Add(caption + ": " + message);
        for (int i = 0; i < choices.Count; i++) {
            string label = choices[i].Label.Replace("&", "");
            if (_yes ? label.StartsWith("Yes", StringComparison.OrdinalIgnoreCase) && !label.Contains("All")
                     : label.StartsWith("No", StringComparison.OrdinalIgnoreCase) && !label.Contains("All")) {
                return i;
            }
        }
        throw new InvalidOperationException("no such choice in: " + message);
    }
}

public sealed class WcnAnsweringHost : PSHost {
    private readonly Guid _id = Guid.NewGuid();
    public readonly WcnAnsweringUI Answers;
    public WcnAnsweringHost(bool yes) { Answers = new WcnAnsweringUI(yes); }
    public override string Name { get { return "WcnAnsweringHost"; } }
    public override Version Version { get { return new Version(1, 0); } }
    public override Guid InstanceId { get { return _id; } }
    public override PSHostUserInterface UI { get { return Answers; } }
    public override CultureInfo CurrentCulture { get { return CultureInfo.InvariantCulture; } }
    public override CultureInfo CurrentUICulture { get { return CultureInfo.InvariantCulture; } }
    public override void SetShouldExit(int exitCode) { }
    public override void EnterNestedPrompt() { throw new NotSupportedException(); }
    public override void ExitNestedPrompt() { throw new NotSupportedException(); }
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}
'@
}

# Commands that change nothing and compute a value a step needs: not replaced.
$script:WcnPureCommands = @('Get-Date', 'Join-Path')

function Invoke-WcnRecordedScript {
    <#
    .SYNOPSIS
        Runs a script in a new runspace whose host answers prompts with
        $Answer, with every command the script names (but Get-Date) replaced
        by a function that records its name and arguments and does nothing
        (Get-Content returns an empty text).
        Returns @{ Calls = [{Name, Args}]; Prompts; Error; Written (files a .NET call wrote) }.
    #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [hashtable] $Parameters = @{},
        [bool] $Answer = $false
    )
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors)
    if ($errors.Count -gt 0) { throw "$Path does not parse: $($errors[0].Message)" }
    $names = @($ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) |
            ForEach-Object { $_.GetCommandName() } | Where-Object { $_ -and $_ -notin $script:WcnPureCommands } | Sort-Object -Unique)
    # A step may run a program by its path under Program Files (& (Join-Path
    # $Env:ProgramFiles ...)): those paths lead to a recorder script here.
    $programFiles = Join-Path ([System.IO.Path]::GetTempPath()) ('wcn-programfiles-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $programFiles | Out-Null
    $log = Join-Path $programFiles 'calls.log'
    foreach ($m in [regex]::Matches((Get-Content -LiteralPath $Path -Raw), "-ChildPath '([^']+\.exe)'")) {
        $file = Join-Path $programFiles $m.Groups[1].Value
        New-Item -ItemType Directory -Force -Path (Split-Path -Parent $file) | Out-Null
        Set-Content -LiteralPath $file -Value "#!/bin/sh`nprintf '%s\n' `"`$0`" `"`$@`" | tr '\n' '\037' >> '$log'; echo >> '$log'"
        & chmod +x $file
    }
    $savedProgramFiles = $env:ProgramFiles
    $env:ProgramFiles = $programFiles
    # .NET calls in a step (File.WriteAllText of daemon.json) cannot be
    # replaced: on Linux their Windows paths are relative file names, so
    # the process works in an empty folder and reports what appeared there.
    $workDir = Join-Path $programFiles 'cwd'
    New-Item -ItemType Directory -Path $workDir | Out-Null
    $savedDirectory = [System.IO.Directory]::GetCurrentDirectory()
    [System.IO.Directory]::SetCurrentDirectory($workDir)
    $recordingHost = [WcnAnsweringHost]::new($Answer)
    $calls = [System.Collections.Generic.List[object]]::new()
    $runspace = [runspacefactory]::CreateRunspace($recordingHost)
    $runspace.Open()
    try {
        $runspace.SessionStateProxy.SetVariable('WcnRecorded', $calls)
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $define = foreach ($n in $names) {
            # No pipeline cmdlet inside: ForEach-Object itself may be one of the mocks.
            # Get-Content answers with an empty text, so that a step that edits a file's text ((Get-Content -Raw).Replace(...)) runs.
            $mockOutput = if ($n -eq 'Get-Content') { "; ''" } else { '' }
            "function global:$n { `$a = foreach (`$x in `$args) { [string] `$x }; `$WcnRecorded.Add([pscustomobject]@{ Name = '$n'; Args = @(`$a) })$mockOutput }"
        }
        $null = $ps.AddScript(($define -join "`n")).AddStatement().AddCommand($Path).AddParameters($Parameters)
        $failure = $null
        try { $null = $ps.Invoke() } catch { $failure = $_.Exception.InnerException ?? $_.Exception }
        if ($null -eq $failure -and $ps.Streams.Error.Count -gt 0) { $failure = $ps.Streams.Error[0] }
        if (Test-Path -LiteralPath $log) {
            foreach ($line in Get-Content -LiteralPath $log) {
                $words = @($line.TrimEnd([char] 31).Split([char] 31))
                $calls.Add([pscustomobject]@{ Name = (Split-Path -Leaf $words[0]); Args = @($words | Select-Object -Skip 1) })
            }
        }
        $written = @(Get-ChildItem -LiteralPath $workDir -Recurse -File | ForEach-Object { $_.Name })
        return [pscustomobject]@{ Calls = $calls.ToArray(); Prompts = $recordingHost.Answers.Prompts.ToArray(); Error = $failure; Mocked = $names; Written = $written }
    }
    finally {
        [System.IO.Directory]::SetCurrentDirectory($savedDirectory)
        $runspace.Dispose()
        $env:ProgramFiles = $savedProgramFiles
        Remove-Item -LiteralPath $programFiles -Recurse -Force -ErrorAction SilentlyContinue
    }
}
