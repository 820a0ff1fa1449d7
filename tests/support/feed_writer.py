"""Another workstation, as a separate OS process: changes unit statuses through the services.

Usage: python -m tests.support.feed_writer DB_URL UNIT_ID COUNT [PAUSE_MS]
Prints one line per commit: ``<index> <unix time just after commit>``, then ``done``.
"""

from __future__ import annotations

import sys
import time

from console.domain.units import UnitStatus
from console.services.station import open_station
from console.services.unit_queries import unit_summaries
from console.services.unit_status import set_unit_status

CYCLE = [UnitStatus.DISPATCHED, UnitStatus.EN_ROUTE, UnitStatus.ON_SCENE, UnitStatus.AVAILABLE]


def main() -> int:
    db, unit_id, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    pause = (int(sys.argv[4]) if len(sys.argv) > 4 else 0) / 1000
    ctx = open_station(db)
    version = unit_summaries(ctx, [unit_id])[unit_id].version
    print("ready", flush=True)
    sys.stdin.readline()  # start when the listener says so
    for i in range(count):
        set_unit_status(ctx, unit_id, CYCLE[i % len(CYCLE)], expected_version=version)
        print(i, repr(time.time()), flush=True)
        version += 1
        time.sleep(pause)
    print("done", flush=True)
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
