"""Sign-in (登录): the dialog and the File menu's "Sign in as…" / "Sign out"."""

from .dialog import SignInDialog, add_sign_in_actions

__all__ = ["SignInDialog", "add_sign_in_actions"]
