# Every PowerShell command the project emits (fix and verify commands,
# simulator advice) and every remediation script, through PowerShell's own
# parser, in this one process.

BeforeAll {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Dir = Join-Path ([System.IO.Path]::GetTempPath()) ('wcn-parse-' + [guid]::NewGuid().ToString('N'))
    & node (Join-Path $root 'dist/test/powershell/emitted.js') $script:Dir
    if ($LASTEXITCODE -ne 0) { throw 'emitted.js failed (run npx tsc -p tsconfig.json first)' }
    $script:Commands = @(Get-Content -LiteralPath (Join-Path $script:Dir 'commands.json') -Raw | ConvertFrom-Json)

    function Get-ParseErrors([string] $Text) {
        $tokens = $null; $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref] $tokens, [ref] $errors)
        return , @($errors)
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:Dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'PowerShell''s parser' {
    It 'finds an error where there is one (the check can fail)' {
        (Get-ParseErrors "Remove-VMSwitch -Name 'unterminated").Count | Should -BeGreaterThan 0
        (Get-ParseErrors 'if ($x { }').Count | Should -BeGreaterThan 0
    }
    It 'parses every emitted command, verify command and advice with no error' {
        $script:Commands.Count | Should -BeGreaterThan 100
        $bad = foreach ($c in $script:Commands) {
            $errors = Get-ParseErrors $c.text
            if ($errors.Count -gt 0) { "$($c.source): $($c.text) -> $($errors[0].Message)" }
        }
        @($bad) | Should -BeNullOrEmpty
    }
    It 'parses every remediation script with no error' {
        $scripts = @(Get-ChildItem -LiteralPath (Join-Path $script:Dir 'scripts') -Filter '*.ps1')
        $scripts.Count | Should -BeGreaterThan 30
        $bad = foreach ($s in $scripts) {
            $errors = Get-ParseErrors (Get-Content -LiteralPath $s.FullName -Raw)
            if ($errors.Count -gt 0) { "$($s.Name): $($errors[0].Message) at line $($errors[0].Extent.StartLineNumber)" }
        }
        @($bad) | Should -BeNullOrEmpty
    }
}
