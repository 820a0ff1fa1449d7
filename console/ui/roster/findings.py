"""A checker finding as the officer reads it: the rule in words, who, when and how much."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.domain.roster import RosterProblem
from console.services.rosters import Finding

from ..vocabulary import shift_name


def finding_text(f: Finding, problem: RosterProblem) -> str:
    """E.g. "Too little rest between shifts: 一班民警1 2026-12-08 (夜班): 4:00:00 rest …"."""
    title = QCoreApplication.translate("services", f.title)
    where = []
    if f.staff_name:
        where.append(f.staff_name)
    if f.day is not None:
        where.append(f.day.isoformat())
    if f.shift:
        try:
            where.append(shift_name(problem.shift(f.shift).name))
        except StopIteration:
            where.append(f.shift)
    parts = [title]
    if where:
        parts.append(" ".join(where))
    detail = f.detail if f.hard else _soft_detail(f)
    if detail:
        parts.append(detail)
    return ": ".join(parts)


def _soft_detail(f: Finding) -> str:
    """How much, in words: "2 missing (post 指挥长)", "1 over the fair share of 10" …"""
    key = f.key
    if f.rule == "cover_under":
        text = QCoreApplication.translate("RosterFindings", "{amount} missing").format(
            amount=f.amount
        )
    elif f.rule == "cover_over":
        text = QCoreApplication.translate("RosterFindings", "{amount} extra").format(
            amount=f.amount
        )
    elif f.rule.startswith("fair_") and key.startswith("<="):
        return QCoreApplication.translate(
            "RosterFindings", "{amount} over the fair share of {share}"
        ).format(amount=f.amount, share=key[2:])
    else:
        return ""
    if key:
        text += f" ({key.replace('post=', '').replace('skill=', '')})"
    return text


STREET_POSTS = frozenset({"street", "巡逻", "街面"})  # the usual post: no mark
DESK_POSTS = frozenset({"desk", "值班室", "内勤"})


def post_mark(post: str | None, problem: RosterProblem) -> str:
    """★ for the duty commander post, ◆ for the desk, nothing for the street, else the
    post's first letter (the tooltip names the post)."""
    if not post or post in STREET_POSTS:
        return ""
    rule = problem.rules.commander
    if post in ("commander", "指挥长") or (rule is not None and post == rule.post):
        return "★"
    if post in DESK_POSTS:
        return "◆"
    return post[:1]
