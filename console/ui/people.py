"""How a person who acted reads on screen: their name and 警号 (badge number)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def person_label(name: str | None, badge: str | None = None) -> str:
    """``王建国（警号 031245）``; the name alone without a badge; "" for nobody."""
    if not name:
        return ""
    if not badge:
        return name
    return QCoreApplication.translate("People", "{name} (badge {badge})").format(
        name=name, badge=badge
    )
