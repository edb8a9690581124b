# Builds the Windows installer: frozen folder, its self-test, then Inno Setup with the version
# from pyproject.toml (the one source). Run from the repository root in PowerShell:
#   powershell -ExecutionPolicy Bypass -File installer\windows\build_installer.ps1
# Output: dist\shuangsuiji\ and dist\shuangsuiji-<version>-setup.exe.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

$version = & .venv\Scripts\python -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])"
if ($LASTEXITCODE -ne 0) { throw "could not read the version from pyproject.toml" }
Write-Host "== building dist\shuangsuiji ($version)"
& .venv\Scripts\pyinstaller --noconfirm --clean build.spec
if ($LASTEXITCODE -ne 0) { throw "pyinstaller failed" }

Write-Host "== self-test"
$env:QT_QPA_PLATFORM = "offscreen"
& dist\shuangsuiji\shuangsuiji-cli.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "the frozen self-test failed" }
Remove-Item Env:\QT_QPA_PLATFORM

$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
if (-not (Test-Path $iscc)) { $iscc = "ISCC.exe" }
Write-Host "== Inno Setup"
& $iscc "/DAppVersion=$version" installer\windows\shuangsuiji.iss
if ($LASTEXITCODE -ne 0) { throw "iscc failed" }
Write-Host "done: dist\shuangsuiji-$version-setup.exe"
