#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Remediation for CTR-LAB-07 (Windows Server 2016 Standard, build 14393.1794).
.DESCRIPTION
    Written by wcn-doctor <version> on 2024-05-14T10:00:00Z from the capture snapshots/demo.json.
    7 steps to run on the container host; safe steps come first.
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

# Step 1 of 7: Remove WinNAT 'LabNAT' and let Docker create its nat network
# Finding WCN201 (winnat-slot-taken), error: WinNAT 'LabNAT' (192.168.50.0/24) was not made by Docker or HNS and holds the single NAT instance this build (Windows Server 2016 Standard, build 14393.1794) allows. Docker's default 'nat' network is missing, as expected when the slot is taken. Creating the default nat network fails with "The parameter is incorrect" (0x57) or "The object already exists".
# Risk: disruptive - whatever uses NAT 'LabNAT' (lab VMs or a Docker for Windows Linux VM lose outbound NAT)
if ($PSCmdlet.ShouldProcess('LabNAT', 'Remove WinNAT ''LabNAT'' and let Docker create its nat network') -and ($Force -or $PSCmdlet.ShouldContinue('Disruptive: whatever uses NAT ''LabNAT'' (lab VMs or a Docker for Windows Linux VM lose outbound NAT). Continue?', 'Remove WinNAT ''LabNAT'' and let Docker create its nat network'))) {
    Get-NetNat -Name 'LabNAT' | Remove-NetNat -Confirm:$false
    Restart-Service -Name 'docker'
    # Verify: Get-NetNat; docker network ls --filter 'driver=nat'
    # Expect: The stray NAT is gone, and docker lists a network named 'nat'.
    Write-Host -Object 'Step 1 done. Check it with: Get-NetNat; docker network ls --filter ''driver=nat'' (expected: The stray NAT is gone, and docker lists a network named ''nat''.)'
}

# Step 2 of 7: Re-create 'CustomNat2' with gateway 172.16.2.1
# Finding WCN203 (gateway-outside-subnet), error: Docker network 'CustomNat2' (nat) has gateway 172.16.1.1, which is not inside its subnet 172.16.2.0/24. The usual gateway is 172.16.2.1.
# Risk: disruptive - the network connection of container 'iis-demo'
if ($PSCmdlet.ShouldProcess('CustomNat2', 'Re-create ''CustomNat2'' with gateway 172.16.2.1') -and ($Force -or $PSCmdlet.ShouldContinue('Disruptive: the network connection of container ''iis-demo''. Continue?', 'Re-create ''CustomNat2'' with gateway 172.16.2.1'))) {
    docker network disconnect --force 'CustomNat2' 'iis-demo'
    docker network rm 'CustomNat2'
    docker network create -d 'nat' --subnet '172.16.2.0/24' --gateway '172.16.2.1' -o 'com.docker.network.windowsshim.networkname=CustomNat2' 'CustomNat2'
    docker network connect 'CustomNat2' 'iis-demo'
    # Verify: docker network inspect 'CustomNat2' --format '{{json .IPAM.Config}}'
    # Expect: Shows the new subnet and gateway.
    Write-Host -Object 'Step 2 done. Check it with: docker network inspect ''CustomNat2'' --format ''{{json .IPAM.Config}}'' (expected: Shows the new subnet and gateway.)'
}

# Step 3 of 7: Restart HNS and Docker so Docker discovers 'LabExternal' as a transparent network
# Finding WCN301 (oob-vswitch-blocks-transparent), warning: External vSwitch 'LabExternal' is bound to 'Ethernet' but no HNS network uses it: it was made outside Docker (Hyper-V Manager or New-VMSwitch). No other physical adapter is free, so "docker network create -d transparent" cannot bind its own switch and fails.
# Risk: disruptive - all container networking on the host while HNS and Docker restart
if ($PSCmdlet.ShouldProcess('LabExternal, Ethernet', 'Restart HNS and Docker so Docker discovers ''LabExternal'' as a transparent network') -and ($Force -or $PSCmdlet.ShouldContinue('Disruptive: all container networking on the host while HNS and Docker restart. Continue?', 'Restart HNS and Docker so Docker discovers ''LabExternal'' as a transparent network'))) {
    Restart-Service -Name 'hns'
    Restart-Service -Name 'docker'
    # Verify: docker network ls --filter 'driver=transparent'
    # Expect: Lists a network on switch 'LabExternal'.
    Write-Host -Object 'Step 3 done. Check it with: docker network ls --filter ''driver=transparent'' (expected: Lists a network on switch ''LabExternal''.)'
}

# Step 4 of 7: Remove vSwitch 'LabExternal' after checking that no VM uses it
# Finding WCN301 (oob-vswitch-blocks-transparent), warning: External vSwitch 'LabExternal' is bound to 'Ethernet' but no HNS network uses it: it was made outside Docker (Hyper-V Manager or New-VMSwitch). No other physical adapter is free, so "docker network create -d transparent" cannot bind its own switch and fails.
# Risk: disruptive - every VM and host vNIC connected to 'LabExternal' (including the host's own connection through it, briefly)
if ($PSCmdlet.ShouldProcess('LabExternal, Ethernet', 'Remove vSwitch ''LabExternal'' after checking that no VM uses it') -and ($Force -or $PSCmdlet.ShouldContinue('Disruptive: every VM and host vNIC connected to ''LabExternal'' (including the host''s own connection through it, briefly). Continue?', 'Remove vSwitch ''LabExternal'' after checking that no VM uses it'))) {
    Get-VMNetworkAdapter -All | Where-Object -Property 'SwitchName' -EQ -Value 'LabExternal'
    Remove-VMSwitch -Name 'LabExternal' -Force
    # Verify: Get-VMSwitch -Name 'LabExternal' -ErrorAction SilentlyContinue
    # Expect: Prints nothing.
    Write-Host -Object 'Step 4 done. Check it with: Get-VMSwitch -Name ''LabExternal'' -ErrorAction SilentlyContinue (expected: Prints nothing.)'
}

# Step 5 of 7: Remove "bridge": "none" from daemon.json and restart Docker
# Finding WCN207 (default-nat-missing), info: daemon.json sets "bridge": "none", so Docker creates no default nat network, yet container 'build-agent' uses the default network and fails to start with "network nat not found". If "bridge": "none" is intended, give it a --network; otherwise remove it.
# Risk: disruptive - the Docker engine restarts: every running container stops
if ($PSCmdlet.ShouldProcess('build-agent', 'Remove "bridge": "none" from daemon.json and restart Docker') -and ($Force -or $PSCmdlet.ShouldContinue('Disruptive: the Docker engine restarts: every running container stops. Continue?', 'Remove "bridge": "none" from daemon.json and restart Docker'))) {
    $path = 'C:\ProgramData\docker\config\daemon.json'
    Copy-Item -Path $path -Destination ($path + '.bak') -Force
    $config = Get-Content -Path $path -Raw | ConvertFrom-Json
    $config.PSObject.Properties.Remove('bridge')
    [System.IO.File]::WriteAllText($path, ($config | ConvertTo-Json -Depth 10))
    Restart-Service -Name 'docker'
    # Verify: docker network ls --filter 'driver=nat'
    # Expect: Lists a network named 'nat'.
    Write-Host -Object 'Step 5 done. Check it with: docker network ls --filter ''driver=nat'' (expected: Lists a network named ''nat''.)'
}

# Step 6 of 7: Delete DisabledComponents and reboot
# Finding WCN101 (ipv6-disabled), error: DisabledComponents is 0xFF (255), which disables IPv6 on the host's interfaces. HNS needs IPv6 (since KB4015217): creating containers fails with "Element not found" (0x490).
# Risk: disruptive - a reboot of the container host: every container stops until the host is back
if ($PSCmdlet.ShouldProcess('Tcpip6\Parameters\DisabledComponents', 'Delete DisabledComponents and reboot') -and ($Force -or $PSCmdlet.ShouldContinue('Disruptive: a reboot of the container host: every container stops until the host is back. Continue?', 'Delete DisabledComponents and reboot'))) {
    Remove-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters' -Name 'DisabledComponents'
    # Restart-Computer is left to the last step that needs it.
    # Verify: Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters' -Name 'DisabledComponents' -ErrorAction SilentlyContinue
    # Expect: Prints nothing after the reboot.
    Write-Host -Object 'Step 6 done. Check it with: Get-ItemProperty -Path ''HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters'' -Name ''DisabledComponents'' -ErrorAction SilentlyContinue (expected: Prints nothing after the reboot.)'
}

# Step 7 of 7: Keep IPv4 preferred without disabling IPv6 (value 0x20), and reboot
# Finding WCN101 (ipv6-disabled), error: DisabledComponents is 0xFF (255), which disables IPv6 on the host's interfaces. HNS needs IPv6 (since KB4015217): creating containers fails with "Element not found" (0x490).
# Risk: disruptive - a reboot of the container host: every container stops until the host is back
if ($PSCmdlet.ShouldProcess('Tcpip6\Parameters\DisabledComponents', 'Keep IPv4 preferred without disabling IPv6 (value 0x20), and reboot') -and ($Force -or $PSCmdlet.ShouldContinue('Disruptive: a reboot of the container host: every container stops until the host is back. Continue?', 'Keep IPv4 preferred without disabling IPv6 (value 0x20), and reboot'))) {
    Set-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters' -Name 'DisabledComponents' -Value 32 -Type DWord
    Restart-Computer
    # Verify: (Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters' -Name 'DisabledComponents').DisabledComponents
    # Expect: Prints 32.
    Write-Host -Object 'Step 7 done. Check it with: (Get-ItemProperty -Path ''HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters'' -Name ''DisabledComponents'').DisabledComponents (expected: Prints 32.)'
}
