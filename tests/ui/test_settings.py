"""The one settings registry: typed options, defaults, bad values, versions and upgrades."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from console.ui import settings as opts
from console.ui.settings import Settings


def test_every_option_is_declared_once_with_a_title_and_a_valid_default():
    assert {o.group for o in opts.REGISTRY.values()} == {opts.PREFERENCES, opts.STATE}
    for option in opts.REGISTRY.values():
        assert option.title and isinstance(option.default, option.type)
        assert not option.choices or option.default in option.choices
    assert opts.THEME.default == "dark" and opts.LANGUAGE.default == "zh_CN"


def test_file_lives_in_the_config_folder_and_starts_at_the_current_version(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    s = Settings()
    assert s.path == tmp_path / "station-console" / "console.ini"
    s.sync()
    assert s.path.exists() and s.version == opts.SETTINGS_VERSION


def test_values_round_trip_through_a_new_instance():
    s = Settings()
    assert s.value(opts.THEME) == "dark"
    s.set_value(opts.THEME, "light")
    s.set_value(opts.TABLE_FONT_PT, 18)
    s.set_value(opts.WINDOW_STATE, b"\x00\x01binary\xff")
    s.sync()
    again = Settings()
    assert again.value(opts.THEME) == "light"
    assert again.value(opts.TABLE_FONT_PT) == 18
    assert again.value(opts.WINDOW_STATE) == b"\x00\x01binary\xff"
    again.reset_group(opts.STATE)
    assert again.value(opts.WINDOW_STATE) == b"" and again.value(opts.THEME) == "light"


def test_bad_values_are_refused_and_bad_stored_values_read_as_default():
    s = Settings()
    with pytest.raises(ValueError):
        s.set_value(opts.THEME, "purple")
    with pytest.raises(ValueError):
        s.set_value(opts.TABLE_FONT_PT, 200)
    raw = QSettings(str(s.path), QSettings.Format.IniFormat)
    raw.setValue(opts.THEME.key, "purple")
    raw.setValue(opts.TABLE_FONT_PT.key, "large")
    raw.sync()
    fresh = Settings()
    assert fresh.value(opts.THEME) == "dark"
    assert fresh.value(opts.TABLE_FONT_PT) == opts.TABLE_FONT_PT.default


def test_an_older_file_is_upgraded_once(monkeypatch):
    old = Settings()
    QSettings(str(old.path), QSettings.Format.IniFormat).setValue("view/theme", "light")
    calls = []

    def rename_theme(qs: QSettings) -> None:  # what a real upgrade looks like
        calls.append(qs.value(opts.VERSION_KEY))
        qs.setValue(opts.THEME.key, qs.value("view/theme"))
        qs.remove("view/theme")

    monkeypatch.setattr(opts, "SETTINGS_VERSION", opts.SETTINGS_VERSION + 1)
    monkeypatch.setitem(opts.UPGRADES, opts.SETTINGS_VERSION - 1, rename_theme)
    upgraded = Settings()
    assert upgraded.value(opts.THEME) == "light"
    assert upgraded.version == opts.SETTINGS_VERSION
    assert len(calls) == 1
    Settings()
    assert len(calls) == 1
