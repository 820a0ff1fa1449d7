"""The first-run screen: where this workstation keeps the station's data.

Three ways on: a new station database on this computer (SQLite in the user data folder),
the station's PostgreSQL server, or the demo station. The dialog opens the chosen store
itself, so it closes only on a store that works; the choice is remembered in the settings.
A server's password is not: it goes to the console's libpq password file (mode 0600) and
the remembered URL names that file, so the next start connects without asking.

It wears the console's theme from the settings registry, as the main window does, and
speaks in plain words (no command lines). Creating a station, setting one up on a server,
testing a connection and building the demo run off the UI thread through the one
operation runner (operations.py); the buttons wait meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.paths import user_data_dir
from console.services.context import StationContext
from console.services.pg_passfile import console_passfile
from console.services.station import StationUnavailable, open_station
from console.services.station_setup import (
    StoreCheck,
    StoreState,
    check_store,
    create_station,
    url_to_remember,
)
from console.services.unit_of_work import ServiceError

from .. import settings as opts
from .. import theme
from ..operations import Operation, run_operation
from ..service_message import service_message
from ..settings import Settings

DEMO_CHOICE = "demo"
NEW_STATION_FILE = "station.sqlite3"

# What each state of a store means to the IT officer, and what to do about it.
STATE_TEXT = {
    StoreState.READY: QT_TRANSLATE_NOOP("FirstRunDialog", "Connected: station {station}."),
    StoreState.EMPTY: QT_TRANSLATE_NOOP(
        "FirstRunDialog",
        "The database exists and is empty: a new station can be set up in it.",
    ),
    StoreState.NO_STATION: QT_TRANSLATE_NOOP(
        "FirstRunDialog",
        "The database has the console's tables but no station yet: a new station can be set up in it.",
    ),
    StoreState.OLDER_SCHEMA: QT_TRANSLATE_NOOP(
        "FirstRunDialog",
        "The database was made by an older version of the console: it has to be upgraded "
        "to this version before it can be used (ask whoever looks after the server).",
    ),
    StoreState.NEWER_SCHEMA: QT_TRANSLATE_NOOP(
        "FirstRunDialog", "The database was made by a newer console: install that version."
    ),
    StoreState.NOT_CONSOLE: QT_TRANSLATE_NOOP(
        "FirstRunDialog", "This is not a station console database."
    ),
    StoreState.MISSING_DATABASE: QT_TRANSLATE_NOOP(
        "FirstRunDialog",
        "There is no database of that name: on a server, check the name after the last '/'.",
    ),
    StoreState.BAD_PASSWORD: QT_TRANSLATE_NOOP(
        "FirstRunDialog", "The server refused the user name or password."
    ),
    StoreState.REFUSED: QT_TRANSLATE_NOOP(
        "FirstRunDialog", "The server refused the connection, for the reason below."
    ),
    StoreState.UNREACHABLE: QT_TRANSLATE_NOOP(
        "FirstRunDialog",
        "No database server answers at that address: check the host name, the port and the "
        "network.",
    ),
    StoreState.BAD_URL: QT_TRANSLATE_NOOP(
        "FirstRunDialog",
        "That is not a database address; it reads like postgresql://user:password@host:5432/dbname",
    ),
}


def explain(check: StoreCheck) -> str:
    """The translated sentence for a store check (the driver's own line goes beside it)."""
    text = QCoreApplication.translate("FirstRunDialog", STATE_TEXT[check.state])
    return text.format(station=check.station_name or "")


def new_station_path() -> Path:
    return user_data_dir() / NEW_STATION_FILE


def demo_history_days() -> int:
    """How many days of incident history the demo builder makes (read, not repeated)."""
    from console.demo.calls import HISTORY_DAYS  # the builder's own figure; no store import

    return HISTORY_DAYS


class FirstRunDialog(QDialog):
    """Choose the station's store; ``context`` holds the opened station once accepted."""

    sig_settled = Signal()
    """Emitted when an operation of the screen (create, set up, test, demo) has ended and
    its outcome is shown (the buttons are back, or the dialog was accepted)."""

    def __init__(
        self,
        settings: Settings,
        ensure_demo: Callable[[], str],
        problem: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self._settings = settings
        self._ensure_demo = ensure_demo
        self.context: StationContext | None = None
        self.choice: str | None = None
        self.running: Operation | None = None
        # The console's theme from the settings registry, whoever made the application.
        theme.apply_theme(QApplication.instance(), settings.value(opts.THEME))
        self.setWindowTitle(self.tr("Station command console: first start"))
        self.setMinimumWidth(720)

        welcome = QLabel(
            self.tr(
                "Choose where this workstation keeps the station's data. The choice is "
                "remembered: the console opens the same station at every start."
            )
        )
        welcome.setWordWrap(True)
        self.problem_label = QLabel(problem or "")
        self.problem_label.setObjectName("firstRunProblem")
        self.problem_label.setWordWrap(True)
        _tone(self.problem_label, ok=False)
        self.problem_label.setVisible(bool(problem))

        layout = QVBoxLayout(self)
        layout.addWidget(welcome)
        layout.addWidget(self.problem_label)
        layout.addWidget(self._new_station_box())
        layout.addWidget(self._server_box())
        layout.addWidget(self._demo_box())
        self._actions = (
            self.create_button,
            self.test_button,
            self.connect_button,
            self.setup_server_button,
            self.demo_button,
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("&Quit"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # A top-level window ignores height-for-width: give the wrapped labels their lines.
        width = self.minimumWidth()
        self.resize(width, max(self.sizeHint().height(), layout.totalHeightForWidth(width)))

    # --- the three ways on ----------------------------------------------------------------

    def _new_station_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("New station database on this computer"))
        form = QFormLayout(box)
        self.station_name = QLineEdit()
        self.station_name.setObjectName("firstRunStationName")
        self.station_name.setPlaceholderText(self.tr("e.g. Xinjiekou Police Station"))
        form.addRow(self.tr("Station name:"), self.station_name)
        path = QLabel(str(new_station_path()))
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("File:"), path)
        self.create_button = QPushButton(self.tr("&Create station database"))
        self.create_button.setObjectName("firstRunCreate")
        self.create_button.clicked.connect(self.create_new_station)
        self.create_result = QLabel()
        self.create_result.setObjectName("firstRunCreateResult")
        self.create_result.setWordWrap(True)
        _tone(self.create_result, ok=False)  # it only ever says what is missing
        form.addRow(self.create_button, self.create_result)
        return box

    def _server_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Station server (PostgreSQL, several workstations)"))
        form = QFormLayout(box)
        self.server_url = QLineEdit()
        self.server_url.setObjectName("firstRunServerUrl")
        self.server_url.setPlaceholderText("postgresql://user:password@host:5432/dbname")
        form.addRow(self.tr("Address:"), self.server_url)
        # Two fixed lines: a word-wrapped label in a form layout gets cut short.
        passfile_note = QLabel(
            self.tr(
                "The password is not kept in the settings but in this file, readable only "
                "by you:\n{path}"
            ).format(path=console_passfile())
        )
        passfile_note.setObjectName("firstRunPassfileNote")
        passfile_note.setProperty("muted", True)
        passfile_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", passfile_note)
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.setObjectName("firstRunTest")
        self.test_button.clicked.connect(self._test_clicked)
        self.connect_button = QPushButton(self.tr("C&onnect"))
        self.connect_button.setObjectName("firstRunConnect")
        self.connect_button.clicked.connect(self.connect_server)
        # Offered once a test finds an empty database: the IT officer made it for us.
        self.setup_server_button = QPushButton(self.tr("&Set up a new station there"))
        self.setup_server_button.setObjectName("firstRunSetUpServer")
        self.setup_server_button.setToolTip(
            self.tr("Creates the console's tables and a station with the name given above")
        )
        self.setup_server_button.clicked.connect(self.set_up_server_station)
        self.setup_server_button.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.connect_button)
        row.addWidget(self.setup_server_button)
        row.addStretch(1)
        form.addRow(row)
        self.server_result = QLabel()
        self.server_result.setObjectName("firstRunServerResult")
        self.server_result.setWordWrap(True)
        self.server_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.server_result)
        return box

    def _demo_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Demo station"))
        row = QHBoxLayout(box)
        note = QLabel(
            self.tr(
                "A made-up station in Nanjing Xinjiekou with {days} days of incident "
                "history, for training and trying the console (built the first time, in a "
                "minute or so)."
            ).format(days=demo_history_days())
        )
        note.setObjectName("firstRunDemoNote")
        note.setWordWrap(True)
        self.demo_button = QPushButton(self.tr("Open the &demo station"))
        self.demo_button.setObjectName("firstRunDemo")
        self.demo_button.clicked.connect(self.open_demo)
        row.addWidget(note, 1)
        row.addWidget(self.demo_button)
        return box

    # --- actions ------------------------------------------------------------------------

    def create_new_station(self) -> None:
        name = self.station_name.text().strip()
        if not name:
            self.create_result.setText(self.tr("Give the station a name first."))
            self.station_name.setFocus()
            return
        path = new_station_path()
        if path.exists():
            # An earlier first run made it: open that one rather than refuse.
            self._finish(str(path), self.create_result)
            self.sig_settled.emit()
            return

        def create() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            create_station(str(path), name)

        self._run(
            create,
            self.create_result,
            lambda _none: self._finish(str(path), self.create_result),
        )

    def test_connection(self, then: Callable[[StoreCheck], None] | None = None) -> None:
        """Check the typed server off the UI thread and say what it holds; ``then(check)``
        runs after the check is shown."""
        url = self.server_url.text().strip()
        if not url:
            self.server_result.setText(self.tr("Type the server's address first."))
            return
        self.server_result.setText(self.tr("Connecting …"))
        self.server_result.setStyleSheet(f"color: {theme.current().muted};")

        def shown(check: StoreCheck) -> None:
            self._show_check(check)
            if then is not None:
                then(check)

        self._run(lambda: check_store(url), self.server_result, shown)

    def _test_clicked(self) -> None:
        self.test_connection()  # not clicked(checked) as ``then``

    def connect_server(self) -> None:
        url = self.server_url.text().strip()

        def opened(check: StoreCheck) -> None:
            if check.opens:
                self._finish(url, self.server_result)

        self.test_connection(then=opened)

    def set_up_server_station(self) -> None:
        name = self.station_name.text().strip()
        if not name:
            self.server_result.setText(self.tr("Give the station a name first (above)."))
            self.station_name.setFocus()
            return
        url = self.server_url.text().strip()
        self._run(
            lambda: create_station(url, name),
            self.server_result,
            lambda _none: self._finish(url, self.server_result),
        )

    def open_demo(self) -> None:
        self.demo_button.setText(self.tr("Building the demo station …"))

        def failed(exc: BaseException, text: str) -> None:
            # The builder's own one-line reasons (missing OSM data …) say what to fix.
            reason = text if isinstance(exc, ServiceError) else str(exc)
            self.problem_label.setText(
                self.tr("The demo station cannot be built: {reason}").format(reason=reason)
            )
            self.problem_label.setVisible(True)
            self.demo_button.setText(self.tr("Open the &demo station"))

        self._run(
            self._ensure_demo,
            self.problem_label,
            lambda path: self._finish(path, self.problem_label, remember=DEMO_CHOICE),
            on_failure=failed,
        )

    def _run(
        self,
        call: Callable[[], object],
        result: QLabel,
        on_success: Callable[[object], None],
        on_failure: Callable[[BaseException, str], None] | None = None,
    ) -> None:
        """``call()`` through the operation runner, the screen's buttons waiting meanwhile;
        a refusal is said in ``result`` (or by ``on_failure``)."""
        for button in self._actions:
            button.setEnabled(False)

        def succeeded(value: object) -> None:
            self._settle()
            on_success(value)
            self.sig_settled.emit()

        def failed(exc: BaseException, text: str) -> None:
            self._settle()
            if on_failure is not None:
                on_failure(exc, text)
            else:
                result.setText(text)
                _tone(result, ok=False)
                result.setVisible(True)
            self.sig_settled.emit()

        self.running = run_operation(self, call, on_success=succeeded, on_failure=failed)

    def _settle(self) -> None:
        self.running = None
        for button in self._actions:
            button.setEnabled(True)

    def _show_check(self, check: StoreCheck) -> None:
        text = explain(check)
        if check.detail and not check.opens:
            text += "\n" + check.detail
        self.server_result.setText(text)
        _tone(self.server_result, ok=check.opens)
        self.setup_server_button.setVisible(
            check.state in (StoreState.EMPTY, StoreState.NO_STATION)
        )

    def _finish(self, db: str, result: QLabel, remember: str | None = None) -> None:
        """Open ``db``; on success remember the choice and close the dialog. A server's
        password moves to the password file first, and the store is opened the way the
        next start will open it."""
        if remember is None:
            try:
                db = url_to_remember(db)
            except ServiceError as exc:
                result.setText(service_message(exc))
                return
        try:
            self.context = open_station(db)
        except StationUnavailable as exc:
            result.setText(str(exc))
            result.setVisible(True)
            return
        self.choice = remember or db
        self._settings.set_value(opts.STATION_STORE, self.choice)
        self._settings.sync()
        self.accept()


def _tone(label: QLabel, *, ok: bool) -> None:
    """Green for a store that works, the theme's alarm red for a reason it does not."""
    t = theme.current()
    label.setStyleSheet(f"color: {t.in_time if ok else t.overdue};")
