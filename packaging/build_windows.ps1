# Build the Windows bundle (dist\povdesk\) and its installer (dist\povdesk-<version>-setup.exe).
#
#   powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1
#
# NOT BUILT ON THE PROJECT'S MACHINES: they run Linux only, and PyInstaller cannot cross-compile,
# so this script and packaging\windows\povdesk.iss are kept ready but untested. Run it on a
# Windows 10/11 x64 machine with:
#   * Python 3.11+ from python.org (the `py` launcher), and network access to PyPI;
#   * Inno Setup 6 (https://jrsoftware.org/isinfo.php) for the installer step (ISCC.exe on PATH
#     or in its default folder); without it you still get the one-folder bundle.
# The spec is the same as on Linux: povdesk-gui.exe (windowed) and povdesk.exe (console) share
# _internal\ with resources\ and docs\. Resources are found through sys._MEIPASS.
param(
    [string]$DistDir = "dist",
    [string]$WorkDir = "build\pyinstaller",
    [string]$PythonLauncher = "py",
    [string]$PythonVersion = "-3.11"
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

if (-not (Test-Path ".venv\Scripts\python.exe")) {
    & $PythonLauncher $PythonVersion -m venv .venv
    if ($LASTEXITCODE -ne 0) { throw "could not create .venv (is Python 3.11+ installed?)" }
}
$py = Resolve-Path ".venv\Scripts\python.exe"
& $py -m pip install -q --upgrade pip
& $py -m pip install -q -e ".[package]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

$watch = [Diagnostics.Stopwatch]::StartNew()
& $py -m PyInstaller --noconfirm --clean --log-level WARN --distpath $DistDir --workpath $WorkDir packaging\povdesk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
$watch.Stop()

$app = Join-Path $DistDir "povdesk"
& (Join-Path $app "povdesk.exe") --version
if ($LASTEXITCODE -ne 0) { throw "the bundled povdesk.exe does not start" }
$size = (Get-ChildItem $app -Recurse -File | Measure-Object -Property Length -Sum).Sum / 1MB
"bundle: {0} ({1:N0} MB), built in {2:N0} s" -f $app, $size, $watch.Elapsed.TotalSeconds

# --- installer (Inno Setup) ---------------------------------------------------------------------
$version = (& $py -c "import povdesk; print(povdesk.__version__)").Trim()
$ico = Join-Path $WorkDir "povdesk.ico"
& $py -c "import sys; from PIL import Image; Image.open('resources/icons/povdesk-256.png').save(sys.argv[1], sizes=[(16,16),(24,24),(32,32),(48,48),(64,64),(128,128),(256,256)])" $ico
$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $iscc)) {
    Write-Warning "Inno Setup 6 not found: the bundle is ready in $app, but no installer was made."
    exit 0
}
& $iscc "/DAppVersion=$version" "/DSourceDir=$(Resolve-Path $app)" "/DSetupIcon=$(Resolve-Path $ico)" `
        "/O$(Resolve-Path $DistDir)" packaging\windows\povdesk.iss
if ($LASTEXITCODE -ne 0) { throw "ISCC failed" }
"installer: $(Join-Path $DistDir "povdesk-$version-setup.exe")"
