"""Which units to send: run cards and the ranked recommendation (派警推荐).

A run card (出警预案) says what a kind of incident needs: how many units, of which kinds,
with which skills (纠纷: one car group; 持刀: two units, one of them armed; 交通: a unit
with the traffic skill). Cards are data (db/reference/run_cards.json); a card is chosen by
the incident's category (subtype first, then its parent, then the default) and keyword
cards (持刀, 枪 …) found in the narrative add their needs on top.

Recommendation ranks every unit that can go (``DISPATCHABLE_STATUSES``, position known,
road reachable) by estimated arrival time; units of a kind the card does not allow drop
out. The team proposed for dispatch fills the card's skill needs with the fastest unit
holding each skill, then the remaining places with the fastest others. Each suggestion
carries what explains it: ETA, distance, skills matched, status, and whether it beats
the arrival deadline. When nobody can arrive in time, or the card cannot be filled, the
recommendation says so and offers the branch (tier 3).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # numpy and scipy load on the first recommendation, not at start-up
    import numpy as np

    from .road_graph import RoadGraph
from .units import DISPATCHABLE_STATUSES

# Units that do not drive: they move along the streets (either way) at this speed (km/h);
# every other kind drives the road graph at the road classes' speeds.
NON_DRIVING_SPEEDS_KMH: dict[str, float] = {
    "foot": 5.0,  # 步巡
    "one_plus_three": 12.0,  # 1+3 巡组 on e-bikes
}


def arrival_seconds(
    graph: RoadGraph, lon: float, lat: float, positions: np.ndarray, kinds: Sequence[str]
) -> np.ndarray:
    """ETA of each unit (positions (n, 2), nan: unknown -> inf) at an incident: cars and
    motorcycles drive the road graph (one reverse Dijkstra), the rest move along the
    streets at their own pace (one more pass, only if any of them is there)."""
    import numpy as np

    positions = np.asarray(positions, dtype=float).reshape(-1, 2)
    eta = np.full(len(positions), np.inf)
    known = ~np.isnan(positions[:, 0])
    if not known.any():
        return eta
    eta[known] = graph.travel_seconds_to(lon, lat, positions[known])
    speeds = np.array([NON_DRIVING_SPEEDS_KMH.get(k, np.nan) for k in kinds], dtype=float)
    slow = known & ~np.isnan(speeds)
    if slow.any():
        eta[slow] = graph.street_metres_to(lon, lat, positions[slow]) / (speeds[slow] / 3.6)
    return eta


class Tier:
    """梯次增援: generalists first, specialists next, then support from the branch."""

    GENERAL = 1  # 全科
    SPECIALIST = 2  # 专科
    BRANCH = 3  # 分局支援


@dataclass(frozen=True)
class SkillNeed:
    skill: str
    count: int = 1


@dataclass(frozen=True)
class RunCard:
    key: str  # the category code or keyword that chose it ("default" for none)
    units: int = 1
    kinds: tuple[str, ...] = ()  # allowed unit kinds; empty: any kind
    needs: tuple[SkillNeed, ...] = ()

    def merged(self, other: RunCard) -> RunCard:
        """This card with ``other``'s needs added (keyword cards on a category card)."""
        needs: dict[str, int] = {n.skill: n.count for n in self.needs}
        for n in other.needs:
            needs[n.skill] = max(needs.get(n.skill, 0), n.count)
        kinds = (
            self.kinds
            if not other.kinds
            else tuple(k for k in self.kinds if k in other.kinds) or other.kinds
        )
        return RunCard(
            key=f"{self.key}+{other.key}",
            units=max(self.units, other.units, sum(needs.values())),
            kinds=kinds,
            needs=tuple(SkillNeed(s, c) for s, c in needs.items()),
        )

    def less(self, sent: Sequence[frozenset[str]]) -> RunCard:
        """What is left of this card once units holding the skills ``sent`` are on their
        way or there: the places not yet filled, and the skill needs the units sent do not
        bring, as many as those places can hold (a card never needs more than its places)."""
        places = max(0, self.units - len(sent))
        needs: list[SkillNeed] = []
        for n in self.needs:
            left = n.count - sum(1 for skills in sent if n.skill in skills)
            left = min(left, places - sum(x.count for x in needs))
            if left > 0:
                needs.append(SkillNeed(n.skill, left))
        return RunCard(key=self.key, units=places, kinds=self.kinds, needs=tuple(needs))


DEFAULT_CARD = RunCard("default", 1)


class CardProgress(NamedTuple):
    """How far an incident's units meet its run card (派警到位).

    ``needed``: the units the card asks for; ``sent``: units sent to it and not stood down
    before arriving; ``waived_short``: how many units short the officer accepted, with a
    reason (None: no waiver). A waiver holds while the incident is no further short than
    that: a unit stood down, or a card asking for more (a regrade, a keyword), opens the
    shortfall again."""

    needed: int = 1
    sent: int = 0
    waived_short: int | None = None

    @property
    def short(self) -> int:
        """Units the card still asks for, waived or not."""
        return max(0, self.needed - self.sent)

    @property
    def waived(self) -> bool:
        """A shortfall the officer accepted (with a reason)."""
        return self.short > 0 and self.waived_short is not None and self.short <= self.waived_short

    @property
    def outstanding(self) -> int:
        """Units still to send or to waive: what the queue highlights."""
        return 0 if self.waived else self.short


@dataclass(frozen=True)
class RunCards:
    by_category: Mapping[str, RunCard]
    by_keyword: Mapping[str, RunCard]
    default: RunCard = DEFAULT_CARD

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> RunCards:
        """Cards from the JSON shape of db/reference/run_cards.json."""

        def card(key: str, item: Mapping[str, Any]) -> RunCard:
            needs = tuple(
                SkillNeed(str(n["skill"]), int(n.get("count", 1))) for n in item.get("needs", ())
            )
            units = int(item.get("units", 1))
            if units < 1 or any(n.count < 1 for n in needs):
                raise ValueError(f"run card {key!r}: counts must be at least 1")
            return RunCard(
                key, max(units, sum(n.count for n in needs)), tuple(item.get("kinds", ())), needs
            )

        return cls(
            by_category={c["category"]: card(c["category"], c) for c in data.get("categories", ())},
            by_keyword={k["keyword"]: card(k["keyword"], k) for k in data.get("keywords", ())},
            default=card("default", data.get("default", {})),
        )

    def for_incident(self, category_code: str, narrative: str = "") -> RunCard:
        """The card for a category (subtype, then parent), with keyword cards merged in."""
        chosen = self.by_category.get(category_code)
        if chosen is None and "." in category_code:
            chosen = self.by_category.get(category_code.split(".", 1)[0])
        chosen = chosen or self.default
        for keyword, extra in self.by_keyword.items():
            if keyword and keyword in (narrative or ""):
                chosen = chosen.merged(extra)
        return chosen


class Candidate(NamedTuple):
    """A unit as recommendation sees it (a named tuple: thousands are made per ranking)."""

    unit_id: int
    call_sign: str
    kind: str
    status: str
    skills: frozenset[str]
    eta_s: float  # inf: no position, or no road to the incident
    distance_m: float  # straight line; nan when the position is unknown


class Suggestion(NamedTuple):
    """One ranked unit with what explains its place (immutable, cheap to make)."""

    unit_id: int
    call_sign: str
    kind: str
    status: str
    eta_s: float
    distance_m: float
    skills_matched: tuple[str, ...]  # the card's needed skills this unit brings
    meets_deadline: bool
    in_team: bool  # part of the team the card asks for
    tier: int  # the tier it would be sent in (专科 when picked for a skill)


@dataclass(frozen=True)
class Recommendation:
    card: RunCard
    suggestions: tuple[Suggestion, ...]  # team first, then the rest, each by ETA
    seconds_left: float | None  # to the arrival deadline at the time of ranking
    unmet_needs: tuple[SkillNeed, ...] = ()
    units_short: int = 0  # team places no available unit can fill
    excluded: Mapping[str, int] = field(default_factory=dict)  # reason -> count

    @property
    def team(self) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.suggestions if s.in_team)

    @property
    def none_in_time(self) -> bool:
        """No unit that can go arrives before the deadline."""
        return not any(s.meets_deadline for s in self.suggestions)

    @property
    def offer_branch(self) -> bool:
        """Ask the branch for support (tier 3): nobody in time, or the card cannot be filled."""
        return self.none_in_time or bool(self.unmet_needs) or self.units_short > 0


def recommend(
    candidates: Iterable[Candidate],
    card: RunCard,
    *,
    seconds_left: float | None,
    limit: int | None = None,
) -> Recommendation:
    """Rank ``candidates`` for an incident by ETA under ``card``.

    ``seconds_left`` is the time to the arrival deadline (None: by appointment). Units not
    dispatchable, of a kind the card does not allow, or unreachable are left out and
    counted in ``excluded``.
    """
    excluded: dict[str, int] = {}
    eligible: list[Candidate] = []
    for c in candidates:
        reason = _exclusion(c, card)
        if reason:
            excluded[reason] = excluded.get(reason, 0) + 1
        else:
            eligible.append(c)
    eligible.sort(key=lambda c: (c.eta_s, c.call_sign))

    team: dict[int, int] = {}  # unit id -> tier
    unmet: list[SkillNeed] = []
    for need in card.needs:
        have = sum(1 for uid in team if need.skill in _skills_of(eligible, uid))
        for c in eligible:
            if have >= need.count:
                break
            if c.unit_id not in team and need.skill in c.skills:
                team[c.unit_id] = Tier.SPECIALIST
                have += 1
        if have < need.count:
            unmet.append(SkillNeed(need.skill, need.count - have))
    for c in eligible:
        if len(team) >= card.units:
            break
        team.setdefault(c.unit_id, Tier.GENERAL)
    units_short = max(0, card.units - len(team))

    wanted = frozenset(n.skill for n in card.needs)
    in_time = math.inf if seconds_left is None else seconds_left

    def suggestion(c: Candidate) -> Suggestion:
        matched = tuple(sorted(wanted & c.skills)) if wanted else ()
        return Suggestion(
            c.unit_id,
            c.call_sign,
            c.kind,
            c.status,
            c.eta_s,
            c.distance_m,
            matched,
            c.eta_s <= in_time,
            c.unit_id in team,
            team.get(c.unit_id, Tier.SPECIALIST if matched else Tier.GENERAL),
        )

    ordered = [c for c in eligible if c.unit_id in team] + [
        c for c in eligible if c.unit_id not in team
    ]
    if limit is not None:
        ordered = ordered[: max(limit, len(team))]
    return Recommendation(
        card=card,
        suggestions=tuple(suggestion(c) for c in ordered),
        seconds_left=seconds_left,
        unmet_needs=tuple(unmet),
        units_short=units_short,
        excluded=excluded,
    )


_DISPATCHABLE_VALUES = frozenset(s.value for s in DISPATCHABLE_STATUSES)


def _exclusion(c: Candidate, card: RunCard) -> str | None:
    if c.status not in _DISPATCHABLE_VALUES:
        return "status"
    if card.kinds and c.kind not in card.kinds:
        return "kind"
    if not math.isfinite(c.eta_s):
        return "unreachable"
    return None


def _skills_of(candidates: Sequence[Candidate], unit_id: int) -> frozenset[str]:
    return next((c.skills for c in candidates if c.unit_id == unit_id), frozenset())
