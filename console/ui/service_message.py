"""A refused service call as the officer reads it: its template translated, then filled;
a field named in it (``field``) reads as its name in the interface language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.services.unit_of_work import ServiceError

from .intake.names import field_name
from .vocabulary import unit_status_name


def service_message(exc: ServiceError) -> str:
    params = dict(exc.params)
    if "status" in params:  # a unit status code inside a refusal reads as its name
        params["status"] = unit_status_name(str(params["status"]))
    if "field" in params:  # validation.py names the argument by its code name
        params["field"] = field_name(str(params["field"]))
    text = QCoreApplication.translate("services", exc.template)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return str(exc)
