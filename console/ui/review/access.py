"""Who sees officer workload and the task-point score, and the score's weights.

The score is for the station chief (所长), not a ranking shown to every duty officer
(issue 7): the review shows officers' names and points only when the signed-in actor is
the chief or an administrator. Unit figures are for everyone.
"""

from __future__ import annotations

from dataclasses import fields

from console.domain.people import UserRole
from console.domain.review.results import PointWeights
from console.services.context import Actor

from .. import settings as opts
from ..settings import Settings

POINTS_ROLES = frozenset({UserRole.CHIEF, UserRole.ADMIN})


def sees_officer_points(actor: Actor) -> bool:
    return actor.role in POINTS_ROLES


def point_weights(settings: Settings) -> PointWeights:
    """The weights stored in the settings (defaults: PointWeights())."""
    return PointWeights(
        **{f.name: settings.value(opts.POINT_WEIGHTS[f.name]) for f in fields(PointWeights)}
    )


def save_point_weights(settings: Settings, weights: PointWeights) -> None:
    for f in fields(PointWeights):
        settings.set_value(opts.POINT_WEIGHTS[f.name], float(getattr(weights, f.name)))
    settings.sync()
