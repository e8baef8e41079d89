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
      - every IPv4 route, DNS client servers, the dynamic port ranges, the
        firewall profiles and the rules for the ports container networking uses
      - HNS's State registry values (and its version where hns.psm1 is loaded),
        VFP port states where the VFP extension runs
      - containerd's version, config.toml and (with crictl) its CRI view; the
        CNI conf and bin folders; the kubelet, kube-proxy, flanneld,
        calico-node and containerd processes and services and the config
        files they name (never a kubeconfig, key or certificate; secret
        command-line values are replaced by <redacted>)

    The script only reads. It calls Get-* cmdlets, "hnsdiag list",
    "docker info/version/network ls/network inspect/ps/inspect",
    "netsh int ipv4 show excludedportrange", "containerd --version",
    "crictl info/pods", "vfpctrl /list-vmswitch-port/get-port-state", and it
    reads the registry, daemon.json and the config files above. It never creates, changes, starts or stops anything.

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

.PARAMETER TimeoutSeconds
    How long each external program (docker, netsh, hnsdiag) may take to
    answer before it is ended and its source recorded as timed out in
    collectorErrors (default 60). A hung docker engine or HNS then costs
    only its own sources, and the file is still written.

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

    [Parameter(ParameterSetName = 'Parent')]
    [switch] $ParentHost,

    [Parameter(ParameterSetName = 'Parent')]
    [string] $VMName,

    [Parameter(ParameterSetName = 'Host')]
    [Parameter(ParameterSetName = 'Parent')]
    [switch] $Redact,

    [Parameter(ParameterSetName = 'Host')]
    [Parameter(ParameterSetName = 'Parent')]
    [ValidateRange(1, 3600)]
    [int] $TimeoutSeconds = 60
)

$ErrorActionPreference = 'Stop'

# -VMName alone must fail here, not prompt for -ParentHost (a non-interactive run would hang or fail).
if (-not [string]::IsNullOrEmpty($VMName) -and -not $ParentHost) {
    throw '-VMName is used with -ParentHost only: run with -ParentHost -VMName <name> on the Hyper-V parent.'
}
if ($ParentHost -and [string]::IsNullOrEmpty($VMName)) {
    throw '-ParentHost needs -VMName: the name of the container host''s virtual machine (Get-VM lists them).'
}

if ($Redact -and $ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
    throw '-Redact needs Full Language mode (this PowerShell runs in Constrained Language mode). Capture without -Redact, or sign the script or allow it by policy.'
}

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
    'ipRoutes',
    'dnsClientServers',
    'dynamicPortRanges',
    'firewall',
    'hnsVersion',
    'hnsState',
    'vfp',
    'containerd',
    'cni',
    'kubernetes',
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

# Plain arrays, not generic lists: Constrained Language mode cannot create those.
$script:CollectorErrors = @()
$script:ProgressActivity = 'wcn-doctor: capturing container networking state'
$script:ProgressStep = 0
$script:ProgressTotal = 40
# Constrained Language mode (AppLocker or WDAC script enforcement) allows
# no .NET method calls on most types: those paths then use cmdlets only.
$script:FullLanguage = $ExecutionContext.SessionState.LanguageMode -eq 'FullLanguage'
$script:TimeoutMilliseconds = $TimeoutSeconds * 1000
$script:IsElevated = $false
$script:IsHyperVAdministrator = $false
$script:ElevationKnown = $false
if ($script:FullLanguage) {
    try {
        $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
        $principal = [System.Security.Principal.WindowsPrincipal]::new($identity)
        $script:IsElevated = $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
        $script:IsHyperVAdministrator = $principal.IsInRole([System.Security.Principal.SecurityIdentifier]::new('S-1-5-32-578'))
        $script:ElevationKnown = $true
    }
    catch {
        $script:ElevationKnown = $false
    }
}
if (-not $script:ElevationKnown) {
    # whoami prints SIDs, which do not depend on the display language:
    # S-1-16-12288 (high) or S-1-16-16384 (system) is an elevated token,
    # S-1-5-32-578 is Hyper-V Administrators.
    try {
        $groups = @(& whoami /groups /fo csv /nh 2>$null)
        if ($groups.Count -gt 0) {
            $text = $groups -join "`n"
            $script:IsElevated = $text -match '"S-1-16-(12288|16384)"'
            $script:IsHyperVAdministrator = $text -match '"S-1-5-32-578"'
            $script:ElevationKnown = $true
        }
    }
    catch {
        $script:ElevationKnown = $false
    }
}
if ($script:ElevationKnown -and -not $script:IsElevated) {
    Write-Warning 'Not running as administrator: Hyper-V, HNS and docker usually refuse to answer. Run from an elevated PowerShell to capture everything; what could not be read is listed under collectorErrors.'
}
if (-not $script:FullLanguage) {
    Write-Warning 'PowerShell runs in Constrained Language mode: external programs run without a time limit, and -Redact is not available. Sign the script or allow it by policy to capture with time limits.'
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
    $script:CollectorErrors += , [ordered]@{ key = $Key; command = $Command; message = $Message }
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
    $percent = [int](100 * $script:ProgressStep / $script:ProgressTotal)
    if ($percent -gt 100) {
        $percent = 100
    }
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

function Get-WcnNativeCommandLine {
    <#
        The program and arguments of a one-command script block such as
        { docker network inspect $chunk }: literal words as written,
        variables with their values (read from the caller's scope).
    #>
    param([Parameter(Mandatory = $true)] [scriptblock] $ScriptBlock)
    $statements = $ScriptBlock.Ast.EndBlock.Statements
    if ($statements.Count -ne 1 -or $statements[0].PipelineElements.Count -ne 1) {
        throw 'A native source must be one command.'
    }
    $elements = $statements[0].PipelineElements[0].CommandElements
    $words = [System.Collections.Generic.List[string]]::new()
    foreach ($element in $elements) {
        if ($element -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
            $words.Add($element.Value)
        }
        elseif ($element -is [System.Management.Automation.Language.CommandParameterAst]) {
            $words.Add($element.Extent.Text)
        }
        elseif ($element -is [System.Management.Automation.Language.VariableExpressionAst]) {
            # A list (possibly wrapped in another list) is one word per item, as PowerShell passes it.
            $pending = [System.Collections.Generic.Queue[object]]::new()
            $pending.Enqueue((Get-Variable -Name $element.VariablePath.UserPath -ValueOnly))
            while ($pending.Count -gt 0) {
                $value = $pending.Dequeue()
                if ($value -is [System.Collections.IEnumerable] -and $value -isnot [string]) {
                    foreach ($item in $value) {
                        $pending.Enqueue($item)
                    }
                }
                elseif ($null -ne $value) {
                    $words.Add([string] $value)
                }
            }
        }
        else {
            throw "Unsupported word in a native source: $($element.Extent.Text)"
        }
    }
    return , $words.ToArray()
}

function Invoke-WcnNativeProcess {
    <#
        Runs a program with a time limit and returns @{ ExitCode; Output
        (lines); Error (text) }. On time-out the program (a read-only client
        started here, never a service) is ended and this throws. docker
        writes UTF-8 whatever the console code page; netsh and hnsdiag write
        the console's code page.
    #>
    param(
        [Parameter(Mandatory = $true)] [string] $Command,
        [Parameter(Mandatory = $true)] [string[]] $Words
    )
    $application = Get-Command -Name $Words[0] -CommandType 'Application' -ErrorAction 'SilentlyContinue' | Select-Object -First 1
    if ($null -eq $application) {
        throw "$($Words[0]) was not found on the PATH."
    }
    $info = [System.Diagnostics.ProcessStartInfo]::new()
    $info.FileName = $application.Source
    $quoted = foreach ($word in ($Words | Select-Object -Skip 1)) {
        if ($word -match '[\s"]' -or $word.Length -eq 0) {
            '"' + ($word -replace '"', '\"') + '"'
        }
        else {
            $word
        }
    }
    $info.Arguments = @($quoted) -join ' '
    $info.UseShellExecute = $false
    $info.CreateNoWindow = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.RedirectStandardInput = $true
    if ($Words[0] -eq 'docker') {
        $info.StandardOutputEncoding = [System.Text.UTF8Encoding]::new($false)
        $info.StandardErrorEncoding = [System.Text.UTF8Encoding]::new($false)
    }
    else {
        $info.StandardOutputEncoding = [Console]::OutputEncoding
        $info.StandardErrorEncoding = [Console]::OutputEncoding
    }
    # Starts a read-only client (docker, netsh, hnsdiag); see the file's help.
    $process = [System.Diagnostics.Process]::Start($info)
    try {
        $process.StandardInput.Close()
        $outputTask = $process.StandardOutput.ReadToEndAsync()
        $errorTask = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($script:TimeoutMilliseconds)) {
            try {
                # Ends only the client this script started; the service it asked is left alone.
                $process.Kill()
            }
            catch {
                Write-Verbose "Could not end $($Words[0]): $_"
            }
            throw "timed out after $($script:TimeoutMilliseconds / 1000) s: '$Command' did not answer (the service it asks may be hung)."
        }
        $process.WaitForExit()
        $lines = $outputTask.GetAwaiter().GetResult() -split '\r?\n'
        if ($lines.Count -gt 0 -and $lines[-1].Length -eq 0) {
            $lines = @($lines | Select-Object -First ($lines.Count - 1))
        }
        return @{ ExitCode = $process.ExitCode; Output = @($lines); Error = $errorTask.GetAwaiter().GetResult() }
    }
    finally {
        $process.Dispose()
    }
}

function Get-WcnNativeOutput {
    <#
        Runs the one native command in $ScriptBlock and returns its standard
        output lines. The command gets -TimeoutSeconds to answer (not in
        Constrained Language mode, where the script block runs as is).
        Throws with the standard error text when it exits with a non-zero
        code, unless -IgnoreExitCode is given.
    #>
    param(
        [Parameter(Mandatory = $true)] [string] $Command,
        [Parameter(Mandatory = $true)] [scriptblock] $ScriptBlock,
        [switch] $IgnoreExitCode,
        # The program's full path when it is not on the PATH (Full Language mode only).
        [string] $Program
    )
    # Native standard error must not turn into a terminating error here.
    $ErrorActionPreference = 'Continue'
    $standardOutput = @()
    $standardError = @()
    if ($script:FullLanguage) {
        $words = Get-WcnNativeCommandLine -ScriptBlock $ScriptBlock
        if ($Program) {
            $words[0] = $Program
        }
        $result = Invoke-WcnNativeProcess -Command $Command -Words $words
        foreach ($line in $result.Output) {
            $standardOutput += $line
        }
        if ($result.Error.Trim().Length -gt 0) {
            $standardError += $result.Error.Trim()
        }
        $exitCode = $result.ExitCode
    }
    else {
        & $ScriptBlock 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) {
                $standardError += $_.ToString()
            }
            else {
                $standardOutput += [string] $_
            }
        }
        $exitCode = Get-Variable -Name 'LASTEXITCODE' -Scope 'Global' -ValueOnly -ErrorAction 'SilentlyContinue'
    }
    if (-not $IgnoreExitCode -and $null -ne $exitCode -and $exitCode -ne 0) {
        $detail = ((@($standardError) + @($standardOutput)) -join ' ').Trim()
        throw "'$Command' exited with code ${exitCode}: $detail"
    }
    return $standardOutput
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
        $last = $offset + $Size - 1
        if ($last -ge $Items.Count) {
            $last = $Items.Count - 1
        }
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
    param(
        [AllowEmptyCollection()] [AllowEmptyString()] [string[]] $Lines,
        [AllowNull()] [hashtable] $Failures
    )
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
                $candidate = $text.Substring($start, $i - $start + 1)
                # hnsdiag prints GUIDs in braces ({0694B065-...}) between objects.
                if ($candidate -match '^\{\s*("|\})') {
                    try {
                        ConvertFrom-Json -InputObject $candidate
                    }
                    catch {
                        Write-Verbose ('Skipped text in braces that is not JSON: ' + (Get-WcnShortText -Text $candidate))
                        if ($null -ne $Failures) {
                            $Failures['messages'] += , (Get-WcnShortText -Text $_.Exception.Message)
                        }
                    }
                }
            }
        }
    }
}

function Get-WcnShortText {
    <# At most 200 characters of a text, on one line. #>
    param([AllowEmptyString()] [string] $Text)
    $line = ($Text -replace '\s+', ' ').Trim()
    if ($line.Length -gt 200) {
        return $line.Substring(0, 200) + '...'
    }
    return $line
}

function ConvertFrom-WcnContainerJson {
    <#
        Parses "docker inspect" output. Label maps are emptied first: they are
        never kept, and keys that differ only in case ("Id" and "ID") make
        ConvertFrom-Json throw. If the whole text still does not parse, each
        container is parsed on its own, so one odd container costs only itself.
    #>
    param([AllowEmptyCollection()] [AllowEmptyString()] [string[]] $Lines)
    $text = ($Lines -join "`n").Trim()
    if ($text.Length -eq 0) {
        return
    }
    $text = $text -replace '"Labels"\s*:\s*\{(?:[^{}"]|"(?:[^"\\]|\\.)*")*\}', '"Labels":{}'
    try {
        ConvertFrom-WcnJsonText -Lines @($text)
        return
    }
    catch {
        Write-Verbose ('docker inspect output did not parse as a whole: ' + $_.Exception.Message)
    }
    $inner = $text
    if ($inner.StartsWith('[')) {
        $inner = $inner.Substring(1)
    }
    $failures = @{ messages = @() }
    foreach ($container in @(ConvertFrom-WcnJsonStream -Lines @($inner) -Failures $failures)) {
        $container
    }
    if ($failures['messages'].Count -gt 0) {
        Write-Warning ("$($failures['messages'].Count) container(s) could not be read from docker inspect: " + ($failures['messages'] -join ' | '))
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

function Assert-WcnHyperVAnswered {
    <#
        Hyper-V answers an empty list, without an error, to a user who is
        neither elevated nor in Hyper-V Administrators. Such an empty list is
        not "none there": it is recorded as not captured.
    #>
    param([int] $Count, [string] $Command)
    if ($Count -eq 0 -and $script:ElevationKnown -and -not $script:IsElevated -and -not $script:IsHyperVAdministrator) {
        throw "Access denied (not running as administrator nor as a member of Hyper-V Administrators, and $Command then returns an empty list whatever exists; run from an elevated PowerShell to capture this)."
    }
}

function ConvertFrom-WcnExcludedPortRanges {
    <#
        The rows of "netsh int ipv4 show excludedportrange" as objects. The
        headers are in the display language (Japanese, Korean, ...), so only
        the rows of numbers are read, and the protocol is the one asked for.
        A trailing * marks a range an administrator excluded.
    #>
    param(
        [Parameter(Mandatory = $true)] [string] $Protocol,
        [AllowEmptyCollection()] [AllowEmptyString()] [string[]] $Lines
    )
    foreach ($line in $Lines) {
        if ($line -match '^\s*(\d+)\s+(\d+)(\s+\*)?\s*$') {
            [ordered]@{ Protocol = $Protocol; StartPort = [int] $Matches[1]; EndPort = [int] $Matches[2]; Administered = ($null -ne $Matches[3]) }
        }
    }
}

function Get-WcnCimSwitches {
    <#
        vmSwitches when the Hyper-V module is missing: hosts with only the
        Containers feature have vmswitches but no Hyper-V module, and vmms,
        when present, still answers over CIM. Called inside a source only.
    #>
    $cimSwitches = @()
    try {
        $cimSwitches = @(Get-CimInstance -Namespace 'root\virtualization\v2' -ClassName 'Msvm_VirtualEthernetSwitch' -ErrorAction 'Stop')
    }
    catch {
        throw 'The Hyper-V PowerShell module is not installed (Get-VMSwitch not found), and the Hyper-V WMI namespace root\virtualization\v2 did not answer: ' + (Get-WcnErrorMessage -ErrorRecord $_)
    }
    Assert-WcnHyperVAnswered -Count $cimSwitches.Count -Command 'Get-CimInstance -Namespace root\virtualization\v2 -ClassName Msvm_VirtualEthernetSwitch'
    # The switch type is not a property of this class: left unknown.
    $cimSwitches | Select-Object -Property @{ Name = 'Name'; Expression = { $_.ElementName } }, @{ Name = 'Id'; Expression = { $_.Name } },
        @{ Name = 'SwitchType'; Expression = { $null } }, @{ Name = 'AllowManagementOS'; Expression = { $null } },
        @{ Name = 'NetAdapterInterfaceDescription'; Expression = { $null } }, @{ Name = 'NetAdapterInterfaceDescriptions'; Expression = { $null } },
        @{ Name = 'EmbeddedTeamingEnabled'; Expression = { $null } }, @{ Name = 'Notes'; Expression = { 'read from root\virtualization\v2 Msvm_VirtualEthernetSwitch: the Hyper-V module is not installed' } }
}

function Get-WcnHnsObjects {
    <#
        HNS networks or endpoints (V1 shape), from the first source that
        answers: the HostNetworkingService module (Get-HnsNetwork /
        Get-HnsEndpoint), then "hnsdiag list <kind> -df" (full V1 JSON), then,
        for networks on Windows Server 2016 (no inbox HNS cmdlets, no
        hnsdiag), Get-ContainerNetwork. Throws with every reason when none does.
    #>
    param([Parameter(Mandatory = $true)] [ValidateSet('networks', 'endpoints')] [string] $Kind)
    $cmdlet = 'Get-HnsEndpoint'
    if ($Kind -eq 'networks') {
        $cmdlet = 'Get-HnsNetwork'
    }
    $reasons = @()
    if (Test-WcnCommand -Name $cmdlet) {
        try {
            if ($Kind -eq 'networks') {
                return Get-HnsNetwork
            }
            return Get-HnsEndpoint
        }
        catch {
            $reasons += "$cmdlet failed: " + (Get-WcnErrorMessage -ErrorRecord $_)
        }
    }
    else {
        $reasons += "the HNS PowerShell module is not available ($cmdlet not found)"
    }
    if (Test-WcnApplication -Name 'hnsdiag') {
        try {
            if ($Kind -eq 'networks') {
                $lines = Get-WcnNativeOutput -Command 'hnsdiag list networks -df' -ScriptBlock {
                    hnsdiag list networks -df
                }
            }
            else {
                $lines = Get-WcnNativeOutput -Command 'hnsdiag list endpoints -df' -ScriptBlock {
                    hnsdiag list endpoints -df
                }
            }
            $objects = @(ConvertFrom-WcnJsonStream -Lines $lines)
            $printed = (@($lines) -join ' ').Trim()
            if ($objects.Count -eq 0 -and $printed.Length -gt 0) {
                # Text without JSON must not pass for "none there".
                throw ("printed no JSON: " + (Get-WcnShortText -Text $printed))
            }
            return $objects
        }
        catch {
            $reasons += "hnsdiag list $Kind -df failed: " + (Get-WcnErrorMessage -ErrorRecord $_)
        }
    }
    else {
        $reasons += 'hnsdiag.exe was not found'
    }
    if ($Kind -eq 'networks' -and (Test-WcnCommand -Name 'Get-ContainerNetwork')) {
        # Windows Server 2016: the Containers module's view of HNS networks,
        # written with the V1 field names the loader reads.
        try {
            return Get-ContainerNetwork | ForEach-Object {
                $network = $_
                $prefixes = @(Get-WcnPropertyValue -InputObject $network -Name 'SubnetPrefix')
                $gateways = @(Get-WcnPropertyValue -InputObject $network -Name 'GatewayAddress')
                $subnets = @()
                for ($i = 0; $i -lt $prefixes.Count; $i++) {
                    if ([string]::IsNullOrEmpty([string] $prefixes[$i])) {
                        continue
                    }
                    $gateway = $null
                    if ($i -lt $gateways.Count) {
                        $gateway = [string] $gateways[$i]
                    }
                    $subnets += [ordered]@{ AddressPrefix = [string] $prefixes[$i]; GatewayAddress = $gateway }
                }
                [ordered]@{
                    ID = ([string] (Get-WcnPropertyValue -InputObject $network -Name 'Id')).ToUpperInvariant()
                    Name = [string] (Get-WcnPropertyValue -InputObject $network -Name 'Name')
                    Type = [string] (Get-WcnPropertyValue -InputObject $network -Name 'Mode')
                    NetworkAdapterName = Get-WcnPropertyValue -InputObject $network -Name 'NetworkAdapterName'
                    Subnets = $subnets
                    Source = 'Get-ContainerNetwork'
                }
            }
        }
        catch {
            $reasons += 'Get-ContainerNetwork failed: ' + (Get-WcnErrorMessage -ErrorRecord $_)
        }
    }
    throw (($reasons -join '; ') + '.')
}

function Get-WcnHnsLoadBalancers {
    <#
        HNS load balancers (what kube-proxy programmed), V1 shape: from
        Get-HnsPolicyList, else "hnsdiag list loadbalancers -df". Throws with
        every reason when neither answers. Read by the hnsLoadBalancers key.
    #>
    $reasons = @()
    if (Test-WcnCommand -Name 'Get-HnsPolicyList') {
        try {
            return Get-HnsPolicyList
        }
        catch {
            $reasons += 'Get-HnsPolicyList failed: ' + (Get-WcnErrorMessage -ErrorRecord $_)
        }
    }
    else {
        $reasons += 'the HNS PowerShell module is not available (Get-HnsPolicyList not found)'
    }
    if (Test-WcnApplication -Name 'hnsdiag') {
        try {
            $lines = Get-WcnNativeOutput -Command 'hnsdiag list loadbalancers -df' -ScriptBlock {
                hnsdiag list loadbalancers -df
            }
            return ConvertFrom-WcnJsonStream -Lines $lines
        }
        catch {
            $reasons += 'hnsdiag list loadbalancers -df failed: ' + (Get-WcnErrorMessage -ErrorRecord $_)
        }
    }
    else {
        $reasons += 'hnsdiag.exe was not found'
    }
    throw (($reasons -join '; ') + '.')
}

# ---- containerd, CNI and Kubernetes helpers --------------------------------

# Files never read, whatever names them: kubeconfigs, keys, certificates, tokens.
$script:SecretFilePattern = '(?i)(^|[\\/])(kubeconfig|config)$|\.kubeconfig$|kubeconfig[^\\/]*$|\.(key|crt|cer|pem|pfx|p12|jks)$|token|[\\/]pki[\\/]|[\\/]\.kube[\\/]'
# Command-line flags whose value is a secret: their name holds one of these words.
$script:SecretFlagPattern = '(?i)(?<flag>(^|\s)--?[\w.-]*(token|password|passwd|secret|key)[\w.-]*)(?<sep>=|\s+)(?<value>"[^"]*"|''[^'']*''|(?!-)\S+)'
# How much of one file is kept (config files are small; anything larger is not one).
$script:MaxFileCharacters = 262144

function Get-WcnRedactedCommandLine {
    <# A command line with the value of every flag named like a secret replaced by <redacted>. #>
    param([AllowNull()] [AllowEmptyString()] [string] $CommandLine)
    if ([string]::IsNullOrEmpty($CommandLine)) {
        return $CommandLine
    }
    return [regex]::Replace($CommandLine, $script:SecretFlagPattern, '${flag}${sep}<redacted>')
}

function Get-WcnCommandLineFlag {
    <# The values of one flag (--name=value or --name value) in a command line. #>
    param([AllowNull()] [AllowEmptyString()] [string] $CommandLine, [Parameter(Mandatory = $true)] [string] $Name)
    if ([string]::IsNullOrEmpty($CommandLine)) {
        return
    }
    $pattern = '(^|\s)--?' + [regex]::Escape($Name) + '(=|\s+)("(?<v>[^"]*)"|''(?<v>[^'']*)''|(?<v>(?!-)\S+))'
    foreach ($match in [regex]::Matches($CommandLine, $pattern)) {
        $match.Groups['v'].Value
    }
}

function Resolve-WcnHostPath {
    <#
        A path on the system drive read through $env:SystemDrive ("C:" on
        Windows, so the path is unchanged there); other paths as they are.
    #>
    param([Parameter(Mandatory = $true)] [string] $Path)
    $drive = $env:SystemDrive
    if ($drive -and $drive -ne 'C:' -and $Path -match '^[Cc]:[\\/]') {
        return $drive + '/' + ($Path.Substring(3) -replace '\\', '/')
    }
    return $Path
}

function Test-WcnSecretFile {
    <# True for a file that may hold a credential (never read). #>
    param([Parameter(Mandatory = $true)] [string] $Path)
    return ($Path -match $script:SecretFilePattern)
}

function Read-WcnTextFile {
    <# The text of a config file, or $null when it is not there; throws for a file that may hold a secret. #>
    param([Parameter(Mandatory = $true)] [string] $Path)
    if (Test-WcnSecretFile -Path $Path) {
        throw "not read: '$Path' may hold a credential."
    }
    $local = Resolve-WcnHostPath -Path $Path
    if (-not (Test-Path -LiteralPath $local -PathType 'Leaf')) {
        return $null
    }
    $text = Get-Content -LiteralPath $local -Raw -ErrorAction 'Stop'
    if ($null -eq $text) {
        return ''
    }
    if ($text.Length -gt $script:MaxFileCharacters) {
        throw "not read: '$Path' is larger than $($script:MaxFileCharacters) characters."
    }
    return [string] $text
}

function Get-WcnProgramPath {
    <# A program on the PATH, else the first of the given paths that exists, else $null. #>
    param([Parameter(Mandatory = $true)] [string] $Name, [string[]] $Candidates = @())
    $found = Get-Command -Name $Name -CommandType 'Application' -ErrorAction 'SilentlyContinue' | Select-Object -First 1
    if ($null -ne $found) {
        return $found.Source
    }
    foreach ($candidate in $Candidates) {
        $local = Resolve-WcnHostPath -Path $candidate
        if (Test-Path -LiteralPath $local -PathType 'Leaf') {
            return $local
        }
    }
    return $null
}

function Get-WcnCimObjects {
    <# Win32_Process or Win32_Service objects matching a filter, with a time limit. #>
    param([Parameter(Mandatory = $true)] [string] $ClassName, [Parameter(Mandatory = $true)] [string] $Filter)
    Get-CimInstance -ClassName $ClassName -Filter $Filter -OperationTimeoutSec $TimeoutSeconds -ErrorAction 'Stop'
}

function Get-WcnContainerdConfigPath {
    <# config.toml: the containerd service's --config, else the default path. #>
    param([AllowNull()] $Service)
    $commandLine = [string] (Get-WcnPropertyValue -InputObject $Service -Name 'PathName')
    $named = @(Get-WcnCommandLineFlag -CommandLine $commandLine -Name 'config')
    if ($named.Count -gt 0 -and $named[0]) {
        return $named[0]
    }
    return 'C:\Program Files\containerd\config.toml'
}

function Get-WcnContainerdCniDirs {
    <# conf_dir, bin_dir and bin_dirs named in config.toml text: @{ Conf; Bin }. #>
    param([AllowNull()] [AllowEmptyString()] [string] $Text)
    $conf = @()
    $bin = @()
    if ($Text) {
        foreach ($match in [regex]::Matches($Text, '(?m)^\s*conf_dir\s*=\s*["''](?<v>[^"'']+)["'']')) {
            $conf += $match.Groups['v'].Value -replace '\\\\', '\'
        }
        foreach ($match in [regex]::Matches($Text, '(?m)^\s*bin_dir\s*=\s*["''](?<v>[^"'']+)["'']')) {
            $bin += $match.Groups['v'].Value -replace '\\\\', '\'
        }
        foreach ($match in [regex]::Matches($Text, '(?m)^\s*bin_dirs\s*=\s*\[(?<v>[^\]]*)\]')) {
            foreach ($item in [regex]::Matches($match.Groups['v'].Value, '["''](?<v>[^"'']+)["'']')) {
                $bin += $item.Groups['v'].Value -replace '\\\\', '\'
            }
        }
    }
    return @{ Conf = $conf; Bin = $bin }
}

function Get-WcnUniquePaths {
    <# Paths without duplicates (compared without case and trailing separators), in first-seen order. #>
    param([AllowEmptyCollection()] [string[]] $Paths = @())
    $seen = @()
    foreach ($path in $Paths) {
        if (-not $path) { continue }
        $normal = $path.TrimEnd('\', '/').ToLowerInvariant() -replace '/', '\'
        if ($seen -notcontains $normal) {
            $seen += $normal
            $path
        }
    }
}

function Get-WcnKubernetesFilePaths {
    <# The config files the agents' command lines name, and the well-known ones. #>
    param([AllowEmptyCollection()] [object[]] $CommandLines = @())
    $paths = @()
    foreach ($line in $CommandLines) {
        foreach ($flag in 'config', 'source-vip-file', 'net-config-path', 'subnet-file') {
            $paths += @(Get-WcnCommandLineFlag -CommandLine ([string] $line) -Name $flag)
        }
    }
    $paths += @(
        'C:\run\flannel\subnet.env', 'C:\etc\kube-flannel\net-conf.json', 'C:\k\flannel\net-conf.json',
        'C:\k\net-conf.json', 'C:\k\kubeclusterconfig.json', 'C:\k\sourceVip.json', 'C:\k\sourceVipRequest.json',
        'C:\k\kube-proxy.yml', 'C:\k\kube-proxy.yaml', 'C:\var\lib\kubelet\config.yaml', 'C:\var\lib\kube-proxy\config.conf'
    )
    return @(Get-WcnUniquePaths -Paths $paths)
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
        # A service that is not installed is simply absent from the list. Any
        # other failure (PowerShell 7 not elevated cannot query the winnat and
        # vfpext drivers) must not pass for "not installed".
        $serviceErrors = @()
        Get-Service -Name $serviceNames -ErrorAction 'SilentlyContinue' -ErrorVariable 'serviceErrors' |
            Select-Object -Property 'Name', 'DisplayName', 'Status', 'StartType'
        $failed = @($serviceErrors | Where-Object { $_.FullyQualifiedErrorId -notlike 'NoServiceFoundForGivenName*' })
        if ($failed.Count -gt 0) {
            $names = @($failed | ForEach-Object { [string] $_.TargetObject }) -join ', '
            throw ("Could not read the service(s) $($names): " + (Get-WcnErrorMessage -ErrorRecord $failed[0]))
        }
    }

    Read-WcnSource -Into $capture -Key 'vmSwitches' -Command 'Get-VMSwitch' -List -ScriptBlock {
        if (-not (Test-WcnCommand -Name 'Get-VMSwitch')) {
            return Get-WcnCimSwitches
        }
        $switches = @(Get-VMSwitch)
        Assert-WcnHyperVAnswered -Count $switches.Count -Command 'Get-VMSwitch'
        $switches |
            Select-Object -Property 'Name', 'Id', 'SwitchType', 'AllowManagementOS', 'NetAdapterInterfaceDescription', 'NetAdapterInterfaceDescriptions', 'EmbeddedTeamingEnabled', 'Notes'
    }

    Read-WcnSource -Into $capture -Key 'vmSwitchExtensions' -Command 'Get-VMSwitch | Get-VMSwitchExtension' -List -ScriptBlock {
        if (-not (Test-WcnCommand -Name 'Get-VMSwitchExtension')) {
            throw 'The Hyper-V PowerShell module is not installed (Get-VMSwitchExtension not found).'
        }
        $extensions = @(Get-VMSwitch | Get-VMSwitchExtension)
        Assert-WcnHyperVAnswered -Count $extensions.Count -Command 'Get-VMSwitch | Get-VMSwitchExtension'
        $extensions |
            Select-Object -Property 'SwitchName', 'SwitchId', 'Name', 'Id', 'Vendor', 'ExtensionType', 'Enabled', 'Running'
    }

    Read-WcnSource -Into $capture -Key 'vmNetworkAdapters' -Command 'Get-VMNetworkAdapter -ManagementOS' -List -ScriptBlock {
        if (-not (Test-WcnCommand -Name 'Get-VMNetworkAdapter')) {
            throw 'The Hyper-V PowerShell module is not installed (Get-VMNetworkAdapter not found).'
        }
        $adapters = @(Get-VMNetworkAdapter -ManagementOS)
        Assert-WcnHyperVAnswered -Count $adapters.Count -Command 'Get-VMNetworkAdapter -ManagementOS'
        $adapters |
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
        ConvertFrom-WcnExcludedPortRanges -Protocol 'TCP' -Lines $tcp
        ConvertFrom-WcnExcludedPortRanges -Protocol 'UDP' -Lines $udp
    }

    Read-WcnSource -Into $capture -Key 'hnsNetworks' -Command 'Get-HnsNetwork (or hnsdiag list networks -df, or Get-ContainerNetwork)' -List -ScriptBlock {
        Get-WcnHnsObjects -Kind 'networks'
    }

    Read-WcnSource -Into $capture -Key 'hnsEndpoints' -Command 'Get-HnsEndpoint (or hnsdiag list endpoints -df)' -List -ScriptBlock {
        Get-WcnHnsObjects -Kind 'endpoints'
    }

    Read-WcnSource -Into $capture -Key 'hnsLoadBalancers' -Command 'Get-HnsPolicyList (or hnsdiag list loadbalancers -df)' -List -ScriptBlock {
        # kube-proxy's load balancers; the inbox module prints them as V1 policy lists.
        Get-WcnHnsLoadBalancers
    }

    $docker = Get-WcnDockerCapture
    if ($null -ne $docker) {
        $capture['docker'] = $docker
    }

    Read-WcnSource -Into $capture -Key 'ipRoutes' -Command 'Get-NetRoute -AddressFamily IPv4 -IncludeAllCompartments' -List -ScriptBlock {
        Get-NetRoute -AddressFamily 'IPv4' -IncludeAllCompartments -ErrorAction 'Stop' |
            Select-Object -Property 'InterfaceAlias', 'InterfaceIndex', 'DestinationPrefix', 'NextHop', 'RouteMetric', 'Protocol', 'CompartmentId', 'AddressFamily'
    }

    Read-WcnSource -Into $capture -Key 'dnsClientServers' -Command 'Get-DnsClientServerAddress -AddressFamily IPv4' -List -ScriptBlock {
        Get-DnsClientServerAddress -AddressFamily 'IPv4' -ErrorAction 'Stop' |
            Select-Object -Property 'InterfaceAlias', 'InterfaceIndex', 'AddressFamily', 'ServerAddresses'
    }

    Read-WcnSource -Into $capture -Key 'dynamicPortRanges' -Command 'Get-NetTCPSetting -SettingName Internet; Get-NetUDPSetting' -List -ScriptBlock {
        # The TCP "Internet" setting is the one in effect on a server; UDP has one.
        $tcp = Get-NetTCPSetting -SettingName 'Internet' -ErrorAction 'Stop' | Select-Object -First 1
        $udp = Get-NetUDPSetting -ErrorAction 'Stop' | Select-Object -First 1
        foreach ($pair in @(@('TCP', $tcp), @('UDP', $udp))) {
            if ($null -ne $pair[1]) {
                [ordered]@{
                    Protocol = $pair[0]
                    StartPort = Get-WcnPropertyValue -InputObject $pair[1] -Name 'DynamicPortRangeStartPort'
                    NumberOfPorts = Get-WcnPropertyValue -InputObject $pair[1] -Name 'DynamicPortRangeNumberOfPorts'
                }
            }
        }
    }

    $firewall = [ordered]@{}
    Read-WcnSource -Into $firewall -Key 'firewall.profiles' -Command 'Get-NetFirewallProfile' -List -ScriptBlock {
        Get-NetFirewallProfile -ErrorAction 'Stop' |
            Select-Object -Property 'Name', 'Enabled', 'DefaultInboundAction', 'DefaultOutboundAction'
    }
    Read-WcnSource -Into $firewall -Key 'firewall.rules' -Command 'Get-NetFirewallPortFilter | Get-NetFirewallRule (enabled rules for UDP 4789, TCP 10250, TCP 179, TCP/UDP 53)' -List -ScriptBlock {
        # One query for every port filter, then only the few rules that matter.
        $wanted = @('UDP/4789', 'TCP/10250', 'TCP/179', 'TCP/53', 'UDP/53')
        $filters = @(Get-NetFirewallPortFilter -All -ErrorAction 'Stop' | Where-Object {
                $filter = $_
                $protocol = ([string] $filter.Protocol).ToUpperInvariant()
                @($filter.LocalPort | Where-Object { $wanted -contains ($protocol + '/' + [string] $_) }).Count -gt 0
            })
        foreach ($filter in $filters) {
            Get-NetFirewallRule -Name $filter.InstanceID -ErrorAction 'SilentlyContinue' |
                Where-Object { [string] $_.Enabled -eq 'True' -or [string] $_.Enabled -eq '1' } |
                Select-Object -Property 'Name', 'DisplayName', 'Direction', 'Action', 'Profile',
                    @{ Name = 'Protocol'; Expression = { [string] $filter.Protocol } },
                    @{ Name = 'LocalPort'; Expression = { @($filter.LocalPort | ForEach-Object { [string] $_ }) } }
        }
    }
    if ($firewall.Count -gt 0) {
        $capture['firewall'] = $firewall
    }

    if (Test-WcnCommand -Name 'Invoke-HnsRequest') {
        # Only where the HNS helper module (hns.psm1) is loaded: nothing inbox asks HNS its version.
        Read-WcnSource -Into $capture -Key 'hnsVersion' -Command 'Invoke-HnsRequest -Method GET -Type globals -Id version' -ScriptBlock {
            $version = Invoke-HnsRequest -Method 'GET' -Type 'globals' -Id 'version'
            [ordered]@{ Major = Get-WcnPropertyValue -InputObject $version -Name 'Major'; Minor = Get-WcnPropertyValue -InputObject $version -Name 'Minor' }
        }
    }

    # Absent on most hosts: only written when the key exists.
    $hnsStatePath = 'HKLM:\SYSTEM\CurrentControlSet\Services\hns\State'
    $hns = [ordered]@{}
    Read-WcnSource -Into $hns -Key 'hnsState' -Command "Get-ItemProperty -Path '$hnsStatePath'" -ScriptBlock {
        $stateErrors = @()
        $values = Get-ItemProperty -LiteralPath $hnsStatePath -ErrorAction 'SilentlyContinue' -ErrorVariable 'stateErrors'
        $failed = @($stateErrors | Where-Object { $_.FullyQualifiedErrorId -notlike 'PathNotFound*' })
        if ($failed.Count -gt 0) {
            throw $failed[0]
        }
        if ($null -ne $values) {
            $state = [ordered]@{}
            foreach ($property in @($values.PSObject.Properties)) {
                if ($property.Name -notlike 'PS*') {
                    $state[$property.Name] = $property.Value
                }
            }
            $state
        }
    }
    if ($null -ne $hns['hnsState']) {
        $capture['hnsState'] = $hns['hnsState']
    }

    $vfpEnabled = @($capture['vmSwitchExtensions'] | Where-Object {
            $null -ne $_ -and ([string] $_.Id -eq 'E9B59CFA-2BE1-4B21-828F-B6FBDBDDC017' -or [string] $_.Name -match 'VFP|Virtual Filtering Platform') -and [string] $_.Enabled -in @('True', '1')
        }).Count -gt 0
    $vfpRunning = @($capture['services'] | Where-Object { $null -ne $_ -and $_.Name -eq 'vfpext' -and [string] $_.Status -in @('Running', '4') }).Count -gt 0
    $vfpctrl = Get-WcnProgramPath -Name 'vfpctrl' -Candidates @('C:\Windows\System32\vfpctrl.exe')
    if ($null -ne $vfpctrl -and ($vfpEnabled -or $vfpRunning)) {
        Read-WcnSource -Into $capture -Key 'vfp' -Command 'vfpctrl /list-vmswitch-port; vfpctrl /port <name> /get-port-state' -ScriptBlock {
            $lines = Get-WcnNativeOutput -Command 'vfpctrl /list-vmswitch-port' -Program $vfpctrl -ScriptBlock {
                vfpctrl /list-vmswitch-port
            }
            $states = @()
            $names = @($lines | Where-Object { $_ -match '^\s*Port name\s*:\s*(\S.*?)\s*$' } | ForEach-Object { $Matches[1] } | Select-Object -First 100)
            foreach ($port in $names) {
                try {
                    $text = Get-WcnNativeOutput -Command "vfpctrl /port $port /get-port-state" -Program $vfpctrl -ScriptBlock {
                        vfpctrl /port $port /get-port-state
                    }
                    $states += , [ordered]@{ port = $port; text = (@($text) -join "`r`n") }
                }
                catch {
                    Write-WcnCollectorError -Key 'vfp.portStates' -Command "vfpctrl /port $port /get-port-state" -Message (Get-WcnErrorMessage -ErrorRecord $_)
                }
            }
            [ordered]@{ ports = (@($lines) -join "`r`n"); portStates = $states }
        }
    }

    # containerd: only where it is installed (a service or the program).
    $probe = [ordered]@{}
    Read-WcnSource -Into $probe -Key 'containerd.service' -Command 'Get-CimInstance -ClassName Win32_Service -Filter "Name=''containerd''"' -ScriptBlock {
        Get-WcnCimObjects -ClassName 'Win32_Service' -Filter "Name='containerd'" | Select-Object -First 1
    }
    $containerdService = $probe['service']
    $containerdExe = Get-WcnProgramPath -Name 'containerd' -Candidates @('C:\Program Files\containerd\bin\containerd.exe', 'C:\Program Files\containerd\containerd.exe')
    $cniDirs = @{ Conf = @(); Bin = @() }
    if ($null -ne $containerdService -or $null -ne $containerdExe) {
        $containerd = [ordered]@{}
        $configPath = Get-WcnContainerdConfigPath -Service $containerdService
        $containerd['configPath'] = $configPath
        Read-WcnSource -Into $containerd -Key 'containerd.version' -Command 'containerd --version' -ScriptBlock {
            if ($null -eq $containerdExe) {
                throw 'containerd.exe was not found (not on the PATH nor in C:\Program Files\containerd).'
            }
            (@(Get-WcnNativeOutput -Command 'containerd --version' -Program $containerdExe -ScriptBlock {
                        containerd --version
                    }) -join "`n").Trim()
        }
        Read-WcnSource -Into $containerd -Key 'containerd.config' -Command "Get-Content -Raw '$configPath'" -ScriptBlock {
            Read-WcnTextFile -Path $configPath
        }
        $cniDirs = Get-WcnContainerdCniDirs -Text ([string] $containerd['config'])
        $crictl = Get-WcnProgramPath -Name 'crictl' -Candidates @('C:\Program Files\containerd\crictl.exe', 'C:\k\crictl.exe')
        if ($null -ne $crictl) {
            Read-WcnSource -Into $containerd -Key 'containerd.criInfo' -Command 'crictl info' -ScriptBlock {
                $lines = Get-WcnNativeOutput -Command 'crictl info' -Program $crictl -ScriptBlock {
                    crictl info
                }
                ConvertFrom-WcnJsonText -Lines $lines
            }
            Read-WcnSource -Into $containerd -Key 'containerd.pods' -Command 'crictl pods -o json' -ScriptBlock {
                $lines = Get-WcnNativeOutput -Command 'crictl pods -o json' -Program $crictl -ScriptBlock {
                    crictl pods -o json
                }
                ConvertFrom-WcnJsonText -Lines $lines
            }
        }
        $capture['containerd'] = $containerd
    }

    $confCandidates = @($cniDirs.Conf) + @('C:\etc\cni\net.d', 'C:\Program Files\containerd\cni\conf', 'C:\k\cni\config', 'C:\k\azurecni\netconf', 'C:\var\lib\rancher\rke2\agent\etc\cni\net.d')
    $binCandidates = @($cniDirs.Bin) + @('C:\opt\cni\bin', 'C:\Program Files\containerd\cni\bin', 'C:\k\cni', 'C:\k\azurecni\bin', 'C:\var\lib\rancher\rke2\agent\bin', 'C:\var\lib\rancher\rke2\data\bin')
    $cni = [ordered]@{}
    Read-WcnSource -Into $cni -Key 'cni.confDirs' -Command 'Get-Content -Raw of every *.conf, *.conflist, *.json in the CNI conf folders' -List -ScriptBlock {
        foreach ($dir in @(Get-WcnUniquePaths -Paths $confCandidates)) {
            $local = Resolve-WcnHostPath -Path $dir
            if (-not (Test-Path -LiteralPath $local -PathType 'Container')) { continue }
            $files = @()
            foreach ($file in @(Get-ChildItem -LiteralPath $local -File -ErrorAction 'Stop' | Sort-Object -Property 'Name')) {
                if ($file.Name -notmatch '\.(conf|conflist|json)$' -or (Test-WcnSecretFile -Path $file.Name)) { continue }
                $files += , [ordered]@{ name = $file.Name; text = (Read-WcnTextFile -Path ($dir.TrimEnd('\', '/') + '\' + $file.Name)) }
            }
            [ordered]@{ path = $dir; files = $files }
        }
    }
    Read-WcnSource -Into $cni -Key 'cni.binDirs' -Command 'Get-ChildItem of the CNI bin folders' -List -ScriptBlock {
        foreach ($dir in @(Get-WcnUniquePaths -Paths $binCandidates)) {
            $local = Resolve-WcnHostPath -Path $dir
            if (-not (Test-Path -LiteralPath $local -PathType 'Container')) { continue }
            [ordered]@{ path = $dir; files = @(Get-ChildItem -LiteralPath $local -File -ErrorAction 'Stop' | Sort-Object -Property 'Name' | ForEach-Object { $_.Name }) }
        }
    }
    # Written only where some CNI folder exists (a failed part is in collectorErrors).
    if (@($cni['confDirs']).Count -gt 0 -or @($cni['binDirs']).Count -gt 0) {
        $capture['cni'] = $cni
    }

    $kubernetes = [ordered]@{}
    Read-WcnSource -Into $kubernetes -Key 'kubernetes.processes' -Command "Get-CimInstance -ClassName Win32_Process (kubelet, kube-proxy, flanneld, calico-node, containerd)" -List -ScriptBlock {
        Get-WcnCimObjects -ClassName 'Win32_Process' -Filter "Name='kubelet.exe' OR Name='kube-proxy.exe' OR Name='flanneld.exe' OR Name='calico-node.exe' OR Name='containerd.exe'" |
            Select-Object -Property 'Name', 'ProcessId',
                @{ Name = 'CommandLine'; Expression = { Get-WcnRedactedCommandLine -CommandLine ([string] $_.CommandLine) } },
                @{ Name = 'CreationDate'; Expression = { $date = $_.CreationDate; if ($date -is [datetime]) { $date.ToString('o') } else { $date } } }
    }
    Read-WcnSource -Into $kubernetes -Key 'kubernetes.services' -Command "Get-CimInstance -ClassName Win32_Service (kubelet, kubeproxy, kube-proxy, flanneld)" -List -ScriptBlock {
        Get-WcnCimObjects -ClassName 'Win32_Service' -Filter "Name='kubelet' OR Name='kubeproxy' OR Name='kube-proxy' OR Name='flanneld'" |
            Select-Object -Property 'Name', 'State', 'StartMode',
                @{ Name = 'PathName'; Expression = { Get-WcnRedactedCommandLine -CommandLine ([string] $_.PathName) } }
    }
    if (@($kubernetes['processes'] | Where-Object { $null -ne $_ -and $_.Name -ne 'containerd.exe' }).Count -gt 0 -or @($kubernetes['services']).Count -gt 0) {
        # containerd's own --config is read under the containerd key.
        $commandLines = @($kubernetes['processes'] | Where-Object { $_.Name -ne 'containerd.exe' } | ForEach-Object { $_.CommandLine }) + @($kubernetes['services'] | ForEach-Object { $_.PathName })
        Read-WcnSource -Into $kubernetes -Key 'kubernetes.files' -Command "Get-Content -Raw of the agents' config files, flannel's subnet.env and net-conf.json, kubeclusterconfig.json, source-VIP files" -List -ScriptBlock {
            foreach ($path in @(Get-WcnKubernetesFilePaths -CommandLines $commandLines)) {
                if (Test-WcnSecretFile -Path $path) { continue }
                $text = Read-WcnTextFile -Path $path
                if ($null -ne $text) {
                    [ordered]@{ path = $path; text = $text }
                }
            }
        }
        $capture['kubernetes'] = $kubernetes
    }

    $capture['collectorErrors'] = @($script:CollectorErrors)
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
            $info = @(ConvertFrom-WcnJsonText -Lines $lines)
            # With --format, docker info exits 0 even when the engine did not
            # answer (stopped, starting, access denied): it keeps an empty
            # Info and puts the error in ServerErrors.
            $serverErrors = @(Get-WcnPropertyValue -InputObject ($info | Select-Object -First 1) -Name 'ServerErrors' | Where-Object { $null -ne $_ -and ([string] $_).Length -gt 0 })
            if ($serverErrors.Count -gt 0) {
                $client = Get-WcnPropertyValue -InputObject (Get-WcnPropertyValue -InputObject ($info | Select-Object -First 1) -Name 'ClientInfo') -Name 'Version'
                $clientText = ''
                if ($null -ne $client) {
                    $clientText = " (docker CLI $client)"
                }
                $denied = ''
                if ((($serverErrors -join ' ') -match 'access is denied') -and -not $script:IsElevated) {
                    $denied = 'Access denied (not running as administrator; run from an elevated PowerShell to capture this): '
                }
                throw ("$($denied)The docker engine did not answer$($clientText): " + (($serverErrors | ForEach-Object { ([string] $_).Trim() }) -join ' | '))
            }
            $info
        }

        Read-WcnSource -Into $docker -Key 'docker.version' -Command "docker version --format '{{json .}}'" -ScriptBlock {
            # With the engine down docker version prints the client half
            # ("Server": null) and exits 1. A version without its server half
            # would read as an engine that answered, so it is recorded as an
            # error that names the client version.
            $lines = Get-WcnNativeOutput -Command "docker version --format '{{json .}}'" -IgnoreExitCode -ScriptBlock {
                docker version --format '{{json .}}'
            }
            $version = @(ConvertFrom-WcnJsonText -Lines $lines) | Select-Object -First 1
            if ($null -ne $version -and $null -eq (Get-WcnPropertyValue -InputObject $version -Name 'Server')) {
                $client = Get-WcnPropertyValue -InputObject (Get-WcnPropertyValue -InputObject $version -Name 'Client') -Name 'Version'
                throw "The docker engine did not answer docker version (docker CLI $client)."
            }
            $version
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
                ConvertFrom-WcnContainerJson -Lines $lines |
                    ForEach-Object { ConvertTo-WcnSafeContainer -Container $_ }
            }
        }
    }


    $programData = $env:ProgramData
    if ([string]::IsNullOrEmpty($programData)) {
        $programData = [System.Environment]::GetFolderPath('CommonApplicationData')
    }
    $daemonJson = Join-Path -Path (Join-Path -Path (Join-Path -Path $programData -ChildPath 'docker') -ChildPath 'config') -ChildPath 'daemon.json'
    Read-WcnSource -Into $docker -Key 'docker.daemonConfig' -Command "Get-Content '$daemonJson'" -ScriptBlock {
        $text = $null
        try {
            # .NET rather than Test-Path: Test-Path says "missing" when the
            # folder cannot be read, and access denied must be reported.
            if ($script:FullLanguage) {
                $text = [System.IO.File]::ReadAllText($daemonJson)
            }
            else {
                $text = Get-Content -LiteralPath $daemonJson -Raw -Encoding 'UTF8' -ErrorAction 'Stop'
            }
        }
        catch {
            $inner = $_.Exception
            while ($null -ne $inner.InnerException) {
                $inner = $inner.InnerException
            }
            if ($inner -is [System.IO.FileNotFoundException] -or $inner -is [System.IO.DirectoryNotFoundException] -or $inner -is [System.Management.Automation.ItemNotFoundException]) {
                # No daemon.json: docker runs with its defaults. Captured as null.
                return $null
            }
            throw
        }
        if ($text.Trim().Length -eq 0) {
            return $null
        }
        try {
            ConvertFrom-Json -InputObject $text
        }
        catch {
            # A daemon.json that does not parse is a common reason dockerd does not start.
            throw ("daemon.json is not valid JSON: " + (Get-WcnShortText -Text $_.Exception.Message))
        }
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
    $capture['collectorErrors'] = @($script:CollectorErrors)
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

$machineName = $env:COMPUTERNAME
if ([string]::IsNullOrEmpty($machineName)) {
    $machineName = [System.Environment]::MachineName
}
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

if ($script:FullLanguage) {
    # Resolve against PowerShell's current location (.NET's current directory can differ).
    $outPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)
    [System.IO.File]::WriteAllText($outPath, $json, [System.Text.UTF8Encoding]::new($false))
}
else {
    # Constrained Language mode: cmdlets only (Windows PowerShell 5.1 then writes a byte order mark, which the loader accepts).
    $outPath = $OutFile
    Set-Content -LiteralPath $outPath -Value $json -Encoding 'UTF8'
}
Write-Progress -Activity $script:ProgressActivity -Completed

$errorCount = $script:CollectorErrors.Count
if ($errorCount -gt 0) {
    Write-Warning "$errorCount source(s) were not captured; see collectorErrors in the file."
    foreach ($failure in $script:CollectorErrors) {
        Write-Warning ('{0}: {1}' -f $failure['key'], $failure['message'])
    }
}
Get-Item -LiteralPath $outPath
