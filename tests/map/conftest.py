"""Fixtures for the map tests: the real QtWebEngine page on a real store."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from console.map.pane import MapPane
from console.services.station import open_station
from console.store.change_feed import append_changes, lock_feed
from console.store.engine import make_engine, normalise_url, session_factory, writer
from console.store.models import Incident, Unit
from console.ui.app import prepare_application
from console.ui.change_listener import ChangeListener
from console.ui.settings import Settings
from tests.ui.station_data import build_station

PAGE_TIMEOUT_MS = 20_000


def page_call(qtbot, view, function: str, argument: Any = None) -> dict[str, Any]:
    """Run ``consoleMap.function(argument)`` in the page and wait for its answer."""
    answers: list[dict[str, Any]] = []
    view.call(function, argument, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=5_000)
    assert answers[0].get("ok"), answers[0]
    return answers[0]


def run_script(qtbot, view, script: str) -> Any:
    """Run a bare script (wrapped in try/catch, answer as JSON) and return its value."""
    answers: list[Any] = []
    wrapped = (
        "(function(){try{return JSON.stringify({v:(function(){"
        + script
        + "})()});}catch(e){return JSON.stringify({error:String(e)});}})()"
    )
    view.map_page.runJavaScript(wrapped, 0, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=5_000)
    answer = json.loads(answers[0])
    assert "error" not in answer, answer
    return answer.get("v")


@pytest.fixture
def map_app(qapp):
    prepare_application(qapp, Settings())
    return qapp


def open_map(qtbot, ctx, *, listen: bool = True) -> tuple[MapPane, ChangeListener | None]:
    pane = MapPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show()
    with qtbot.waitSignal(pane.sig_ready, timeout=PAGE_TIMEOUT_MS):
        pane.load()
    listener = None
    if listen:
        listener = ChangeListener(ctx, pane)
        listener.sig_changes.connect(pane.apply_changes)
        pane.feed.sync_all()  # anything committed before the listener took its position
    return pane, listener


@pytest.fixture
def live_station(request):
    """The arranged station of tests/ui, on SQLite unless the test is parametrized with
    ``backend`` (the change feed wakes up differently on each)."""
    from console.services.station import upgrade_store

    callspec = getattr(request.node, "callspec", None)
    backend = callspec.params.get("backend", "sqlite") if callspec else "sqlite"
    url = request.getfixturevalue("empty_pg_url" if backend == "postgresql" else "empty_sqlite_url")
    upgrade_store(url)
    return build_station(url)


@pytest.fixture
def live_ctx(live_station):
    ctx = open_station(live_station.url)
    yield ctx
    ctx.close()


@pytest.fixture
def live_map(qtbot, map_app, live_ctx):
    pane, listener = open_map(qtbot, live_ctx)
    yield pane
    listener.close()
    pane.close_map()


class StoreWriter:
    """Commits changes the way another workstation's services would: the rows and their
    change-feed entries in one transaction."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(normalise_url(url))
        self.factory = session_factory(writer(self.engine))

    def update(self, model, entity: str, entity_id: int, **fields) -> None:
        with self.factory.begin() as s:
            row = s.get(model, entity_id)
            for key, value in fields.items():
                setattr(row, key, value)
            if hasattr(row, "version"):
                row.version += 1
            s.flush()
            lock_feed(s)
            append_changes(
                s, [(entity, str(entity_id), "update")], at=datetime.now(UTC), origin="test"
            )

    def unit(self, unit_id: int, **fields) -> None:
        self.update(Unit, "unit", unit_id, **fields)

    def incident(self, incident_id: int, **fields) -> None:
        self.update(Incident, "incident", incident_id, **fields)

    def first_unit_ids(self, n: int) -> list[int]:
        with self.factory() as s:
            return list(s.scalars(select(Unit.id).order_by(Unit.id).limit(n)))

    def close(self) -> None:
        self.engine.dispose()


@pytest.fixture
def store_writer(live_station):
    w = StoreWriter(live_station.url)
    yield w
    w.close()
