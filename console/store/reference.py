"""Reference data a new store is seeded with (db/reference/): the category dictionary and the
built-in duty user. Seeding only fills what is empty, so a station's own edits survive."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from console.domain.people import UserRole
from console.paths import migrations_dir

from .models import AppUser, Category

BUILTIN_USER = {"username": "duty", "display_name": "值班员", "role": UserRole.DUTY_OFFICER.value}


def category_rows(path: Path | None = None) -> list[dict[str, Any]]:
    data = json.loads(
        (path or migrations_dir() / "reference" / "categories.json").read_text("utf-8")
    )
    rows: list[dict[str, Any]] = []
    for order, top in enumerate(data["categories"]):
        for sub_order, item in enumerate([top, *top.get("subtypes", [])]):
            rows.append(
                {
                    "code": item["code"],
                    "parent_code": None if item is top else top["code"],
                    "name_zh": item["zh"],
                    "name_en": item["en"],
                    "apco_type": item.get("apco"),
                    "default_priority": item.get("priority", "normal"),
                    "police_matter": item.get("police_matter", True),
                    "sort_order": order * 100 + sub_order,
                    "active": True,
                }
            )
    return rows


def seed_reference_data(session: Session) -> None:
    if not session.scalar(select(func.count()).select_from(Category)):
        rows = category_rows()
        # Parents first, so the self-referencing foreign key holds at every insert.
        session.execute(insert(Category), [r for r in rows if r["parent_code"] is None])
        session.execute(insert(Category), [r for r in rows if r["parent_code"] is not None])
    if (
        session.scalar(select(AppUser.id).where(AppUser.username == BUILTIN_USER["username"]))
        is None
    ):
        session.execute(insert(AppUser), [dict(BUILTIN_USER, active=True)])
