"""Translations: catalogues complete, compiled on demand, and the interface in each language."""

from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as ET

from PySide6.QtCore import QCoreApplication

from console.ui import i18n
from console.ui.queue.model import QueueModel


def test_every_source_string_has_a_chinese_translation(tmp_path):
    for ts in i18n.catalogue_dir().glob("*.ts"):
        shutil.copy(ts, tmp_path / ts.name)
    i18n.update_catalogues(tmp_path)  # picks up strings added since the last refresh
    root = ET.parse(tmp_path / "console_zh_CN.ts").getroot()
    untranslated = [
        m.findtext("source")
        for m in root.iter("message")
        if m.find("translation").get("type") in ("unfinished", "vanished")
        or not "".join(m.find("translation").itertext()).strip()
    ]
    assert untranslated == [], "run: python -m console.ui.i18n update, then translate these"
    english = ET.parse(tmp_path / "console_en.ts").getroot()
    for message in english.iter("message"):
        if message.get("numerus") == "yes":  # English needs its singular and plural forms
            forms = [f.text for f in message.iter("numerusform")]
            assert len(forms) == 2 and all(forms), message.findtext("source")


def test_qm_is_compiled_when_missing_or_older_than_its_source(tmp_path, monkeypatch):
    shutil.copy(i18n.catalogue_dir() / "console_zh_CN.ts", tmp_path)
    monkeypatch.setattr(i18n, "catalogue_dir", lambda: tmp_path)
    qm = i18n.compiled_catalogue("zh_CN")
    assert qm == tmp_path / "console_zh_CN.qm" and qm.stat().st_size > 0
    os.utime(qm, (1_000_000, 1_000_000))  # older than the .ts: compiled again
    assert i18n.compiled_catalogue("zh_CN").stat().st_mtime > 1_000_000
    stamp = qm.stat().st_mtime
    assert i18n.compiled_catalogue("zh_CN").stat().st_mtime == stamp  # up to date: left alone
    assert i18n.compiled_catalogue("fr") is None


def test_english_interface_and_back(console_app):
    try:
        i18n.install_translators(console_app, "en")
        assert i18n.current_language() == "en"
        assert QueueModel.COLUMNS[0].title == "No."
        assert QCoreApplication.translate("QueueModel", "Time left") == "Time left"
        assert (
            QCoreApplication.translate("QueuePane", "%n open incident(s)", "", 1)
            == "1 open incident"
        )
        assert (
            QCoreApplication.translate("QueuePane", "%n open incident(s)", "", 3)
            == "3 open incidents"
        )
    finally:
        i18n.install_translators(console_app, "zh_CN")
    assert QCoreApplication.translate("QueueModel", "Time left") == "到场倒计时"
    assert QCoreApplication.translate("UnitStatus", "On loan") == "支援中"
    assert len(console_app._console_translators) == 2  # and Qt's own (qtbase) for its dialogs
