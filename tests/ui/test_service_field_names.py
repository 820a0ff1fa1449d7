"""A refusal that names a field shows the field's name in the interface language, not the
argument's code name (issue 13, part 4): ``service_message`` and ``translate_problem``
read ``field`` through the display names in console/ui/intake/names.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from console.services import validation
from console.services.unit_of_work import ServiceError
from console.ui.intake.names import FIELD_NAMES, SERVICE_FIELD_NAMES, field_name
from console.ui.service_message import service_message

SERVICES = Path(__file__).resolve().parents[2] / "console" / "services"
LATIN = re.compile(r"[A-Za-z]")


def _fields_named_by_the_services() -> dict[str, str]:
    """Every constant field name the services pass to a check of validation.py (first
    argument; the second of ``refuse``) or as ``field=``, with a file that passes it."""
    found: dict[str, str] = {}
    for path in sorted(SERVICES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            candidates = [kw.value for kw in node.keywords if kw.arg == "field"]
            f = node.func
            if (
                isinstance(f, ast.Attribute)
                and isinstance(f.value, ast.Name)
                and f.value.id in ("checks", "validation")
                and f.attr != "shown"
            ):
                position = 1 if f.attr == "refuse" else 0
                if len(node.args) > position:
                    candidates.append(node.args[position])
            for arg in candidates:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, path.name)
    return found


def test_every_field_a_service_names_has_a_display_name():
    named = _fields_named_by_the_services()
    assert {"reason", "expected_version", "username", "time_limit", "address"} <= set(named)
    missing = {
        name: where
        for name, where in named.items()
        if name not in FIELD_NAMES and name not in SERVICE_FIELD_NAMES
    }
    assert missing == {}, "add these to SERVICE_FIELD_NAMES in console/ui/intake/names.py"


def test_the_display_names_do_not_overlap():
    assert set(FIELD_NAMES).isdisjoint(SERVICE_FIELD_NAMES)


def _refusal(field: str) -> ServiceError:
    with pytest.raises(ServiceError) as refused:
        validation.text(field, "a\x00b", max_len=100)
    return refused.value


def test_a_refusal_names_its_field_in_chinese(console_app):
    # console_app: the console's zh_CN catalogue, as at start-up
    shown = service_message(_refusal("note"))
    assert "备注" in shown and "note" not in shown
    assert LATIN.search(shown) is None, shown


class _ServiceFieldsInChinese(QTranslator):
    """The ServiceField entries of the catalogue (added with this change)."""

    NAMES = {"reason": "原因", "user name": "用户名", "time limit": "时间限制"}

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102
        return self.NAMES.get(source) if context == "ServiceField" else None


@pytest.fixture
def service_fields(console_app):
    translator = _ServiceFieldsInChinese()
    console_app.installTranslator(translator)
    yield
    console_app.removeTranslator(translator)


@pytest.mark.parametrize(
    ("field", "chinese"), [("reason", "原因"), ("username", "用户名"), ("time_limit", "时间限制")]
)
def test_a_service_field_reads_through_the_service_field_context(service_fields, field, chinese):
    assert field_name(field) == chinese
    shown = service_message(_refusal(field))
    assert chinese in shown and field not in shown
    assert LATIN.search(shown) is None, shown


def test_an_unknown_field_shows_as_it_is(console_app):
    assert field_name("no_such_field") == "no_such_field"
    assert "no_such_field" in service_message(_refusal("no_such_field"))
