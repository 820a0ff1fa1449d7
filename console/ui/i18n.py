"""Interface languages: Qt Linguist catalogues in ``resources/i18n``.

Source strings are English; ``console_zh_CN.ts`` (the default language) and
``console_en.ts`` hold the translations. The compiled ``.qm`` files are not kept in git:
they are built from the ``.ts`` with lrelease when missing or older than their source.

Refresh the catalogues after changing strings (keeps existing translations):

    .venv/bin/python -m console.ui.i18n update

then fill in the new ``<translation>`` entries in the ``.ts`` files (Qt Linguist,
``.venv/bin/pyside6-linguist``, or any text editor).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import PySide6
from platformdirs import user_cache_path
from PySide6.QtCore import QT_TRANSLATE_NOOP, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from console.paths import APP_NAME, install_root, resources_dir

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
CATALOGUE = "console"

_current = DEFAULT_LANGUAGE

# Qt's own texts that its qtbase_zh_CN catalogue lacks (its file dialog's labels changed
# their mnemonics after it was translated): the console's catalogue answers them, asked
# after Qt's own.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


def current_language() -> str:
    """The language the interface was started in (``zh_CN`` or ``en``)."""
    return _current


def catalogue_dir() -> Path:
    return resources_dir() / "i18n"


def _qt_tool(name: str) -> Path:
    exe = ".exe" if sys.platform == "win32" else ""
    return Path(PySide6.__file__).resolve().parent / f"{name}{exe}"


def compiled_catalogue(lang: str) -> Path | None:
    """The ``.qm`` for ``lang``, compiled from its ``.ts`` first if that is newer."""
    ts = catalogue_dir() / f"{CATALOGUE}_{lang}.ts"
    qm = ts.with_suffix(".qm")
    if not ts.exists():
        return qm if qm.exists() else None  # an installed bundle ships only .qm files
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    if not os.access(qm.parent, os.W_OK):
        qm = user_cache_path(APP_NAME, appauthor=False) / "i18n" / qm.name
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            return qm
        qm.parent.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [str(_qt_tool("lrelease")), "-silent", str(ts), "-qm", str(qm)],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"console: cannot compile {ts.name}: {exc}", file=sys.stderr)
        return qm if qm.exists() else None
    return qm


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """Load the console's and Qt's own catalogues for ``lang`` into ``app``.

    The translators are kept on the application object so they live as long as it does.
    English needs only the numerus forms of the English catalogue. Qt's catalogue
    (qtbase_zh_CN.qm, from PySide6's translations folder) is installed last, so it is asked
    first; what it lacks (``QT_GAPS``) falls through to the console's.
    """
    global _current
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    _current = lang
    for old in getattr(app, "_console_translators", []):
        app.removeTranslator(old)
    QLocale.setDefault(QLocale(lang))
    translators: list[QTranslator] = []
    qm = compiled_catalogue(lang)
    own = QTranslator(app)
    if qm is not None and own.load(str(qm)):
        translators.append(own)
    qt = QTranslator(app)
    if lang != "en" and qt.load(
        QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        translators.append(qt)
    for translator in translators:
        app.installTranslator(translator)
    app._console_translators = translators
    return translators


def update_catalogues(ts_dir: Path | None = None) -> None:
    """Re-scan the sources with lupdate; translations already made are kept."""
    root = install_root()
    ts_dir = ts_dir or catalogue_dir()
    sources = sorted(
        str(p.relative_to(root))
        for p in (root / "console").rglob("*.py")
        if "store" not in p.parts and "domain" not in p.parts
    )
    targets = [str(ts_dir / f"{CATALOGUE}_{lang}.ts") for lang in LANGUAGES]
    subprocess.run(
        [
            str(_qt_tool("lupdate")),
            "-silent",
            "-locations",
            "relative",
            "-no-obsolete",
            "-source-language",
            "en",
            *sources,
            "-ts",
            *targets,
        ],
        check=True,
        cwd=root,
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["update"]:
        print("usage: python -m console.ui.i18n update", file=sys.stderr)
        return 2
    update_catalogues()
    return 0


if __name__ == "__main__":
    sys.exit(main())
