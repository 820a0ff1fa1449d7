"""The packaging files that can be checked without building the bundle (the build itself,
packaging/build_deb.sh + test_deb.sh, takes longer than the default test run allows)."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"


def _check_png(path: Path, width: int, height: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PACKAGING / "check_png.py"), str(path), str(width), str(height)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _image(path: Path, *, varied: bool) -> Path:
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#1b1f27"))
    if varied:
        painter = QPainter(image)
        for i in range(160):
            painter.fillRect(i * 2, (i * 7) % 180, 2, 20, QColor.fromHsv(i * 2, 200, 230))
        painter.end()
    assert image.save(str(path), "PNG")
    return path


def test_check_png_accepts_a_picture_and_rejects_a_blank_or_wrongly_sized_one(qapp, tmp_path):
    picture = _image(tmp_path / "picture.png", varied=True)
    assert _check_png(picture, 320, 200).returncode == 0
    blank = _image(tmp_path / "blank.png", varied=False)
    done = _check_png(blank, 320, 200)
    assert done.returncode == 1
    assert "blank" in done.stderr
    assert _check_png(picture, 1920, 1080).returncode == 1


def test_the_desktop_entry_starts_the_launcher_with_the_shipped_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / "linux" / "station-console.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == "station-console"
    assert desktop["Name[zh_CN]"] == "派出所综合指挥室"
    assert (REPO / "resources" / "icons" / f"{desktop['Icon']}.png").is_file()
    assert (REPO / "resources" / "icons" / f"{desktop['Icon']}.svg").is_file()
    assert desktop["Categories"].endswith(";")


@pytest.mark.parametrize(
    "script", ["build_deb.sh", "test_deb.sh", "linux/postinst", "linux/postrm"]
)
def test_the_packaging_scripts_parse(script):
    shell = "bash" if script.endswith(".sh") else "sh"
    done = subprocess.run([shell, "-n", str(PACKAGING / script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_spec_ships_every_folder_the_console_reads_at_run_time():
    spec = (PACKAGING / "station_console.spec").read_text("utf-8")
    compile(spec, "station_console.spec", "exec")
    for shipped in (
        '"resources/i18n"',
        '"resources/web"',
        '"resources/web/node_modules/leaflet"',
        '"resources/roster"',
        '"resources/themes"',
        '"resources/geodata"',
        '"db"',
        '"db/versions"',
        '"db/reference"',
    ):
        assert shipped in spec, shipped
    # The folders the spec copies from exist in the checkout.
    for folder in ("resources/roster", "resources/themes", "resources/icons", "db/reference"):
        assert (REPO / folder).is_dir()


def test_the_bundle_finds_the_demo_extract_it_carries(tmp_path, monkeypatch):
    """console/paths.py looks in resources/geodata of the install root before ../shared."""
    from console import paths

    monkeypatch.delenv("CONSOLE_GEODATA", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    (tmp_path / "resources" / "geodata").mkdir(parents=True)
    assert paths.default_osm_extract() == tmp_path / "resources/geodata/nanjing_xinjiekou.osm"
    assert paths.migrations_dir() == tmp_path / "db"
