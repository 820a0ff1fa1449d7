"""The main window: the queue in the middle, the unit board, map and roster as docks,
menus whose frequent actions all have shortcuts, and a status bar with the clock.

Panes never call each other: each model listens to the change feed and decides for
itself what to refetch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMenu, QMessageBox, QWidget

from console.services.context import StationContext
from console.services.station import station_summary

from . import settings as opts
from . import theme
from .handover.control import HandoverControl
from .i18n import current_language
from .map_dock import MapDock, give_map_its_share, link_selection
from .queue.pane import QueuePane
from .roster_dock import RosterWindow
from .settings import Settings
from .shortcuts_dialog import ShortcutsDialog, shortcut_groups
from .status_bar import StationStatusBar
from .ticker import SecondTicker
from .units.pane import UnitsPane

if TYPE_CHECKING:
    from .change_listener import ChangeListener

DEFAULT_SIZE = (1600, 900)  # the size of a window un-maximised on its first start
UNITS_HEIGHT_SHARE = 0.48  # the unit board's default share of the height (24 units)
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}  # each language by its own name


class MainWindow(QMainWindow):
    sig_ready = Signal()
    """Emitted once, when the queue and the unit board show their first data."""

    sig_load_failed = Signal(str)
    """Emitted with a one-line reason when the panes could not read the store at start."""

    sig_listening = Signal()
    """Emitted once the change listener runs: from then on every committed change shows."""

    sig_actor_changed = Signal(object)
    """Emitted with the new Actor after someone signs in or out at this workstation."""

    def __init__(
        self,
        ctx: StationContext,
        settings: Settings,
        *,
        remember_layout: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._ctx = ctx
        self._settings = settings
        self._remember_layout = remember_layout
        self.listener: ChangeListener | None = None
        summary = station_summary(ctx)
        self.setWindowTitle(self.tr("{station} — Command room").format(station=summary.name))

        font_pt = settings.value(opts.TABLE_FONT_PT)
        self.queue = QueuePane(ctx, table_font_pt=font_pt, parent=self)
        self.setCentralWidget(self.queue)
        self.units = UnitsPane(ctx, table_font_pt=font_pt)
        self.units_dock = QDockWidget(self.tr("Units"), self)
        self.units_dock.setObjectName("unitsDock")
        self.units_dock.setWidget(self.units)
        self.map_dock = MapDock(self)
        # The roster has a window of its own (View → Roster, Alt+4): never a tab over the map.
        self.roster_window = RosterWindow(ctx, settings, self)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.units_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.map_dock)
        self.map_dock.raise_()
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )

        self.status = StationStatusBar(summary, ctx.timezone, self)
        self.setStatusBar(self.status)

        self.ticker = SecondTicker(ctx.clock, self)
        for slot in (self.queue.model.tick, self.units.model.tick, self.status.show_time):
            self.ticker.sig_tick.connect(slot)
        # Handover (交接班): the dialog and the status bar's prompt at shift changes.
        self.handover = HandoverControl(ctx, self, self.status)
        self.ticker.sig_tick.connect(self.handover.on_tick)

        self._shortcut_actions: list[QAction] = []
        self._build_actions()
        self._build_menus()
        self._build_incident_menu()
        self._build_dispatch_menu()
        self._build_review_menu()
        # Sign-in (登录): panes that depend on the role re-check it.
        self.sig_actor_changed.connect(
            lambda actor: self.status.show_user(actor.display_name, actor.badge)
        )
        self.sig_actor_changed.connect(self.roster_window.actor_changed)
        self.sig_actor_changed.connect(
            lambda actor: self._review is not None and self._review.set_actor(actor)
        )

        self.resize(*DEFAULT_SIZE)
        self.resizeDocks([self.units_dock], [400], Qt.Orientation.Vertical)
        self._default_state = self.saveState()
        self._restore_layout()
        # No remembered layout: the map takes its share of the width once shown.
        self._map_share_pending = not self._settings.value(opts.WINDOW_STATE)
        # No remembered geometry: the first start opens maximised (show_on_start).
        self.first_start = not self._settings.value(opts.WINDOW_GEOMETRY)
        self._started = False
        self._closed = False

    @property
    def roster_dock(self) -> RosterWindow:
        """The roster's window (it was a dock; the older name is kept for callers)."""
        return self.roster_window

    # --- start and stop ---------------------------------------------------------------------

    def start(self) -> None:
        """Load the panes, then start listening; call once the window is on screen."""
        if self._started:
            return
        self._started = True
        self.status.show_time(self.ticker.now())
        self.ticker.start()
        try:
            self.queue.model.reload()
            self.units.model.reload()
        except Exception as exc:  # the store went away between opening and loading
            reason = _first_line(exc)
            self.status.showMessage(
                self.tr("Cannot read the station's data: {reason}").format(reason=reason)
            )
            self.sig_load_failed.emit(reason)
            return
        self.sig_ready.emit()
        # The data is on screen first; the listener (and its database driver) follows.
        QTimer.singleShot(0, self._start_listening)
        QTimer.singleShot(0, self._start_map)  # the web engine too, after the first paint
        QTimer.singleShot(0, self._offer_kept_calls)

    def _start_map(self) -> None:
        if self._closed:
            return
        self.map_dock.start_map(self._ctx, self._settings.value(opts.MAP_TILE_URL))
        if self.map_dock.map is not None:
            link_selection(self.map_dock, self.units, self.queue, self.units_dock)
        else:  # the dock is hidden: the map starts the first time it is shown
            self.map_dock.sig_map_ready.connect(
                lambda: link_selection(self.map_dock, self.units, self.queue, self.units_dock)
            )
        if self.listener is not None:
            self.listener.sig_changes.connect(self.map_dock.apply_changes)
            self.listener.sig_recovered.connect(self.map_dock.resync)
        self.map_dock.sig_map_clicked.connect(self._map_clicked)

    def _map_clicked(self, lon: float, lat: float) -> None:
        """During intake a click on the map places the call (the typed address is kept and
        the keyboard goes back to the form)."""
        if self._intake is not None and self._intake.isVisible():
            self._intake.set_location_from_point(lon, lat)

    def _start_listening(self) -> None:
        if self._closed:
            return
        from .change_listener import ChangeListener  # loads the database drivers' listeners

        try:
            listener = ChangeListener(self._ctx, self)
        except Exception as exc:
            self.status.set_feed_lost(_first_line(exc))
            QTimer.singleShot(2000, self._start_listening)  # until the store is back
            return
        for slot in (
            self.queue.model.apply_changes,
            self.units.model.apply_changes,
            self.status.on_changes,
            self.roster_window.apply_changes,
        ):
            listener.sig_changes.connect(slot)
        listener.sig_state.connect(self.status.set_feed_state)  # live, degraded, lost
        self.listener = listener
        self.status.set_feed_state(listener.state, listener.reason)
        # Catch up on whatever was committed between the first load and the listener
        # noting its position in the feed; from here on the feed names every change.
        self.queue.model.refresh_cached()
        self.units.model.refresh_cached()
        self.sig_listening.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        if self._remember_layout:
            self.save_layout()
        self.ticker.stop()
        self.map_dock.close_map()
        self.roster_window.shutdown()  # a running solve stops and its thread ends
        if self.listener is not None:
            self.listener.close()
            self.listener = None
        super().closeEvent(event)

    # --- layout -----------------------------------------------------------------------------

    def save_layout(self) -> None:
        s = self._settings
        s.set_value(opts.WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        s.set_value(opts.WINDOW_STATE, bytes(self.saveState().data()))
        s.set_value(opts.QUEUE_HEADER, self.queue.header_state())
        s.set_value(opts.UNITS_HEADER, self.units.header_state())
        s.sync()

    def _restore_layout(self) -> None:
        s = self._settings
        geometry = s.value(opts.WINDOW_GEOMETRY)
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        state = s.value(opts.WINDOW_STATE)
        if state:
            self.restoreState(QByteArray(state))
        self.queue.restore_header_state(s.value(opts.QUEUE_HEADER))
        self.units.restore_header_state(s.value(opts.UNITS_HEADER))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._map_share_pending:
            self._map_share_pending = False
            # After the first layout pass: resizeDocks before it is undone by the docks'
            # size hints (the map opened about 380 px wide on a 1920 px screen).
            QTimer.singleShot(0, self, self._give_default_shares)

    def show_on_start(self) -> None:
        """Show the window: maximised on the first start, afterwards as the officer left it
        (a window closed maximised comes back maximised)."""
        if self.first_start:
            self.showMaximized()
        else:
            self.show()

    def _give_default_shares(self) -> None:
        """The map its share of the width, the unit board its share of the height."""
        give_map_its_share(self, self.map_dock, self.queue)
        height = round(self.height() * UNITS_HEIGHT_SHARE)
        self.resizeDocks([self.units_dock], [height], Qt.Orientation.Vertical)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        # Maximised on the first start: the window manager grows the window after it
        # showed; the board takes its share of the new height (the map keeps its own).
        if event.type() == QEvent.Type.WindowStateChange and getattr(self, "first_start", False):
            QTimer.singleShot(0, self, self._give_default_shares)

    def reset_layout(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        self.restoreState(self._default_state)
        self._give_default_shares()
        for dock in (self.units_dock, self.map_dock):
            dock.setFloating(False)
            dock.show()
        self.queue.reset_header()
        self.units.reset_header()
        self.status.showMessage(self.tr("Layout reset"), 5000)

    # --- actions ----------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], None],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        name: str,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setCheckable(checkable)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            plain = text.replace("&", "")
            action.setToolTip(f"{plain} ({keys})")
            action.setStatusTip(f"{plain} ({keys})")
            self._shortcut_actions.append(action)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even while a dock floats or the menu is hidden
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_quit = a(self.tr("&Quit"), self.quit_asking, "Ctrl+Q", name="actQuit")
        self.act_handover = a(
            self.tr("&Handover…"), self.handover.open_dialog, "Ctrl+H", name="actHandover"
        )
        self.act_focus_queue = a(
            self.tr("Incident &queue"), self.queue.focus_table, "Alt+1", name="actFocusQueue"
        )
        self.act_focus_units = a(
            self.tr("&Units"),
            lambda: self._focus_dock(self.units_dock, self.units.focus_table),
            "Alt+2",
            name="actFocusUnits",
        )
        self.act_focus_map = a(
            self.tr("&Map"), lambda: self._focus_dock(self.map_dock), "Alt+3", name="actFocusMap"
        )
        self.act_focus_roster = a(
            self.tr("&Roster"),
            self.roster_window.open,
            "Alt+4",
            name="actFocusRoster",
        )
        self.act_filter_queue = a(
            self.tr("&Filter queue"), self._filter_queue, "Ctrl+F", name="actFilterQueue"
        )
        self.act_toggle_theme = a(
            self.tr("Light/dark &theme"), self.toggle_theme, "Ctrl+Shift+L", name="actToggleTheme"
        )
        self.act_full_screen = a(
            self.tr("F&ull screen"),
            self.toggle_full_screen,
            "F11",
            name="actFullScreen",
            checkable=True,
        )
        self.act_reset_layout = a(
            self.tr("&Reset layout"), self.reset_layout, name="actResetLayout"
        )
        self.act_shortcuts = a(
            self.tr("&Keyboard shortcuts"), self.show_shortcuts, "F1", name="actShortcuts"
        )
        self.act_about = a(self.tr("&About"), self.show_about, name="actAbout")

        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        chosen = self._settings.value(opts.LANGUAGE)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, self.language_group, checkable=True)
            action.setObjectName(f"actLanguage_{code}")
            action.setChecked(code == chosen)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            self.language_actions[code] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        from .sign_in import add_sign_in_actions

        self.act_sign_in, self.act_sign_out = add_sign_in_actions(
            self, file_menu, self._ctx, self.sig_actor_changed.emit
        )
        self._shortcut_actions.append(self.act_sign_in)
        file_menu.addSeparator()
        file_menu.addAction(self.act_handover)
        from .grid_targets import add_grid_targets_action

        self.act_grid_targets = add_grid_targets_action(self, file_menu, self._ctx)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)

        view = bar.addMenu(self.tr("&View"))
        for action in (
            self.act_focus_queue,
            self.act_focus_units,
            self.act_focus_map,
            self.act_focus_roster,
        ):
            view.addAction(action)
        view.addAction(self.act_filter_queue)
        view.addSeparator()
        panes = view.addMenu(self.tr("Show &panes"))
        for dock in (self.units_dock, self.map_dock):
            panes.addAction(dock.toggleViewAction())
        view.addAction(self.act_reset_layout)
        view.addSeparator()
        view.addAction(self.act_toggle_theme)
        view.addAction(self.act_full_screen)
        language = view.addMenu(self.tr("&Language"))
        language.addActions(self.language_group.actions())

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_shortcuts)
        help_menu.addAction(self.act_about)
        for menu in (file_menu, view, panes, language, help_menu):
            menu.setToolTipsVisible(True)

    # --- incidents: intake, detail, daily clearance (issue 3) ---------------------------------

    def _build_incident_menu(self) -> None:
        a = self._action
        self._intake = None
        self._clearance = None
        self._details: dict[int, object] = {}
        self.act_new_incident = a(
            self.tr("&New incident"), self.open_intake, "F2", name="actNewIncident"
        )
        self.act_incident_detail = a(
            self.tr("Incident &detail"),
            self.open_selected_detail,
            "Ctrl+I",
            name="actIncidentDetail",
        )
        self.act_daily_clearance = a(
            self.tr("Daily &clearance"), self.open_clearance, "F9", name="actDailyClearance"
        )
        self.act_mute_urgent = a(
            self.tr("&Mute urgent alert sound"),
            self._toggle_mute,
            "Ctrl+M",
            name="actMuteUrgent",
            checkable=True,
        )
        muted = not self._settings.value(opts.URGENT_SOUND)
        self.act_mute_urgent.setChecked(muted)
        self.queue.sound_muted = muted
        menu = QMenu(self.tr("&Incidents"), self)
        menu.setToolTipsVisible(True)
        for action in (self.act_new_incident, self.act_incident_detail, self.act_daily_clearance):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.act_mute_urgent)
        # Category suggestions learn from the station's own history; the chief retrains.
        self.act_train_classifier = a(
            self.tr("&Train category suggestions"),
            self.train_classifier,
            None,
            name="actTrainClassifier",
        )
        self.act_train_classifier.setToolTip(
            self.tr("Learn the category suggestions from this station's incidents (station chief)")
        )
        menu.addAction(self.act_train_classifier)
        self._classifier_actor(self._ctx.actor)
        self.sig_actor_changed.connect(self._classifier_actor)
        actions = self.menuBar().actions()
        self.menuBar().insertMenu(actions[1] if len(actions) > 1 else None, menu)
        self.queue.view.doubleClicked.connect(lambda _index: self.open_selected_detail())
        self.queue.sig_urgent_alert.connect(self._urgent_alert)
        self.sig_listening.connect(self._follow_incident_changes)

    def _follow_incident_changes(self) -> None:
        if self.listener is not None:
            self.listener.sig_changes.connect(self._incident_changes)

    def _incident_changes(self, changes) -> None:
        for dialog in (self._clearance, *self._details.values()):
            if dialog is not None and dialog.isVisible():
                dialog.apply_changes(changes)

    def intake_panel(self):
        """The intake panel (made on first use); the map sends its clicks to
        ``intake_panel().set_location_from_point(lon, lat)``."""
        if self._intake is None:
            from datetime import timedelta

            from console.domain.duplicates import DuplicateRule

            from .intake.panel import IntakePanel

            rule = DuplicateRule(
                phone_window=timedelta(minutes=self._settings.value(opts.DUPLICATE_PHONE_MIN)),
                nearby_window=timedelta(minutes=self._settings.value(opts.DUPLICATE_NEARBY_MIN)),
                nearby_m=float(self._settings.value(opts.DUPLICATE_NEARBY_M)),
            )
            self._intake = IntakePanel(self._ctx, duplicate_rule=rule, parent=self)
            self._intake.sig_recorded.connect(self._incident_recorded)
            self._intake.sig_commander_alert.connect(self._commander_alert)
            self._intake.sig_location_changed.connect(self._show_pending_call)
        return self._intake

    def _classifier_actor(self, actor) -> None:
        from console.services.classifier import may_train

        self.act_train_classifier.setEnabled(may_train(actor))

    def train_classifier(self):
        """Retrain the category suggestions (station chief) through the operation runner."""
        from console.services.classifier import train_for_station

        from .intake.names import translate_refusal
        from .operations import run_operation

        def trained(evaluation) -> None:
            if self._intake is not None:
                self._intake.reload_classifier()
            self.status.showMessage(
                self.tr(
                    "Category suggestions trained: {percent}% right on recent incidents"
                ).format(percent=round(evaluation.accuracy * 100)),
                15000,
            )

        ctx = self._ctx
        return run_operation(
            self,
            lambda: train_for_station(ctx),
            on_success=trained,
            message=translate_refusal,
            progress_text=self.tr("Training category suggestions…"),
        )

    def _show_pending_call(self, where) -> None:
        """The call being typed shows its pin on the map as soon as it has a place."""
        if self.map_dock.map is not None:
            self.map_dock.map.show_pending_call(where)

    def open_intake(self) -> None:
        self.intake_panel().start_call()

    def _offer_kept_calls(self) -> None:
        """A call typed but never saved (a crash, an outage, a closed window) is offered
        back at once: the intake panel opens with its banner."""
        from .intake.drafts import DraftFile

        if not self._closed and DraftFile.for_station(self._ctx).calls():
            self.open_intake()

    def _incident_recorded(self, recorded) -> None:
        """A call was saved here: it becomes the queue's selected row (F8 acts on it), or,
        linked as a repeat call, the incident it repeats does."""
        from contextlib import suppress

        from console.domain.incidents import OPEN_STATUSES
        from console.services.unit_of_work import ServiceError

        target = recorded.id
        if recorded.duplicate_of_number and recorded.status not in OPEN_STATUSES:
            number = recorded.duplicate_of_number
            rows = self.queue.model.cached_rows()
            target = next((r.id for r in rows if r.number == number), recorded.id)
        self.queue.select_incident(target)  # at once, or when the feed brings the row
        with suppress(ServiceError):  # the store went away just now: the feed brings it later
            self.queue.model.refresh([recorded.id])
        self.queue.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.status.showMessage(
            self.tr("Incident {number} recorded").format(number=recorded.number), 10000
        )

    def _commander_alert(self, recorded) -> None:
        self.status.showMessage(
            self.tr("Incident {number}: {tags} — the duty commander is alerted").format(
                number=recorded.number, tags="、".join(recorded.tags)
            ),
            30000,
        )

    def _urgent_alert(self, incident_id: int) -> None:
        if self.queue.awaiting is not None:  # the call just saved here is selected first
            return
        row = self.queue.model.row_of(incident_id)
        if row is not None and not self.queue.view.selectionModel().hasSelection():
            self.queue.view.selectRow(
                self.queue.proxy.mapFromSource(self.queue.model.index(row, 0)).row()
            )

    def _toggle_mute(self) -> None:
        muted = self.act_mute_urgent.isChecked()
        self.queue.sound_muted = muted
        self._settings.set_value(opts.URGENT_SOUND, not muted)

    def selected_incident_id(self) -> int | None:
        from .id_table import ID_ROLE

        rows = self.queue.view.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def open_selected_detail(self) -> None:
        incident_id = self.selected_incident_id()
        if incident_id is None:
            self.status.showMessage(self.tr("Select an incident in the queue first."), 5000)
            return
        self.open_detail(incident_id)

    def open_detail(self, incident_id: int):
        from .incident_detail.dialog import IncidentDetailDialog

        dialog = self._details.get(incident_id)
        if dialog is None:
            dialog = IncidentDetailDialog(self._ctx, incident_id, self)
            dialog.sig_changed.connect(
                lambda changes: self.queue.model.refresh([int(i) for i in changes.ids("incident")])
            )
            dialog.finished.connect(lambda _r, i=incident_id: self._details.pop(i, None))
            self._details[incident_id] = dialog
        else:
            dialog.reload()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def open_clearance(self):
        from .clearance.dialog import ClearanceDialog

        if self._clearance is None:
            self._clearance = ClearanceDialog(self._ctx, self)
            self._clearance.sig_open_incident.connect(self.open_detail)
        else:
            self._clearance.reload()
        self._clearance.show()
        self._clearance.raise_()
        return self._clearance

    # --- dispatch and the unit board (issue 4) ------------------------------------------------

    def _build_dispatch_menu(self) -> None:
        from .units.pane import stale_rules_from

        a = self._action
        self._dispatch_dialog = None
        self.act_recommend = a(
            self.tr("&Recommend / dispatch"), self.open_dispatch, "F8", name="actRecommend"
        )
        self.act_reinforce = a(
            self.tr("R&einforce (tier 2)"),
            lambda: self.open_dispatch(reinforce=True),
            "Shift+F8",
            name="actReinforce",
        )
        menu = QMenu(self.tr("&Dispatch"), self)
        menu.setToolTipsVisible(True)
        menu.addAction(self.act_recommend)
        menu.addAction(self.act_reinforce)
        menu.addSeparator()
        menu.addActions(list(self.units.status_actions.values()))
        menu.addAction(self.units.act_status_menu)
        actions = self.menuBar().actions()
        self.menuBar().insertMenu(actions[2] if len(actions) > 2 else None, menu)
        self.units.set_stale_rules(stale_rules_from(self._settings))
        self.units.sig_message.connect(lambda text: self.status.showMessage(text, 8000))

    def open_dispatch(self, *, reinforce: bool = False):
        """The recommendation for the incident selected in the queue (F8, Shift+F8)."""
        from .dispatch.dialog import RecommendDialog

        incident_id = self.selected_incident_id()
        if incident_id is None:
            self.status.showMessage(self.tr("Select an incident in the queue first."), 5000)
            return None
        if self._dispatch_dialog is not None:
            self._dispatch_dialog.close()
        dialog = RecommendDialog(self._ctx, incident_id, reinforce=reinforce, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_changed.connect(self._dispatch_changed)
        dialog.sig_dispatched.connect(
            lambda r: self.status.showMessage(
                self.tr("{unit} dispatched to {number}").format(
                    unit=r.call_sign, number=r.incident_number
                ),
                10000,
            )
        )
        dialog.destroyed.connect(lambda *_: setattr(self, "_dispatch_dialog", None))
        self._dispatch_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _dispatch_changed(self, changes) -> None:
        # The feed brings the same news a moment later; this makes it instant here.
        self.queue.model.refresh([int(i) for i in changes.ids("incident")])
        self.units.model.refresh([int(i) for i in changes.ids("unit")])

    # --- the station chief's review (issue 7) ------------------------------------------------

    def _build_review_menu(self) -> None:
        self._review = None
        self.act_review = self._action(
            self.tr("Shift &debrief…"), self.open_review, "Ctrl+Shift+D", name="actReview"
        )
        menu = QMenu(self.tr("&Review"), self)
        menu.setToolTipsVisible(True)
        menu.addAction(self.act_review)
        view = next((a for a in self.menuBar().actions() if a.text() == self.tr("&View")), None)
        self.menuBar().insertMenu(view, menu)  # after the work menus, before View and Help
        for action in self.menuBar().actions():
            if action.menu() is not None:
                _keep_texts_whole(action.menu())

    def open_review(self):
        """The review window (复盘), made on first use; it opens on last night's shift."""
        from .review.window import ReviewWindow

        if self._review is None:
            self._review = ReviewWindow(self._ctx, self._settings, self)
            self._review.sig_open_incident.connect(self.open_detail)
            self._review.reload()
        self._review.show()
        self._review.raise_()
        self._review.activateWindow()
        return self._review

    # --- what the actions do -----------------------------------------------------------------

    def _focus_dock(self, dock: QDockWidget, focus: Callable[[], None] | None = None) -> None:
        dock.show()
        dock.raise_()
        if focus is not None:
            focus()
        else:
            dock.widget().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _filter_queue(self) -> None:
        self.queue.focus_filter()

    def toggle_theme(self) -> None:
        name = theme.other(theme.current().name)
        self._settings.set_value(opts.THEME, name)
        theme.apply_theme(QApplication.instance(), name)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.act_full_screen.setChecked(self.isFullScreen())

    def choose_language(self, code: str) -> None:
        self._settings.set_value(opts.LANGUAGE, code)
        if code != current_language():
            self.status.showMessage(
                self.tr("The new language takes effect when the console is started again."), 10000
            )

    def show_shortcuts(self) -> ShortcutsDialog:
        """Every key the console answers to, read from its menus and panes, by menu."""
        dialog = ShortcutsDialog(shortcut_groups(self), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def quit_asking(self) -> bool:
        """Ctrl+Q: quit only once the officer confirms, told what is still open (open
        incidents, a call being typed). Returns whether the window closed."""
        open_incidents = self.queue.model.rowCount()
        typing = self._intake is not None and self._intake.isVisible() and self._intake.is_dirty()
        if open_incidents or typing:
            lines = []
            if open_incidents:
                lines.append(self.tr("%n incident(s) are still open.", "", open_incidents))
            if typing:
                lines.append(self.tr("A call is being typed and has not been saved."))
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Quit the console?"),
                self.tr("Quit the console?"),
                parent=self,
            )
            box.setObjectName("quitQuestion")
            box.setInformativeText("\n".join(lines))
            quit_button = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.DestructiveRole)
            stay = box.addButton(self.tr("Keep working"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(stay)
            box.setEscapeButton(stay)
            box.exec()
            if box.clickedButton() is not quit_button:
                return False
        return self.close()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About the console"),
            self.tr(
                "Station command console, version {version}.\n"
                "Incident queue, unit board, map and roster for a police station's command room."
            ).format(version=_version()),
        )


def _keep_texts_whole(menu: QMenu) -> None:
    """Qt measures a menu's CJK texts a little narrower than it draws them, so a menu
    sized to its widest item elides it ("值班复…D)…"); give each menu two ems more."""

    def widen() -> None:
        menu.setMinimumWidth(0)
        menu.setMinimumWidth(menu.sizeHint().width() + 2 * menu.fontMetrics().height())

    menu.aboutToShow.connect(widen)
    for action in menu.actions():
        if action.menu() is not None:
            _keep_texts_whole(action.menu())


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("station-console")
    except PackageNotFoundError:
        return "0.1.0"
