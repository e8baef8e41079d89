#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Remediation for CONTAINER-HOST-01 (Windows Server 2019 Datacenter, build 17763.5830).
.DESCRIPTION
    Written by wcn-doctor <version> on 2024-05-14T10:00:00Z from the capture test/fixtures/captures/mini-broken.json.
    5 steps to run on the container host; safe steps come first.
    Preview everything with -WhatIf. Disruptive steps ask for confirmation unless -Force is given.
    Review each step before running it: the capture may be out of date.
.PARAMETER Force
    Run disruptive steps without asking again.
.EXAMPLE
    .\remediation.ps1 -WhatIf
#>
[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
param(
    [switch]$Force
)
$ErrorActionPreference = 'Stop'

# Step 1 of 5: Re-create 'app' with gateway 172.30.0.1
# Finding WCN203 (gateway-outside-subnet), error: Docker network 'app' (nat) has gateway 172.31.0.1, which is not inside its subnet 172.30.0.0/24. The usual gateway is 172.30.0.1.
# Risk: disruptive - the network connection of container 'web'
if ($PSCmdlet.ShouldProcess('app', 'Re-create ''app'' with gateway 172.30.0.1') -and ($Force -or $PSCmdlet.ShouldContinue('Disruptive: the network connection of container ''web''. Continue?', 'Re-create ''app'' with gateway 172.30.0.1'))) {
    docker network disconnect --force 'app' 'web'
    docker network rm 'app'
    docker network create -d 'nat' --subnet '172.30.0.0/24' --gateway '172.30.0.1' 'app'
    docker network connect 'app' 'web'
    # Verify: docker network inspect 'app' --format '{{json .IPAM.Config}}'
    # Expect: Shows the new subnet and gateway.
    Write-Host -Object 'Step 1 done. Check it with: docker network inspect ''app'' --format ''{{json .IPAM.Config}}'' (expected: Shows the new subnet and gateway.)'
}

# Step 2 of 5: Restart HNS and Docker so Docker discovers 'LabSwitch' as a transparent network
# Finding WCN301 (oob-vswitch-blocks-transparent), warning: External vSwitch 'LabSwitch' is bound to 'Ethernet' but no HNS network uses it: it was made outside Docker (Hyper-V Manager or New-VMSwitch). No other physical adapter is free, so "docker network create -d transparent" cannot bind its own switch and fails.
# Risk: disruptive - all container networking on the host while HNS and Docker restart
if ($PSCmdlet.ShouldProcess('LabSwitch, Ethernet', 'Restart HNS and Docker so Docker discovers ''LabSwitch'' as a transparent network') -and ($Force -or $PSCmdlet.ShouldContinue('Disruptive: all container networking on the host while HNS and Docker restart. Continue?', 'Restart HNS and Docker so Docker discovers ''LabSwitch'' as a transparent network'))) {
    Restart-Service -Name 'hns'
    Restart-Service -Name 'docker'
    # Verify: docker network ls --filter 'driver=transparent'
    # Expect: Lists a network on switch 'LabSwitch'.
    Write-Host -Object 'Step 2 done. Check it with: docker network ls --filter ''driver=transparent'' (expected: Lists a network on switch ''LabSwitch''.)'
}

# Step 3 of 5: Remove vSwitch 'LabSwitch' after checking that no VM uses it
# Finding WCN301 (oob-vswitch-blocks-transparent), warning: External vSwitch 'LabSwitch' is bound to 'Ethernet' but no HNS network uses it: it was made outside Docker (Hyper-V Manager or New-VMSwitch). No other physical adapter is free, so "docker network create -d transparent" cannot bind its own switch and fails.
# Risk: disruptive - every VM and host vNIC connected to 'LabSwitch' (including the host's own connection through it, briefly)
if ($PSCmdlet.ShouldProcess('LabSwitch, Ethernet', 'Remove vSwitch ''LabSwitch'' after checking that no VM uses it') -and ($Force -or $PSCmdlet.ShouldContinue('Disruptive: every VM and host vNIC connected to ''LabSwitch'' (including the host''s own connection through it, briefly). Continue?', 'Remove vSwitch ''LabSwitch'' after checking that no VM uses it'))) {
    Get-VMNetworkAdapter -All | Where-Object -Property 'SwitchName' -EQ -Value 'LabSwitch'
    Remove-VMSwitch -Name 'LabSwitch' -Force
    # Verify: Get-VMSwitch -Name 'LabSwitch' -ErrorAction SilentlyContinue
    # Expect: Prints nothing.
    Write-Host -Object 'Step 3 done. Check it with: Get-VMSwitch -Name ''LabSwitch'' -ErrorAction SilentlyContinue (expected: Prints nothing.)'
}

# Step 4 of 5: Delete DisabledComponents and reboot
# Finding WCN101 (ipv6-disabled), error: DisabledComponents is 0xFF (255), which disables IPv6 on the host's interfaces. HNS needs IPv6 (since KB4015217): creating containers fails with "Element not found" (0x490).
# Risk: disruptive - a reboot of the container host: every container stops until the host is back
if ($PSCmdlet.ShouldProcess('Tcpip6\Parameters\DisabledComponents', 'Delete DisabledComponents and reboot') -and ($Force -or $PSCmdlet.ShouldContinue('Disruptive: a reboot of the container host: every container stops until the host is back. Continue?', 'Delete DisabledComponents and reboot'))) {
    Remove-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters' -Name 'DisabledComponents'
    # Restart-Computer is left to the last step that needs it.
    # Verify: Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters' -Name 'DisabledComponents' -ErrorAction SilentlyContinue
    # Expect: Prints nothing after the reboot.
    Write-Host -Object 'Step 4 done. Check it with: Get-ItemProperty -Path ''HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters'' -Name ''DisabledComponents'' -ErrorAction SilentlyContinue (expected: Prints nothing after the reboot.)'
}

# Step 5 of 5: Keep IPv4 preferred without disabling IPv6 (value 0x20), and reboot
# Finding WCN101 (ipv6-disabled), error: DisabledComponents is 0xFF (255), which disables IPv6 on the host's interfaces. HNS needs IPv6 (since KB4015217): creating containers fails with "Element not found" (0x490).
# Risk: disruptive - a reboot of the container host: every container stops until the host is back
if ($PSCmdlet.ShouldProcess('Tcpip6\Parameters\DisabledComponents', 'Keep IPv4 preferred without disabling IPv6 (value 0x20), and reboot') -and ($Force -or $PSCmdlet.ShouldContinue('Disruptive: a reboot of the container host: every container stops until the host is back. Continue?', 'Keep IPv4 preferred without disabling IPv6 (value 0x20), and reboot'))) {
    Set-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters' -Name 'DisabledComponents' -Value 32 -Type DWord
    Restart-Computer
    # Verify: (Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters' -Name 'DisabledComponents').DisabledComponents
    # Expect: Prints 32.
    Write-Host -Object 'Step 5 done. Check it with: (Get-ItemProperty -Path ''HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters'' -Name ''DisabledComponents'').DisabledComponents (expected: Prints 32.)'
}
