# Windows build of the station command console: venv, map assets, PyInstaller bundle,
# Inno Setup installer. NOT RUN HERE (no Windows machine); see packaging/README.md.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# Needs: Python 3.11 (python.org, x64) on the PATH as `py -3.11`, Node.js (npm), Inno
# Setup 6, and the demo's OpenStreetMap extract: set CONSOLE_GEODATA to the folder holding
# nanjing_xinjiekou.osm if it is not in ..\shared\geodata.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install --disable-pip-version-check -q -e ".[packaging]"

Push-Location resources\web
npm ci --no-audit --no-fund --loglevel=error
Pop-Location

.venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyi packaging\station_console.spec

$version = (.venv\Scripts\python -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
& "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" "/DAppVersion=$version" packaging\windows\station-console.iss

# Smoke test of the bundle before shipping it.
dist\station-console\station-console-cli.exe --demo --screenshot dist\windows-demo.png --after 2
