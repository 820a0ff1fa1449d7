"""A call being typed is never lost (issue 13, part 3): it is kept in the user data folder
as it is typed, offered back in a new window after the old one went away unsaved, gone once
saved; and with the PostgreSQL server stopped, Enter says so in the panel, keeps the call,
and saves it once when the server is back."""

from __future__ import annotations

import uuid

import pytest
import shiboken6
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from console.domain.clock import FixedClock
from console.services.incident_lifecycle import incident_detail
from console.services.station import upgrade_store
from console.store.models import Incident
from console.ui.app import prepare_application
from console.ui.intake.drafts import DraftFile, drafts_path
from console.ui.main_window import MainWindow
from console.ui.settings import Settings
from tests.support.outage import StoppablePostgres
from tests.support.pg_server import PostgresUnavailable
from tests.support.station_factory import NOW

from .station import build_intake_station
from .test_intake_ui import type_call, type_text


def open_window(qtbot, qapp, ctx, *, owned_by_qtbot: bool = True) -> MainWindow:
    settings = Settings()
    prepare_application(qapp, settings)
    win = MainWindow(ctx, settings, remember_layout=False)
    if owned_by_qtbot:
        qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignals([win.sig_ready, win.sig_listening], timeout=10_000):
        win.start()
    return win


def form_of(panel) -> dict:
    return {
        "phone": panel.phone_edit.text(),
        "caller": panel.name_edit.text(),
        "address": panel.address_edit.text(),
        "narrative": panel.narrative_edit.toPlainText(),
        "category": panel.category_combo.currentData(),
        "priority": panel.priority_combo.currentData(),
        "source": panel.source_combo.currentData(),
        "pin": panel.address.text if panel.address else None,
        "received_at": panel._received_at,
    }


@pytest.fixture
def station(empty_sqlite_url):
    upgrade_store(empty_sqlite_url)
    return build_intake_station(empty_sqlite_url)


def test_a_typed_call_survives_its_window_and_is_gone_once_saved(qtbot, qapp, ctx):
    window = open_window(qtbot, qapp, ctx, owned_by_qtbot=False)
    panel = type_call(qtbot, window, phone="13700000001", narrative="门口有人吵架，一人持刀")
    panel.name_edit.setFocus()
    type_text(qtbot, panel.name_edit, "王先生")
    panel.source_combo.setCurrentIndex(1)
    typed = form_of(panel)
    assert typed["pin"] == "中山路18号"
    drafts = DraftFile.for_station(ctx)
    qtbot.waitUntil(lambda: [c.caller_name for c in drafts.calls()] == ["王先生"])
    assert drafts.path.parent.parent == drafts_path(ctx).parent.parent  # the user data folder
    # The window goes away without the call being saved (closed, or the console died).
    window.close()
    shiboken6.delete(window)

    again = open_window(qtbot, qapp, ctx)
    try:
        panel = again.intake_panel()
        qtbot.waitUntil(lambda: panel.isVisible() and panel.draft_banner.isVisible())
        assert "13700000001" in panel.draft_label.text()
        assert not panel.is_dirty()  # offered, not forced on the officer
        assert panel.restore_button.hasFocus()
        qtbot.keyClick(panel.restore_button, Qt.Key.Key_Space)
        assert form_of(panel) == typed
        assert not panel.draft_banner.isVisible()
        # Saved (Enter; Enter again past the possible duplicate): the kept copy is gone.
        qtbot.keyClick(panel.phone_edit, Qt.Key.Key_Return)
        if panel.isVisible() and panel.duplicates:
            qtbot.keyClick(panel.duplicates_list, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.last_recorded is not None)
        assert incident_detail(ctx, panel.last_recorded.id).received_at == typed["received_at"]
        assert drafts.calls() == [] and not drafts.path.exists()
    finally:
        again.close()


def test_a_discarded_call_is_not_offered_back(qtbot, qapp, ctx):
    window = open_window(qtbot, qapp, ctx)
    try:
        panel = type_call(qtbot, window)
        drafts = DraftFile.for_station(ctx)
        qtbot.waitUntil(lambda: bool(drafts.calls()))
        panel.hide()
        panel.start_call()  # the unsaved call is still on the form, not offered twice
        assert panel.phone_edit.text() == "13812345678"
        assert not panel.draft_banner.isVisible()
        other = drafts.calls()[0]
        panel._call_id = "another-call"  # as if a new call had been started meanwhile
        assert panel.offer_draft() and panel.offered == other
        panel.discard_draft()
        assert drafts.calls() == [] and not panel.draft_banner.isVisible()
    finally:
        window.close()


def test_two_stores_keep_their_own_calls(ctx, tmp_path):
    upgrade_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    other = build_intake_station(f"sqlite:///{tmp_path / 'other.sqlite3'}").open()
    try:
        assert drafts_path(ctx) != drafts_path(other)
    finally:
        other.close()


@pytest.fixture
def own_pg():
    try:
        server = StoppablePostgres().start()
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL tests cannot run: {exc}", pytrace=False)
    yield server
    server.stop()


def test_enter_during_an_outage_keeps_the_call_and_saves_it_once_after(qtbot, qapp, own_pg, capfd):
    url = own_pg.create_database(f"t_{uuid.uuid4().hex[:12]}")
    upgrade_store(url)
    ctx = build_intake_station(url).open(FixedClock(NOW))
    window = open_window(qtbot, qapp, ctx)
    try:
        panel = type_call(
            qtbot, window, phone="13700000002", address="丰富路7弄", narrative="邻居噪音扰民"
        )
        typed = form_of(panel)
        capfd.readouterr()
        own_pg.halt()
        try:
            qtbot.keyClick(panel.category_combo, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: panel.saving is None and bool(panel.message_label.text()))
            assert panel.isVisible()
            assert panel.message_label.text() == panel.tr(
                "The database connection was interrupted; reconnecting. This call has been kept — press Enter to save it once the connection is back."
            )
            assert form_of(panel) == typed
            assert DraftFile.for_station(ctx).calls()[0].caller_phone == "13700000002"
        finally:
            own_pg.resume()
        assert "Traceback" not in capfd.readouterr().err
        qtbot.keyClick(panel.category_combo, Qt.Key.Key_Return)
        if panel.isVisible() and panel.duplicates and panel.saving is None:
            qtbot.keyClick(panel.duplicates_list, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not panel.isVisible(), timeout=15_000)
        with ctx.reading() as s:
            saved = s.scalar(select(func.count()).where(Incident.caller_phone == "13700000002"))
        assert saved == 1
        assert incident_detail(ctx, panel.last_recorded.id).received_at == typed["received_at"]
        assert DraftFile.for_station(ctx).calls() == []
    finally:
        window.close()
        ctx.close()
