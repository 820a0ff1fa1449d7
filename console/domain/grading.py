"""Grading (警情分级): a priority suggested from the category and the escalation tags.

An escalation tag (升级标签) is a keyword or sensitive word of the narrative — 持刀, 枪,
跳楼 … — that raises the grade to at least its own and may alert the duty commander.
The list is data (db/reference/escalation_tags.json), edited by the station. A word
right after a negation (没有持刀, 未见刀) does not count. The officer has the last word:
the suggestion only fills the form.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .incidents import Priority

# A negation within this many characters before a tag cancels it (没有持刀, 未发现枪).
_NEGATIONS = ("没有", "没", "无", "未", "不是", "并非")
_NEGATION_WINDOW = 3


@dataclass(frozen=True)
class EscalationTag:
    word: str
    raises_to: Priority
    alert_commander: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grade:
    priority: Priority
    tags: tuple[EscalationTag, ...]  # the tags found, most urgent first
    alert_commander: bool

    @property
    def raised(self) -> bool:
        return bool(self.tags)


def tags_from_data(rows: Iterable[dict]) -> list[EscalationTag]:
    """Tags from their JSON form: {"word", "raises_to", "alert_commander", "aliases"}."""
    return [
        EscalationTag(
            word=str(r["word"]),
            raises_to=Priority(r.get("raises_to", Priority.URGENT.value)),
            alert_commander=bool(r.get("alert_commander", False)),
            aliases=tuple(str(a) for a in r.get("aliases", ())),
        )
        for r in rows
    ]


def _negated(text: str, at: int) -> bool:
    before = text[max(0, at - _NEGATION_WINDOW) : at]
    return any(n in before for n in _NEGATIONS)


def _occurs(text: str, word: str) -> bool:
    start = text.find(word)
    while start >= 0:
        if not _negated(text, start):
            return True
        start = text.find(word, start + 1)
    return False


def match_tags(narrative: str, tags: Sequence[EscalationTag]) -> list[EscalationTag]:
    """The tags whose word (or an alias) occurs in ``narrative``, most urgent first."""
    found = [t for t in tags if any(_occurs(narrative, w) for w in (t.word, *t.aliases) if w)]
    return sorted(found, key=lambda t: (t.raises_to.rank, not t.alert_commander))


def grade(category_priority: Priority, narrative: str, tags: Sequence[EscalationTag]) -> Grade:
    """The suggested grade: the category's default, raised by any tag in the narrative."""
    found = match_tags(narrative, tags)
    priority = min([category_priority, *(t.raises_to for t in found)], key=lambda p: p.rank)
    return Grade(priority, tuple(found), any(t.alert_commander for t in found))
