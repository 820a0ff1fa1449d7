#!/usr/bin/env bash
# Builds the console's .deb from this checkout in one command:
#
#   bash packaging/build_deb.sh            # -> dist/station-console_<version>_<arch>.deb
#
# Steps (each timed): the workstation set-up (packaging/setup.sh: system libraries, .venv,
# npm ci of the map's assets), PyInstaller into the venv, the one-folder bundle
# (packaging/station_console.spec), the package tree, dpkg-deb. The package installs the
# bundle under /opt/station-console, a launcher /usr/bin/station-console, a desktop entry
# and its icon; its Depends are the system packages the bundle's own libraries link to
# (found with ldd and dpkg -S on this machine) plus a CJK font and the time-zone data.
#
# Environment: DEB_COMPRESSION=gzip|xz|zstd (default gzip: every dpkg reads it; zstd is
# faster but dpkg before 1.21 (UOS, Kylin V10) cannot read it; xz is smallest and slowest)
# and DEB_LEVEL (default 3).
# CONSOLE_GEODATA: the folder with nanjing_xinjiekou.osm (default ../shared/geodata).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
name=station-console
compression=${DEB_COMPRESSION:-gzip}
level=${DEB_LEVEL:-3}  # gzip -3: nearly as small as -9 and several times faster
work=build/deb
out=dist

step_start=0
step() { step_start=$(date +%s%N); echo "build_deb: $*"; }
done_step() {
  local ms=$((($(date +%s%N) - step_start) / 1000000))
  printf 'build_deb: step %-12s %4d.%01d s\n' "$1" $((ms / 1000)) $((ms % 1000 / 100))
}

step "set-up (system libraries, .venv, map assets)"
bash packaging/setup.sh
done_step setup

step "PyInstaller into .venv (the 'packaging' extra)"
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev,packaging]'
done_step pyinstaller

step "bundle (PyInstaller, packaging/station_console.spec)"
rm -rf "$work"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$work/dist" --workpath "$work/pyi" packaging/station_console.spec
bundle=$work/dist/$name
[ -x "$bundle/$name" ] || { echo "build_deb: error: no bundle at $bundle" >&2; exit 1; }
done_step bundle

step "package tree"
version=$(.venv/bin/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
tree=$work/root
mkdir -p "$tree/opt" "$tree/usr/bin" "$tree/usr/share/applications" \
  "$tree/usr/share/icons/hicolor/256x256/apps" "$tree/usr/share/icons/hicolor/scalable/apps" \
  "$tree/usr/share/doc/$name" "$tree/DEBIAN"
cp -a "$bundle" "$tree/opt/$name"
cat > "$tree/usr/bin/$name" <<EOF
#!/bin/sh
# Launcher of the station command console (the bundle lives in /opt/$name).
exec /opt/$name/$name "\$@"
EOF
chmod 755 "$tree/usr/bin/$name"
cp packaging/linux/$name.desktop "$tree/usr/share/applications/"
cp resources/icons/$name.png "$tree/usr/share/icons/hicolor/256x256/apps/"
cp resources/icons/$name.svg "$tree/usr/share/icons/hicolor/scalable/apps/"
cp packaging/linux/copyright "$tree/usr/share/doc/$name/copyright"
install -m 755 packaging/linux/postinst packaging/linux/postrm "$tree/DEBIAN/"

# Depends: the packages owning the system libraries the bundle links to. ldd runs with the
# bundle's own folders first, so what it ships is not counted.
internal=$bundle/_internal
libpath="$internal:$internal/PySide6/Qt/lib"
mapfile -t elves < <(find "$bundle" -type f \( -name '*.so' -o -name '*.so.*' -o -perm -u+x \) \
  -exec sh -c 'head -c4 "$1" | grep -q ELF && echo "$1"' _ {} \;)
ldd_out=$(printf '%s\0' "${elves[@]}" | LD_LIBRARY_PATH=$libpath xargs -0 -n 50 ldd 2>/dev/null || true)
if missing=$(grep 'not found' <<<"$ldd_out" | sort -u) && [ -n "$missing" ]; then
  echo "build_deb: note: libraries found nowhere (optional plugins of Qt; not needed offscreen or on xcb):"
  sed 's/^/  /' <<<"$missing"
fi
mapfile -t syslibs < <(awk '/=> \// {print $3}' <<<"$ldd_out" | grep -v "^$root/$work" | sort -u)
packages=()
for lib in "${syslibs[@]}"; do
  owner=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$(realpath "$lib")" 2>/dev/null \
    || dpkg -S "/usr$lib" 2>/dev/null || true)
  [ -n "$owner" ] && packages+=("${owner%%:*}")
done
mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
depends=$(printf '%s, ' "${packages[@]}")
depends+="fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei, tzdata, fontconfig-config"
installed_kb=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
cat > "$tree/DEBIAN/control" <<EOF
Package: $name
Version: $version
Architecture: $arch
Maintainer: Station console maintainers <console@localhost>
Installed-Size: $installed_kb
Depends: $depends
Section: misc
Priority: optional
Homepage: https://localhost/station-console
Description: station command console (派出所综合指挥室)
 Desktop console for a police station's integrated command room: the incident
 queue, the unit status board, the offline map, the shift roster, dispatch and
 the station chief's review. Works offline; SQLite on one workstation or a
 PostgreSQL server for several. Includes a demo station built from
 OpenStreetMap data (ODbL).
EOF
echo "build_deb: Depends: $depends"
done_step tree

step "dpkg-deb ($compression)"
mkdir -p "$out"
deb=$out/${name}_${version}_${arch}.deb
dpkg-deb --root-owner-group -Z"$compression" -z"$level" --build "$tree" "$deb" >/dev/null
done_step deb

echo "build_deb: $deb: $(du -h "$deb" | cut -f1) (.deb), $((installed_kb / 1024)) MB installed"
