#!/usr/bin/env bash
# Installs PowerShell 7 and Pester 5 into .tools/ of this checkout (gitignored),
# for the PowerShell tests that `npm test` runs. Needs the .NET SDK (dotnet).
#   .tools/pwsh/pwsh                      PowerShell
#   .tools/Modules/Pester/<version>/      Pester (found through PSModulePath)
# Running it again when both are present does nothing.
set -euo pipefail
PWSH_VERSION=7.6.10
PESTER_VERSION=5.7.1
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
pester_dir="$tools/Modules/Pester/$PESTER_VERSION"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-powershell: the .NET SDK ('dotnet') is needed to install PowerShell and Pester." >&2
  exit 1
fi
mkdir -p "$tools"

if [ -x "$tools/pwsh/pwsh" ] && [ -d "$tools/pwsh/.store/powershell/$PWSH_VERSION" ]; then
  echo "install-powershell: PowerShell $PWSH_VERSION already in .tools/pwsh"
else
  rm -rf "$tools/pwsh"
  dotnet tool install --tool-path "$tools/pwsh" PowerShell --version "$PWSH_VERSION" >/dev/null
  echo "install-powershell: installed PowerShell $PWSH_VERSION into .tools/pwsh"
fi

if [ -f "$pester_dir/Pester.psd1" ]; then
  echo "install-powershell: Pester $PESTER_VERSION already in .tools/Modules"
else
  # A throw-away project whose only job is to download the Pester package.
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cat >"$work/pester.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PESTER_VERSION]" /></ItemGroup>
</Project>
XML
  dotnet restore "$work/pester.csproj" --packages "$work/packages" >/dev/null
  rm -rf "$pester_dir"
  mkdir -p "$pester_dir"
  cp -R "$work/packages/pester/$PESTER_VERSION/tools/." "$pester_dir/"
  echo "install-powershell: installed Pester $PESTER_VERSION into .tools/Modules"
fi
