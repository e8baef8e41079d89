# The remediation scripts that "wcn-doctor fix --fixes all" writes for every
# broken sample, run under PowerShell with every command they name replaced
# by a recorder (fakehost/AnsweringHost.ps1), and a host that answers prompts.

BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Cases = Get-ChildItem -LiteralPath (Join-Path $root 'snapshots/cases') -Directory | Sort-Object Name | ForEach-Object { @{ Case = $_.Name } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'fakehost/AnsweringHost.ps1')
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Emitted = Join-Path ([System.IO.Path]::GetTempPath()) ('wcn-emitted-' + [guid]::NewGuid().ToString('N'))
    & node (Join-Path $root 'dist/test/powershell/emitted.js') $script:Emitted
    if ($LASTEXITCODE -ne 0) { throw 'emitted.js failed (run npx tsc -p tsconfig.json first)' }

    function Get-Steps([string] $Path) {
        # Each step is an if statement; disruptive ones also ask ShouldContinue.
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $null, [ref] $null)
        foreach ($if in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.IfStatementAst] }, $false)) {
            $condition = $if.Clauses[0].Item1.Extent.Text
            if ($condition -notmatch 'ShouldProcess') { continue }
            $done = $if.Clauses[0].Item2.Extent.Text -match "Step (\d+) done"
            [pscustomobject]@{ Number = [int] $Matches[1]; Disruptive = $condition -match 'ShouldContinue' }
        }
    }
    function Get-StepsRun($Run) {
        @($Run.Calls | Where-Object Name -eq 'Write-Host' | ForEach-Object { if ($_.Args -join ' ' -match 'Step (\d+) done') { [int] $Matches[1] } })
    }
    function Get-Changes($Run) {
        @($Run.Calls | Where-Object { $_.Name -ne 'Write-Host' })
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:Emitted -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'remediation script of <Case>' -ForEach $Cases {
    BeforeAll {
        $script:Path = Join-Path $script:Emitted "scripts/$Case.ps1"
        $script:Steps = @(Get-Steps $script:Path)
    }
    It 'has one guarded block per step, each ending with its "done" line' {
        $headers = @(Select-String -LiteralPath $script:Path -Pattern '^# Step \d+ of \d+:').Count
        $script:Steps.Count | Should -Be $headers
        if ($headers -gt 0) { @($script:Steps.Number) | Should -Be @(1..$headers) }
        else { Get-Content -LiteralPath $script:Path -Raw | Should -Match 'Nothing to run here' }
    }
    It 'with -WhatIf runs no command at all' {
        $run = Invoke-WcnRecordedScript -Path $script:Path -Parameters @{ WhatIf = $true } -Answer $true
        $run.Error | Should -BeNullOrEmpty
        @($run.Calls | ForEach-Object { $_.Name }) | Should -BeNullOrEmpty
        $run.Prompts | Should -BeNullOrEmpty
        $run.Written | Should -BeNullOrEmpty
    }
    It 'without -Force asks before each disruptive step, and answering no runs only the safe steps' {
        $run = Invoke-WcnRecordedScript -Path $script:Path -Answer $false
        $run.Error | Should -BeNullOrEmpty
        $disruptive = @($script:Steps | Where-Object Disruptive)
        $run.Prompts.Count | Should -Be $disruptive.Count
        Get-StepsRun $run | Should -Be @($script:Steps | Where-Object { -not $_.Disruptive } | ForEach-Object Number)
        if ($disruptive.Count -gt 0) {
            # Answering yes runs them: the prompt is what held them back.
            $yes = Invoke-WcnRecordedScript -Path $script:Path -Answer $true
            Get-StepsRun $yes | Should -Be @($script:Steps.Number)
            @($yes.Calls).Count | Should -BeGreaterThan @($run.Calls).Count
        }
    }
    It 'with -Force runs every step without asking' {
        $run = Invoke-WcnRecordedScript -Path $script:Path -Parameters @{ Force = $true } -Answer $false
        $run.Error | Should -BeNullOrEmpty
        $run.Prompts | Should -BeNullOrEmpty
        Get-StepsRun $run | Should -Be @($script:Steps.Number)
    }
}

Describe 'hostile names in remediation scripts' {
    BeforeAll {
        $script:Hostile = @(Get-Content -LiteralPath (Join-Path $script:Emitted 'hostile.json') -Raw | ConvertFrom-Json)
    }
    It 'covers several kinds of object' {
        @($script:Hostile.kind | Sort-Object -Unique).Count | Should -BeGreaterThan 3
    }
    It 'the mocked commands get exactly the original name as one argument, and no other command runs' {
        $i = 0
        $total = 0
        foreach ($case in $script:Hostile) {
            $i++
            $plainPath = Join-Path $script:Emitted "plain-$i.ps1"
            $hostilePath = Join-Path $script:Emitted "hostile-$i.ps1"
            [System.IO.File]::WriteAllText($plainPath, $case.plainScript, [System.Text.UTF8Encoding]::new($true))
            [System.IO.File]::WriteAllText($hostilePath, $case.hostileScript, [System.Text.UTF8Encoding]::new($true))
            $plain = Invoke-WcnRecordedScript -Path $plainPath -Parameters @{ Force = $true }
            $hostile = Invoke-WcnRecordedScript -Path $hostilePath -Parameters @{ Force = $true }
            $because = "$($case.sample) $($case.kind) renamed to $($case.hostile | ConvertTo-Json)"
            $hostile.Error | Should -BeNullOrEmpty -Because $because
            $p = Get-Changes $plain
            $h = Get-Changes $hostile
            @($h.Name) | Should -Be @($p.Name) -Because $because
            $carried = 0
            for ($c = 0; $c -lt $p.Count; $c++) {
                $h[$c].Args.Count | Should -Be $p[$c].Args.Count -Because "$because, call $($p[$c].Name)"
                for ($a = 0; $a -lt $p[$c].Args.Count; $a++) {
                    # Time stamps (HNS.data.<yyyyMMddHHmmss>.bak) differ between the two runs.
                    $expected = $p[$c].Args[$a].Replace($case.plain, $case.hostile) -replace '\.\d{14}\.', '.<time>.'
                    $h[$c].Args[$a] -replace '\.\d{14}\.', '.<time>.' | Should -BeExactly $expected -Because "$because, $($p[$c].Name) argument $a"
                    if ($p[$c].Args[$a] -ceq $case.plain) { $carried++ }
                }
            }
            $total += $carried
        }
        # Some commands must receive the name itself, not only inside a message.
        $total | Should -BeGreaterThan 0
    }
}
