#!/usr/bin/env bash
# Installs the built .deb on this machine, runs the installed console offscreen on the demo
# station, checks its screenshot and its command-line tools, then purges the package and
# checks nothing is left. Needs root (dpkg). Prints the .deb size, the installed size and
# the time of each step.
#
#   bash packaging/test_deb.sh [dist/station-console_<version>_<arch>.deb]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
name=station-console
deb=${1:-$(ls -t dist/${name}_*.deb 2>/dev/null | head -1)}
[ -f "${deb:-}" ] || { echo "test_deb: error: no .deb (build it with packaging/build_deb.sh)" >&2; exit 1; }
deb=$(realpath "$deb")
[ "$(id -u)" -eq 0 ] || { echo "test_deb: error: run as root (dpkg -i)" >&2; exit 1; }

step_start=0
step() { step_start=$(date +%s%N); echo "test_deb: $*"; }
done_step() {
  local ms=$((($(date +%s%N) - step_start) / 1000000))
  printf 'test_deb: step %-12s %4d.%01d s\n' "$1" $((ms / 1000)) $((ms % 1000 / 100))
}
fail() { echo "test_deb: FAILED: $*" >&2; exit 1; }

scratch=$(mktemp -d)
cleanup() {
  rm -rf "$scratch"
  if dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q installed; then
    dpkg --purge "$name" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

step "install $deb"
dpkg --purge "$name" >/dev/null 2>&1 || true
# dpkg -i as an IT officer would; if a declared library is missing on this machine, let
# apt fetch it (that is what the Depends are for) and finish the configuration.
if ! DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >/dev/null; then
  echo "test_deb: dpkg -i left dependencies to install; apt-get install -f"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq >/dev/null
fi
dpkg -s "$name" 2>/dev/null | grep -q '^Status: install ok installed' || fail "not installed"
done_step install
[ -x /usr/bin/$name ] || fail "no launcher on the PATH"
[ -f /usr/share/applications/$name.desktop ] || fail "no desktop entry"
[ -f /usr/share/icons/hicolor/256x256/apps/$name.png ] || fail "no icon"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/$name.desktop || fail "desktop entry invalid"
fi
install_size=$(du -sh /opt/$name | cut -f1)

# A fresh user: no settings, no demo store yet (the first start builds it from the bundled
# OpenStreetMap extract). Offscreen, as on a machine without a display.
export CONSOLE_DATA_DIR=$scratch/data XDG_CONFIG_HOME=$scratch/config QT_QPA_PLATFORM=offscreen
unset CONSOLE_GEODATA
cd "$scratch"  # nothing from the checkout is in reach

step "station-console --demo --screenshot (first start builds the demo station)"
timeout 300 $name --demo --screenshot "$scratch/out.png" --after 2 2>"$scratch/stderr.txt" \
  || { tail -20 "$scratch/stderr.txt" >&2; fail "the console did not render the demo station"; }
done_step screenshot
python3 "$repo/packaging/check_png.py" "$scratch/out.png" 1920 1080 || fail "screenshot"
cp "$scratch/out.png" "$repo/dist/$name-installed-demo.png"

step "station-console --lang en --demo --screenshot (second start, English)"
timeout 300 $name --demo --lang en --screenshot "$scratch/out-en.png" --after 2 2>/dev/null \
  || fail "the console did not start a second time"
done_step screenshot2
python3 "$repo/packaging/check_png.py" "$scratch/out-en.png" 1920 1080 || fail "screenshot"
cp "$scratch/out-en.png" "$repo/dist/$name-installed-demo-en.png"

step "command-line tools (db upgrade, db current, roster solve)"
$name db upgrade --db "$scratch/new.sqlite3" | grep -q "schema empty ->" || fail "db upgrade"
$name db current --db "$scratch/new.sqlite3" | grep -q "up to date" || fail "db current"
problem=/opt/$name/_internal/resources/roster/example-small-station.json
[ -f "$problem" ] || fail "roster examples not bundled"
$name roster solve "$problem" --time-limit 5 --workers 1 --out "$scratch/solution.json" >/dev/null \
  || fail "roster solve"
[ -s "$scratch/solution.json" ] || fail "roster solve wrote nothing"
code=0; $name --db "$scratch/missing.sqlite3" --screenshot x.png 2>/dev/null || code=$?
[ "$code" -eq 2 ] || fail "a missing store should exit 2, not $code"
done_step tools

step "purge"
dpkg --purge "$name" >/dev/null
done_step purge
for left in /opt/$name /usr/bin/$name /usr/share/applications/$name.desktop \
  /usr/share/icons/hicolor/256x256/apps/$name.png; do
  [ ! -e "$left" ] || fail "$left is still there after purge"
done

echo "test_deb: passed: $deb: $(du -h "$deb" | cut -f1) .deb, $install_size installed"
