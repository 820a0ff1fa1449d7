"""The sign-in dialog (登录) and the File menu's "Sign in as…" and "Sign out".

Keyboard first: the user name field has the focus (the list below fills it: arrow keys
or a click), Tab goes to the password, Enter signs in, Esc closes without changing who
acts. A refusal says one thing whatever was wrong, clears the password and keeps the
dialog open. The password is never shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from console.domain.people import UserRole
from console.services.accounts import UserChoice, list_users, sign_in, sign_out
from console.services.context import Actor, StationContext

from .. import theme
from ..operations import Operation, run_operation
from ..people import person_label

USERNAME_ROLE = Qt.ItemDataRole.UserRole


_ROLE_NAMES = {
    UserRole.DUTY_OFFICER: QT_TRANSLATE_NOOP("SignInDialog", "Duty officer"),
    UserRole.COMMANDER: QT_TRANSLATE_NOOP("SignInDialog", "Duty commander"),
    UserRole.CHIEF: QT_TRANSLATE_NOOP("SignInDialog", "Station chief"),
    UserRole.ADMIN: QT_TRANSLATE_NOOP("SignInDialog", "Administrator"),
}


def role_name(role: UserRole) -> str:
    return QCoreApplication.translate("SignInDialog", _ROLE_NAMES[role])


class SignInDialog(QDialog):
    sig_signed_in = Signal(object)
    """Emitted with the new Actor once the workstation acts as them."""

    def __init__(self, ctx: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.signing_in: Operation | None = None
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in"))

        self.username_edit = QLineEdit(objectName="signInUsername")
        self.username_edit.setPlaceholderText(self.tr("user name"))
        self.users = QListWidget(objectName="signInUsers")
        for user in list_users(ctx):
            self.users.addItem(self._item(user))
        rows = max(3, min(self.users.count(), 8))  # no empty box under a short list
        self.users.setMaximumHeight(
            self.users.sizeHintForRow(0) * rows + 2 * self.users.frameWidth() + 4
        )
        self.password_edit = QLineEdit(objectName="signInPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(objectName="signInMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {theme.current().overdue}; font-weight: bold;")

        self.users.currentItemChanged.connect(self._user_picked)
        self.username_edit.textEdited.connect(self._username_typed)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_in_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText(self.tr("Sign in (Enter)"))
        self.sign_in_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel (Esc)"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&User"), self.username_edit)
        form.addRow("", self.users)
        form.addRow(self.tr("&Password"), self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("Now acting: {name}").format(
                    name=person_label(ctx.actor.display_name, ctx.actor.badge)
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setTabOrder(self.username_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.users)
        self.setMinimumWidth(460)
        self.username_edit.setFocus()

    def _item(self, user: UserChoice) -> QListWidgetItem:
        item = QListWidgetItem(
            f"{person_label(user.display_name, user.badge)}  ·  {role_name(user.role)}  ({user.username})"
        )
        item.setData(USERNAME_ROLE, user.username)
        return item

    def _user_picked(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.username_edit.setText(item.data(USERNAME_ROLE))

    def _username_typed(self, text: str) -> None:
        for row in range(self.users.count()):
            item = self.users.item(row)
            if item.data(USERNAME_ROLE) == text.strip():
                self.users.blockSignals(True)
                self.users.setCurrentItem(item)
                self.users.blockSignals(False)
                return
        self.users.clearSelection()

    def try_sign_in(self) -> Operation | None:
        """Sign in with what is typed (off the UI thread); on refusal say why and keep the
        dialog open. The password leaves the field at once, whatever the answer."""
        if self.signing_in is not None and not self.signing_in.done:
            return None
        ctx, username, password = self._ctx, self.username_edit.text(), self.password_edit.text()
        self.password_edit.clear()

        def signed_in(actor) -> None:
            self.message.clear()
            self.sig_signed_in.emit(actor)
            self.accept()

        def refused(_exc: BaseException, text: str) -> None:
            self.message.setText(text)
            self.password_edit.setFocus()

        self.signing_in = run_operation(
            self,
            lambda: sign_in(ctx, username, password),
            on_success=signed_in,
            on_failure=refused,
        )
        return self.signing_in


def add_sign_in_actions(
    window: QWidget,
    menu: QMenu,
    ctx: StationContext,
    on_actor_changed: Callable[[Actor], None],
) -> tuple[QAction, QAction]:
    """Add "Sign in as…" (Ctrl+L) and "Sign out" to ``menu``; both call
    ``on_actor_changed`` with the workstation's new actor."""

    sign_in_action = QAction(QCoreApplication.translate("SignInDialog", "&Sign in as…"), window)
    sign_in_action.setObjectName("actSignIn")
    sign_in_action.setShortcut(QKeySequence("Ctrl+L"))
    sign_in_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    sign_in_action.setToolTip(
        QCoreApplication.translate("SignInDialog", "Sign in as another user (Ctrl+L)")
    )
    sign_out_action = QAction(QCoreApplication.translate("SignInDialog", "Sign &out"), window)
    sign_out_action.setObjectName("actSignOut")
    sign_out_action.setToolTip(
        QCoreApplication.translate("SignInDialog", "Return to the built-in duty user")
    )

    def open_dialog() -> SignInDialog:
        dialog = SignInDialog(ctx, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_signed_in.connect(on_actor_changed)
        window.sign_in_dialog = dialog  # tests and the screenshot reach it here
        dialog.open()  # window-modal, without a nested event loop
        return dialog

    def do_sign_out() -> None:
        run_operation(window, lambda: sign_out(ctx), on_success=on_actor_changed)

    sign_in_action.triggered.connect(lambda _checked=False: open_dialog())
    sign_out_action.triggered.connect(lambda _checked=False: do_sign_out())
    menu.addActions([sign_in_action, sign_out_action])
    window.addAction(sign_in_action)  # the shortcut works while the menu is hidden
    return sign_in_action, sign_out_action
