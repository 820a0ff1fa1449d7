"""Render the review window and its charts to PNG files, offscreen, for looking at:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m console.ui.review.screenshot \\
        --db demo.sqlite3 --now 2026-11-20T07:00:00+00:00 --out /tmp/review

writes one PNG per tab of the window (1600 x 1000), the report charts, and the debrief
exported as review.pdf and review.xlsx. ``--extra-qm``
loads another compiled catalogue (new strings not yet in the console's own).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--now", help="the review's clock, ISO 8601 (default: now)")
    parser.add_argument("--period", default="last_night")
    parser.add_argument("--theme", default="dark")
    parser.add_argument("--role", default="chief", help="the actor's role (chief sees points)")
    parser.add_argument("--extra-qm", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication

    from console.domain.clock import FixedClock
    from console.domain.people import UserRole
    from console.services.station import open_station
    from console.ui import settings as opts
    from console.ui.app import prepare_application
    from console.ui.settings import Settings

    from .charts import draw_all_charts
    from .periods import Period
    from .window import ReviewWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = Settings()
    settings.set_value(opts.THEME, args.theme)
    prepare_application(app, settings)
    if args.extra_qm:
        extra = QTranslator(app)
        if extra.load(str(args.extra_qm)):
            app.installTranslator(extra)
    clock = FixedClock(datetime.fromisoformat(args.now)) if args.now else None
    ctx = open_station(args.db, clock=clock)
    ctx.actor = replace(ctx.actor, role=UserRole(args.role))
    window = ReviewWindow(ctx, settings)
    window.resize(1600, 1000)
    window.show()
    loaded: list[object] = []
    window.sig_loaded.connect(loaded.append)
    window.set_period(Period(args.period))
    while not loaded:
        app.processEvents()
    args.out.mkdir(parents=True, exist_ok=True)
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(args.out / f"review_tab{i}.png"))
    for i, image in enumerate(draw_all_charts(window.debrief)):
        image.save(str(args.out / f"report_chart{i}.png"))
    for suffix in ("pdf", "xlsx"):
        outcome = window.export_to(args.out / f"review.{suffix}")
        if not outcome.written:
            print(f"review.{suffix}: {outcome}", file=sys.stderr)
    print(args.out)
    sys.stdout.flush()
    os._exit(0)  # PySide6 can abort in interpreter teardown


if __name__ == "__main__":
    sys.exit(main())
