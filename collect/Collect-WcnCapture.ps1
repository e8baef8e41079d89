<#
.SYNOPSIS
    Captures the container networking state of a Windows host into one JSON
    file (a wcn-doctor capture), without changing anything on the host.

.DESCRIPTION
    Reads the state that Windows container networking depends on and writes
    it as a single "wcn-capture" JSON file that wcn-doctor diagnoses offline:

      - operating system build and update revision, computer model, hotfixes
      - the IPv6 DisabledComponents registry value
      - the state of the hns, winnat, vfpext, docker, vmcompute, vmms,
        SharedAccess and mpssvc services
      - Hyper-V virtual switches, their extensions and the host vNICs
      - network adapters, IP addresses, IP interfaces and default routes
      - NetNat instances and their static mappings
      - the TCP and UDP excluded port ranges
      - HNS networks and endpoints (Get-HnsNetwork / Get-HnsEndpoint, or
        hnsdiag when the HNS module is not available)
      - docker info, docker version, every docker network, the networking
        part of every container, and daemon.json

    The script only reads. It calls Get-* cmdlets, "hnsdiag list",
    "docker info/version/network ls/network inspect/ps/inspect" and
    "netsh int ipv4 show excludedportrange", and it reads the registry and
    daemon.json. It never creates, changes, starts or stops anything.

    Every source is read on its own. When a source fails (a module that is
    not installed, docker not running, access denied), its key is left out of
    the capture and the reason is recorded in "collectorErrors"; the other
    sources are still captured. Run it from an elevated PowerShell to capture
    everything: Hyper-V and HNS state usually need administrator rights.

    With -ParentHost, run it on the Hyper-V parent of a virtualized container
    host to capture how that VM's network adapters are configured (MAC
    address spoofing is only visible from the parent).

.PARAMETER OutFile
    Where to write the capture. Default: wcn-capture-<computer>-<yyyyMMdd-HHmmss>.json
    in the current folder (wcn-capture-parent-<vm>-<yyyyMMdd-HHmmss>.json with
    -ParentHost). The file is written as UTF-8 without a byte order mark.

.PARAMETER ParentHost
    Capture on the Hyper-V parent instead of on the container host: only the
    network adapters of the VM named by -VMName are read.

.PARAMETER VMName
    With -ParentHost: the name of the container host's virtual machine as
    Hyper-V knows it (Get-VM lists the names).

.PARAMETER Redact
    Replace identifying values before writing the file: host names, domain
    names, the VM name, MAC addresses and public IP addresses. The same value
    always gets the same placeholder (host-1, domain-1, vm-1,
    02-00-00-00-00-01, 198.18.0.1, 2001:db8::1), so the capture stays
    consistent. Private, loopback and link-local addresses are kept, since
    the diagnosis needs them.

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File .\Collect-WcnCapture.ps1 -OutFile capture.json

    Captures the container host into capture.json.

.EXAMPLE
    .\Collect-WcnCapture.ps1 -Redact

    Captures the host, with names, MAC addresses and public IP addresses
    replaced, into wcn-capture-redacted-<yyyyMMdd-HHmmss>.json.

.EXAMPLE
    .\Collect-WcnCapture.ps1 -ParentHost -VMName 'container-host-01' -OutFile parent.json

    On the Hyper-V parent: captures the network adapters of the VM
    'container-host-01' into parent.json.

.NOTES
    Never collected: container environment variables (Config.Env), labels,
    mounts, commands, entrypoints, images' configuration, logs, file
    contents other than daemon.json, credentials of any kind. From
    "docker inspect" only these fields are kept: Id, Name, State (without
    health-check output), Config.Hostname, HostConfig.NetworkMode,
    HostConfig.PortBindings, HostConfig.Dns, HostConfig.DnsOptions,
    HostConfig.DnsSearch, HostConfig.Links, HostConfig.Isolation,
    NetworkSettings.Networks and NetworkSettings.Ports. A user name and
    password written inside a URL (for example a proxy in daemon.json) is
    replaced by "redacted:redacted" whether or not -Redact is given.

    Runs on Windows PowerShell 5.1 and PowerShell 7, on Windows Server 2016
    to 2025 and Windows 10/11, and runs cleanly under Set-StrictMode -Version 2.
#>
[CmdletBinding(DefaultParameterSetName = 'Host')]
param(
    [Parameter(ParameterSetName = 'Host')]
    [Parameter(ParameterSetName = 'Parent')]
    [string] $OutFile,

    [Parameter(Mandatory = $true, ParameterSetName = 'Parent')]
    [switch] $ParentHost,

    [Parameter(Mandatory = $true, ParameterSetName = 'Parent')]
    [ValidateNotNullOrEmpty()]
    [string] $VMName,

    [Parameter(ParameterSetName = 'Host')]
    [Parameter(ParameterSetName = 'Parent')]
    [switch] $Redact
)

$ErrorActionPreference = 'Stop'

$script:CollectorVersion = '0.1.0'

# ---- capture keys ---------------------------------------------------------
# The keys written, in this order. They must equal CAPTURE_KEYS in
# src/core/capture/keys.ts (the parent-only key goes in the parent list);
# test/collector checks both lists against it.
$script:HostCaptureKeys = @(
    'format',
    'formatVersion',
    'capturedAt',
    'collector',
    'psVersion',
    'os',
    'computerSystem',
    'hotfixes',
    'tcpip6',
    'services',
    'vmSwitches',
    'vmSwitchExtensions',
    'vmNetworkAdapters',
    'netAdapters',
    'netIPAddresses',
    'netIPInterfaces',
    'netRoutes',
    'netNat',
    'netNatStaticMappings',
    'excludedPortRanges',
    'hnsNetworks',
    'hnsEndpoints',
    'hnsLoadBalancers',
    'docker',
    'collectorErrors'
)
$script:ParentCaptureKeys = @(
    'format',
    'formatVersion',
    'capturedAt',
    'collector',
    'psVersion',
    'parentVmNetworkAdapters',
    'collectorErrors'
)
# ---- end of capture keys --------------------------------------------------

$script:CollectorErrors = [System.Collections.Generic.List[object]]::new()
$script:ProgressActivity = 'wcn-doctor: capturing container networking state'
$script:ProgressStep = 0
$script:ProgressTotal = 25
$script:IsElevated = $false
try {
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = [System.Security.Principal.WindowsPrincipal]::new($identity)
    $script:IsElevated = $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}
catch {
    $script:IsElevated = $false
}

# ---- helpers --------------------------------------------------------------

function Get-WcnPropertyValue {
    <#
        The value of a property, or $null when the object or the property is
        missing (safe under strict mode). An array value is returned as one
        array, not unrolled, so [] and ["x"] keep their shape.
    #>
    param(
        [AllowNull()] $InputObject,
        [Parameter(Mandatory = $true)] [string] $Name
    )
    if ($null -eq $InputObject) {
        return $null
    }
    if ($InputObject -is [System.Collections.IDictionary]) {
        if ($InputObject.Contains($Name)) {
            return , $InputObject[$Name]
        }
        return $null
    }
    $property = $InputObject.PSObject.Properties[$Name]
    if ($null -eq $property) {
        return $null
    }
    return , $property.Value
}

function Test-WcnAccessDenied {
    <# True when an error record means "not allowed" rather than "not there". #>
    param([Parameter(Mandatory = $true)] [System.Management.Automation.ErrorRecord] $ErrorRecord)
    if ($ErrorRecord.CategoryInfo.Category -eq [System.Management.Automation.ErrorCategory]::PermissionDenied) {
        return $true
    }
    $exception = $ErrorRecord.Exception
    while ($null -ne $exception) {
        if ($exception -is [System.UnauthorizedAccessException] -or $exception -is [System.Security.SecurityException]) {
            return $true
        }
        if ($exception.Message -match 'access is denied|access denied|required permission|not have permission|0x80070005') {
            return $true
        }
        $exception = $exception.InnerException
    }
    return $false
}

function Get-WcnErrorMessage {
    <# One line describing why a source failed, with a hint when elevation would help. #>
    param([Parameter(Mandatory = $true)] [System.Management.Automation.ErrorRecord] $ErrorRecord)
    $message = ([string] $ErrorRecord.Exception.Message -replace '\s+', ' ').Trim()
    if ($message.Length -eq 0) {
        $message = 'Failed with ' + $ErrorRecord.Exception.GetType().FullName + ' and no message.'
    }
    if (Test-WcnAccessDenied -ErrorRecord $ErrorRecord) {
        if ($script:IsElevated) {
            return "Access denied: $message"
        }
        return "Access denied (not running as administrator; run from an elevated PowerShell to capture this): $message"
    }
    return $message
}

function Write-WcnCollectorError {
    <# Records a failed source in collectorErrors. #>
    param(
        [Parameter(Mandatory = $true)] [string] $Key,
        [Parameter(Mandatory = $true)] [string] $Command,
        [Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $Message
    )
    $script:CollectorErrors.Add([ordered]@{ key = $Key; command = $Command; message = $Message })
    Write-Verbose "$Key not captured: $Message"
}

function Read-WcnSource {
    <#
        Runs one source and stores its result in $Into under the last part of
        $Key ('os' -> os, 'docker.info' -> info). -List always stores an
        array, even for zero or one item. When the source throws, nothing is
        stored and the error is recorded in collectorErrors.
    #>
    param(
        [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Into,
        [Parameter(Mandatory = $true)] [string] $Key,
        [Parameter(Mandatory = $true)] [string] $Command,
        [Parameter(Mandatory = $true)] [scriptblock] $ScriptBlock,
        [switch] $List
    )
    $script:ProgressStep++
    $percent = [System.Math]::Min(100, [int](100 * $script:ProgressStep / $script:ProgressTotal))
    Write-Progress -Activity $script:ProgressActivity -Status $Key -CurrentOperation $Command -PercentComplete $percent
    $name = $Key.Split('.')[-1]
    try {
        $items = @(& $ScriptBlock)
        if ($List) {
            $Into[$name] = $items
        }
        elseif ($items.Count -eq 0) {
            $Into[$name] = $null
        }
        else {
            $Into[$name] = $items[0]
        }
    }
    catch {
        Write-WcnCollectorError -Key $Key -Command $Command -Message (Get-WcnErrorMessage -ErrorRecord $_)
    }
}

function Get-WcnNativeOutput {
    <#
        Runs the native command in $ScriptBlock and returns its standard
        output lines. Throws with the standard error text when it exits with
        a non-zero code, unless -IgnoreExitCode is given.
    #>
    param(
        [Parameter(Mandatory = $true)] [string] $Command,
        [Parameter(Mandatory = $true)] [scriptblock] $ScriptBlock,
        [switch] $IgnoreExitCode
    )
    # Native standard error must not turn into a terminating error here.
    $ErrorActionPreference = 'Continue'
    $standardOutput = [System.Collections.Generic.List[string]]::new()
    $standardError = [System.Collections.Generic.List[string]]::new()
    & $ScriptBlock 2>&1 | ForEach-Object {
        if ($_ -is [System.Management.Automation.ErrorRecord]) {
            $standardError.Add($_.ToString())
        }
        else {
            $standardOutput.Add([string] $_)
        }
    }
    $exitCode = Get-Variable -Name 'LASTEXITCODE' -Scope 'Global' -ValueOnly -ErrorAction 'SilentlyContinue'
    if (-not $IgnoreExitCode -and $null -ne $exitCode -and $exitCode -ne 0) {
        $detail = (($standardError.ToArray() + $standardOutput.ToArray()) -join ' ').Trim()
        throw "'$Command' exited with code ${exitCode}: $detail"
    }
    return $standardOutput.ToArray()
}

function Test-WcnApplication {
    <# True when a native program (docker, hnsdiag) is on the PATH. #>
    param([Parameter(Mandatory = $true)] [string] $Name)
    $found = Get-Command -Name $Name -CommandType 'Application' -ErrorAction 'SilentlyContinue'
    return ($null -ne $found)
}

function Test-WcnCommand {
    <# True when a cmdlet or function (from an installed module) exists. #>
    param([Parameter(Mandatory = $true)] [string] $Name)
    $found = Get-Command -Name $Name -CommandType 'Cmdlet', 'Function' -ErrorAction 'SilentlyContinue'
    return ($null -ne $found)
}

function Split-WcnList {
    <# Splits a list into arrays of at most $Size items (keeps command lines and JSON texts short). #>
    param(
        [AllowEmptyCollection()] [string[]] $Items = @(),
        [int] $Size = 20
    )
    for ($offset = 0; $offset -lt $Items.Count; $offset += $Size) {
        $last = [System.Math]::Min($offset + $Size, $Items.Count) - 1
        , @($Items[$offset..$last])
    }
}

function ConvertFrom-WcnJsonText {
    <# Parses JSON text (an object or an array) and writes each top-level item. #>
    param([AllowEmptyCollection()] [AllowEmptyString()] [string[]] $Lines)
    $text = ($Lines -join "`n").Trim()
    if ($text.Length -eq 0) {
        return
    }
    $parsed = ConvertFrom-Json -InputObject $text
    foreach ($item in @($parsed)) {
        $item
    }
}

function ConvertFrom-WcnJsonStream {
    <#
        Parses text that holds one or more JSON objects one after another,
        possibly between lines of plain text (hnsdiag -d output), and writes
        each object.
    #>
    param([AllowEmptyCollection()] [AllowEmptyString()] [string[]] $Lines)
    $text = ($Lines -join "`n").Trim()
    if ($text.Length -eq 0) {
        return
    }
    if ($text.StartsWith('[')) {
        ConvertFrom-WcnJsonText -Lines @($text)
        return
    }
    $depth = 0
    $inString = $false
    $escaped = $false
    $start = -1
    for ($i = 0; $i -lt $text.Length; $i++) {
        $c = $text[$i]
        if ($inString) {
            if ($escaped) {
                $escaped = $false
            }
            elseif ($c -eq '\') {
                $escaped = $true
            }
            elseif ($c -eq '"') {
                $inString = $false
            }
            continue
        }
        if ($c -eq '"') {
            if ($depth -gt 0) {
                $inString = $true
            }
        }
        elseif ($c -eq '{') {
            if ($depth -eq 0) {
                $start = $i
            }
            $depth++
        }
        elseif ($c -eq '}' -and $depth -gt 0) {
            $depth--
            if ($depth -eq 0) {
                ConvertFrom-Json -InputObject $text.Substring($start, $i - $start + 1)
            }
        }
    }
}

function ConvertTo-WcnSafeContainer {
    <#
        Keeps only the networking fields of one "docker inspect" result.
        Everything else (environment, labels, mounts, command line, ...) is
        dropped here and never reaches the capture.
    #>
    param([Parameter(Mandatory = $true)] $Container)
    $config = Get-WcnPropertyValue -InputObject $Container -Name 'Config'
    $hostConfig = Get-WcnPropertyValue -InputObject $Container -Name 'HostConfig'
    $settings = Get-WcnPropertyValue -InputObject $Container -Name 'NetworkSettings'
    $state = Get-WcnPropertyValue -InputObject $Container -Name 'State'

    $safeState = $null
    if ($null -ne $state) {
        $safeState = [ordered]@{}
        foreach ($field in @('Status', 'Running', 'Paused', 'Restarting', 'OOMKilled', 'Dead', 'Pid', 'ExitCode', 'Error', 'StartedAt', 'FinishedAt')) {
            $safeState[$field] = Get-WcnPropertyValue -InputObject $state -Name $field
        }
        # Health-check output can echo anything; keep only the verdict.
        $health = Get-WcnPropertyValue -InputObject $state -Name 'Health'
        if ($null -ne $health) {
            $safeState['Health'] = [ordered]@{
                Status        = Get-WcnPropertyValue -InputObject $health -Name 'Status'
                FailingStreak = Get-WcnPropertyValue -InputObject $health -Name 'FailingStreak'
            }
        }
    }

    [ordered]@{
        Id              = Get-WcnPropertyValue -InputObject $Container -Name 'Id'
        Name            = Get-WcnPropertyValue -InputObject $Container -Name 'Name'
        State           = $safeState
        Config          = [ordered]@{
            Hostname = Get-WcnPropertyValue -InputObject $config -Name 'Hostname'
        }
        HostConfig      = [ordered]@{
            NetworkMode  = Get-WcnPropertyValue -InputObject $hostConfig -Name 'NetworkMode'
            PortBindings = Get-WcnPropertyValue -InputObject $hostConfig -Name 'PortBindings'
            Dns          = Get-WcnPropertyValue -InputObject $hostConfig -Name 'Dns'
            DnsOptions   = Get-WcnPropertyValue -InputObject $hostConfig -Name 'DnsOptions'
            DnsSearch    = Get-WcnPropertyValue -InputObject $hostConfig -Name 'DnsSearch'
            Links        = Get-WcnPropertyValue -InputObject $hostConfig -Name 'Links'
            Isolation    = Get-WcnPropertyValue -InputObject $hostConfig -Name 'Isolation'
        }
        NetworkSettings = [ordered]@{
            Networks = Get-WcnPropertyValue -InputObject $settings -Name 'Networks'
            Ports    = Get-WcnPropertyValue -InputObject $settings -Name 'Ports'
        }
    }
}

function Get-WcnCaptureHeader {
    <# The keys every capture starts with. #>
    [ordered]@{
        format        = 'wcn-capture'
        formatVersion = 1
        capturedAt    = (Get-Date).ToString('o')
        collector     = "wcn-doctor collector $script:CollectorVersion"
        psVersion     = $PSVersionTable.PSVersion.ToString()
    }
}

function Get-WcnOrderedCapture {
    <# The capture with exactly the listed keys that were captured, in list order. #>
    param(
        [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Capture,
        [Parameter(Mandatory = $true)] [string[]] $Keys
    )
    $ordered = [ordered]@{}
    foreach ($key in $Keys) {
        if ($Capture.Contains($key)) {
            $ordered[$key] = $Capture[$key]
        }
    }
    foreach ($key in @($Capture.Keys)) {
        if ($Keys -notcontains $key) {
            Write-Warning "Internal: key '$key' is not a capture key and was not written."
        }
    }
    return $ordered
}

# ---- redaction --------------------------------------------------------------

$script:RedactionState = @{ Map = @{}; Counters = @{} }

# Values that identify nothing and that the diagnosis compares against.
$script:RedactionKeptNames = @('WORKGROUP', 'localhost', 'localdomain', 'local')

function Get-WcnPlaceholder {
    <# The placeholder for one value: the same value always gets the same placeholder. #>
    param(
        [Parameter(Mandatory = $true)] [string] $Kind,
        [Parameter(Mandatory = $true)] [string] $Value
    )
    $map = $script:RedactionState['Map']
    $counters = $script:RedactionState['Counters']
    $mapKey = $Kind + '|' + $Value
    if ($map.ContainsKey($mapKey)) {
        return $map[$mapKey]
    }
    $previous = $counters[$Kind]
    if ($null -eq $previous) {
        $previous = 0
    }
    $n = [int] $previous + 1
    $counters[$Kind] = $n
    if ($Kind -eq 'mac') {
        # Locally administered unicast: 02-00-xx-xx-xx-xx, kept as 12 hex digits here.
        $placeholder = '0200' + ('{0:X8}' -f $n)
    }
    elseif ($Kind -eq 'ipv4') {
        # 198.18.0.0/15, the benchmarking range: never a real host.
        $placeholder = '198.{0}.{1}.{2}' -f (18 + [int][System.Math]::Floor($n / 65536)), ([int][System.Math]::Floor($n / 256) % 256), ($n % 256)
    }
    elseif ($Kind -eq 'ipv6') {
        # 2001:db8::/32, the documentation range.
        $placeholder = '2001:db8::{0:x}:{1:x}' -f ([int][System.Math]::Floor($n / 65536)), ([int]($n % 65536))
        $placeholder = $placeholder -replace '::0:', '::'
    }
    else {
        $placeholder = '{0}-{1}' -f $Kind, $n
    }
    $map[$mapKey] = $placeholder
    return $placeholder
}

function Test-WcnPublicIPv4 {
    <# False for private, loopback, link-local, shared, multicast, reserved and documentation addresses, and for subnet masks. #>
    param([Parameter(Mandatory = $true)] [int[]] $Octets)
    $a = $Octets[0]
    $b = $Octets[1]
    $c = $Octets[2]
    # A subnet mask (ones then zeros, such as 255.255.240.0 or 128.0.0.0) is no address.
    $value = [long] $a * 16777216 + [long] $b * 65536 + [long] $c * 256 + [long] $Octets[3]
    $inverted = 4294967295 - $value
    if ((($inverted + 1) -band $inverted) -eq 0) { return $false }
    if ($a -eq 0 -or $a -eq 10 -or $a -eq 127 -or $a -ge 224) { return $false }
    if ($a -eq 100 -and $b -ge 64 -and $b -le 127) { return $false }
    if ($a -eq 169 -and $b -eq 254) { return $false }
    if ($a -eq 172 -and $b -ge 16 -and $b -le 31) { return $false }
    if ($a -eq 192 -and $b -eq 168) { return $false }
    if ($a -eq 192 -and $b -eq 0 -and ($c -eq 0 -or $c -eq 2)) { return $false }
    if ($a -eq 198 -and $b -eq 51 -and $c -eq 100) { return $false }
    if ($a -eq 203 -and $b -eq 0 -and $c -eq 113) { return $false }
    # 198.18.0.0/15 is redacted too, so that no kept address can look like a placeholder.
    return $true
}

function Get-WcnRedactedText {
    <#
        Replaces host names, domain names, VM names, MAC addresses and public
        IP addresses in the JSON text of a capture. A name matches only as a
        whole word (letters, digits, '_' and '-' around it do not count);
        a JSON \uXXXX escape next to it counts as a separator.
    #>
    param(
        [Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $Text,
        [AllowEmptyCollection()] [string[]] $HostNames = @(),
        [AllowEmptyCollection()] [string[]] $DomainNames = @(),
        [AllowEmptyCollection()] [string[]] $VMNames = @()
    )
    $result = $Text
    $before = '(?<=^|[^A-Za-z0-9_-]|\\u[0-9A-Fa-f]{4})'
    $after = '(?=$|[^A-Za-z0-9_-])'

    # Names: longest first, so a domain is replaced before a shorter name inside it.
    $names = [System.Collections.Generic.List[object]]::new()
    $seen = @{}
    foreach ($kind in @('host', 'domain', 'vm')) {
        if ($kind -eq 'host') {
            $values = $HostNames
        }
        elseif ($kind -eq 'domain') {
            $values = $DomainNames
        }
        else {
            $values = $VMNames
        }
        foreach ($value in @($values)) {
            if ($null -eq $value) { continue }
            $trimmed = ([string] $value).Trim().TrimEnd('.')
            if ($trimmed.Length -lt 2 -or $script:RedactionKeptNames -contains $trimmed) { continue }
            $lower = $trimmed.ToLowerInvariant()
            if ($seen.ContainsKey($lower)) { continue }
            $seen[$lower] = Get-WcnPlaceholder -Kind $kind -Value $lower
            $names.Add($trimmed)
        }
    }
    if ($names.Count -gt 0) {
        $sorted = @($names | Sort-Object -Property 'Length' -Descending)
        $alternatives = @($sorted | ForEach-Object { [System.Text.RegularExpressions.Regex]::Escape($_) }) -join '|'
        $namePattern = [System.Text.RegularExpressions.Regex]::new($before + '(?:' + $alternatives + ')' + $after, [System.Text.RegularExpressions.RegexOptions]::IgnoreCase)
        $result = $namePattern.Replace($result, [System.Text.RegularExpressions.MatchEvaluator] {
                param($match)
                $placeholder = $seen[$match.Value.ToLowerInvariant()]
                if ($null -eq $placeholder) {
                    $placeholder = $match.Value
                }
                $placeholder
            })
    }

    # MAC addresses written without separators (Hyper-V's MacAddress properties).
    $bareMac = [System.Text.RegularExpressions.Regex]::new('(?<="[A-Za-z]*MacAddress"\s*:\s*")[0-9A-Fa-f]{12}(?=")')
    $result = $bareMac.Replace($result, [System.Text.RegularExpressions.MatchEvaluator] {
            param($match)
            Get-WcnRedactedMac -Raw $match.Value
        })

    # MAC addresses written with '-' or ':' between the bytes.
    $separatedMac = [System.Text.RegularExpressions.Regex]::new('(?<=^|[^0-9A-Za-z:-]|\\u[0-9A-Fa-f]{4})[0-9A-Fa-f]{2}([-:])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![0-9A-Za-z:-])')
    $result = $separatedMac.Replace($result, [System.Text.RegularExpressions.MatchEvaluator] {
            param($match)
            Get-WcnRedactedMac -Raw $match.Value
        })

    # IPv6 addresses: anything with two or more colons that .NET parses as IPv6.
    $ipv6 = [System.Text.RegularExpressions.Regex]::new('(?<=^|[^0-9A-Za-z:.]|\\u[0-9A-Fa-f]{4})(?=[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:)[0-9A-Fa-f:]{2,39}(?![0-9A-Za-z:.])')
    $result = $ipv6.Replace($result, [System.Text.RegularExpressions.MatchEvaluator] {
            param($match)
            Get-WcnRedactedIPv6 -Raw $match.Value
        })

    # IPv4 addresses.
    $ipv4 = [System.Text.RegularExpressions.Regex]::new('(?<=^|[^0-9A-Za-z.]|\\u[0-9A-Fa-f]{4})(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![0-9A-Za-z]|\.\d)')
    $result = $ipv4.Replace($result, [System.Text.RegularExpressions.MatchEvaluator] {
            param($match)
            Get-WcnRedactedIPv4 -Match $match
        })

    return $result
}

function Get-WcnRedactedMac {
    param([Parameter(Mandatory = $true)] [string] $Raw)
    $hex = ($Raw -replace '[-:]', '').ToUpperInvariant()
    if ($hex -eq '000000000000' -or $hex -eq 'FFFFFFFFFFFF') {
        return $Raw
    }
    $placeholder = Get-WcnPlaceholder -Kind 'mac' -Value $hex
    $separator = ''
    if ($Raw.Length -gt 12) {
        $separator = $Raw.Substring(2, 1)
    }
    $parts = [System.Collections.Generic.List[string]]::new()
    for ($i = 0; $i -lt 12; $i += 2) {
        $parts.Add($placeholder.Substring($i, 2))
    }
    $out = $parts.ToArray() -join $separator
    if ($Raw -cmatch '[a-f]') {
        $out = $out.ToLowerInvariant()
    }
    return $out
}

function Get-WcnRedactedIPv6 {
    param([Parameter(Mandatory = $true)] [string] $Raw)
    $address = $null
    if (-not [System.Net.IPAddress]::TryParse($Raw, [ref] $address)) {
        return $Raw
    }
    if ($address.AddressFamily -ne [System.Net.Sockets.AddressFamily]::InterNetworkV6) {
        return $Raw
    }
    $bytes = $address.GetAddressBytes()
    # Only global unicast (2000::/3) is public; link-local, unique-local,
    # loopback, multicast and the unspecified address are kept.
    if (($bytes[0] -band 0xE0) -ne 0x20) {
        return $Raw
    }
    return Get-WcnPlaceholder -Kind 'ipv6' -Value $address.ToString()
}

function Get-WcnRedactedIPv4 {
    param([Parameter(Mandatory = $true)] [System.Text.RegularExpressions.Match] $Match)
    $octets = [int[]] @($Match.Groups[1].Value, $Match.Groups[2].Value, $Match.Groups[3].Value, $Match.Groups[4].Value)
    foreach ($octet in $octets) {
        if ($octet -gt 255) {
            return $Match.Value
        }
    }
    if (-not (Test-WcnPublicIPv4 -Octets $octets)) {
        return $Match.Value
    }
    return Get-WcnPlaceholder -Kind 'ipv4' -Value ($octets -join '.')
}

function Get-WcnCredentialFreeText {
    <# Replaces user:password@ in URLs (proxies, registries). Always applied. #>
    param([Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $Text)
    return ($Text -replace '(?<=://)[^\s/@"]+:[^\s/@"]*@', 'redacted:redacted@')
}

# ---- sources on the container host ----------------------------------------

function Get-WcnHostCapture {
    $capture = Get-WcnCaptureHeader

    Read-WcnSource -Into $capture -Key 'os' -Command 'Get-CimInstance -ClassName Win32_OperatingSystem' -ScriptBlock {
        # UBR and DisplayVersion (ReleaseId before 20H2) are only in the registry.
        $currentVersion = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ErrorAction 'SilentlyContinue'
        Get-CimInstance -ClassName 'Win32_OperatingSystem' |
            Select-Object -First 1 |
            Select-Object -Property 'Caption', 'Version', 'BuildNumber', 'ProductType', 'OSArchitecture',
                @{ Name = 'UBR'; Expression = { Get-WcnPropertyValue -InputObject $currentVersion -Name 'UBR' } },
                @{ Name = 'DisplayVersion'; Expression = { Get-WcnPropertyValue -InputObject $currentVersion -Name 'DisplayVersion' } },
                @{ Name = 'ReleaseId'; Expression = { Get-WcnPropertyValue -InputObject $currentVersion -Name 'ReleaseId' } }
    }

    Read-WcnSource -Into $capture -Key 'computerSystem' -Command 'Get-CimInstance -ClassName Win32_ComputerSystem' -ScriptBlock {
        Get-CimInstance -ClassName 'Win32_ComputerSystem' |
            Select-Object -First 1 |
            Select-Object -Property 'Name', 'Domain', 'Manufacturer', 'Model', 'HypervisorPresent'
    }

    Read-WcnSource -Into $capture -Key 'hotfixes' -Command 'Get-HotFix' -List -ScriptBlock {
        Get-HotFix | Select-Object -Property 'HotFixID', 'InstalledOn'
    }

    Read-WcnSource -Into $capture -Key 'tcpip6' -Command "Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters'" -ScriptBlock {
        $parameters = Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters'
        # An absent value is written as {} (no property), not as null.
        $tcpip6 = [ordered]@{}
        $disabled = Get-WcnPropertyValue -InputObject $parameters -Name 'DisabledComponents'
        if ($null -ne $disabled) {
            $tcpip6['DisabledComponents'] = $disabled
        }
        $tcpip6
    }

    $serviceNames = @('hns', 'winnat', 'vfpext', 'docker', 'com.docker.service', 'vmcompute', 'vmms', 'SharedAccess', 'mpssvc')
    Read-WcnSource -Into $capture -Key 'services' -Command ("Get-Service -Name '" + ($serviceNames -join "','") + "'") -List -ScriptBlock {
        # A service that is not installed is simply absent from the list.
        Get-Service -Name $serviceNames -ErrorAction 'SilentlyContinue' |
            Select-Object -Property 'Name', 'DisplayName', 'Status', 'StartType'
    }

    Read-WcnSource -Into $capture -Key 'vmSwitches' -Command 'Get-VMSwitch' -List -ScriptBlock {
        if (-not (Test-WcnCommand -Name 'Get-VMSwitch')) {
            throw 'The Hyper-V PowerShell module is not installed (Get-VMSwitch not found).'
        }
        Get-VMSwitch |
            Select-Object -Property 'Name', 'Id', 'SwitchType', 'AllowManagementOS', 'NetAdapterInterfaceDescription', 'NetAdapterInterfaceDescriptions', 'EmbeddedTeamingEnabled', 'Notes'
    }

    Read-WcnSource -Into $capture -Key 'vmSwitchExtensions' -Command 'Get-VMSwitch | Get-VMSwitchExtension' -List -ScriptBlock {
        if (-not (Test-WcnCommand -Name 'Get-VMSwitchExtension')) {
            throw 'The Hyper-V PowerShell module is not installed (Get-VMSwitchExtension not found).'
        }
        Get-VMSwitch | Get-VMSwitchExtension |
            Select-Object -Property 'SwitchName', 'SwitchId', 'Name', 'Id', 'Vendor', 'ExtensionType', 'Enabled', 'Running'
    }

    Read-WcnSource -Into $capture -Key 'vmNetworkAdapters' -Command 'Get-VMNetworkAdapter -ManagementOS' -List -ScriptBlock {
        if (-not (Test-WcnCommand -Name 'Get-VMNetworkAdapter')) {
            throw 'The Hyper-V PowerShell module is not installed (Get-VMNetworkAdapter not found).'
        }
        Get-VMNetworkAdapter -ManagementOS |
            Select-Object -Property 'Name', 'SwitchName', 'MacAddress', 'MacAddressSpoofing', 'Status'
    }

    Read-WcnSource -Into $capture -Key 'netAdapters' -Command 'Get-NetAdapter -IncludeHidden' -List -ScriptBlock {
        Get-NetAdapter -IncludeHidden |
            Select-Object -Property 'Name', 'InterfaceDescription', 'ifIndex', 'Status', 'MacAddress', 'LinkSpeed', 'Virtual', 'HardwareInterface', 'MediaConnectionState', 'DriverDescription'
    }

    Read-WcnSource -Into $capture -Key 'netIPAddresses' -Command 'Get-NetIPAddress' -List -ScriptBlock {
        Get-NetIPAddress |
            Select-Object -Property 'InterfaceAlias', 'InterfaceIndex', 'IPAddress', 'PrefixLength', 'AddressFamily', 'PrefixOrigin'
    }

    Read-WcnSource -Into $capture -Key 'netIPInterfaces' -Command 'Get-NetIPInterface' -List -ScriptBlock {
        Get-NetIPInterface |
            Select-Object -Property 'InterfaceAlias', 'InterfaceIndex', 'AddressFamily', 'InterfaceMetric', 'ConnectionState', 'Dhcp'
    }

    Read-WcnSource -Into $capture -Key 'netRoutes' -Command "Get-NetRoute -DestinationPrefix '0.0.0.0/0','::/0'" -List -ScriptBlock {
        # Filtering here rather than with -DestinationPrefix: that parameter
        # fails as a whole when one of the prefixes has no route (no IPv6
        # default route is common).
        Get-NetRoute |
            Where-Object { $_.DestinationPrefix -eq '0.0.0.0/0' -or $_.DestinationPrefix -eq '::/0' } |
            Select-Object -Property 'InterfaceAlias', 'InterfaceIndex', 'DestinationPrefix', 'NextHop', 'RouteMetric'
    }

    Read-WcnSource -Into $capture -Key 'netNat' -Command 'Get-NetNat' -List -ScriptBlock {
        Get-NetNat |
            Select-Object -Property 'Name', 'InternalIPInterfaceAddressPrefix', 'ExternalIPInterfaceAddressPrefix', 'Active'
    }

    Read-WcnSource -Into $capture -Key 'netNatStaticMappings' -Command 'Get-NetNatStaticMapping' -List -ScriptBlock {
        Get-NetNatStaticMapping |
            Select-Object -Property 'StaticMappingID', 'NatName', 'Protocol', 'ExternalIPAddress', 'ExternalPort', 'InternalIPAddress', 'InternalPort'
    }

    Read-WcnSource -Into $capture -Key 'excludedPortRanges' -Command 'netsh int ipv4 show excludedportrange protocol=tcp (and protocol=udp)' -List -ScriptBlock {
        $tcp = Get-WcnNativeOutput -Command 'netsh int ipv4 show excludedportrange protocol=tcp' -ScriptBlock {
            netsh int ipv4 show excludedportrange protocol=tcp
        }
        $udp = Get-WcnNativeOutput -Command 'netsh int ipv4 show excludedportrange protocol=udp' -ScriptBlock {
            netsh int ipv4 show excludedportrange protocol=udp
        }
        @($tcp) + @($udp) |
            ForEach-Object { ([string] $_).TrimEnd() } |
            Where-Object { $_.Length -gt 0 }
    }

    Read-WcnSource -Into $capture -Key 'hnsNetworks' -Command 'Get-HnsNetwork (or hnsdiag list networks -d)' -List -ScriptBlock {
        $moduleError = 'the HNS PowerShell module is not available (Get-HnsNetwork not found)'
        if (Test-WcnCommand -Name 'Get-HnsNetwork') {
            try {
                return Get-HnsNetwork
            }
            catch {
                $moduleError = 'Get-HnsNetwork failed: ' + (Get-WcnErrorMessage -ErrorRecord $_)
            }
        }
        if (-not (Test-WcnApplication -Name 'hnsdiag')) {
            throw "$moduleError, and hnsdiag.exe was not found."
        }
        try {
            $lines = Get-WcnNativeOutput -Command 'hnsdiag list networks -d' -ScriptBlock {
                hnsdiag list networks -d
            }
        }
        catch {
            throw "$moduleError; hnsdiag list networks -d failed: " + (Get-WcnErrorMessage -ErrorRecord $_)
        }
        $objects = @(ConvertFrom-WcnJsonStream -Lines $lines)
        $printed = (@($lines) -join ' ').Trim()
        if ($objects.Count -eq 0 -and $printed.Length -gt 0) {
            # Text without JSON must not pass for "no networks".
            throw "$moduleError; hnsdiag list networks -d printed no JSON: " + $printed.Substring(0, [System.Math]::Min(200, $printed.Length))
        }
        $objects
    }

    Read-WcnSource -Into $capture -Key 'hnsEndpoints' -Command 'Get-HnsEndpoint (or hnsdiag list endpoints -d)' -List -ScriptBlock {
        $moduleError = 'the HNS PowerShell module is not available (Get-HnsEndpoint not found)'
        if (Test-WcnCommand -Name 'Get-HnsEndpoint') {
            try {
                return Get-HnsEndpoint
            }
            catch {
                $moduleError = 'Get-HnsEndpoint failed: ' + (Get-WcnErrorMessage -ErrorRecord $_)
            }
        }
        if (-not (Test-WcnApplication -Name 'hnsdiag')) {
            throw "$moduleError, and hnsdiag.exe was not found."
        }
        try {
            $lines = Get-WcnNativeOutput -Command 'hnsdiag list endpoints -d' -ScriptBlock {
                hnsdiag list endpoints -d
            }
        }
        catch {
            throw "$moduleError; hnsdiag list endpoints -d failed: " + (Get-WcnErrorMessage -ErrorRecord $_)
        }
        $objects = @(ConvertFrom-WcnJsonStream -Lines $lines)
        $printed = (@($lines) -join ' ').Trim()
        if ($objects.Count -eq 0 -and $printed.Length -gt 0) {
            # Text without JSON must not pass for "no endpoints".
            throw "$moduleError; hnsdiag list endpoints -d printed no JSON: " + $printed.Substring(0, [System.Math]::Min(200, $printed.Length))
        }
        $objects
    }

    Read-WcnSource -Into $capture -Key 'hnsLoadBalancers' -Command 'Get-HnsPolicyList' -List -ScriptBlock {
        # kube-proxy's load balancers; the inbox module prints them as V1 policy lists.
        if (-not (Test-WcnCommand -Name 'Get-HnsPolicyList')) {
            throw 'the HNS PowerShell module is not available (Get-HnsPolicyList not found)'
        }
        Get-HnsPolicyList
    }

    $docker = Get-WcnDockerCapture
    if ($null -ne $docker) {
        $capture['docker'] = $docker
    }

    $capture['collectorErrors'] = $script:CollectorErrors.ToArray()
    return $capture
}

function Get-WcnDockerCapture {
    <# The docker key: each part is read on its own; $null when nothing could be read. #>
    $docker = [ordered]@{}
    $hasCli = Test-WcnApplication -Name 'docker'
    if ($hasCli) {
        Read-WcnSource -Into $docker -Key 'docker.info' -Command "docker info --format '{{json .}}'" -ScriptBlock {
            $lines = Get-WcnNativeOutput -Command "docker info --format '{{json .}}'" -ScriptBlock {
                docker info --format '{{json .}}'
            }
            ConvertFrom-WcnJsonText -Lines $lines
        }

        Read-WcnSource -Into $docker -Key 'docker.version' -Command "docker version --format '{{json .}}'" -ScriptBlock {
            $lines = Get-WcnNativeOutput -Command "docker version --format '{{json .}}'" -ScriptBlock {
                docker version --format '{{json .}}'
            }
            ConvertFrom-WcnJsonText -Lines $lines
        }

        Read-WcnSource -Into $docker -Key 'docker.networks' -Command 'docker network ls --quiet --no-trunc; docker network inspect <every network>' -List -ScriptBlock {
            $networkIds = @(Get-WcnNativeOutput -Command 'docker network ls --quiet --no-trunc' -ScriptBlock {
                    docker network ls --quiet --no-trunc
                } | Where-Object { $_.Trim().Length -gt 0 })
            foreach ($chunk in @(Split-WcnList -Items $networkIds)) {
                # A network removed since "ls" makes inspect fail for that one only.
                $lines = Get-WcnNativeOutput -Command 'docker network inspect <networks>' -IgnoreExitCode -ScriptBlock {
                    docker network inspect $chunk
                }
                ConvertFrom-WcnJsonText -Lines $lines
            }
        }

        Read-WcnSource -Into $docker -Key 'docker.containers' -Command 'docker ps --all --quiet --no-trunc; docker inspect <every container> (networking fields only)' -List -ScriptBlock {
            $containerIds = @(Get-WcnNativeOutput -Command 'docker ps --all --quiet --no-trunc' -ScriptBlock {
                    docker ps --all --quiet --no-trunc
                } | Where-Object { $_.Trim().Length -gt 0 })
            foreach ($chunk in @(Split-WcnList -Items $containerIds)) {
                # A container removed since "ps" makes inspect fail for that one only.
                $lines = Get-WcnNativeOutput -Command 'docker inspect <containers>' -IgnoreExitCode -ScriptBlock {
                    docker inspect $chunk
                }
                ConvertFrom-WcnJsonText -Lines $lines |
                    ForEach-Object { ConvertTo-WcnSafeContainer -Container $_ }
            }
        }
    }


    $daemonJson = Join-Path -Path ([System.Environment]::GetFolderPath('CommonApplicationData')) -ChildPath 'docker\config\daemon.json'
    Read-WcnSource -Into $docker -Key 'docker.daemonConfig' -Command "Get-Content '$daemonJson'" -ScriptBlock {
        $text = $null
        try {
            # .NET rather than Test-Path: Test-Path says "missing" when the
            # folder cannot be read, and access denied must be reported.
            $text = [System.IO.File]::ReadAllText($daemonJson)
        }
        catch {
            $inner = $_.Exception
            while ($null -ne $inner.InnerException) {
                $inner = $inner.InnerException
            }
            if ($inner -is [System.IO.FileNotFoundException] -or $inner -is [System.IO.DirectoryNotFoundException]) {
                # No daemon.json: docker runs with its defaults. Captured as null.
                return $null
            }
            throw
        }
        if ($text.Trim().Length -eq 0) {
            return $null
        }
        ConvertFrom-Json -InputObject $text
    }

    if (-not $hasCli) {
        $noCli = 'The docker CLI was not found on the PATH.'
        if ($null -eq $docker['daemonConfig']) {
            # Nothing about docker on this host: leave the whole key out.
            Write-WcnCollectorError -Key 'docker' -Command 'docker' -Message "$noCli No daemon.json either: docker is not installed, or not in the default location."
            return $null
        }
        foreach ($part in @('info', 'version', 'networks', 'containers')) {
            Write-WcnCollectorError -Key "docker.$part" -Command 'docker' -Message $noCli
        }
    }
    if ($docker.Count -eq 0) {
        return $null
    }
    return $docker
}

# ---- source on the Hyper-V parent -----------------------------------------

function Get-WcnParentCapture {
    param([Parameter(Mandatory = $true)] [string] $TargetVMName)
    $capture = Get-WcnCaptureHeader
    $quotedName = "'" + ($TargetVMName -replace "'", "''") + "'"
    Read-WcnSource -Into $capture -Key 'parentVmNetworkAdapters' -Command "Get-VMNetworkAdapter -VMName $quotedName" -List -ScriptBlock {
        if (-not (Test-WcnCommand -Name 'Get-VMNetworkAdapter')) {
            throw 'The Hyper-V PowerShell module is not installed (Get-VMNetworkAdapter not found). Run -ParentHost on the Hyper-V host that runs the VM.'
        }
        Get-VMNetworkAdapter -VMName $TargetVMName |
            Select-Object -Property 'Name', 'VMName', 'SwitchName', 'MacAddress', 'MacAddressSpoofing', 'Status'
    }
    $capture['collectorErrors'] = $script:CollectorErrors.ToArray()
    return $capture
}

# ---- main -----------------------------------------------------------------

if ($ParentHost) {
    $capture = Get-WcnParentCapture -TargetVMName $VMName
    $keys = $script:ParentCaptureKeys
}
else {
    $capture = Get-WcnHostCapture
    $keys = $script:HostCaptureKeys
}
Write-Progress -Activity $script:ProgressActivity -Status 'Writing the capture' -PercentComplete 100

$output = Get-WcnOrderedCapture -Capture $capture -Keys $keys
$json = ConvertTo-Json -InputObject $output -Depth 10
$json = Get-WcnCredentialFreeText -Text $json

$machineName = [System.Environment]::MachineName
if ($Redact) {
    $hostNames = [System.Collections.Generic.List[string]]::new()
    $domainNames = [System.Collections.Generic.List[string]]::new()
    $hostNames.Add($machineName)
    try {
        $hostNames.Add([System.Net.Dns]::GetHostName())
    }
    catch {
        Write-Verbose 'The DNS host name could not be read.'
    }
    $computerSystem = Get-WcnPropertyValue -InputObject $capture -Name 'computerSystem'
    $csName = Get-WcnPropertyValue -InputObject $computerSystem -Name 'Name'
    if ($null -ne $csName) {
        $hostNames.Add([string] $csName)
    }
    $csDomain = Get-WcnPropertyValue -InputObject $computerSystem -Name 'Domain'
    if ($null -ne $csDomain) {
        $domainNames.Add([string] $csDomain)
    }
    $dockerInfo = Get-WcnPropertyValue -InputObject (Get-WcnPropertyValue -InputObject $capture -Name 'docker') -Name 'info'
    $dockerName = Get-WcnPropertyValue -InputObject $dockerInfo -Name 'Name'
    if ($null -ne $dockerName) {
        $labels = ([string] $dockerName).Split('.')
        $hostNames.Add($labels[0])
        if ($labels.Count -gt 1) {
            $domainNames.Add((($labels | Select-Object -Skip 1) -join '.'))
        }
    }
    try {
        $dnsDomain = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().DomainName
        if (-not [string]::IsNullOrEmpty($dnsDomain)) {
            $domainNames.Add($dnsDomain)
        }
    }
    catch {
        Write-Verbose 'The DNS domain could not be read.'
    }
    $userDomain = [System.Environment]::UserDomainName
    if (-not [string]::IsNullOrEmpty($userDomain) -and $hostNames -notcontains $userDomain) {
        $domainNames.Add($userDomain)
    }
    $vmNames = @()
    if ($ParentHost) {
        $vmNames = @($VMName)
    }
    $json = Get-WcnRedactedText -Text $json -HostNames $hostNames.ToArray() -DomainNames $domainNames.ToArray() -VMNames $vmNames
}

if ([string]::IsNullOrEmpty($OutFile)) {
    $stamp = Get-Date -Format 'yyyyMMdd-HHmmss'
    $label = $machineName
    if ($Redact) {
        $label = 'redacted'
    }
    if ($ParentHost) {
        $vmLabel = $VMName -replace '[^A-Za-z0-9_.-]', '_'
        if ($Redact) {
            $vmLabel = 'redacted'
        }
        $OutFile = "wcn-capture-parent-$vmLabel-$stamp.json"
    }
    else {
        $OutFile = "wcn-capture-$label-$stamp.json"
    }
}

# Resolve against PowerShell's current location (.NET's current directory can differ).
$outPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)
[System.IO.File]::WriteAllText($outPath, $json, [System.Text.UTF8Encoding]::new($false))
Write-Progress -Activity $script:ProgressActivity -Completed

$errorCount = $script:CollectorErrors.Count
if ($errorCount -gt 0) {
    Write-Warning "$errorCount source(s) were not captured; see collectorErrors in the file."
    foreach ($failure in $script:CollectorErrors) {
        Write-Warning ('{0}: {1}' -f $failure['key'], $failure['message'])
    }
}
Get-Item -LiteralPath $outPath
