"""One workstation of the dispatch race: its own process, its own store connection.

Each round: both workers read the unit's version (as a recommendation would), both try
to dispatch that unit to their own fresh incident at once, and the winner stands the unit
down at once (a plain store update, to keep 10,000 attempts quick; the service path of
clearing is tested elsewhere), so the next round starts from 备勤 again. A slower loser
still holds the old version, so it cannot win the freed unit. Two rendezvous a round keep the workers in
step; a rendezvous is one byte each way over a pipe (multiprocessing.Barrier costs
milliseconds).
"""

from __future__ import annotations


def rendezvous(pipe) -> None:
    pipe.send_bytes(b".")
    pipe.recv_bytes()


def race(url: str, unit_id: int, incident_ids: list[int], pipe, results) -> None:
    from sqlalchemy import select, update

    from console.services.dispatch import dispatch
    from console.services.station import open_station
    from console.services.unit_of_work import ConflictError, ServiceError
    from console.store.models import Assignment, Unit

    ctx = open_station(url)
    outcomes: list[str] = []
    try:
        for incident_id in incident_ids:
            rendezvous(pipe)  # the previous round is over and its winner cleared the unit
            with ctx.reading() as s:  # what the recommendation showed
                seen = s.scalar(select(Unit.version).where(Unit.id == unit_id))
            rendezvous(pipe)  # both have read the same version: go
            try:
                dispatch(ctx, incident_id, unit_id, expected_unit_version=seen)
            except ConflictError:
                outcomes.append("conflict")
            except ServiceError:
                outcomes.append("refused")
            else:
                outcomes.append("won")
                with ctx.writing() as s, s.begin():  # stood down: free for the next round
                    s.execute(
                        update(Assignment)
                        .where(Assignment.incident_id == incident_id)
                        .values(cancelled_at=ctx.clock.now())
                    )
                    s.execute(
                        update(Unit)
                        .where(Unit.id == unit_id)
                        .values(
                            status="available",
                            current_incident_id=None,
                            version=Unit.version + 1,
                        )
                    )
    except Exception as exc:  # report, and close the pipe so the other one stops too
        results.put(("error", repr(exc)))
        raise
    finally:
        pipe.close()
        ctx.close()
    results.put(("done", outcomes))
