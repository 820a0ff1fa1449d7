#!/usr/bin/env bash
# Sets up a Debian-based workstation (Debian 12, Kylin, UOS) to run and test the console
# from this checkout: the system libraries Qt and QtWebEngine need, a CJK font (or Chinese
# renders as boxes), PostgreSQL (multi-seat stores and the test suite), and the project's
# virtual environment in .venv/. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # Qt 6 / QtWebEngine runtime (offscreen and xcb)
  libnss3 libnspr4 libgbm1 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0
  libxcb-xkb1 libxcb-xfixes0 libxcb-sync1 libxcb-shm0 libxcb-dri3-0 libxcb-glx0 libx11-xcb1
  libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 libasound2 libfontconfig1
  libdbus-1-3 libglib2.0-0
  fonts-noto-cjk
  postgresql
  python3-venv
  poppler-utils  # pdftotext: the tests read exported PDFs back
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A python3 from elsewhere (pyenv, a build) carries its own venv module.
if [[ " ${missing[*]-} " == *" python3-venv "* ]] && python3 -c "import ensurepip, venv" 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
missing=($(printf '%s\n' "${missing[@]-}" | grep -v '^$' || true))
if ((${#missing[@]})); then
  echo "setup: installing system packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
    echo "setup: error: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "setup: error: Python 3.11 or newer is needed (found $(python3 --version 2>&1))" >&2; exit 1; }
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'

# The offline map's front-end packages (Leaflet, leaflet.heat, with their licence files)
# from the committed lock file into resources/web/node_modules (git-ignored). Only when
# they are missing or the lock file changed since the last install.
web=resources/web
lock_sum=$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)
if [ ! -d "$web/node_modules" ] || [ "$(cat "$web/node_modules/.console-lock-sha256" 2>/dev/null)" != "$lock_sum" ]; then
  command -v npm >/dev/null || {
    echo "setup: error: npm is needed to install the map's Leaflet files (apt-get install npm), then run this again" >&2
    exit 1; }
  echo "setup: installing the map's front-end packages (npm ci in $web)"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$web/node_modules/.console-lock-sha256"
fi
echo "setup: ready ($(.venv/bin/python --version), $(.venv/bin/python -c 'import PySide6; print("PySide6", PySide6.__version__)'))"
