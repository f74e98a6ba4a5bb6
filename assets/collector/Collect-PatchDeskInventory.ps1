#Requires -Version 5.1
<#
.SYNOPSIS
    Writes this computer's patch inventory as one JSON file for PatchDesk.

.DESCRIPTION
    Reads what PatchDesk needs to tell which updates this computer is missing: the full
    Windows build with its revision (UBR, only in the registry), installed KBs (Get-HotFix
    and the Windows Update history), installed programs, free space on the system drive,
    whether a restart is pending, and the state of the Windows Update service.

    Writes <HOSTNAME>-<yyyyMMdd-HHmmss>.json (UTF-8 without BOM) to -OutputDirectory.
    Needs no module and changes nothing on the computer. A part that cannot be read becomes
    a warning and a null in the file; the run itself does not fail for it.

.PARAMETER OutputDirectory
    Where to write the file: a local folder or a share such as \\server\share\patchdesk.
    Created when missing. Default: the current directory.

.PARAMETER IncludeCurrentUserPrograms
    Also list programs installed for the current user only (HKCU). Meaningless when run as
    SYSTEM (a scheduled task or a startup script), useful from a logon script.

.EXAMPLE
    .\Collect-PatchDeskInventory.ps1 -OutputDirectory \\fileserver\patchdesk$
#>
[CmdletBinding()]
param(
    [string] $OutputDirectory = (Get-Location).ProviderPath,
    [switch] $IncludeCurrentUserPrograms
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$SchemaVersion = 'patchdesk-inventory/1'
$CollectorVersion = '1.0.0'
$Invariant = [System.Globalization.CultureInfo]::InvariantCulture
$CurrentVersionKey = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
$script:Warnings = New-Object 'System.Collections.Generic.List[string]'

function Add-CollectorWarning {
    param([string] $Message)
    Write-Warning $Message
    $script:Warnings.Add($Message)
}

function Invoke-Section {
    # Runs one part of the inventory. A failure (a broken WMI class, a COM error) becomes a
    # warning and $null, so PatchDesk still gets everything else.
    # Sections that return a list write it as ",$list" so PowerShell does not unroll it.
    param([string] $Name, [scriptblock] $Body)
    try {
        & $Body
    } catch {
        Add-CollectorWarning "${Name}: $($_.Exception.Message)"
        $null
    }
}

function Get-PropertyOrNull {
    # Strict mode makes a missing property an error; registry keys often lack values.
    param($Object, [string] $Name)
    if ($null -eq $Object) { return $null }
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    $property.Value
}

function Get-RegistryValue {
    param([string] $Path, [string] $Name)
    $item = Get-ItemProperty -LiteralPath $Path -ErrorAction SilentlyContinue
    Get-PropertyOrNull $item $Name
}

function ConvertTo-CleanText {
    # Trimmed text, or $null for nothing: PatchDesk reads null as "unknown".
    param($Value)
    if ($null -eq $Value) { return $null }
    $text = ([string]$Value).Trim()
    if ($text -eq '') { return $null }
    $text
}

function ConvertTo-HardwareId {
    # Serial numbers and UUIDs identify a machine when its name changes; the placeholders
    # firmware vendors leave would make different machines look like one, so they are dropped.
    param($Value)
    $text = ConvertTo-CleanText $Value
    $placeholders = @(
        'To be filled by O.E.M.', 'Default string', 'System Serial Number', 'Not Specified',
        'None', '0', '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'
    )
    if ($null -eq $text -or $placeholders -contains $text) { return $null }
    $text
}

if ([Environment]::Is64BitOperatingSystem -and -not [Environment]::Is64BitProcess) {
    # 32-bit PowerShell sees the WOW6432Node view of HKLM\SOFTWARE: 64-bit programs and some
    # CurrentVersion values would be missing.
    Add-CollectorWarning 'environment: running in 32-bit PowerShell on 64-bit Windows; use the 64-bit powershell.exe'
}

$computer = Invoke-Section 'Win32_ComputerSystem' {
    $system = Get-CimInstance -ClassName Win32_ComputerSystem
    [ordered]@{
        name           = ConvertTo-CleanText $system.Name
        domain         = ConvertTo-CleanText $system.Domain
        part_of_domain = [bool]$system.PartOfDomain
    }
}

$serialNumber = Invoke-Section 'Win32_BIOS' {
    ConvertTo-HardwareId (Get-CimInstance -ClassName Win32_BIOS).SerialNumber
}

$smbiosUuid = Invoke-Section 'Win32_ComputerSystemProduct' {
    ConvertTo-HardwareId (Get-CimInstance -ClassName Win32_ComputerSystemProduct).UUID
}

$win32Os = Invoke-Section 'Win32_OperatingSystem' {
    Get-CimInstance -ClassName Win32_OperatingSystem
}

$os = Invoke-Section 'operating system' {
    # DisplayVersion (20H2 and later); ReleaseId before that, and frozen at 2009 since.
    $displayVersion = Get-RegistryValue $CurrentVersionKey 'DisplayVersion'
    if (-not $displayVersion) { $displayVersion = Get-RegistryValue $CurrentVersionKey 'ReleaseId' }
    $ubr = Get-RegistryValue $CurrentVersionKey 'UBR'
    if ($null -ne $ubr) { $ubr = [int]$ubr }
    # The OS's own architecture, not this process's (see the 32-bit check above).
    $processorArchitecture = $env:PROCESSOR_ARCHITEW6432
    if (-not $processorArchitecture) { $processorArchitecture = $env:PROCESSOR_ARCHITECTURE }
    [ordered]@{
        # Win32_OperatingSystem says "Windows 11"; the registry ProductName still says
        # "Windows 10" there, so both are kept.
        caption                = ConvertTo-CleanText (Get-PropertyOrNull $win32Os 'Caption')
        product_name           = ConvertTo-CleanText (Get-RegistryValue $CurrentVersionKey 'ProductName')
        edition_id             = ConvertTo-CleanText (Get-RegistryValue $CurrentVersionKey 'EditionID')
        display_version        = ConvertTo-CleanText $displayVersion
        version                = ConvertTo-CleanText (Get-PropertyOrNull $win32Os 'Version')
        current_build          = ConvertTo-CleanText (Get-RegistryValue $CurrentVersionKey 'CurrentBuildNumber')
        ubr                    = $ubr
        architecture           = ConvertTo-CleanText (Get-PropertyOrNull $win32Os 'OSArchitecture')
        processor_architecture = ConvertTo-CleanText $processorArchitecture
        installation_type      = ConvertTo-CleanText (Get-RegistryValue $CurrentVersionKey 'InstallationType')
    }
}

$lastBoot = Invoke-Section 'last boot' {
    $bootTime = Get-PropertyOrNull $win32Os 'LastBootUpTime'
    if ($null -eq $bootTime) { return $null }
    ([DateTimeOffset]$bootTime).ToString('o', $Invariant)
}

$registeredOwner = Invoke-Section 'registered owner' {
    ConvertTo-CleanText (Get-RegistryValue $CurrentVersionKey 'RegisteredOwner')
}

$hotFixUpdates = Invoke-Section 'Get-HotFix' {
    $list = New-Object 'System.Collections.Generic.List[object]'
    foreach ($hotFix in @(Get-HotFix)) {
        # GUIDs and "File 1" are component installs, not updates.
        if ([string]$hotFix.HotFixID -notmatch '^KB\d+') { continue }
        $installedOn = $null
        try {
            # InstalledOn is a script property that throws on some malformed WMI dates.
            if ($hotFix.InstalledOn) { $installedOn = $hotFix.InstalledOn.ToString('yyyy-MM-dd', $Invariant) }
        } catch {
            $installedOn = $null
        }
        $list.Add([ordered]@{
            kb           = ([string]$hotFix.HotFixID).ToUpperInvariant()
            installed_on = $installedOn
            source       = 'Get-HotFix'
            description  = ConvertTo-CleanText $hotFix.Description
        })
    }
    , $list.ToArray()
}

$historyUpdates = Invoke-Section 'WindowsUpdateHistory' {
    # Get-HotFix misses what the servicing stack does not record as a QFE (Defender,
    # the removal tool, many Office and .NET updates); the update history has them.
    $searcher = (New-Object -ComObject 'Microsoft.Update.Session').CreateUpdateSearcher()
    $count = $searcher.GetTotalHistoryCount()
    $byKb = [ordered]@{}
    if ($count -gt 0) {
        foreach ($entry in $searcher.QueryHistory(0, $count)) {
            # Operation 1 = installation; ResultCode 2 = succeeded.
            if ($entry.Operation -ne 1 -or $entry.ResultCode -ne 2) { continue }
            if ([string]$entry.Title -notmatch '\bKB(\d{5,8})\b') { continue }
            $kb = 'KB' + $Matches[1]
            $installed = $entry.Date.ToLocalTime()
            # Definition updates repeat the same KB daily: keep its latest installation.
            if ($byKb.Contains($kb) -and $byKb[$kb].date -ge $installed) { continue }
            $byKb[$kb] = @{ date = $installed; title = [string]$entry.Title }
        }
    }
    $list = New-Object 'System.Collections.Generic.List[object]'
    foreach ($kb in $byKb.Keys) {
        $list.Add([ordered]@{
            kb           = $kb
            installed_on = $byKb[$kb].date.ToString('yyyy-MM-dd', $Invariant)
            source       = 'WindowsUpdateHistory'
            description  = $byKb[$kb].title
        })
    }
    , $list.ToArray()
}

$updates = $null
if ($null -ne $hotFixUpdates -or $null -ne $historyUpdates) {
    $updates = New-Object 'System.Collections.Generic.List[object]'
    foreach ($part in @($hotFixUpdates, $historyUpdates)) {
        if ($null -eq $part) { continue }
        foreach ($update in $part) { $updates.Add($update) }
    }
    $updates = $updates.ToArray()
}

$programs = Invoke-Section 'programs' {
    $roots = @(
        'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall',
        'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall'
    )
    if ($IncludeCurrentUserPrograms) {
        $roots += 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Uninstall'
    }
    $seen = @{}
    $list = New-Object 'System.Collections.Generic.List[object]'
    foreach ($root in $roots) {
        if (-not (Test-Path -LiteralPath $root)) { continue }
        foreach ($key in @(Get-ChildItem -LiteralPath $root -ErrorAction SilentlyContinue)) {
            $values = Get-ItemProperty -LiteralPath $key.PSPath -ErrorAction SilentlyContinue
            $name = ConvertTo-CleanText (Get-PropertyOrNull $values 'DisplayName')
            # What "Apps & features" hides: no name, or a component of another product.
            if ($null -eq $name) { continue }
            if ((Get-PropertyOrNull $values 'SystemComponent') -eq 1) { continue }
            $version = ConvertTo-CleanText (Get-PropertyOrNull $values 'DisplayVersion')
            # 32- and 64-bit keys often list the same product.
            $identity = "$name|$version"
            if ($seen.ContainsKey($identity)) { continue }
            $seen[$identity] = $true
            $list.Add([ordered]@{
                name      = $name
                version   = $version
                publisher = ConvertTo-CleanText (Get-PropertyOrNull $values 'Publisher')
            })
        }
    }
    , $list.ToArray()
}

$systemDriveFreeBytes = Invoke-Section 'system drive' {
    $disk = Get-CimInstance -ClassName Win32_LogicalDisk -Filter "DeviceID='$($env:SystemDrive)'"
    if ($null -eq $disk) { throw "no logical disk $($env:SystemDrive)" }
    [uint64]$disk.FreeSpace
}

$pendingRebootReasons = Invoke-Section 'pending reboot' {
    $reasons = New-Object 'System.Collections.Generic.List[string]'
    if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending') {
        $reasons.Add('ComponentBasedServicing')
    }
    if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired') {
        $reasons.Add('WindowsUpdate')
    }
    $renames = Get-RegistryValue 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' 'PendingFileRenameOperations'
    if ($null -ne $renames -and @($renames | Where-Object { $_ }).Count -gt 0) {
        $reasons.Add('PendingFileRenameOperations')
    }
    , $reasons.ToArray()
}

$windowsUpdateService = Invoke-Section 'wuauserv' {
    # Win32_Service gives the state and start mode as text; Get-Service's enums would be
    # written as numbers by ConvertTo-Json in PowerShell 5.1.
    $service = Get-CimInstance -ClassName Win32_Service -Filter "Name='wuauserv'"
    if ($null -eq $service) { throw 'the Windows Update service (wuauserv) does not exist' }
    [ordered]@{
        status     = [string]$service.State
        start_type = [string]$service.StartMode
    }
}

$hostname = $env:COMPUTERNAME
if ($null -ne $computer -and $computer.name) { $hostname = $computer.name }
$collectedAt = [DateTimeOffset]::Now

$pendingReboot = $null
if ($null -ne $pendingRebootReasons) { $pendingReboot = $pendingRebootReasons.Count -gt 0 }

# "schema" must stay the first field: PatchDesk recognises the file by its opening.
$report = [ordered]@{
    schema                  = $SchemaVersion
    collector_version       = $CollectorVersion
    collected_at            = $collectedAt.ToString('o', $Invariant)
    hostname                = $hostname
    domain                  = $(if ($null -ne $computer) { $computer.domain } else { $null })
    part_of_domain          = $(if ($null -ne $computer) { $computer.part_of_domain } else { $null })
    serial_number           = $serialNumber
    smbios_uuid             = $smbiosUuid
    registered_owner        = $registeredOwner
    os                      = $os
    last_boot               = $lastBoot
    pending_reboot          = $pendingReboot
    pending_reboot_reasons  = $pendingRebootReasons
    system_drive_free_bytes = $systemDriveFreeBytes
    windows_update_service  = $windowsUpdateService
    updates                 = $updates
    programs                = $programs
    warnings                = $script:Warnings.ToArray()
}

$json = ConvertTo-Json -InputObject $report -Depth 5

if (-not (Test-Path -LiteralPath $OutputDirectory)) {
    New-Item -ItemType Directory -Path $OutputDirectory -Force | Out-Null
}
# .NET resolves relative paths against the process directory, not PowerShell's location.
$directory = (Resolve-Path -LiteralPath $OutputDirectory).ProviderPath
$fileName = '{0}-{1}.json' -f $hostname, $collectedAt.ToString('yyyyMMdd-HHmmss', $Invariant)
$path = Join-Path $directory $fileName
$partialPath = "$path.partial"

# Out-File and Set-Content in PowerShell 5.1 write UTF-16 or add a BOM; PatchDesk expects
# UTF-8 without one. Written under another name first and renamed, so PatchDesk never
# picks up a half-written file from the share.
[System.IO.File]::WriteAllText($partialPath, $json, (New-Object System.Text.UTF8Encoding($false)))
Move-Item -LiteralPath $partialPath -Destination $path -Force
Write-Output $path
