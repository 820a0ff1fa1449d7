"""Intake validation (接警): what an officer typed, checked and cleaned before it is stored.

Pure rules, no database: the service looks the address up and the category in the
dictionary afterwards. Every refusal names its field and carries an English template
with {placeholders} that the interface translates, so a bad call gets a clear message
and nothing is written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .incidents import IncidentSource, Priority

MAX_NAME = 50
MAX_ADDRESS = 200
MAX_NARRATIVE = 2000
MAX_NOTE = 2000

# A mainland mobile (11 digits from 13–19), a landline with its area code, a local
# landline, or a service number (110, 12345, 95xxx …).
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}")
_LOCAL = re.compile(r"[2-9]\d{6,7}")
_SERVICE = re.compile(r"1\d{2,4}|9\d{4}")
_PHONE_PUNCTUATION = re.compile(r"[\s\-()（）]")


# Control characters (Unicode Cc), line and paragraph separators, and lone surrogates,
# which no database can store. Newline and tab are allowed where text has lines.
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _has_unsafe(value: str, *, newlines: bool) -> bool:
    return (_UNSAFE_TEXT if newlines else _UNSAFE_LINE).search(value) is not None


@dataclass(frozen=True)
class FieldProblem:
    field: str  # source, caller_name, caller_phone, address, category, priority, narrative
    template: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.template.format(**self.params)


class IntakeInvalid(Exception):
    """One or more fields cannot be stored as typed."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems

    @property
    def fields(self) -> set[str]:
        return {p.field for p in self.problems}


@dataclass(frozen=True)
class IntakeDraft:
    """The intake form as typed (strings as they came from the widgets)."""

    source: str = IncidentSource.CALL_110.value
    caller_name: str = ""
    caller_phone: str = ""
    address_text: str = ""
    category_code: str = ""
    priority: str = ""
    narrative: str = ""
    has_point: bool = False  # the location was set by a point (map click, address pick)


@dataclass(frozen=True)
class ValidIntake:
    source: IncidentSource
    caller_name: str | None
    caller_phone: str | None  # digits only
    address_text: str | None
    category_code: str
    priority: Priority
    narrative: str


def normalise_phone(text: str) -> str:
    """Digits only: spaces, dashes and brackets go, a leading +86/0086 country code goes."""
    value = _PHONE_PUNCTUATION.sub("", unicodedata.normalize("NFKC", text))
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    return value


def is_phone_number(digits: str) -> bool:
    return any(p.fullmatch(digits) for p in (_MOBILE, _LANDLINE, _LOCAL, _SERVICE))


def _clean_line(value: str, name: str, limit: int, problems: list[FieldProblem]) -> str:
    value = value.strip()
    if _has_unsafe(value, newlines=False):
        problems.append(
            FieldProblem(
                name, "The {field} contains control characters; type it again.", {"field": name}
            )
        )
    elif len(value) > limit:
        problems.append(
            FieldProblem(
                name,
                "The {field} is longer than {limit} characters.",
                {"field": name, "limit": str(limit)},
            )
        )
    return value


def validate_intake(draft: IntakeDraft) -> ValidIntake:
    """Check every field of ``draft``; raise ``IntakeInvalid`` naming each bad one."""
    problems: list[FieldProblem] = []
    try:
        source = IncidentSource(draft.source)
    except ValueError:
        problems.append(FieldProblem("source", "Choose where the report came from."))
        source = IncidentSource.CALL_110

    name = _clean_line(draft.caller_name, "caller_name", MAX_NAME, problems)

    phone_raw = draft.caller_phone.strip()
    phone: str | None = None
    if phone_raw:
        digits = normalise_phone(phone_raw)
        if not digits.isascii() or not digits.isdigit() or not is_phone_number(digits):
            problems.append(
                FieldProblem(
                    "caller_phone",
                    "{phone} is not a phone number (a mobile has 11 digits, a landline its area code).",
                    {"phone": phone_raw[:40]},
                )
            )
        else:
            phone = digits
    elif source in (IncidentSource.CALL_110, IncidentSource.PHONE):
        problems.append(FieldProblem("caller_phone", "A call needs the caller's phone number."))

    address = _clean_line(draft.address_text, "address", MAX_ADDRESS, problems)
    if not address and not draft.has_point:
        problems.append(FieldProblem("address", "Type an address or pick the place on the map."))

    category = draft.category_code.strip()
    if not category:
        problems.append(FieldProblem("category", "Choose a category."))

    try:
        priority = Priority(draft.priority)
    except ValueError:
        problems.append(FieldProblem("priority", "Choose a priority."))
        priority = Priority.NORMAL

    narrative = draft.narrative.strip()
    if not narrative:
        problems.append(FieldProblem("narrative", "Write what the caller reports."))
    elif len(narrative) > MAX_NARRATIVE:
        problems.append(
            FieldProblem(
                "narrative",
                "The narrative has {length} characters; keep it under {limit} and add the rest as notes.",
                {"length": str(len(narrative)), "limit": str(MAX_NARRATIVE)},
            )
        )
    elif _has_unsafe(narrative, newlines=True):
        problems.append(
            FieldProblem(
                "narrative",
                "The {field} contains control characters; type it again.",
                {"field": "narrative"},
            )
        )

    if problems:
        raise IntakeInvalid(problems)
    return ValidIntake(
        source=source,
        caller_name=name or None,
        caller_phone=phone,
        address_text=address or None,
        category_code=category,
        priority=priority,
        narrative=narrative,
    )


def validate_note(text: str) -> str:
    """A timeline note: not empty, not too long, no control characters."""
    value = text.strip()
    problems: list[FieldProblem] = []
    if not value:
        problems.append(FieldProblem("note", "The note is empty."))
    elif len(value) > MAX_NOTE:
        problems.append(
            FieldProblem(
                "note",
                "The {field} is longer than {limit} characters.",
                {"field": "note", "limit": str(MAX_NOTE)},
            )
        )
    elif _has_unsafe(value, newlines=True):
        problems.append(
            FieldProblem(
                "note", "The {field} contains control characters; type it again.", {"field": "note"}
            )
        )
    if problems:
        raise IntakeInvalid(problems)
    return value
