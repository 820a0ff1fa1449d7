"""The first-run screen: a new SQLite station, the station's PostgreSQL server, the demo
station, and the clear refusals of a store that does not work. Real stores, real clicks."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QAbstractButton, QDialog, QGroupBox, QLabel, QLineEdit, QWidget

from console.services.station import upgrade_store
from console.services.station_setup import StoreCheck, StoreState, check_store
from console.ui import settings as opts
from console.ui import theme
from console.ui.app import SCREENSHOT_SIZE
from console.ui.first_run import DEMO_CHOICE, FirstRunDialog, new_station_path, run_with_first_run
from console.ui.first_run.dialog import explain
from console.ui.first_run.launch import open_remembered
from console.ui.settings import Settings
from tests.support.station_factory import build_small_station

REPO = Path(__file__).resolve().parents[2]


def _no_demo() -> str:
    raise AssertionError("this path must not build the demo station")


def click_and_wait(qtbot, dialog: FirstRunDialog, button) -> None:
    """Click a button whose work runs through the operation runner; return once its
    outcome is on screen. While it runs, the screen's buttons wait."""
    with qtbot.waitSignal(dialog.sig_settled, timeout=60_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert dialog.running is not None
        assert not any(b.isEnabled() for b in dialog._actions)


@pytest.fixture
def dialog(qtbot, console_app, ui_settings):
    dlg = FirstRunDialog(ui_settings, _no_demo)
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg
    if dlg.context is not None:
        dlg.context.close()


def test_a_new_sqlite_station_is_created_opened_and_remembered(qtbot, dialog, ui_settings):
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted  # no name yet: nothing created
    assert dialog.create_result.text()
    assert not new_station_path().exists()

    dialog.station_name.setText("新街口派出所")  # typed through an input method: no key clicks
    click_and_wait(qtbot, dialog, dialog.create_button)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.context.station_name == "新街口派出所"
    assert dialog.context.backend == "sqlite"
    assert new_station_path().is_file()
    assert Settings().value(opts.STATION_STORE) == str(new_station_path())
    # The next start opens it without asking.
    ctx, problem = open_remembered(Settings(), _no_demo)
    assert problem is None
    assert ctx.station_name == "新街口派出所"
    ctx.close()


@pytest.fixture
def pg_station_url(empty_pg_url) -> str:
    upgrade_store(empty_pg_url)
    build_small_station(empty_pg_url)
    return empty_pg_url


@pytest.mark.postgres
def test_the_station_server_is_tested_then_connected_and_remembered(qtbot, dialog, pg_station_url):
    qtbot.keyClicks(dialog.server_url, pg_station_url)
    click_and_wait(qtbot, dialog, dialog.test_button)
    assert dialog.server_result.text() == explain(
        StoreCheck(StoreState.READY, "", station_name="测试派出所")
    )
    assert dialog.result() != QDialog.DialogCode.Accepted  # testing does not connect
    assert Settings().value(opts.STATION_STORE) == ""
    assert dialog.connect_button.isEnabled()

    click_and_wait(qtbot, dialog, dialog.connect_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.context.backend == "postgresql"
    assert dialog.context.station_name == "测试派出所"
    assert Settings().value(opts.STATION_STORE) == pg_station_url


@pytest.mark.postgres
def test_a_new_station_is_set_up_in_an_empty_server_database(qtbot, dialog, empty_pg_url):
    assert not dialog.setup_server_button.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.server_url, empty_pg_url)
    click_and_wait(qtbot, dialog, dialog.test_button)
    assert dialog.server_result.text().startswith(explain(StoreCheck(StoreState.EMPTY, "")))
    assert dialog.setup_server_button.isVisibleTo(dialog)

    qtbot.mouseClick(dialog.setup_server_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted  # it needs a name first
    assert check_store(empty_pg_url).state is StoreState.EMPTY

    dialog.station_name.setText("新街口派出所")
    click_and_wait(qtbot, dialog, dialog.setup_server_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.context.backend == "postgresql"
    assert dialog.context.station_name == "新街口派出所"
    assert check_store(empty_pg_url).state is StoreState.READY
    assert Settings().value(opts.STATION_STORE) == empty_pg_url


def _refused(qtbot, dialog, url: str, state: StoreState) -> None:
    dialog.server_url.clear()
    qtbot.keyClicks(dialog.server_url, url)
    click_and_wait(qtbot, dialog, dialog.connect_button)
    first_line = dialog.server_result.text().splitlines()[0]
    assert first_line == explain(StoreCheck(state, "")), dialog.server_result.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.context is None
    assert Settings().value(opts.STATION_STORE) == ""


@pytest.mark.postgres
def test_a_bad_server_address_gets_a_clear_reason_and_nothing_is_remembered(
    qtbot, dialog, pg_server
):
    # Port 1 on the loopback: nothing listens there.
    _refused(qtbot, dialog, "postgresql://postgres@127.0.0.1:1/station", StoreState.UNREACHABLE)
    _refused(qtbot, dialog, "mysql://station@server/db", StoreState.BAD_URL)
    _refused(
        qtbot, dialog, pg_server.url(f"missing_{uuid.uuid4().hex[:8]}"), StoreState.MISSING_DATABASE
    )
    # The test server trusts every login, so a refused login is a role that may not log in.
    role = f"r_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{role}" NOLOGIN')
    _refused(
        qtbot,
        dialog,
        pg_server.url().replace("postgres@", f"{role}:secret@"),
        StoreState.BAD_PASSWORD,
    )
    other = pg_server.create_database(f"o_{uuid.uuid4().hex[:8]}")
    _refused(qtbot, dialog, other, StoreState.EMPTY)
    with psycopg.connect(other, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id integer primary key)")
    _refused(qtbot, dialog, other, StoreState.NOT_CONSOLE)


def test_store_checks_name_the_state_of_sqlite_files(tmp_path):
    path = tmp_path / "s.sqlite3"
    assert check_store(str(path)).state is StoreState.MISSING_DATABASE
    upgrade_store(str(path))
    assert check_store(str(path)).state is StoreState.NO_STATION
    other = tmp_path / "notes.txt"
    other.write_text("not a database")
    assert check_store(str(other)).state is StoreState.NOT_CONSOLE


def test_the_demo_station_is_opened_and_remembered_as_the_demo(
    qtbot, console_app, ui_settings, demo_store
):
    url, _report = demo_store
    built: list[str] = []

    def ensure_demo() -> str:
        built.append(url)
        return url

    dlg = FirstRunDialog(ui_settings, ensure_demo)
    qtbot.addWidget(dlg)
    dlg.show()
    click_and_wait(qtbot, dlg, dlg.demo_button)
    try:
        assert dlg.result() == QDialog.DialogCode.Accepted
        assert built == [url]
        assert dlg.context.station_name == _report.station_name
        # Remembered as "the demo", not as a file path: a rebuilt demo is found again.
        assert Settings().value(opts.STATION_STORE) == DEMO_CHOICE
    finally:
        dlg.context.close()
    ctx, problem = open_remembered(Settings(), ensure_demo)
    assert problem is None and built == [url, url]
    ctx.close()


def test_a_failed_demo_build_is_explained_and_the_screen_stays(qtbot, console_app, ui_settings):
    def ensure_demo() -> str:
        raise RuntimeError("OSM extract not found: /nowhere/x.osm")

    dlg = FirstRunDialog(ui_settings, ensure_demo)
    qtbot.addWidget(dlg)
    dlg.show()
    click_and_wait(qtbot, dlg, dlg.demo_button)
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert "/nowhere/x.osm" in dlg.problem_label.text()
    assert dlg.problem_label.isVisible()
    assert dlg.demo_button.isEnabled()
    assert Settings().value(opts.STATION_STORE) == ""


def test_a_remembered_store_that_no_longer_opens_brings_back_the_screen(tmp_path):
    settings = Settings()
    settings.set_value(opts.STATION_STORE, str(tmp_path / "gone.sqlite3"))
    ctx, problem = open_remembered(settings, _no_demo)
    assert ctx is None
    assert "gone.sqlite3" in problem


def test_nothing_remembered_shows_the_first_run_screen(qapp, tmp_path):
    png = tmp_path / "first-run.png"
    assert run_with_first_run(_no_demo, screenshot=png) == 0
    image = QImage(str(png))
    assert not image.isNull()
    # The dialog, not the main window.
    assert (image.width(), image.height()) != SCREENSHOT_SIZE


def _screenshot_of_remembered_store(tmp_path, store: str) -> Path:
    """Remember ``store`` in a fresh user's settings under ``tmp_path``, then run
    ``python -m console --screenshot`` as that user; the PNG it wrote."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CONSOLE_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    remember = (
        "from console.ui import settings as opts; from console.ui.settings import Settings; "
        f"Settings().set_value(opts.STATION_STORE, {store!r})"
    )
    subprocess.run([sys.executable, "-c", remember], cwd=REPO, env=env, check=True, timeout=60)
    png = tmp_path / "window.png"
    done = subprocess.run(
        [sys.executable, "-m", "console", "--screenshot", str(png), "--after", "0.1"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return png


def test_a_remembered_store_opens_the_main_window_directly(tmp_path):
    # In its own process: the whole window with its web engine, as an officer starts it
    # (a second web-engine window inside the test process can crash Qt at teardown).
    db = tmp_path / "station.sqlite3"
    upgrade_store(str(db))
    build_small_station(str(db))
    png = _screenshot_of_remembered_store(tmp_path, str(db))
    image = QImage(str(png))
    assert (image.width(), image.height()) == SCREENSHOT_SIZE
    assert not (tmp_path / "data" / "demo-station.sqlite3").exists()  # its own store, no demo


def test_python_m_console_with_no_store_on_a_fresh_install_asks(tmp_path):
    png = tmp_path / "cli-first-run.png"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CONSOLE_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "console", "--screenshot", str(png)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(png))
    assert not image.isNull()
    assert (image.width(), image.height()) != SCREENSHOT_SIZE
    assert not (tmp_path / "data" / "demo-station.sqlite3").exists()  # nothing built unasked


# --- a server password is kept in the console's libpq password file, not the settings ------

SERVER_PASSWORD = "Night:shift\\2026@/#"  # ':' and '\' are escaped in the file, '@/#' in URLs


@pytest.fixture
def password_db(pg_server):
    """(url with password, url without) of a database whose owner must give a password.

    The session server trusts every login; one line put first in its pg_hba.conf asks
    this test's role (only) for a SCRAM password, and is taken out again afterwards."""
    from psycopg import sql
    from sqlalchemy.engine import URL, make_url

    role = f"pw_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(role), sql.Literal(SERVER_PASSWORD)
            )
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(*map(sql.Identifier, (role, role)))
        )
        hba = Path(conn.execute("SHOW hba_file").fetchone()[0])
    base = make_url(pg_server.url(role))
    url = URL.create(
        "postgresql", role, SERVER_PASSWORD, base.host, base.port, role
    ).render_as_string(hide_password=False)
    bare = URL.create("postgresql", role, None, base.host, base.port, role).render_as_string()
    original = hba.read_text()
    rules = "".join(
        f"{kind} all {role} {where} scram-sha-256\n"
        for kind, where in (("host", "127.0.0.1/32"), ("host", "::1/128"), ("local", ""))
    )
    hba.write_text(rules + original)
    try:
        _reload(pg_server)
        _wait_until_refused(bare)
        yield url, bare
    finally:
        hba.write_text(original)
        _reload(pg_server)


def _reload(pg_server) -> None:
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute("SELECT pg_reload_conf()")


def _wait_until_refused(bare: str) -> None:
    import time

    for _ in range(100):  # the postmaster reads pg_hba.conf again on its own time
        try:
            psycopg.connect(bare, passfile="/nonexistent/pgpass", connect_timeout=5).close()
        except psycopg.OperationalError:
            return
        time.sleep(0.05)
    raise AssertionError("the test server still lets the role in without a password")


def _ini_text() -> str:
    return Settings().path.read_text(encoding="utf-8")


@pytest.mark.postgres
def test_a_server_password_goes_to_the_passfile_and_the_next_start_connects(
    qtbot, dialog, password_db
):
    from urllib.parse import quote

    from sqlalchemy.engine import make_url

    from console.services.pg_passfile import console_passfile

    url, bare = password_db
    upgrade_store(url)
    build_small_station(url)
    assert check_store(bare).state is StoreState.BAD_PASSWORD  # without it: refused
    qtbot.keyClicks(dialog.server_url, url)
    click_and_wait(qtbot, dialog, dialog.connect_button)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.server_result.text()
    assert dialog.context.engine.url.password is None  # opened as the next start opens it
    dialog.context.close()
    dialog.context = None

    ini = _ini_text()
    remembered = Settings().value(opts.STATION_STORE)
    for secret in (SERVER_PASSWORD, quote(SERVER_PASSWORD, safe=""), "Night"):
        assert secret not in ini and secret not in remembered
    passfile = console_passfile()
    assert make_url(remembered).query["passfile"] == str(passfile)
    assert remembered.startswith(bare + "?passfile=")
    assert passfile.stat().st_mode & 0o777 == 0o600  # libpq ignores a file others can read

    # The next start: the remembered URL opens with no question asked.
    ctx, problem = open_remembered(Settings(), _no_demo)
    assert problem is None, problem
    try:
        assert ctx.backend == "postgresql" and ctx.engine.url.password is None
        assert ctx.station_name
    finally:
        ctx.close()
    # ... and it is the password file that lets it in: without it the server refuses.
    passfile.rename(passfile.with_suffix(".away"))
    ctx, problem = open_remembered(Settings(), _no_demo)
    assert ctx is None and "password" in problem


@pytest.mark.postgres
def test_a_new_station_set_up_on_a_password_server_remembers_no_password(
    qtbot, dialog, password_db
):
    url, bare = password_db
    qtbot.keyClicks(dialog.station_name, "Xinjiekou")  # QTest types ASCII only
    qtbot.keyClicks(dialog.server_url, url)
    click_and_wait(qtbot, dialog, dialog.test_button)
    assert dialog.setup_server_button.isVisible(), dialog.server_result.text()
    click_and_wait(qtbot, dialog, dialog.setup_server_button)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.server_result.text()
    assert SERVER_PASSWORD not in _ini_text()
    assert Settings().value(opts.STATION_STORE).startswith(bare + "?passfile=")
    ctx, problem = open_remembered(Settings(), _no_demo)
    assert problem is None and ctx.station_name == "Xinjiekou"
    ctx.close()


@pytest.mark.postgres
def test_a_password_remembered_by_an_older_console_moves_to_the_passfile(password_db):
    url, bare = password_db
    upgrade_store(url)
    build_small_station(url)
    Settings().set_value(opts.STATION_STORE, url)  # as the settings file held it before
    ctx, problem = open_remembered(Settings(), _no_demo)
    assert problem is None
    ctx.close()
    assert SERVER_PASSWORD not in _ini_text()
    assert Settings().value(opts.STATION_STORE).startswith(bare + "?passfile=")
    ctx, problem = open_remembered(Settings(), _no_demo)
    assert problem is None
    ctx.close()


@pytest.mark.postgres
def test_python_m_console_starts_on_the_remembered_server_without_its_password(
    tmp_path, password_db
):
    # The real next start, in its own process (as the SQLite test above).
    from console.services.pg_passfile import without_password

    url, bare = password_db
    upgrade_store(url)
    build_small_station(url)
    remembered = without_password(url, tmp_path / "data" / "pgpass")
    assert SERVER_PASSWORD not in remembered
    png = _screenshot_of_remembered_store(tmp_path, remembered)
    assert (QImage(str(png)).width(), QImage(str(png)).height()) == SCREENSHOT_SIZE
    ini = (tmp_path / "config" / "station-console" / "console.ini").read_text()
    assert "passfile=" in ini and SERVER_PASSWORD not in ini


# --- issue 14, item 14: the console's theme, plain words, the demo as it is built -----------


@pytest.mark.parametrize("name", ["dark", "light"])
def test_the_screen_wears_the_theme_of_the_settings_as_the_window_does(
    qtbot, console_app, ui_settings, name
):
    # Whoever made the application left it in the other theme (or Qt's own light look).
    theme.apply_theme(console_app, theme.other(name))
    ui_settings.set_value(opts.THEME, name)
    try:
        dlg = FirstRunDialog(ui_settings, _no_demo)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        wanted = theme.THEMES[name]
        assert theme.current() is wanted
        assert dlg.palette().color(QPalette.ColorRole.Window) == QColor(wanted.window)
        assert dlg.station_name.palette().color(QPalette.ColorRole.Base) == QColor(wanted.base)
        # What the officer sees: the dialog's own pixels, in the corner, are the theme's.
        assert dlg.grab().toImage().pixelColor(2, 2) == QColor(wanted.window)
    finally:
        theme.apply_theme(console_app, theme.DARK.name)


def _visible_texts(dlg: FirstRunDialog) -> list[str]:
    texts = [dlg.windowTitle()]
    for w in dlg.findChildren(QWidget):
        texts.append(w.toolTip())
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
    return [t for t in texts if t]


def test_no_command_line_is_shown_anywhere_on_the_screen(dialog):
    texts = _visible_texts(dialog)
    texts += [explain(StoreCheck(state, "")) for state in StoreState]
    assert texts
    for text in texts:
        assert "--" not in text, text
        assert "console db" not in text, text


def test_the_demo_is_described_with_the_history_the_builder_makes(dialog):
    from console.demo.calls import HISTORY_DAYS

    assert HISTORY_DAYS == 90
    note = dialog.findChild(QLabel, "firstRunDemoNote")
    assert note is not None and note.isVisible()
    assert str(HISTORY_DAYS) in note.text()
    assert "一天" not in note.text() and "a day of" not in note.text()
