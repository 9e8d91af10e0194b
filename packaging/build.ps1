# Builds the Windows bundle (dist\futasato: futasato.exe for commands, futasato-window.exe for
# the window), runs its self-test, then the installer (dist\futasato-setup-VERSION.exe) with
# Inno Setup. Run from the repository root in PowerShell:
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1
# Needs Python 3.11 (x64) and Inno Setup 6 (iscc.exe on PATH or in its default folder).
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
$python = ".venv\Scripts\python.exe"
& $python -m pip install -q --upgrade pip
& $python -m pip install -q -e ".[dev]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

# The compiled catalogs are committed; compile again so a release never ships stale ones.
& $python i18n\catalogs.py compile
if ($LASTEXITCODE -ne 0) { throw "compiling the catalogs failed" }

& .venv\Scripts\pyinstaller.exe --noconfirm packaging\futasato.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

& dist\futasato\futasato.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "the bundle's self-test failed: see the lines marked NG above" }

$version = (& $python -c "import desktop_app; print(desktop_app.__version__)").Trim()
$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" packaging\futasato.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }

$size = (Get-ChildItem dist\futasato -Recurse | Measure-Object -Property Length -Sum).Sum
Write-Host ("dist\futasato: {0:N0} MB; installer: dist\futasato-setup-$version.exe" -f ($size / 1MB))
