"""Names the intake and detail panes show for sources, dispositions, satisfaction, squads."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from console.domain.incidents import IncidentSource, Satisfaction

SOURCE_NAMES = {
    IncidentSource.CALL_110: QT_TRANSLATE_NOOP("IncidentSource", "110 call"),
    IncidentSource.WALK_IN: QT_TRANSLATE_NOOP("IncidentSource", "Walk-in"),
    IncidentSource.PHONE: QT_TRANSLATE_NOOP("IncidentSource", "Station phone"),
    IncidentSource.SENSOR: QT_TRANSLATE_NOOP("IncidentSource", "Sensor alert"),
    IncidentSource.TRANSFER_IN: QT_TRANSLATE_NOOP("IncidentSource", "Transfer in"),
}

# Disposition codes as the demo history writes them (console/demo/incident_mix.py).
DISPOSITION_NAMES = {
    "resolved": QT_TRANSLATE_NOOP("Disposition", "Handled on scene"),
    "mediated": QT_TRANSLATE_NOOP("Disposition", "Mediated"),
    "warned": QT_TRANSLATE_NOOP("Disposition", "Warned"),
    "case_opened": QT_TRANSLATE_NOOP("Disposition", "Case opened"),
    "assisted": QT_TRANSLATE_NOOP("Disposition", "Assistance given"),
    "advised": QT_TRANSLATE_NOOP("Disposition", "Advised where to go"),
    "no_trace": QT_TRANSLATE_NOOP("Disposition", "Nothing found on scene"),
    "false_alarm": QT_TRANSLATE_NOOP("Disposition", "False alarm"),
    "handled_at_desk": QT_TRANSLATE_NOOP("Disposition", "Handled at the desk"),
    "duplicate": QT_TRANSLATE_NOOP("Disposition", "Duplicate call"),
    "transferred": QT_TRANSLATE_NOOP("Disposition", "Transferred"),
    "diverted": QT_TRANSLATE_NOOP("Disposition", "Diverted to 12345"),
}
# What an officer may choose when closing (the others are set by their own actions).
CLOSING_DISPOSITIONS = (
    "resolved",
    "mediated",
    "warned",
    "case_opened",
    "assisted",
    "advised",
    "no_trace",
    "false_alarm",
    "handled_at_desk",
)

SATISFACTION_NAMES = {
    Satisfaction.SATISFIED: QT_TRANSLATE_NOOP("Satisfaction", "Satisfied"),
    Satisfaction.FAIRLY_SATISFIED: QT_TRANSLATE_NOOP("Satisfaction", "Fairly satisfied"),
    Satisfaction.DISSATISFIED: QT_TRANSLATE_NOOP("Satisfaction", "Dissatisfied"),
}

SQUADS = (
    QT_TRANSLATE_NOOP("Squad", "Criminal investigation squad"),
    QT_TRANSLATE_NOOP("Squad", "Traffic police brigade"),
    QT_TRANSLATE_NOOP("Squad", "Anti-fraud centre"),
    QT_TRANSLATE_NOOP("Squad", "Narcotics squad"),
    QT_TRANSLATE_NOOP("Squad", "Fire and rescue"),
)

FIELD_NAMES = {
    "source": QT_TRANSLATE_NOOP("IntakeField", "source"),
    "caller_name": QT_TRANSLATE_NOOP("IntakeField", "caller's name"),
    "caller_phone": QT_TRANSLATE_NOOP("IntakeField", "phone"),
    "address": QT_TRANSLATE_NOOP("IntakeField", "address"),
    "category": QT_TRANSLATE_NOOP("IntakeField", "category"),
    "priority": QT_TRANSLATE_NOOP("IntakeField", "priority"),
    "narrative": QT_TRANSLATE_NOOP("IntakeField", "narrative"),
    "note": QT_TRANSLATE_NOOP("IntakeField", "note"),
}


# Every other field a service names in a refusal (console/services/validation.py: the
# ``field`` argument of the checks and of ``refuse``), as the officer reads it. A field of
# the intake form keeps its FIELD_NAMES name; tests/ui/test_service_field_names.py finds
# the services' field names in the source and fails on one missing here.
SERVICE_FIELD_NAMES = {
    "action": QT_TRANSLATE_NOOP("ServiceField", "action"),
    "actor": QT_TRANSLATE_NOOP("ServiceField", "acting user"),
    "answered_at": QT_TRANSLATE_NOOP("ServiceField", "time the call was answered"),
    "assignments": QT_TRANSLATE_NOOP("ServiceField", "roster entries"),
    "code": QT_TRANSLATE_NOOP("ServiceField", "station code"),
    "day": QT_TRANSLATE_NOOP("ServiceField", "date"),
    "days": QT_TRANSLATE_NOOP("ServiceField", "number of days"),
    "disposition": QT_TRANSLATE_NOOP("ServiceField", "disposition"),
    "draft": QT_TRANSLATE_NOOP("ServiceField", "call record"),
    "duplicate_of": QT_TRANSLATE_NOOP("ServiceField", "original incident"),
    "edits": QT_TRANSLATE_NOOP("ServiceField", "cell edits"),
    "expected_unit_version": QT_TRANSLATE_NOOP("ServiceField", "unit's version"),
    "expected_version": QT_TRANSLATE_NOOP("ServiceField", "version"),
    "grade": QT_TRANSLATE_NOOP("ServiceField", "grade"),
    "grid": QT_TRANSLATE_NOOP("ServiceField", "grid"),
    "has_point": QT_TRANSLATE_NOOP("ServiceField", "map location mark"),
    "incident": QT_TRANSLATE_NOOP("ServiceField", "incident"),
    "kind": QT_TRANSLATE_NOOP("ServiceField", "kind of note"),
    "level": QT_TRANSLATE_NOOP("ServiceField", "escalation level"),
    "minutes": QT_TRANSLATE_NOOP("ServiceField", "arrival minutes"),
    "name": QT_TRANSLATE_NOOP("ServiceField", "name"),
    "notes": QT_TRANSLATE_NOOP("ServiceField", "handover notes"),
    "password": QT_TRANSLATE_NOOP("ServiceField", "password"),
    "point": QT_TRANSLATE_NOOP("ServiceField", "map location"),
    "post": QT_TRANSLATE_NOOP("ServiceField", "post"),
    "preset": QT_TRANSLATE_NOOP("ServiceField", "rotation"),
    "problem": QT_TRANSLATE_NOOP("ServiceField", "roster problem"),
    "public_holidays": QT_TRANSLATE_NOOP("ServiceField", "public holidays"),
    "reason": QT_TRANSLATE_NOOP("ServiceField", "reason"),
    "received_at": QT_TRANSLATE_NOOP("ServiceField", "time the call came in"),
    "replace": QT_TRANSLATE_NOOP("ServiceField", "choice to replace"),
    "roster": QT_TRANSLATE_NOOP("ServiceField", "roster"),
    "satisfaction": QT_TRANSLATE_NOOP("ServiceField", "satisfaction"),
    "shift": QT_TRANSLATE_NOOP("ServiceField", "shift"),
    "shift_start": QT_TRANSLATE_NOOP("ServiceField", "shift start"),
    "solution": QT_TRANSLATE_NOOP("ServiceField", "solver's result"),
    "squad": QT_TRANSLATE_NOOP("ServiceField", "receiving squad"),
    "staff": QT_TRANSLATE_NOOP("ServiceField", "staff member"),
    "start": QT_TRANSLATE_NOOP("ServiceField", "start date"),
    "status": QT_TRANSLATE_NOOP("ServiceField", "status"),
    "suggestion": QT_TRANSLATE_NOOP("ServiceField", "suggestion"),
    "summary": QT_TRANSLATE_NOOP("ServiceField", "solve summary"),
    "targets": QT_TRANSLATE_NOOP("ServiceField", "arrival targets"),
    "time_limit": QT_TRANSLATE_NOOP("ServiceField", "time limit"),
    "timezone": QT_TRANSLATE_NOOP("ServiceField", "time zone"),
    "to": QT_TRANSLATE_NOOP("ServiceField", "new status"),
    "unit": QT_TRANSLATE_NOOP("ServiceField", "unit"),
    # terminal position reports (services/unit_positions.py)
    "position_report": QT_TRANSLATE_NOOP("ServiceField", "position report"),
    "reports": QT_TRANSLATE_NOOP("ServiceField", "position reports"),
    "limit": QT_TRANSLATE_NOOP("ServiceField", "number of matches"),
    "lon": QT_TRANSLATE_NOOP("ServiceField", "longitude"),
    "lat": QT_TRANSLATE_NOOP("ServiceField", "latitude"),
    "heading_deg": QT_TRANSLATE_NOOP("ServiceField", "heading"),
    "position_at": QT_TRANSLATE_NOOP("ServiceField", "position time"),
    "username": QT_TRANSLATE_NOOP("ServiceField", "user name"),
    "workers": QT_TRANSLATE_NOOP("ServiceField", "number of solver threads"),
}


def _tr(context: str, table: dict, code: str) -> str:
    source = table.get(code)
    return QCoreApplication.translate(context, source) if source else code


def field_name(code: str) -> str:
    """A field's name as a refusal shows it: an intake field's (context "IntakeField"),
    else a service field's (context "ServiceField"), else the code as it is."""
    if code in FIELD_NAMES:
        return _tr("IntakeField", FIELD_NAMES, code)
    return _tr("ServiceField", SERVICE_FIELD_NAMES, code)


def source_name(code: str) -> str:
    return _tr("IncidentSource", SOURCE_NAMES, code)


def disposition_name(code: str | None) -> str:
    return _tr("Disposition", DISPOSITION_NAMES, code) if code else "—"


def satisfaction_name(code: str | None) -> str:
    return _tr("Satisfaction", SATISFACTION_NAMES, code) if code else "—"


def squad_name(source: str) -> str:
    return QCoreApplication.translate("Squad", source)


def translate_problem(template: str, params: dict) -> str:
    """A domain or service message in the interface language, field names included."""
    values = dict(params)
    if "field" in values:
        values["field"] = field_name(str(values["field"]))
    text = QCoreApplication.translate("services", template)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return template.format(**params)


# The domain's own messages (console/domain/intake.py, lifecycle.py), listed here so the
# translation tools find them; they are translated in the "services" context.
DOMAIN_MESSAGES = (
    QT_TRANSLATE_NOOP("services", "Choose where the report came from."),
    QT_TRANSLATE_NOOP("services", "The {field} contains control characters; type it again."),
    QT_TRANSLATE_NOOP("services", "The {field} is longer than {limit} characters."),
    QT_TRANSLATE_NOOP(
        "services",
        "{phone} is not a phone number (a mobile has 11 digits, a landline its area code).",
    ),
    QT_TRANSLATE_NOOP("services", "A call needs the caller's phone number."),
    QT_TRANSLATE_NOOP("services", "Type an address or pick the place on the map."),
    QT_TRANSLATE_NOOP("services", "Choose a category."),
    QT_TRANSLATE_NOOP("services", "Choose a priority."),
    QT_TRANSLATE_NOOP("services", "Write what the caller reports."),
    QT_TRANSLATE_NOOP(
        "services",
        "The narrative has {length} characters; keep it under {limit} and add the rest as notes.",
    ),
    QT_TRANSLATE_NOOP("services", "The note is empty."),
    QT_TRANSLATE_NOOP("services", "Cannot {action} an incident that is {status}."),
    QT_TRANSLATE_NOOP("services", "Closing needs a disposition code."),
    QT_TRANSLATE_NOOP(
        "services",
        "No unit has arrived yet: the incident cannot be closed as handled on scene.",
    ),
    QT_TRANSLATE_NOOP("services", "A callback needs the reporter's satisfaction."),
    QT_TRANSLATE_NOOP("services", "Diverting to 12345 needs a reason."),
    QT_TRANSLATE_NOOP("services", "A transfer needs the squad that takes the case."),
    QT_TRANSLATE_NOOP("services", "Escalation goes to the branch or the city command."),
)

ACTION_NAMES = {
    "dispatch": QT_TRANSLATE_NOOP("IncidentAction", "dispatch"),
    "recall": QT_TRANSLATE_NOOP("IncidentAction", "recall"),
    "arrive": QT_TRANSLATE_NOOP("IncidentAction", "mark on scene"),
    "close": QT_TRANSLATE_NOOP("IncidentAction", "close"),
    "call_back": QT_TRANSLATE_NOOP("IncidentAction", "call back"),
    "divert": QT_TRANSLATE_NOOP("IncidentAction", "divert to 12345"),
    "transfer": QT_TRANSLATE_NOOP("IncidentAction", "transfer"),
    "escalate": QT_TRANSLATE_NOOP("IncidentAction", "escalate"),
}


def action_name(code: str) -> str:
    return _tr("IncidentAction", ACTION_NAMES, code)


def translate_refusal(exc: Exception) -> str:
    """A ``ServiceError``, ``TransitionRefused`` or ``IntakeInvalid`` as one translated text."""
    from ..vocabulary import incident_status_name

    problems = getattr(exc, "problems", None)
    if problems is not None:
        return "\n".join(translate_problem(p.template, p.params) for p in problems)
    template = getattr(exc, "template", None)
    if template is None:
        return str(exc)
    params = dict(getattr(exc, "params", {}))
    if "status" in params:
        params["status"] = incident_status_name(str(params["status"]))
    if "action" in params:
        params["action"] = action_name(str(params["action"]))
    return translate_problem(template, params)
