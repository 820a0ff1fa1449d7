"""The intake panel (接警): keyboard first, for typing while the caller talks.

Focus starts on the phone; Tab walks phone → caller → address → narrative → category →
priority → source; Enter saves (Shift+Enter starts a new line in the narrative); Esc asks
before throwing a typed call away. The address completes from the standard address book;
the classifier suggests the category and the escalation tags the priority, but only
until the officer chooses them: the officer has the last word. Possible duplicates are
offered before the call is saved: Enter again keeps it separate, Ctrl+L links it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from PySide6.QtCore import QObject, QRunnable, QStringListModel, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.duplicates import DuplicateRule
from console.domain.grading import EscalationTag, grade
from console.domain.incidents import IncidentSource, Priority
from console.domain.intake import IntakeDraft, IntakeInvalid, validate_intake
from console.services import classifier as classifier_service
from console.services.context import StationContext
from console.services.duplicates import DuplicateCandidate, possible_duplicates
from console.services.intake import (
    AddressMatch,
    CategoryChoice,
    RecordedIncident,
    category_choices,
    complete_address,
    escalation_tags,
    find_places,
    nearest_address,
    record_incident,
)
from console.services.unit_of_work import ServiceError, StoreUnavailable

from ..formatting import format_clock
from ..i18n import current_language
from ..operations import Operation, run_operation
from ..vocabulary import priority_name
from .drafts import DraftFile, TypedCall
from .names import SOURCE_NAMES, source_name, translate_refusal

DRAFT_AFTER_MS = 300  # what is typed reaches the draft file this long after the last key

FIELD_ORDER = (
    "caller_phone",
    "caller_name",
    "address",
    "narrative",
    "category",
    "priority",
    "source",
)


class _ClassifierLoaded(QObject):
    sig_loaded = Signal(object)


class _LoadClassifier(QRunnable):
    """Loads the model (and scikit-learn) off the UI thread."""

    def __init__(self, ctx: StationContext, done: _ClassifierLoaded) -> None:
        super().__init__()
        self._ctx, self._done = ctx, done

    def run(self) -> None:
        try:
            model = classifier_service.load_classifier(self._ctx)
        except Exception:
            model = None
        self._done.sig_loaded.emit(model)


class NarrativeEdit(QPlainTextEdit):
    """The narrative: Tab leaves, Enter saves, Shift+Enter breaks the line."""

    sig_submit = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.sig_submit.emit()
            return
        super().keyPressEvent(event)


class IntakePanel(QDialog):
    sig_recorded = Signal(object)
    """Emitted with the ``RecordedIncident`` once a call is saved."""

    sig_commander_alert = Signal(object)
    """Emitted with the ``RecordedIncident`` when an escalation tag alerts the commander."""

    sig_classifier_ready = Signal()
    """Emitted when the narrative classifier is loaded (or known to be missing)."""

    sig_location_changed = Signal(object)
    """Emitted with {"lon", "lat", "label"} as soon as the call has a place (the map shows
    its pin before the call is saved), or None when it has none any more."""

    def __init__(
        self,
        ctx: StationContext,
        *,
        duplicate_rule: DuplicateRule | None = None,
        load_classifier: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("intakePanel")
        self.setWindowTitle(self.tr("New incident"))
        self._ctx = ctx
        self._rule = duplicate_rule or DuplicateRule()
        self._choices: list[CategoryChoice] = self._read_categories()
        self._tags: list[EscalationTag] = escalation_tags()
        self._classifier = None
        self._classifier_state = "loading" if load_classifier else "off"
        self._address: AddressMatch | None = None
        self._picked_on_map: tuple[AddressMatch, tuple[float, float]] | None = None
        self._matches: list[AddressMatch] = []
        self._point: tuple[float, float] | None = None
        self._received_at: datetime = ctx.clock.now()
        self._category_chosen = False
        self._priority_chosen = False
        self._setting = False  # filling fields from suggestions, not the officer
        self._duplicates: list[DuplicateCandidate] = []
        self._duplicates_seen = False
        self.last_recorded: RecordedIncident | None = None
        self.saving: Operation | None = None  # the save in flight, if any
        # The call being typed is kept in a file until saved or discarded (drafts.py).
        self.drafts = DraftFile.for_station(ctx)
        self._call_id = uuid.uuid4().hex
        self.offered: TypedCall | None = None  # a kept call the banner offers back
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_AFTER_MS)
        self._draft_timer.timeout.connect(self.keep_draft)
        self._build()
        if load_classifier:
            self._loaded = _ClassifierLoaded(self)
            self._loaded.sig_loaded.connect(self.set_classifier)
            QThreadPool.globalInstance().start(_LoadClassifier(ctx, self._loaded))

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.phone_edit = QLineEdit(objectName="intakePhone")
        self.phone_edit.setPlaceholderText(self.tr("e.g. 138 1234 5678"))
        self.name_edit = QLineEdit(objectName="intakeCaller")
        self.address_edit = QLineEdit(objectName="intakeAddress")
        self.address_edit.setPlaceholderText(self.tr("Street and number, e.g. 中山路18号"))
        self._address_model = QStringListModel(self)
        self.completer = QCompleter(self._address_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.address_edit.setCompleter(self.completer)
        self.address_edit.textEdited.connect(self._address_typed)
        self.completer.activated[str].connect(self._address_picked)
        self.address_edit.editingFinished.connect(self._address_left)
        self.location_label = QLabel(objectName="intakeLocation")
        self.location_label.setProperty("muted", True)
        self.location_label.setWordWrap(True)
        # An address the book does not hold: the nearest roads, landmarks and doors, best
        # first; the call is placed at the chosen one and keeps the words typed.
        self.places_list = QListWidget(objectName="intakePlaces")
        self.places_list.setMaximumHeight(96)
        self.places_list.setToolTip(
            self.tr("Where to place the call: ↑/↓ chooses, the typed address is kept")
        )
        self.places_list.currentRowChanged.connect(self._place_row_changed)
        self.places_list.hide()
        self._places: list[AddressMatch] = []

        self.narrative_edit = NarrativeEdit()
        self.narrative_edit.setObjectName("intakeNarrative")
        self.narrative_edit.setPlaceholderText(self.tr("What the caller reports"))
        self.narrative_edit.setFixedHeight(90)
        self.narrative_edit.sig_submit.connect(self.save)
        self.narrative_edit.textChanged.connect(self._narrative_changed)

        self.category_combo = QComboBox(objectName="intakeCategory")
        self._fill_categories()
        self.category_combo.currentIndexChanged.connect(self._category_changed)
        self.suggestion_label = QLabel(objectName="intakeSuggestion")
        self.suggestion_label.setProperty("muted", True)

        self.priority_combo = QComboBox(objectName="intakePriority")
        for p in Priority:
            self.priority_combo.addItem(priority_name(p.value), p.value)
        self.priority_combo.setCurrentIndex(list(Priority).index(Priority.NORMAL))
        self.priority_combo.currentIndexChanged.connect(self._priority_changed)
        self.tags_label = QLabel(objectName="intakeTags")
        self.tags_label.setWordWrap(True)

        self.source_combo = QComboBox(objectName="intakeSource")
        for code in SOURCE_NAMES:
            self.source_combo.addItem(source_name(code.value), code.value)

        self.duplicates_label = QLabel(objectName="intakeDuplicatesTitle")
        self.duplicates_list = QListWidget(objectName="intakeDuplicates")
        self.duplicates_list.setMaximumHeight(110)
        self.message_label = QLabel(objectName="intakeMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #ff6259; font-weight: bold;")

        self.save_button = QPushButton(self.tr("Save (Enter)"), objectName="intakeSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.link_button = QPushButton(
            self.tr("Link to selected (Ctrl+L)"), objectName="intakeLink"
        )
        self.link_button.clicked.connect(self.link_to_selected)
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"), objectName="intakeCancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.link_button.setAutoDefault(False)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.link_to_selected)
        for edit in (self.phone_edit, self.name_edit):
            edit.returnPressed.connect(self.save)

        for edit in (self.phone_edit, self.name_edit, self.address_edit):
            edit.textEdited.connect(self._typed)
        self.narrative_edit.textChanged.connect(self._typed)
        for combo in (self.category_combo, self.priority_combo, self.source_combo):
            combo.currentIndexChanged.connect(self._typed)

        self.draft_banner = QFrame(objectName="intakeDraftBanner")
        self.draft_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.draft_label = QLabel(objectName="intakeDraftText")
        self.draft_label.setWordWrap(True)
        self.draft_label.setStyleSheet("font-weight: bold;")
        self.restore_button = QPushButton(self.tr("Restore"), objectName="intakeDraftRestore")
        self.restore_button.clicked.connect(self.restore_draft)
        self.discard_draft_button = QPushButton(self.tr("Discard"), objectName="intakeDraftDiscard")
        self.discard_draft_button.setAutoDefault(False)
        self.discard_draft_button.clicked.connect(self.discard_draft)
        banner = QHBoxLayout(self.draft_banner)
        banner.addWidget(self.draft_label, 1)
        banner.addWidget(self.restore_button)
        banner.addWidget(self.discard_draft_button)
        self.draft_banner.hide()

        form = QFormLayout()
        form.addRow(self.tr("&Phone"), self.phone_edit)
        form.addRow(self.tr("&Caller"), self.name_edit)
        form.addRow(self.tr("&Address"), self.address_edit)
        form.addRow("", self.location_label)
        form.addRow("", self.places_list)
        form.addRow(self.tr("&Narrative"), self.narrative_edit)
        form.addRow(self.tr("Ca&tegory"), self.category_combo)
        form.addRow("", self.suggestion_label)
        form.addRow(self.tr("P&riority"), self.priority_combo)
        form.addRow("", self.tags_label)
        form.addRow(self.tr("&Source"), self.source_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.draft_banner)
        layout.addLayout(form)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.duplicates_list)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        order = [
            self.phone_edit,
            self.name_edit,
            self.address_edit,
            self.places_list,
            self.narrative_edit,
            self.category_combo,
            self.priority_combo,
            self.source_combo,
            self.duplicates_list,
            self.save_button,
        ]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self.setMinimumWidth(620)
        self._show_duplicates([])
        self._update_tags()
        self._show_suggestion_state()

    def _read_categories(self) -> list[CategoryChoice]:
        try:
            return category_choices(self._ctx)
        except StoreUnavailable:  # the panel still takes the call; the list comes back later
            return []

    def _fill_categories(self) -> None:
        self.category_combo.clear()
        self.category_combo.addItem(self.tr("— choose —"), "")
        zh = current_language() == "zh_CN"
        for c in self._choices:
            name = c.name_zh if zh else c.name_en
            parent = c.parent_zh if zh else c.parent_en
            self.category_combo.addItem(f"{parent} / {name}" if parent else name, c.code)

    def _store_unreachable_hint(self) -> None:
        """A read while typing found the store away: say so quietly, keep what was typed."""
        self.location_label.setText(
            self.tr("The database is unreachable for now; what you type is kept.")
        )

    # --- starting a call ------------------------------------------------------------------

    def start_call(self) -> None:
        """Show an empty form; the call's received time is now."""
        if not self._choices:  # the store was away when the panel was made
            self._choices = self._read_categories()
            self._setting = True
            self._fill_categories()
            self._setting = False
        if not self.is_dirty():  # a call already typed (and kept) stays on the form
            self.clear()
            self._call_id = uuid.uuid4().hex
            self._received_at = self._ctx.clock.now()
        self.show()
        self.raise_()
        self.activateWindow()
        if self.offer_draft():
            self.restore_button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.phone_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- the call being typed is never lost ----------------------------------------------------

    def _typed(self, *_args) -> None:
        if not self._setting:
            self._draft_timer.start()

    def typed_call(self) -> TypedCall:
        """What is on the form now, as the draft file keeps it."""
        point = self._point if self._address is None or self._address.id is None else None
        return TypedCall(
            id=self._call_id,
            received_at=self._received_at.isoformat(),
            saved_at=self._ctx.clock.now().isoformat(),
            caller_phone=self.phone_edit.text(),
            caller_name=self.name_edit.text(),
            address_text=self.address_edit.text(),
            narrative=self.narrative_edit.toPlainText(),
            category_code=self.category_combo.currentData() or "",
            priority=self.priority_combo.currentData() or "",
            source=self.source_combo.currentData() or "",
            point=point,
            category_chosen=self._category_chosen,
            priority_chosen=self._priority_chosen,
        )

    def keep_draft(self) -> None:
        """Write the call being typed to the draft file now (or drop it once emptied)."""
        self._draft_timer.stop()
        if self.is_dirty():
            self.drafts.keep(self.typed_call())
        else:
            self.drafts.drop(self._call_id)

    def offer_draft(self) -> bool:
        """Show the banner for a kept call other than the one on the form, if any."""
        kept = [c for c in self.drafts.calls() if c.id != self._call_id]
        self.offered = kept[-1] if kept else None
        if self.offered is None:
            self.draft_banner.hide()
            return False
        c = self.offered
        summary = " · ".join(
            part for part in (c.caller_phone, c.address_text, c.narrative[:40]) if part.strip()
        )
        self.draft_label.setText(
            self.tr("A call received at {time} was not saved: {summary}").format(
                time=format_clock(c.received, self._ctx.timezone), summary=summary
            )
            + ("  " + self.tr("(%n more)", "", len(kept) - 1) if len(kept) > 1 else "")
        )
        self.draft_banner.show()
        return True

    def restore_draft(self) -> bool:
        """Put the offered call back on the form (what was on it stays kept)."""
        c = self.offered
        if c is None:
            return False
        if self._draft_timer.isActive():
            self.keep_draft()
        self.clear()
        self._setting = True
        self.phone_edit.setText(c.caller_phone)
        self.name_edit.setText(c.caller_name)
        self.address_edit.setText(c.address_text)
        self.narrative_edit.setPlainText(c.narrative)
        for combo, value in (
            (self.category_combo, c.category_code),
            (self.priority_combo, c.priority),
            (self.source_combo, c.source),
        ):
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)
        self._setting = False
        self._category_chosen, self._priority_chosen = c.category_chosen, c.priority_chosen
        self._call_id = c.id
        self._received_at = c.received
        self._update_tags()
        if c.point is not None:
            self._restore_point(*c.point)
        elif c.address_text.strip():
            self._address_typed(c.address_text)  # the pin drops again if the book knows it
        self.offer_draft()
        self.phone_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _restore_point(self, lon: float, lat: float) -> None:
        text = self.address_edit.text()
        if self.set_location_from_point(lon, lat) and text.strip():
            self._setting = True
            self.address_edit.setText(text)  # what the officer typed, not the nearest door
            self._setting = False

    def discard_draft(self) -> None:
        """Throw the offered call away (the officer chose to)."""
        if self.offered is not None:
            self.drafts.drop(self.offered.id)
        if not self.offer_draft():
            self.phone_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        if self._draft_timer.isActive():
            self.keep_draft()
        self.sig_location_changed.emit(None)  # no call being typed: no pending pin
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self._draft_timer.isActive():
            self.keep_draft()
        super().closeEvent(event)

    def clear(self) -> None:
        self._setting = True
        for edit in (self.phone_edit, self.name_edit, self.address_edit):
            edit.clear()
        self.narrative_edit.clear()
        self.category_combo.setCurrentIndex(0)
        self.priority_combo.setCurrentIndex(list(Priority).index(Priority.NORMAL))
        self.source_combo.setCurrentIndex(0)
        self._setting = False
        self._address = None
        self._point = None
        self._picked_on_map = None
        self._show_places([])
        self._location_changed()
        self._category_chosen = self._priority_chosen = False
        self._duplicates_seen = False
        self.location_label.clear()
        self.message_label.clear()
        self._show_duplicates([])
        self._update_tags()
        self._show_suggestion_state()

    def is_dirty(self) -> bool:
        return bool(
            self.phone_edit.text().strip()
            or self.name_edit.text().strip()
            or self.address_edit.text().strip()
            or self.narrative_edit.toPlainText().strip()
        )

    # --- address --------------------------------------------------------------------------

    def _address_typed(self, text: str) -> None:
        picked_on_map = self._picked_on_map
        self._address = None
        self._point = None
        self.location_label.clear()
        places: list[AddressMatch] = []
        try:
            self._matches = complete_address(self._ctx, text) if text.strip() else []
            # The pin drops as soon as the typed text names one door of the book.
            match = self._exact_match(text, self._matches)
            if match is None and text.strip():
                places = find_places(self._ctx, text)
        except StoreUnavailable:
            self._matches, match = [], None
            self._store_unreachable_hint()
        except ServiceError:  # too long to be an address: the save says why
            match = None
        self._address_model.setStringList([m.text for m in self._matches])
        if match is not None:
            self._show_places([])
            self._set_address(match, replace_text=False)
        elif picked_on_map is not None:
            # Words added after a map click: the call stays where it was clicked.
            self._address, self._point = picked_on_map
            self._picked_on_map = picked_on_map
            self._show_places([])
            self._say_map_placed()
            self._location_changed()
        else:
            self._show_places(places)
            self._location_changed()

    @property
    def places(self) -> list[AddressMatch]:
        """The places offered for an address the book does not hold, best first."""
        return list(self._places)

    def _show_places(self, places: list[AddressMatch]) -> None:
        """List where an address the book does not hold may be (best first)."""
        self._places = places
        self.places_list.blockSignals(True)
        self.places_list.clear()
        for m in places:
            kind = {
                "address": self.tr("address book"),
                "key_place": self.tr("key place"),
                "road": self.tr("road"),
            }.get(m.kind, "")
            text = f"{m.text} — {kind}" + (f" · {m.grid_name}" if m.grid_name else "")
            self.places_list.addItem(QListWidgetItem(text))
        if places:
            self.places_list.setCurrentRow(0)
        self.places_list.blockSignals(False)
        self.places_list.setVisible(bool(places))

    def _place_row_changed(self, row: int) -> None:
        """Another place chosen in the list (↑/↓): the call moves there at once."""
        if 0 <= row < len(self._places) and self._point is not None:
            self.place_at(self._places[row])

    def place_at(self, match: AddressMatch) -> None:
        """Place the call at a near road, landmark or door; the typed address stays."""
        self._set_address(match, replace_text=False)
        self._point = (match.lon, match.lat)
        self.location_label.setText(
            self.tr(
                "Not in the address book: placed near {place} · grid {grid} — the typed address is kept"
            ).format(place=match.text, grid=match.grid_name or "—")
        )
        self._location_changed()

    @staticmethod
    def _exact_match(text: str, matches: list[AddressMatch]) -> AddressMatch | None:
        from console.domain.addresses import normalise_address

        key = normalise_address(text)
        if matches and key and key.endswith(normalise_address(matches[0].text)):
            return matches[0]
        return None

    def _address_picked(self, text: str) -> None:
        match = next((m for m in self._matches if m.text == text), None)
        if match is not None:
            self._set_address(match)

    def _address_left(self) -> None:
        """Leaving the field with an unpicked text takes the book's match for it."""
        text = self.address_edit.text().strip()
        if self._address is not None and self._address.id is not None and self._point is None:
            if self.address_edit.text() != self._address.text:
                self.address_edit.setText(self._address.text)  # the book's spelling
            return
        if self._address is not None or self._point is not None or not text:
            return
        try:
            match = self._exact_match(text, self._matches or complete_address(self._ctx, text))
        except StoreUnavailable:
            self._store_unreachable_hint()
            return
        if match is not None:
            self._set_address(match)
        elif self._places:
            row = self.places_list.currentRow()
            self.place_at(self._places[row if 0 <= row < len(self._places) else 0])
        else:
            self.location_label.setText(
                self.tr("Not in the address book yet: pick from the list or the map")
            )

    def _set_address(self, match: AddressMatch, *, replace_text: bool = True) -> None:
        self._picked_on_map = None
        self._address = match
        self._point = None if match.id is not None else (match.lon, match.lat)
        if replace_text and self.address_edit.text() != match.text:
            self.address_edit.setText(match.text)
        self.location_label.setText(
            self.tr("Grid: {grid} · {lon:.5f}, {lat:.5f}").format(
                grid=match.grid_name or "—", lon=match.lon, lat=match.lat
            )
        )
        self._location_changed()
        self._refresh_duplicates()

    def _location_changed(self) -> None:
        where = self._address
        if where is None:
            self.sig_location_changed.emit(None)
            return
        label = self.address_edit.text().strip() or where.text
        self.sig_location_changed.emit({"lon": where.lon, "lat": where.lat, "label": label})

    def set_location_from_point(self, lon: float, lat: float) -> bool:
        """Place the call at a point (a map click): the grid and the nearest standard
        address; the typed address is kept (an empty one takes the nearest door's), and
        the keyboard stays where the officer was typing. A point outside every grid of
        the station is refused with a message."""
        self._take_focus_back()
        try:
            match = nearest_address(self._ctx, lon, lat)
        except StoreUnavailable:
            self._store_unreachable_hint()
            return False
        except ServiceError as exc:
            self.message_label.setText(translate_refusal(exc))
            return False
        self.message_label.clear()
        typed = self.address_edit.text().strip()
        self._set_address(match, replace_text=not typed)
        self._point = (lon, lat)
        self._picked_on_map = (match, self._point)
        if typed:
            self._show_places([])
            self._say_map_placed()
        self._location_changed()
        return True

    def _say_map_placed(self) -> None:
        match = self._address
        if match is None:
            return
        self.location_label.setText(
            self.tr(
                "Placed on the map · grid {grid} · near {address} — the typed address is kept"
            ).format(grid=match.grid_name or "—", address=match.text)
        )

    def _take_focus_back(self) -> None:
        """A click on the map went to the main window: the keyboard returns to the form."""
        if not self.isVisible():
            return
        widget = self.focusWidget() or self.address_edit
        self.raise_()
        self.activateWindow()
        widget.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    @property
    def address(self) -> AddressMatch | None:
        return self._address

    # --- suggestions ----------------------------------------------------------------------

    def reload_classifier(self) -> None:
        """Load the station's model again (it was just trained), off the UI thread."""
        if not hasattr(self, "_loaded"):
            self._loaded = _ClassifierLoaded(self)
            self._loaded.sig_loaded.connect(self.set_classifier)
        QThreadPool.globalInstance().start(_LoadClassifier(self._ctx, self._loaded))

    def set_classifier(self, model) -> None:
        self._classifier = model
        self._classifier_state = "ready" if model is not None else "missing"
        self._show_suggestion_state()
        self._suggest_category()
        self.sig_classifier_ready.emit()

    def _show_suggestion_state(self) -> None:
        if self._classifier_state == "missing":
            # A plain sentence, never a command: the station chief trains it from the menu.
            self.suggestion_label.setText(
                self.tr("No category suggestions yet: the station chief can turn them on.")
            )
        elif self._classifier_state != "ready":
            self.suggestion_label.clear()

    def _narrative_changed(self) -> None:
        self._suggest_category()
        self._update_tags()

    def _suggest_category(self) -> None:
        if self._classifier is None:
            return
        text = self.narrative_edit.toPlainText().strip()
        suggestions = self._classifier.suggest(text) if text else []
        if not suggestions:
            self.suggestion_label.clear()
            return
        best = suggestions[0]
        index = self.category_combo.findData(best.code)
        self.suggestion_label.setText(
            self.tr("Suggested: {category} ({percent}%)").format(
                category=self.category_combo.itemText(index) if index >= 0 else best.code,
                percent=round(best.probability * 100),
            )
        )
        if not self._category_chosen and index >= 0 and best.probability >= 0.3:
            self._setting = True
            self.category_combo.setCurrentIndex(index)
            self._setting = False
            self._update_tags()

    def suggested_category(self) -> str | None:
        if self._classifier is None:
            return None
        found = self._classifier.suggest(self.narrative_edit.toPlainText())
        return found[0].code if found else None

    def _category_changed(self) -> None:
        if not self._setting:
            self._category_chosen = True
        self._update_tags()
        self._refresh_duplicates()

    def _priority_changed(self) -> None:
        if not self._setting:
            self._priority_chosen = True

    def _category_default(self) -> Priority:
        code = self.category_combo.currentData()
        choice = next((c for c in self._choices if c.code == code), None)
        return Priority(choice.default_priority) if choice else Priority.NORMAL

    def _update_tags(self) -> None:
        graded = grade(self._category_default(), self.narrative_edit.toPlainText(), self._tags)
        if not self._priority_chosen:
            self._setting = True
            self.priority_combo.setCurrentIndex(list(Priority).index(graded.priority))
            self._setting = False
        if graded.tags:
            words = "、".join(t.word for t in graded.tags)
            text = self.tr("Escalation tags: {tags} → {priority}").format(
                tags=words, priority=priority_name(graded.priority.value)
            )
            if graded.alert_commander:
                text += " · " + self.tr("the duty commander will be alerted")
            self.tags_label.setText(text)
            self.tags_label.setStyleSheet("color: #ff6259; font-weight: bold;")
        else:
            self.tags_label.clear()

    # --- duplicates -----------------------------------------------------------------------

    def _refresh_duplicates(self) -> None:
        from console.domain.intake import normalise_phone

        phone = normalise_phone(self.phone_edit.text()) if self.phone_edit.text().strip() else None
        where = self._address
        code = self.category_combo.currentData() or ""
        if not phone and where is None:
            self._show_duplicates([])
            return
        try:
            found = possible_duplicates(
                self._ctx,
                caller_phone=phone,
                lon=where.lon if where else None,
                lat=where.lat if where else None,
                category_code=code,
                at=self._ctx.clock.now(),
                rule=self._rule,
            )
        except StoreUnavailable:  # checked again when the store is back and Enter is pressed
            self._store_unreachable_hint()
            found = []
        self._show_duplicates(found)

    def _show_duplicates(self, found: list[DuplicateCandidate]) -> None:
        self._duplicates = found
        self.duplicates_list.clear()
        zh = current_language() == "zh_CN"
        for d in found:
            reasons = "、".join(
                self.tr("same phone") if r == "same_phone" else self.tr("nearby, same category")
                for r in d.reasons
            )
            text = self.tr(
                "{number} {time} {category} {address} — {reasons}, {minutes} min ago"
            ).format(
                number=d.number,
                time=format_clock(d.received_at, self._ctx.timezone),
                category=d.category_zh if zh else d.category_en,
                address=d.address_text or "",
                reasons=reasons,
                minutes=round(d.minutes_apart),
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            self.duplicates_list.addItem(item)
        if found:
            self.duplicates_list.setCurrentRow(0)
            self.duplicates_label.setText(self.tr("Possible duplicates (%n)", "", len(found)))
        visible = bool(found)
        self.duplicates_label.setVisible(visible)
        self.duplicates_list.setVisible(visible)
        self.link_button.setEnabled(visible)

    @property
    def duplicates(self) -> list[DuplicateCandidate]:
        return list(self._duplicates)

    # --- saving ---------------------------------------------------------------------------

    def draft(self) -> IntakeDraft:
        return IntakeDraft(
            source=self.source_combo.currentData(),
            caller_name=self.name_edit.text(),
            caller_phone=self.phone_edit.text(),
            address_text=self.address_edit.text(),
            category_code=self.category_combo.currentData() or "",
            priority=self.priority_combo.currentData(),
            narrative=self.narrative_edit.toPlainText(),
            has_point=self._point is not None,
        )

    def _field_widget(self, name: str) -> QWidget:
        return {
            "caller_phone": self.phone_edit,
            "caller_name": self.name_edit,
            "address": self.address_edit,
            "narrative": self.narrative_edit,
            "category": self.category_combo,
            "priority": self.priority_combo,
            "source": self.source_combo,
        }[name]

    def save(self) -> bool:
        """Save the typed call: False when it was refused here (the reason is in the
        message line), True when handed to the operation runner (``sig_recorded`` follows;
        a refusal there shows in the message line, the typed call kept)."""
        return self._save(duplicate_of=None)

    def link_to_selected(self) -> bool:
        item = self.duplicates_list.currentItem()
        if item is None:
            self.message_label.setText(self.tr("No possible duplicate to link to."))
            return False
        return self._save(duplicate_of=int(item.data(Qt.ItemDataRole.UserRole)))

    def _save(self, duplicate_of: int | None) -> bool:
        if self.saving is not None:  # Enter pressed again while the save is on its way
            return False
        picked = self._address
        # The text was changed after the pin dropped (not by typing): look again.
        if (
            picked is not None
            and picked.id is not None
            and self._point is None
            and self._exact_match(self.address_edit.text(), [picked]) is None
        ):
            self._address = None
            self.location_label.clear()
        if self.address_edit.text().strip() and self._address is None and self._point is None:
            self._address_left()
        draft = self.draft()
        try:
            validate_intake(draft)
        except IntakeInvalid as exc:
            self.message_label.setText(translate_refusal(exc))
            first = min(exc.fields, key=lambda f: FIELD_ORDER.index(f) if f in FIELD_ORDER else 99)
            if first in FIELD_ORDER:
                self._field_widget(first).setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        if duplicate_of is None and not self._duplicates_seen:
            self._refresh_duplicates()
            if self._duplicates:
                self._duplicates_seen = True
                self.message_label.setText(
                    self.tr(
                        "Possible duplicate: Enter saves it as a new incident, Ctrl+L links it to the selected one."
                    )
                )
                self.duplicates_list.setFocus(Qt.FocusReason.OtherFocusReason)
                return False
        suggestion = None
        suggested = self.suggested_category()
        if suggested:
            suggestion = {"category": suggested, "chosen": draft.category_code}
        if self._draft_timer.isActive():
            self.keep_draft()  # kept until the store says it has it
        saved_call = self._call_id
        # A door picked from the book goes by its id; a placed point by the point (the
        # typed address is kept).
        from_book = self._address is not None and self._point is None
        ctx, address_id = self._ctx, self._address.id if from_book else None
        point, received_at = self._point, self._received_at
        self.message_label.clear()
        self.save_button.setEnabled(False)
        self.saving = run_operation(
            self,
            lambda: record_incident(
                ctx,
                draft,
                address_id=address_id,
                point=point,
                received_at=received_at,
                duplicate_of=duplicate_of,
                suggestion=suggestion,
            ),
            on_success=lambda result: self._recorded(result, saved_call),
            on_failure=self._save_refused,
            message=translate_refusal,
        )
        return True

    def _recorded(self, result: tuple[RecordedIncident, object], call_id: str) -> None:
        self.saving = None
        self.drafts.drop(call_id)
        self._call_id = uuid.uuid4().hex
        self.save_button.setEnabled(True)
        recorded = result[0]
        self.last_recorded = recorded
        self.sig_recorded.emit(recorded)
        if recorded.alert_commander:
            self.sig_commander_alert.emit(recorded)
        self.clear()
        self.hide()

    def _save_refused(self, exc: BaseException, text: str) -> None:
        self.saving = None
        self.save_button.setEnabled(True)
        if isinstance(exc, StoreUnavailable):
            # Everything typed stays, and so does the time the phone rang.
            text = self.tr(
                "The database connection was interrupted; reconnecting. This call has been kept — press Enter to save it once the connection is back."
            )
        self.message_label.setText(text)
        if isinstance(exc, ServiceError) and "address" in exc.params:
            self.address_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- leaving --------------------------------------------------------------------------

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                self.tr("Discard this call?"),
                self.tr("The call is not saved. Discard what was typed?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        self._draft_timer.stop()
        self.drafts.drop(self._call_id)  # the officer threw it away: not offered back
        self._call_id = uuid.uuid4().hex
        self.clear()
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() in (
            self.duplicates_list,
            self.category_combo,
            self.priority_combo,
            self.source_combo,
        ):
            self.save()
            return
        super().keyPressEvent(event)


__all__ = ["IntakePanel", "IncidentSource"]
