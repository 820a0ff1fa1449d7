"""Signing in at the main window with real key events: Ctrl+L, the user name, Tab, the
password, Enter. The chief's sign-in enables the roster's approval and the review's
points; a refusal says one thing and changes nothing; Esc and sign out."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import select

from console.domain.people import UserRole
from console.services.accounts import SIGN_IN_REFUSED, set_password
from console.services.context import Actor
from console.services.station import open_station
from console.services.unit_of_work import ServiceError
from console.store.models import AuditEntry
from console.ui.service_message import service_message
from tests.roster.station import PRESET, START, build_roster_station

from .conftest import open_window

CHIEF_PASSWORD = "chief-pass-2026"


@pytest.fixture
def ctx(store_url):
    station = build_roster_station(store_url)
    context = open_station(station.url)
    admin = dataclasses.replace(context, actor=Actor(None, "test", "test", UserRole.ADMIN))
    set_password(admin, "chief", CHIEF_PASSWORD)
    yield context
    context.close()


@pytest.fixture
def window(qtbot, console_app, ctx, ui_settings):
    win = open_window(qtbot, ctx, ui_settings)
    win.activateWindow()
    pane = win.roster_dock.pane
    assert pane.new_roster(PRESET, START, 14)  # a draft, stored off the UI thread
    qtbot.waitUntil(lambda: pane.idle() and pane.view is not None)
    yield win
    win.close()


def open_sign_in(qtbot, window):
    window.sign_in_dialog = None
    window.activateWindow()  # Ctrl+L is the main window's shortcut
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None)
    dialog = window.sign_in_dialog
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.username_edit
    return dialog


def type_and_enter(qtbot, dialog, username, password):
    dialog.username_edit.clear()
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.password_edit
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_the_chief_signs_in_and_approves_the_roster(qtbot, window, ctx):
    pane = window.roster_dock.pane
    assert not pane.act_approve.isEnabled()  # the built-in duty user cannot approve
    assert "值班员" in window.status.user_label.text()
    dialog = open_sign_in(qtbot, window)
    assert dialog.password_edit.echoMode() is QLineEdit.EchoMode.Password
    with qtbot.waitSignal(window.sig_actor_changed) as changed:
        type_and_enter(qtbot, dialog, "chief", CHIEF_PASSWORD)
    assert changed.args[0].username == "chief"
    assert ctx.actor.role is UserRole.CHIEF
    assert "李所长" in window.status.user_label.text()
    assert pane.act_approve.isEnabled()
    pane.act_approve.trigger()  # approved off the UI thread
    qtbot.waitUntil(pane.idle)
    assert pane.view.header.approved
    with ctx.reading() as s:
        approved_by = s.scalar(
            select(AuditEntry.actor_name).where(AuditEntry.action == "roster.approve")
        )
    assert approved_by == "chief"


@pytest.mark.parametrize(("username", "password"), [("chief", "wrong-guess"), ("nobody", "x")])
def test_a_refusal_says_the_same_and_changes_nothing(qtbot, window, ctx, username, password):
    before = (ctx.actor, window.status.user_label.text())
    dialog = open_sign_in(qtbot, window)
    with qtbot.assertNotEmitted(window.sig_actor_changed):
        type_and_enter(qtbot, dialog, username, password)
        qtbot.waitUntil(lambda: dialog.signing_in is not None and dialog.signing_in.done)
    assert dialog.isVisible()
    assert dialog.message.text() == service_message(ServiceError(SIGN_IN_REFUSED)) != ""
    assert dialog.password_edit.text() == ""
    assert dialog.focusWidget() is dialog.password_edit
    assert (ctx.actor, window.status.user_label.text()) == before
    assert not window.roster_dock.pane.act_approve.isEnabled()
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Escape)  # Esc closes, nobody changes
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.actor == before[0]


def test_picking_from_the_list_fills_the_user_name(qtbot, window):
    dialog = open_sign_in(qtbot, window)
    names = [
        dialog.users.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.users.count())
    ]
    assert set(names) == {"duty", "chief", "desk"}
    dialog.users.setFocus()
    dialog.users.setCurrentRow(names.index("chief"))
    assert dialog.username_edit.text() == "chief"
    qtbot.keyClick(dialog.users, Qt.Key.Key_Escape)


def test_review_points_follow_the_sign_in_and_sign_out(qtbot, window, ctx):
    review = window.open_review()
    qtbot.addWidget(review)
    qtbot.waitUntil(lambda: review.debrief is not None, timeout=30_000)
    assert not hasattr(review, "officer_table")
    tabs = review.tabs.count()
    dialog = open_sign_in(qtbot, window)
    with qtbot.waitSignal(window.sig_actor_changed):  # signed in off the UI thread
        type_and_enter(qtbot, dialog, "chief", CHIEF_PASSWORD)
    assert review.show_points and review.tabs.count() == tabs + 1
    assert review.officer_table.model.rowCount() == len(review.debrief.officer_workload)

    with qtbot.waitSignal(window.sig_actor_changed):
        window.act_sign_out.trigger()
    assert ctx.actor.username == "duty" and ctx.actor.role is UserRole.DUTY_OFFICER
    assert "值班员" in window.status.user_label.text()
    assert not hasattr(review, "officer_table") and review.tabs.count() == tabs
    assert not window.roster_dock.pane.act_approve.isEnabled()
