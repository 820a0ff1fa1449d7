"""Calls being typed, kept on this workstation until they are saved (a call is never lost).

The intake panel writes what is typed here a moment after each keystroke; a saved or
discarded call leaves the file; anything still in it after a crash, an outage or a closed
window is offered back the next time the panel opens. One small JSON file per store (and
station) in the user data folder, so two stations on one workstation never mix; written
atomically (a temporary file, then a rename), so a crash mid-write leaves the last good one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from console.paths import user_data_dir
from console.services.context import StationContext

log = logging.getLogger(__name__)

FORMAT = 1


@dataclass(frozen=True)
class TypedCall:
    """What the officer had typed into the intake panel for one call."""

    id: str
    received_at: str  # ISO time the phone rang
    saved_at: str  # ISO time this copy was written
    caller_phone: str = ""
    caller_name: str = ""
    address_text: str = ""
    narrative: str = ""
    category_code: str = ""
    priority: str = ""
    source: str = ""
    point: tuple[float, float] | None = None  # a map click, when no address was picked
    category_chosen: bool = False
    priority_chosen: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def received(self) -> datetime:
        return datetime.fromisoformat(self.received_at)


def drafts_path(ctx: StationContext) -> Path:
    """This store's draft file: named by a hash of where the store lives and the station."""
    key = hashlib.sha256(f"{ctx.location}\n{ctx.station_id}".encode()).hexdigest()[:16]
    return user_data_dir() / "intake-drafts" / f"{key}.json"


class DraftFile:
    """The unsaved calls of one store, by id."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_station(cls, ctx: StationContext) -> DraftFile:
        return cls(drafts_path(ctx))

    def calls(self) -> list[TypedCall]:
        """Every kept call, oldest first; a damaged file reads as none (and is logged)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            log.warning("intake drafts unreadable (%s): %s", self.path, exc)
            return []
        found = []
        for raw in data.get("calls", []) if isinstance(data, dict) else []:
            try:
                point = raw.get("point")
                found.append(TypedCall(**{**raw, "point": tuple(point) if point else None}))
            except (TypeError, ValueError):
                continue
        return sorted(found, key=lambda c: c.received_at)

    def keep(self, call: TypedCall) -> None:
        """Store ``call`` (replacing the earlier copy with its id)."""
        calls = [c for c in self.calls() if c.id != call.id]
        calls.append(call)
        self._write(calls)

    def drop(self, call_id: str) -> None:
        calls = self.calls()
        remaining = [c for c in calls if c.id != call_id]
        if len(remaining) != len(calls):
            self._write(remaining)

    def _write(self, calls: list[TypedCall]) -> None:
        try:
            if not calls:
                self.path.unlink(missing_ok=True)
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(
                {"format": FORMAT, "calls": [asdict(c) for c in calls]},
                ensure_ascii=False,
                indent=1,
            )
            fd, tmp = tempfile.mkstemp(prefix=".intake-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:  # a full disk must not stop the officer typing
            log.warning("intake draft not written (%s): %s", self.path, exc)
