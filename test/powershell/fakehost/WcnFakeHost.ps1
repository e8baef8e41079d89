<#
.SYNOPSIS
    A fake Windows container host for running Collect-WcnCapture.ps1 (or any
    script that reads host state) under PowerShell 7 on Linux.

.DESCRIPTION
    Dot-source this file, then:

        Use-WcnFakeHost -Shape ws2022 [-PSForm 5.1|7] [-Behaviour @{...}] [-Tweak { param($state) ... }]

    defines global functions with the names of the Windows cmdlets the
    collector calls (Get-CimInstance, Get-ItemProperty for HKLM:, Get-Service,
    Get-HotFix, Get-VM*, Get-Net*, Get-Hns*, Get-ContainerNetwork), answering
    from a recorded host shape, and puts fake docker, netsh, hnsdiag and whoami
    programs first on PATH (answering from files in a folder it writes).
    Functions win over cmdlets, so a script run afterwards in the same
    session sees the fake host.

        Invoke-WcnFakeCollector -OutFile x.json [-CollectorArguments @{...}]

    runs the collector against it; Clear-WcnFakeHost removes every fake and
    restores PATH and ProgramData.

    A shape (shapes/<name>.json) names a sample capture under snapshots/ that
    holds the host's state, optional "set" (keys replaced), and "behaviour":
    which modules and programs exist and how they answer. The state uses
    capture key names, so a new capture key needs only a new entry in
    $script:WcnFakeCmdlets (cmdlet name -> key) or a new program answer.
    Behaviour flags (all optional):
        hyperV        $true: the Hyper-V module is there (Get-VMSwitch, ...)
        vmms          $true: the root\virtualization\v2 CIM namespace answers
        hnsModule     $true: Get-HnsNetwork / Get-HnsEndpoint / Get-HnsPolicyList exist
        hnsdiag       $true: hnsdiag.exe is on PATH
        containerNetworkCmdlet  $true: Get-ContainerNetwork exists (Server 2016)
        docker        'running' | 'absent' | 'stopped' | 'hung' | 'denied'
        elevated      $true: an elevated administrator; $false: a standard user
        hyperVAdmin   $true: member of Hyper-V Administrators
        netshLanguage 'en' | 'ko' | 'ja'
        hnsdiagNoise  $true: hnsdiag prints text with {GUID} braces between objects
        serviceQueryDenied  names of services whose query fails (PS 7, not elevated)
        sourceFails   names of cmdlets that fail (Get-NetFirewallProfile, ...)
        hangs         program calls that never answer ('crictl info', 'vfpctrl /list-vmswitch-port')
#>

Set-StrictMode -Version 3

$script:WcnFakeRoot = $PSScriptRoot
$script:WcnProjectRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../../..')).Path
$script:WcnCollectorPath = Join-Path $script:WcnProjectRoot 'collect/Collect-WcnCapture.ps1'

# Cmdlets answered straight from one state key (after filtering in the function).
$script:WcnFakeCmdlets = [ordered]@{
    'Get-HotFix'              = 'hotfixes'
    'Get-NetAdapter'          = 'netAdapters'
    'Get-NetIPAddress'        = 'netIPAddresses'
    'Get-NetIPInterface'      = 'netIPInterfaces'
    'Get-NetRoute'            = 'netRoutes'
    'Get-NetNat'              = 'netNat'
    'Get-NetNatStaticMapping' = 'netNatStaticMappings'
    'Get-DnsClientServerAddress' = 'dnsClientServers'
    'Get-NetFirewallProfile'  = 'firewall.profiles'
}
$script:WcnHyperVCmdlets = @('Get-VMSwitch', 'Get-VMSwitchExtension', 'Get-VMNetworkAdapter')
$script:WcnHnsCmdlets = @('Get-HnsNetwork', 'Get-HnsEndpoint', 'Get-HnsPolicyList')
# Every function this file may define (removed by Clear-WcnFakeHost).
$script:WcnAllFakes = @($script:WcnFakeCmdlets.Keys) + $script:WcnHyperVCmdlets + $script:WcnHnsCmdlets +
    @('Get-CimInstance', 'Get-ItemProperty', 'Get-Service', 'Get-ContainerNetwork', 'Get-NetTCPSetting', 'Get-NetUDPSetting',
        'Get-NetFirewallPortFilter', 'Get-NetFirewallRule', 'Invoke-HnsRequest')

# Enum fields: PowerShell 5.1's ConvertTo-Json writes the number, a capture
# made with names (PowerShell 7 with -EnumsAsStrings, or by hand) the name.
$script:WcnEnumFields = @{
    services             = @{ Status = @{ Stopped = 1; StartPending = 2; StopPending = 3; Running = 4; ContinuePending = 5; PausePending = 6; Paused = 7 }; StartType = @{ Boot = 0; System = 1; Automatic = 2; Manual = 3; Disabled = 4 } }
    vmSwitches           = @{ SwitchType = @{ Private = 0; Internal = 1; External = 2 } }
    vmNetworkAdapters    = @{ MacAddressSpoofing = @{ On = 0; Off = 1 } }
    vmSwitchExtensions   = @{ ExtensionType = @{ Unknown = 0; Capture = 1; Filter = 2; Forwarding = 3; Monitoring = 4; Native = 5 } }
    netIPAddresses       = @{ AddressFamily = @{ IPv4 = 2; IPv6 = 23 } }
    netIPInterfaces      = @{ AddressFamily = @{ IPv4 = 2; IPv6 = 23 } }
    netNatStaticMappings = @{ Protocol = @{ TCP = 6; UDP = 17 } }
}

$script:WcnDefaultBehaviour = @{
    hyperV = $true; vmms = $true; hnsModule = $true; hnsdiag = $true; containerNetworkCmdlet = $false
    docker = 'running'; elevated = $true; hyperVAdmin = $false; netshLanguage = 'en'; hnsdiagNoise = $false
    serviceQueryDenied = @(); sourceFails = @(); hangs = @()
}

function Get-WcnFakeShapeNames {
    <# The names of the recorded host shapes. #>
    Get-ChildItem -LiteralPath (Join-Path $script:WcnFakeRoot 'shapes') -Filter '*.json' | ForEach-Object { $_.BaseName } | Sort-Object
}

function ConvertTo-WcnFakeForm {
    <# Enum fields as numbers (5.1) or names (7), in place. #>
    param($State, [string] $PSForm)
    foreach ($key in $script:WcnEnumFields.Keys) {
        if (-not $State.Contains($key) -or $null -eq $State[$key]) { continue }
        foreach ($item in @($State[$key])) {
            foreach ($field in $script:WcnEnumFields[$key].Keys) {
                $property = $item.PSObject.Properties[$field]
                if ($null -eq $property -or $null -eq $property.Value) { continue }
                $table = $script:WcnEnumFields[$key][$field]
                $value = $property.Value
                if ($PSForm -eq '5.1' -and $value -is [string] -and $table.Contains($value)) {
                    $property.Value = $table[$value]
                }
                elseif ($PSForm -eq '7' -and $value -isnot [string]) {
                    $name = @($table.Keys | Where-Object { $table[$_] -eq $value })
                    if ($name.Count -eq 1) { $property.Value = $name[0] }
                }
            }
        }
    }
}

function Read-WcnFakeShape {
    <# The state (an ordered dictionary of capture keys) and behaviour of a shape. #>
    param([Parameter(Mandatory)] [string] $Shape)
    $path = Join-Path $script:WcnFakeRoot "shapes/$Shape.json"
    if (-not (Test-Path -LiteralPath $path)) {
        throw "No fake host shape '$Shape' (known: $((Get-WcnFakeShapeNames) -join ', '))."
    }
    $spec = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json -AsHashtable
    $behaviour = @{} + $script:WcnDefaultBehaviour
    if ($spec.Contains('extends')) {
        $parent = Read-WcnFakeShape -Shape $spec['extends']
        $state = $parent.State
        foreach ($k in $parent.Behaviour.Keys) { $behaviour[$k] = $parent.Behaviour[$k] }
    }
    else {
        $sample = Join-Path $script:WcnProjectRoot "snapshots/$($spec['capture']).json"
        $captured = Get-Content -LiteralPath $sample -Raw | ConvertFrom-Json
        $state = [ordered]@{}
        foreach ($p in $captured.PSObject.Properties) { $state[$p.Name] = $p.Value }
    }
    if ($spec.Contains('set')) {
        # Re-read through ConvertFrom-Json so values are PSCustomObjects like the sample's.
        $set = ($spec['set'] | ConvertTo-Json -Depth 30) | ConvertFrom-Json
        foreach ($p in $set.PSObject.Properties) { $state[$p.Name] = $p.Value }
    }
    if ($spec.Contains('remove')) {
        foreach ($k in $spec['remove']) { $state.Remove($k) }
    }
    if ($spec.Contains('behaviour')) {
        foreach ($k in $spec['behaviour'].Keys) { $behaviour[$k] = $spec['behaviour'][$k] }
    }
    return @{ State = $state; Behaviour = $behaviour; Description = $spec['description'] }
}

function Get-WcnNetshText {
    <# What netsh int ipv4 show excludedportrange prints for one protocol, in a language. #>
    param([string] $Protocol, [object[]] $Ranges, [string] $Language)
    $titles = @{
        en = @("Protocol $Protocol Port Exclusion Ranges", 'Start Port    End Port', '* - Administered port exclusions.')
        ja = @("プロトコル $Protocol ポート除外範囲", '開始ポート    終了ポート', '* - 管理されている除外ポート。')
        ko = @("프로토콜 $Protocol 포트 제외 범위", '시작 포트    끝 포트', '* - 관리되는 포트 제외입니다.')
    }
    $t = $titles[$Language]
    $lines = @('', $t[0], '', $t[1], '----------    --------')
    foreach ($r in $Ranges) {
        $line = '{0,10}  {1,10}' -f $r.StartPort, $r.EndPort
        if ($r.Administered) { $line += '     *' }
        $lines += $line
    }
    $lines += @('', $t[2], '')
    return ($lines -join "`r`n") + "`r`n"
}

function Get-WcnRangesFromState {
    <# The excluded ranges of a state, from raw netsh lines or objects. #>
    param($Value)
    $ranges = [System.Collections.Generic.List[object]]::new()
    $protocol = 'tcp'
    foreach ($item in @($Value)) {
        if ($item -is [string]) {
            if ($item -match 'protocol\s+(tcp|udp)') { $protocol = $Matches[1].ToLowerInvariant() }
            elseif ($item -match '^\s*(\d+)\s+(\d+)(\s+\*)?\s*$') {
                $ranges.Add([pscustomobject]@{ Protocol = $protocol; StartPort = [int] $Matches[1]; EndPort = [int] $Matches[2]; Administered = [bool] $Matches[3] })
            }
        }
        elseif ($null -ne $item) {
            $adm = $item.PSObject.Properties['Administered']
            $ranges.Add([pscustomobject]@{ Protocol = ([string] $item.Protocol).ToLowerInvariant(); StartPort = [int] $item.StartPort; EndPort = [int] $item.EndPort; Administered = ($null -ne $adm -and [bool] $adm.Value) })
        }
    }
    return , $ranges.ToArray()
}

function Get-WcnHnsdiagText {
    <# hnsdiag list <kind> -df output: one JSON object per item, with text (and {GUID}s) around when noisy. #>
    param([object[]] $Items, [bool] $Noise)
    $parts = foreach ($item in $Items) {
        if ($Noise) {
            "Network : {$($item.ID)}"
            "Name    : $($item.Name)"
        }
        $item | ConvertTo-Json -Depth 30
    }
    return (@($parts) -join "`r`n") + "`r`n"
}

function Set-WcnFakeAnswer {
    param([string] $Program, [string] $Arguments, [AllowEmptyString()] [string] $Out, [string] $Err, [int] $ExitCode = 0, [switch] $Hang)
    $key = $Arguments -replace '[^A-Za-z0-9=.-]', '_'
    $dir = Join-Path $global:WcnFakeHost.Dir $Program
    New-Item -ItemType Directory -Force -Path $dir | Out-Null
    $base = Join-Path $dir $key
    if ($Hang) { Set-Content -LiteralPath "$base.hang" -Value '' ; return }
    [System.IO.File]::WriteAllText("$base.out", $Out, [System.Text.UTF8Encoding]::new($false))
    if ($Err) { [System.IO.File]::WriteAllText("$base.err", $Err) }
    if ($ExitCode -ne 0) { Set-Content -LiteralPath "$base.rc" -Value $ExitCode }
}

function Write-WcnFakeFile {
    param([string] $Path, [AllowEmptyString()] [string] $Text)
    New-Item -ItemType Directory -Force -Path (Split-Path -Parent $Path) | Out-Null
    [System.IO.File]::WriteAllText($Path, $Text, [System.Text.UTF8Encoding]::new($false))
}

function Write-WcnFakeDocker {
    <# The files the fake docker CLI answers from. #>
    param($State, [hashtable] $Behaviour, [string] $Dir)
    $d = Join-Path $Dir 'docker'
    New-Item -ItemType Directory -Force -Path $d, "$d/networks", "$d/containers" | Out-Null
    $docker = if ($State.Contains('docker')) { $State['docker'] } else { $null }
    $info = if ($null -ne $docker -and $docker.PSObject.Properties['info']) { $docker.info } else { $null }
    $version = if ($null -ne $docker -and $docker.PSObject.Properties['version']) { $docker.version } else { $null }
    $mode = $Behaviour['docker']
    if ($mode -eq 'stopped' -or $mode -eq 'denied') {
        # docker info --format keeps an empty Info, adds ServerErrors, prints the error and exits 0.
        $why = if ($mode -eq 'denied') {
            'error during connect: this error may indicate that the docker daemon is not running: Get "http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.47/info": open //./pipe/docker_engine: Access is denied.'
        } else {
            'error during connect: this error may indicate that the docker daemon is not running: Get "http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.47/info": open //./pipe/docker_engine: The system cannot find the file specified.'
        }
        $client = [ordered]@{ Version = '27.3.1'; Context = 'default'; Debug = $false; Plugins = $null }
        $empty = [ordered]@{ ID = ''; Containers = 0; ContainersRunning = 0; Images = 0; Driver = ''; OSType = ''; ServerVersion = ''; OperatingSystem = ''; Name = ''; ServerErrors = @($why); ClientInfo = $client; Warnings = $null }
        Write-WcnFakeFile "$d/info.out" (($empty | ConvertTo-Json -Depth 10 -Compress) + "`n")
        Write-WcnFakeFile "$d/info.err" "$why`n"
        $v = [ordered]@{ Client = [ordered]@{ Platform = @{ Name = '' }; Version = '27.3.1'; ApiVersion = '1.47'; Os = 'windows'; Arch = 'amd64' }; Server = $null }
        Write-WcnFakeFile "$d/version.out" (($v | ConvertTo-Json -Depth 10 -Compress) + "`n")
        Write-WcnFakeFile "$d/version.err" "$why`n"
        Set-Content -LiteralPath "$d/version.rc" -Value 1
        # ls and ps fail like the daemon is gone.
        foreach ($f in 'network-ls', 'ps') {
            Write-WcnFakeFile "$d/$f.err" "$why`n"
            Set-Content -LiteralPath "$d/$f.rc" -Value 1
        }
        return
    }
    if ($mode -eq 'hung') {
        Write-WcnFakeFile "$d/hang" "*`n"
        return
    }
    if ($null -ne $info) { Write-WcnFakeFile "$d/info.out" (($info | ConvertTo-Json -Depth 30 -Compress) + "`n") }
    if ($null -ne $version) { Write-WcnFakeFile "$d/version.out" (($version | ConvertTo-Json -Depth 30 -Compress) + "`n") }
    $networks = if ($null -ne $docker -and $docker.PSObject.Properties['networks']) { @($docker.networks) } else { @() }
    $containers = if ($null -ne $docker -and $docker.PSObject.Properties['containers']) { @($docker.containers) } else { @() }
    Write-WcnFakeFile "$d/network-ids.txt" ((@($networks | ForEach-Object { $_.Id }) -join "`n") + "`n")
    foreach ($n in $networks) { Write-WcnFakeFile "$d/networks/$($n.Id).json" ($n | ConvertTo-Json -Depth 30) }
    Write-WcnFakeFile "$d/container-ids.txt" ((@($containers | ForEach-Object { $_.Id }) -join "`n") + "`n")
    foreach ($c in $containers) {
        $text = if ($c.PSObject.Properties['RawJson']) { $c.RawJson } else { $c | ConvertTo-Json -Depth 30 }
        Write-WcnFakeFile "$d/containers/$($c.Id).json" $text
    }
}

function New-WcnFakeFunction {
    param([string] $Name, [scriptblock] $Body)
    Set-Item -LiteralPath "function:global:$Name" -Value $Body
}

function Use-WcnFakeHost {
    <#
    .SYNOPSIS
        Makes this session look like a Windows container host of a recorded shape.
    .PARAMETER Shape
        A file name under shapes/ without .json (Get-WcnFakeShapeNames lists them).
    .PARAMETER PSForm
        '5.1' (enum values as numbers, as Windows PowerShell writes them) or '7' (names).
    .PARAMETER Behaviour
        Behaviour flags that replace the shape's (see the file's help).
    .PARAMETER Tweak
        A script block given the state (ordered dictionary of capture keys) to change it.
    .PARAMETER Dir
        The folder for the fake programs' answers and call log; kept by
        Clear-WcnFakeHost. By default a new temporary folder, removed by it.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Shape,
        [ValidateSet('5.1', '7')] [string] $PSForm = '5.1',
        [hashtable] $Behaviour = @{},
        [scriptblock] $Tweak,
        [string] $Dir
    )
    Clear-WcnFakeHost
    $loaded = Read-WcnFakeShape -Shape $Shape
    $state = $loaded.State
    $b = $loaded.Behaviour
    foreach ($k in $Behaviour.Keys) { $b[$k] = $Behaviour[$k] }
    if ($Tweak) { & $Tweak $state }
    ConvertTo-WcnFakeForm -State $state -PSForm $PSForm
    $ownsDir = -not $Dir
    if ($ownsDir) { $Dir = Join-Path ([System.IO.Path]::GetTempPath()) ("wcn-fakehost-" + [guid]::NewGuid().ToString('N')) }
    New-Item -ItemType Directory -Force -Path $Dir, "$Dir/bin", "$Dir/ProgramData" | Out-Null
    Set-Content -LiteralPath "$Dir/calls.log" -Value $null

    $global:WcnFakeHost = [pscustomobject]@{
        Shape = $Shape; PSForm = $PSForm; State = $state; Behaviour = $b; Dir = $Dir; OwnsDir = $ownsDir
        Calls = [System.Collections.Generic.List[string]]::new()
        SavedPath = $env:PATH; SavedProgramData = $env:ProgramData; SavedSystemDrive = $env:SystemDrive
    }

    # ---- programs -------------------------------------------------------
    $programs = @('netsh', 'whoami')
    if ($b['hnsdiag']) { $programs += 'hnsdiag' }
    if ($b['docker'] -ne 'absent') { $programs += 'docker' }
    foreach ($p in $programs) {
        $target = if ($p -eq 'docker') { 'docker' } else { 'fake-native' }
        New-Item -ItemType SymbolicLink -Force -Path "$Dir/bin/$p" -Target (Join-Path $script:WcnFakeRoot "bin/$target") | Out-Null
    }
    $ranges = if ($state.Contains('excludedPortRanges')) { Get-WcnRangesFromState -Value $state['excludedPortRanges'] } else { @() }
    foreach ($protocol in 'tcp', 'udp') {
        $text = Get-WcnNetshText -Protocol $protocol -Ranges @($ranges | Where-Object { $_.Protocol -eq $protocol }) -Language $b['netshLanguage']
        Set-WcnFakeAnswer -Program 'netsh' -Arguments "int ipv4 show excludedportrange protocol=$protocol" -Out $text
    }
    # whoami /groups /fo csv /nh: the mandatory label tells elevation; S-1-5-32-578 is Hyper-V Administrators.
    $groups = @('"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"')
    if ($b['elevated']) {
        $groups += '"BUILTIN\Administrators","Alias","S-1-5-32-544","Mandatory group, Enabled by default, Enabled group, Group owner"'
        $groups += '"Mandatory Label\High Mandatory Level","Label","S-1-16-12288",""'
    }
    else {
        $groups += '"BUILTIN\Users","Alias","S-1-5-32-545","Mandatory group, Enabled by default, Enabled group"'
        if ($b['hyperVAdmin']) { $groups += '"BUILTIN\Hyper-V Administrators","Alias","S-1-5-32-578","Mandatory group, Enabled by default, Enabled group"' }
        $groups += '"Mandatory Label\Medium Mandatory Level","Label","S-1-16-8192",""'
    }
    Set-WcnFakeAnswer -Program 'whoami' -Arguments '/groups /fo csv /nh' -Out (($groups -join "`r`n") + "`r`n")
    if ($b['hnsdiag']) {
        foreach ($kind in 'networks', 'endpoints', 'loadbalancers') {
            $key = @{ networks = 'hnsNetworks'; endpoints = 'hnsEndpoints'; loadbalancers = 'hnsLoadBalancers' }[$kind]
            $items = if ($state.Contains($key)) { @($state[$key]) } else { @() }
            $text = Get-WcnHnsdiagText -Items $items -Noise ([bool] $b['hnsdiagNoise'])
            foreach ($flags in '-d', '-df') {
                if ($b['elevated']) { Set-WcnFakeAnswer -Program 'hnsdiag' -Arguments "list $kind $flags" -Out $text }
                else { Set-WcnFakeAnswer -Program 'hnsdiag' -Arguments "list $kind $flags" -Out '' -Err "Access is denied.`r`n" -ExitCode 5 }
            }
        }
    }
    if ($b['docker'] -ne 'absent') { Write-WcnFakeDocker -State $state -Behaviour $b -Dir $Dir }
    $daemon = if ($state.Contains('docker') -and $null -ne $state['docker'] -and $state['docker'].PSObject.Properties['daemonConfig']) { $state['docker'].daemonConfig } else { $null }
    if ($state.Contains('daemonJsonText')) {
        Write-WcnFakeFile "$Dir/ProgramData/docker/config/daemon.json" $state['daemonJsonText']
    }
    elseif ($null -ne $daemon) {
        Write-WcnFakeFile "$Dir/ProgramData/docker/config/daemon.json" ($daemon | ConvertTo-Json -Depth 30)
    }
    Write-WcnFakeNodeFiles -State $state -Behaviour $b -Dir $Dir
    $env:WCN_FAKE_HOST_DIR = $Dir
    $env:PATH = "$Dir/bin"
    $env:ProgramData = "$Dir/ProgramData"
    # Paths on C: are read under $env:SystemDrive (the collector's Resolve-WcnHostPath).
    $env:SystemDrive = "$Dir/C"

    # ---- cmdlets --------------------------------------------------------
    foreach ($name in $script:WcnFakeCmdlets.Keys) {
        New-WcnFakeFunction $name ([scriptblock]::Create(@"
[CmdletBinding()] param([switch] `$IncludeHidden, [Parameter(ValueFromRemainingArguments)] `$Rest)
`$global:WcnFakeHost.Calls.Add('$name')
Assert-WcnFakeAnswers -Name '$name'
`@(Get-WcnFakeStateValue -Key '$($script:WcnFakeCmdlets[$name])') | Where-Object { `$null -ne `$_ }
"@))
    }
    Install-WcnFakeNodeCmdlets

    New-WcnFakeFunction 'Get-CimInstance' {
        [CmdletBinding()] param([Parameter(Position = 0)] [string] $ClassName, [string] $Namespace = 'root\cimv2', [string] $Filter, [uint32] $OperationTimeoutSec)
        $h = $global:WcnFakeHost
        $h.Calls.Add("Get-CimInstance $Namespace $ClassName")
        $s = $h.State
        switch ($ClassName) {
            'Win32_OperatingSystem' {
                if ($s.Contains('os')) { $s['os'] | Select-Object -Property * -ExcludeProperty 'UBR', 'DisplayVersion', 'ReleaseId' }
                return
            }
            'Win32_ComputerSystem' { if ($s.Contains('computerSystem')) { $s['computerSystem'] }; return }
            'Win32_Process' { Get-WcnFakeCimMatches -Items @(Get-WcnFakeStateValue -Key 'kubernetes.processes') -Filter $Filter; return }
            'Win32_Service' { Get-WcnFakeCimMatches -Items (@(Get-WcnFakeStateValue -Key 'kubernetes.services') + @(Get-WcnFakeStateValue -Key 'win32Services')) -Filter $Filter; return }
            'Msvm_VirtualEthernetSwitch' {
                if ($Namespace -ne 'root\virtualization\v2' -or -not $h.Behaviour['vmms']) {
                    $e = [System.Management.Automation.ErrorRecord]::new([System.Exception]::new('Invalid namespace '), 'HRESULT 0x8004100e,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand', 'MetadataError', $Namespace)
                    $PSCmdlet.WriteError($e)
                    return
                }
                if (-not $h.Behaviour['elevated']) { return }
                foreach ($sw in @($s['vmSwitches'])) {
                    if ($null -ne $sw) { [pscustomobject]@{ ElementName = $sw.Name; Name = $sw.Id; EnabledState = 2 } }
                }
                return
            }
        }
        $e = [System.Management.Automation.ErrorRecord]::new([System.Exception]::new("Invalid class (fake host has no $ClassName)"), 'HRESULT 0x80041010', 'MetadataError', $ClassName)
        $PSCmdlet.WriteError($e)
    }

    New-WcnFakeFunction 'Get-ItemProperty' {
        [CmdletBinding()] param([Parameter(Position = 0)] [string[]] $Path, [string[]] $LiteralPath, [Parameter(Position = 1)] [string[]] $Name)
        $target = @($LiteralPath + $Path | Where-Object { $_ })[0]
        if ($target -notmatch '^HKLM:') {
            return Microsoft.PowerShell.Management\Get-ItemProperty @PSBoundParameters
        }
        $h = $global:WcnFakeHost
        $h.Calls.Add("Get-ItemProperty $target")
        $s = $h.State
        $value = $null
        if ($target -eq 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -and $s.Contains('os')) {
            $value = $s['os'] | Select-Object -Property 'UBR', 'DisplayVersion', 'ReleaseId'
        }
        elseif ($target -eq 'HKLM:\SYSTEM\CurrentControlSet\Services\hns\State' -and $s.Contains('hnsState')) {
            # The registry provider adds PS* properties to the values.
            $value = [pscustomobject]@{ PSPath = "Microsoft.PowerShell.Core\Registry::$target"; PSProvider = 'Microsoft.PowerShell.Core\Registry' }
            foreach ($p in $s['hnsState'].PSObject.Properties) { $value | Add-Member -NotePropertyName $p.Name -NotePropertyValue $p.Value }
        }
        elseif ($target -eq 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters' -and $s.Contains('tcpip6')) {
            $value = [pscustomobject]@{}
            $disabled = $s['tcpip6'].PSObject.Properties['DisabledComponents']
            if ($null -ne $disabled) { $value | Add-Member -NotePropertyName 'DisabledComponents' -NotePropertyValue $disabled.Value }
        }
        if ($null -eq $value) {
            $e = [System.Management.Automation.ErrorRecord]::new([System.Management.Automation.ItemNotFoundException]::new("Cannot find path '$target' because it does not exist."), 'PathNotFound,Microsoft.PowerShell.Commands.GetItemPropertyCommand', 'ObjectNotFound', $target)
            $PSCmdlet.WriteError($e)
            return
        }
        $value
    }

    New-WcnFakeFunction 'Get-Service' {
        [CmdletBinding()] param([Parameter(Position = 0)] [string[]] $Name)
        $h = $global:WcnFakeHost
        $h.Calls.Add('Get-Service')
        $all = if ($h.State.Contains('services')) { @($h.State['services']) } else { @() }
        foreach ($n in $Name) {
            if ($n -in @($h.Behaviour['serviceQueryDenied'])) {
                # PowerShell 6.2-7.x, not elevated: a driver's configuration query fails.
                $e = [System.Management.Automation.ErrorRecord]::new([System.ComponentModel.Win32Exception]::new(5, 'Access is denied.'), 'CouldNotGetServiceInfo,Microsoft.PowerShell.Commands.GetServiceCommand', 'PermissionDenied', $n)
                $PSCmdlet.WriteError($e)
                continue
            }
            $found = @($all | Where-Object { $null -ne $_ -and $_.Name -eq $n })
            if ($found.Count -eq 0) {
                $e = [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new("Cannot find any service with service name '$n'."), 'NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand', 'ObjectNotFound', $n)
                $PSCmdlet.WriteError($e)
                continue
            }
            $found
        }
    }

    if ($b['hyperV']) {
        New-WcnFakeFunction 'Get-VMSwitch' {
            [CmdletBinding()] param([Parameter(Position = 0)] [string] $Name)
            $h = $global:WcnFakeHost
            $h.Calls.Add('Get-VMSwitch')
            # Not elevated and not a Hyper-V administrator: nothing, and no error.
            if (-not $h.Behaviour['elevated'] -and -not $h.Behaviour['hyperVAdmin']) { return }
            if ($h.State.Contains('vmSwitches')) { @($h.State['vmSwitches']) | Where-Object { $null -ne $_ } }
        }
        New-WcnFakeFunction 'Get-VMSwitchExtension' {
            [CmdletBinding()] param([Parameter(ValueFromPipeline)] $VMSwitch)
            process {
                $h = $global:WcnFakeHost
                $h.Calls.Add('Get-VMSwitchExtension')
                if ($h.State.Contains('vmSwitchExtensions')) {
                    @($h.State['vmSwitchExtensions']) | Where-Object { $null -ne $_ -and $_.SwitchName -eq $VMSwitch.Name }
                }
            }
        }
        New-WcnFakeFunction 'Get-VMNetworkAdapter' {
            [CmdletBinding()] param([switch] $ManagementOS, [string] $VMName)
            $h = $global:WcnFakeHost
            $h.Calls.Add('Get-VMNetworkAdapter')
            if (-not $h.Behaviour['elevated'] -and -not $h.Behaviour['hyperVAdmin']) { return }
            if ($ManagementOS) {
                if ($h.State.Contains('vmNetworkAdapters')) { @($h.State['vmNetworkAdapters']) | Where-Object { $null -ne $_ } }
            }
            elseif ($h.State.Contains('parentVmNetworkAdapters')) {
                @($h.State['parentVmNetworkAdapters']) | Where-Object { $null -ne $_ -and $_.VMName -eq $VMName }
            }
        }
    }
    if ($b['hnsModule']) {
        foreach ($pair in @(@('Get-HnsNetwork', 'hnsNetworks'), @('Get-HnsEndpoint', 'hnsEndpoints'), @('Get-HnsPolicyList', 'hnsLoadBalancers'))) {
            New-WcnFakeFunction $pair[0] ([scriptblock]::Create(@"
[CmdletBinding()] param()
`$h = `$global:WcnFakeHost
`$h.Calls.Add('$($pair[0])')
if (-not `$h.Behaviour['elevated']) { throw [System.UnauthorizedAccessException]::new('Access is denied. (0x80070005)') }
if (`$h.State.Contains('$($pair[1])')) { @(`$h.State['$($pair[1])']) | Where-Object { `$null -ne `$_ } }
"@))
        }
    }
    if ($b['containerNetworkCmdlet']) {
        New-WcnFakeFunction 'Get-ContainerNetwork' {
            [CmdletBinding()] param()
            $h = $global:WcnFakeHost
            $h.Calls.Add('Get-ContainerNetwork')
            foreach ($n in @($h.State['hnsNetworks'])) {
                if ($null -eq $n) { continue }
                $subnet = @($n.Subnets)[0]
                [pscustomobject]@{
                    Name = $n.Name; Id = [guid] $n.ID; Mode = $n.Type; NetworkAdapterName = $(if ($n.PSObject.Properties['NetworkAdapterName']) { $n.NetworkAdapterName } else { '' })
                    SubnetPrefix = @($subnet.AddressPrefix); GatewayAddress = @($subnet.GatewayAddress); SourceMac = ''; DNSServers = @(); DNSSuffix = ''; IsDeleted = $false
                }
            }
        }
    }
}

function Clear-WcnFakeHost {
    <# Removes every fake function, and restores PATH and ProgramData. #>
    foreach ($name in $script:WcnAllFakes) {
        Remove-Item -LiteralPath "function:$name" -ErrorAction SilentlyContinue
    }
    $h = Get-Variable -Name 'WcnFakeHost' -Scope Global -ValueOnly -ErrorAction SilentlyContinue
    if ($null -ne $h) {
        $env:PATH = $h.SavedPath
        $env:ProgramData = $h.SavedProgramData
        $env:SystemDrive = $h.SavedSystemDrive
        Stop-WcnFakeHung
        # A folder made here goes; one given with -Dir stays for its owner.
        if ($h.OwnsDir) { Remove-Item -LiteralPath $h.Dir -Recurse -Force -ErrorAction SilentlyContinue }
        $global:WcnFakeHost = $null
    }
    Remove-Item -LiteralPath 'env:WCN_FAKE_HOST_DIR' -ErrorAction SilentlyContinue
}

function Stop-WcnFakeHung {
    <# Ends the fake programs that were told to hang (the collector should already have). #>
    $h = $global:WcnFakeHost
    $pids = Join-Path $h.Dir 'hung.pids'
    if (Test-Path -LiteralPath $pids) {
        foreach ($id in Get-Content -LiteralPath $pids) {
            Microsoft.PowerShell.Management\Stop-Process -Id ([int] $id) -Force -ErrorAction SilentlyContinue
        }
    }
}

function Get-WcnFakeStateValue {
    <# A state key ('firewall') or part ('firewall.rules'); nothing when absent. #>
    param([string] $Key)
    $s = $global:WcnFakeHost.State
    $parts = $Key.Split('.')
    if (-not $s.Contains($parts[0]) -or $null -eq $s[$parts[0]]) { return }
    $value = $s[$parts[0]]
    if ($parts.Count -gt 1) {
        $p = $value.PSObject.Properties[$parts[1]]
        if ($null -eq $p) { return }
        $value = $p.Value
    }
    $value
}

function Assert-WcnFakeAnswers {
    <# Throws for a cmdlet the behaviour says fails (sourceFails). #>
    param([string] $Name)
    if ($Name -in @($global:WcnFakeHost.Behaviour['sourceFails'])) {
        throw [System.InvalidOperationException]::new("$Name failed: the service did not answer (fake failure).")
    }
}

function Get-WcnFakeCimMatches {
    <# The items whose Name is one of the Name='...' terms of a WQL filter. #>
    param([object[]] $Items, [string] $Filter)
    $names = @([regex]::Matches([string] $Filter, "Name\s*=\s*'([^']+)'") | ForEach-Object { $_.Groups[1].Value })
    @($Items | Where-Object { $null -ne $_ -and ($names.Count -eq 0 -or $_.Name -in $names) })
}

function ConvertTo-WcnFakeLocalPath {
    <# C:\x\y -> <dir>/C/x/y (what $env:SystemDrive points at on the fake host). #>
    param([string] $Dir, [string] $Path)
    return "$Dir/C/" + ($Path.Substring(3) -replace '\\', '/')
}

function Write-WcnFakeNodeFiles {
    <# The files and programs of a containerd or Kubernetes node: config.toml, CNI folders, agent config files, containerd/crictl/vfpctrl. #>
    param($State, [hashtable] $Behaviour, [string] $Dir)
    $files = @()
    $containerd = if ($State.Contains('containerd')) { $State['containerd'] } else { $null }
    if ($null -ne $containerd) {
        if ($containerd.config) { $files += [pscustomobject]@{ path = $containerd.configPath; text = $containerd.config } }
        New-Item -ItemType SymbolicLink -Force -Path "$Dir/bin/containerd" -Target (Join-Path $script:WcnFakeRoot 'bin/fake-native') | Out-Null
        Set-WcnFakeAnswer -Program 'containerd' -Arguments '--version' -Out ("$($containerd.version)`n")
        if ($containerd.PSObject.Properties['criInfo'] -or $containerd.PSObject.Properties['pods']) {
            New-Item -ItemType SymbolicLink -Force -Path "$Dir/bin/crictl" -Target (Join-Path $script:WcnFakeRoot 'bin/fake-native') | Out-Null
            if ($containerd.PSObject.Properties['criInfo']) { Set-WcnFakeAnswer -Program 'crictl' -Arguments 'info' -Out ($containerd.criInfo | ConvertTo-Json -Depth 30) }
            if ($containerd.PSObject.Properties['pods']) { Set-WcnFakeAnswer -Program 'crictl' -Arguments 'pods -o json' -Out ($containerd.pods | ConvertTo-Json -Depth 30) }
        }
    }
    if ($State.Contains('cni')) {
        foreach ($d in @($State['cni'].confDirs)) {
            foreach ($f in @($d.files)) { $files += [pscustomobject]@{ path = "$($d.path)\$($f.name)"; text = $f.text } }
        }
        foreach ($d in @($State['cni'].binDirs)) {
            foreach ($f in @($d.files)) { $files += [pscustomobject]@{ path = "$($d.path)\$f"; text = 'MZ' } }
        }
    }
    if ($State.Contains('kubernetes') -and $State['kubernetes'].PSObject.Properties['files']) { $files += @($State['kubernetes'].files) }
    # Files the collector must never read (kubeconfigs, keys): they are on disk all the same.
    if ($State.Contains('fakeFiles')) { $files += @($State['fakeFiles']) }
    foreach ($f in $files) { Write-WcnFakeFile (ConvertTo-WcnFakeLocalPath -Dir $Dir -Path $f.path) ([string] $f.text) }
    if ($State.Contains('vfp')) {
        New-Item -ItemType SymbolicLink -Force -Path "$Dir/bin/vfpctrl" -Target (Join-Path $script:WcnFakeRoot 'bin/fake-native') | Out-Null
        Set-WcnFakeAnswer -Program 'vfpctrl' -Arguments '/list-vmswitch-port' -Out $State['vfp'].ports
        foreach ($p in @($State['vfp'].portStates)) { Set-WcnFakeAnswer -Program 'vfpctrl' -Arguments "/port $($p.port) /get-port-state" -Out $p.text }
    }
    foreach ($call in @($Behaviour['hangs'])) {
        if (-not $call) { continue }
        $program, $arguments = $call.Split(' ', 2)
        Set-WcnFakeAnswer -Program $program -Arguments $arguments -Hang
    }
}

function Install-WcnFakeNodeCmdlets {
    <# Cmdlets for routes, DNS, dynamic ports, the firewall and HNS's version. #>
    New-WcnFakeFunction 'Get-NetRoute' {
        [CmdletBinding()] param([string] $AddressFamily, [switch] $IncludeAllCompartments, [string[]] $DestinationPrefix)
        $global:WcnFakeHost.Calls.Add('Get-NetRoute')
        Assert-WcnFakeAnswers -Name 'Get-NetRoute'
        $key = if ($AddressFamily -and $global:WcnFakeHost.State.Contains('ipRoutes')) { 'ipRoutes' } else { 'netRoutes' }
        @(Get-WcnFakeStateValue -Key $key) | Where-Object { $null -ne $_ }
    }
    foreach ($protocol in 'TCP', 'UDP') {
        New-WcnFakeFunction "Get-Net$($protocol)Setting" ([scriptblock]::Create(@"
[CmdletBinding()] param([string] `$SettingName)
`$global:WcnFakeHost.Calls.Add('Get-Net$($protocol)Setting')
Assert-WcnFakeAnswers -Name 'Get-Net$($protocol)Setting'
foreach (`$r in @(Get-WcnFakeStateValue -Key 'dynamicPortRanges')) {
    if (`$null -ne `$r -and `$r.Protocol -eq '$protocol') {
        [pscustomobject]@{ SettingName = `$(if (`$SettingName) { `$SettingName } else { 'Internet' }); DynamicPortRangeStartPort = `$r.StartPort; DynamicPortRangeNumberOfPorts = `$r.NumberOfPorts }
    }
}
"@))
    }
    New-WcnFakeFunction 'Get-NetFirewallPortFilter' {
        [CmdletBinding()] param([switch] $All)
        $global:WcnFakeHost.Calls.Add('Get-NetFirewallPortFilter')
        Assert-WcnFakeAnswers -Name 'Get-NetFirewallPortFilter'
        foreach ($r in @(Get-WcnFakeStateValue -Key 'firewall.rules')) {
            if ($null -ne $r) { [pscustomobject]@{ InstanceID = $r.Name; Protocol = $r.Protocol; LocalPort = $r.LocalPort } }
        }
    }
    New-WcnFakeFunction 'Get-NetFirewallRule' {
        [CmdletBinding()] param([string[]] $Name)
        $global:WcnFakeHost.Calls.Add('Get-NetFirewallRule')
        foreach ($r in @(Get-WcnFakeStateValue -Key 'firewall.rules')) {
            if ($null -eq $r -or ($Name -and $r.Name -notin $Name)) { continue }
            $enabled = if ($r.PSObject.Properties['Enabled']) { $r.Enabled } else { 'True' }
            [pscustomobject]@{ Name = $r.Name; DisplayName = $r.DisplayName; Direction = $r.Direction; Action = $r.Action; Profile = $r.Profile; Enabled = $enabled }
        }
    }
    if ($global:WcnFakeHost.State.Contains('hnsVersion')) {
        New-WcnFakeFunction 'Invoke-HnsRequest' {
            [CmdletBinding()] param([string] $Method, [string] $Type, [string] $Id)
            $global:WcnFakeHost.Calls.Add("Invoke-HnsRequest $Method $Type $Id")
            $global:WcnFakeHost.State['hnsVersion']
        }
    }
}

function Get-WcnFakeNativeCalls {
    <# The native programs the collector ran on the fake host, one "program args" line each. #>
    $log = Join-Path $global:WcnFakeHost.Dir 'calls.log'
    @(Get-Content -LiteralPath $log | Where-Object { $_ })
}

function Invoke-WcnFakeCollectorConstrained {
    <#
    .SYNOPSIS
        Runs the collector on the fake host in a new runspace of this process
        switched to Constrained Language mode (as AppLocker or WDAC make it);
        the fakes are defined there first, in Full Language, like the real
        cmdlets are trusted code.
    #>
    [CmdletBinding()]
    param(
        [string] $OutFile = (Join-Path $global:WcnFakeHost.Dir 'capture.json'),
        [hashtable] $CollectorArguments = @{},
        [string] $CollectorPath = $script:WcnCollectorPath
    )
    $h = $global:WcnFakeHost
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript({
                param($FakeHostFile, $Shape, $PSForm, $Behaviour, $OuterState, $Collector, $Arguments, $Dir)
                . $FakeHostFile
                # The same state as outside (with its tweaks): a closure, since Use-WcnFakeHost has its own $state.
                $copy = { param($s) $s.Clear(); foreach ($k in $OuterState.Keys) { $s[$k] = $OuterState[$k] } }.GetNewClosure()
                Use-WcnFakeHost -Shape $Shape -PSForm $PSForm -Behaviour $Behaviour -Dir $Dir -Tweak $copy
                $ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'
                try {
                    & $Collector @Arguments 3>&1 2>&1 | ForEach-Object {
                        if ($_ -is [System.Management.Automation.ErrorRecord]) { "output: $_ $($_.InvocationInfo.PositionMessage)" } else { "output: $_" }
                    }
                }
                catch {
                    "output: $_ $($_.InvocationInfo.PositionMessage)"
                }
            }.ToString()).AddParameters(@{
                FakeHostFile = (Join-Path $script:WcnFakeRoot 'WcnFakeHost.ps1'); Shape = $h.Shape; PSForm = $h.PSForm
                Behaviour = $h.Behaviour; OuterState = $h.State; Dir = $h.Dir; Collector = $CollectorPath; Arguments = (@{ OutFile = $OutFile } + $CollectorArguments)
            })
        foreach ($line in $ps.Invoke()) { $h.Calls.Add([string] $line) }
        foreach ($e in $ps.Streams.Error) { $h.Calls.Add("output: $e") }
    }
    finally {
        $ps.Dispose()
    }
    return $OutFile
}

function Invoke-WcnFakeCollector {
    <#
    .SYNOPSIS
        Runs Collect-WcnCapture.ps1 on the fake host and returns the path of the file written.
    #>
    [CmdletBinding()]
    param(
        [string] $OutFile = (Join-Path $global:WcnFakeHost.Dir 'capture.json'),
        [hashtable] $CollectorArguments = @{},
        [string] $CollectorPath = $script:WcnCollectorPath
    )
    $arguments = @{ OutFile = $OutFile } + $CollectorArguments
    $null = & $CollectorPath @arguments 3>&1 2>&1 | ForEach-Object { $global:WcnFakeHost.Calls.Add("output: $_") }
    return $OutFile
}
