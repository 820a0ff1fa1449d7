"""The demo ships a trained classifier, so intake suggests a category from the first call;
the station chief (and only the chief) retrains it from the console, audited."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from console.demo.builder import build_demo_station
from console.domain.people import UserRole
from console.services import classifier
from console.services.station import open_station
from console.services.unit_of_work import ServiceError
from console.store.models import AppUser, AuditEntry
from console.ui.intake.panel import IntakePanel
from tests.conftest import DEMO_NOW
from tests.intake.test_intake_ui import type_text


@pytest.fixture
def demo_ctx(tmp_path):
    """A demo built in this test, so its model lands in this test's data folder."""
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    build_demo_station(url, seed=1, now=DEMO_NOW)
    ctx = open_station(url)
    yield ctx
    ctx.close()


def test_the_built_demo_has_a_model_and_intake_suggests_a_category(qtbot, demo_ctx):
    assert classifier.model_path(demo_ctx).is_file()
    assert classifier.load_classifier(demo_ctx) is not None
    panel = IntakePanel(demo_ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.sig_classifier_ready, timeout=30_000):
        panel.start_call()
    assert "classifier" not in panel.suggestion_label.text()  # never a command line
    panel.narrative_edit.setFocus()
    type_text(qtbot, panel.narrative_edit, "两人在店门口打架，一人持刀")
    assert panel.category_combo.currentData() == "order.fight"
    assert panel.suggestion_label.text()  # "建议：治安 / 打架斗殴 (..%)"
    assert panel.priority_combo.currentData() == "urgent"
    qtbot.keyClick(panel.narrative_edit, Qt.Key.Key_Tab)
    assert panel.category_combo.hasFocus()


def test_only_the_chief_retrains_and_it_is_audited(demo_ctx):
    with pytest.raises(ServiceError, match="station chief"):
        classifier.train_for_station(demo_ctx)  # the built-in duty officer
    with demo_ctx.reading() as s:
        chief = s.scalar(select(AppUser).where(AppUser.role == UserRole.CHIEF.value))
        before = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    demo_ctx.actor = dataclasses.replace(
        demo_ctx.actor, user_id=chief.id, username=chief.username, role=UserRole.CHIEF
    )
    classifier.model_path(demo_ctx).unlink()
    evaluation = classifier.train_for_station(demo_ctx)
    assert evaluation.accuracy > 0.8 and classifier.load_classifier(demo_ctx) is not None
    with demo_ctx.reading() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.id > before))
    assert (entry.action, entry.actor_name) == ("classifier.train", chief.username)
    assert entry.detail["n_test"] == evaluation.n_test
