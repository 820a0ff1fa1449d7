"""The map page's front-end files, all local: Leaflet, leaflet.heat and rbush from npm
(resources/web/node_modules, installed by ``npm ci`` from the committed lock file) and the
console's own script and style sheet beside them."""

from __future__ import annotations

from pathlib import Path

from console.paths import resources_dir


class MissingWebAssets(RuntimeError):
    """node_modules is missing: the setup command installs it."""


def web_dir() -> Path:
    return resources_dir() / "web"


def asset_paths() -> dict[str, Path]:
    web = web_dir()
    modules = web / "node_modules"
    return {
        "pre_js": web / "console-map-pre.js",
        "leaflet_js": modules / "leaflet" / "dist" / "leaflet.js",
        "leaflet_css": modules / "leaflet" / "dist" / "leaflet.css",
        "heat_js": modules / "leaflet.heat" / "dist" / "leaflet-heat.js",
        "rbush_js": modules / "rbush" / "rbush.min.js",  # declutter's index of taken boxes
        "console_js": web / "console-map.js",
        "console_css": web / "console-map.css",
    }


def checked_asset_urls() -> dict[str, str]:
    """``file://`` URLs of every asset, or MissingWebAssets naming what is missing."""
    paths = asset_paths()
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise MissingWebAssets(
            "map assets missing (run packaging/setup.sh, or npm ci in resources/web): "
            + ", ".join(missing)
        )
    return {key: path.resolve().as_uri() for key, path in paths.items()}
