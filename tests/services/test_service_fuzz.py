"""Every writing service, fuzzed on both backends (issue 13, part 4): hostile and wrongly
typed arguments end in success or a refusal, never another exception, and the store stays
intact (audit chain verifies, no NUL, lone surrogate or over-long text in any column)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.service_fuzz import (
    OK,
    REFUSED,
    TARGET_NAMES,
    call_once,
    fuzz_services,
    prepare_station,
    store_problems,
)

# About 15-25 s a backend on the shared test machines.
EXAMPLES = 2000


def _fuzz(url: str) -> None:
    ctx, env = prepare_station(url)
    seen: dict[str, set[str]] = {}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data(), target=st.sampled_from(TARGET_NAMES))
    def one_call(data, target):
        def choose(options):
            return data.draw(st.sampled_from(options))

        name, outcome = call_once(ctx, env, choose, target)
        seen.setdefault(name, set()).add(outcome if outcome in (OK, REFUSED) else "crash")
        assert outcome in (OK, REFUSED), outcome

    try:
        one_call()
        assert store_problems(ctx) == []
    finally:
        ctx.close()
    assert set(seen) == set(TARGET_NAMES)  # every writing service was called


def test_every_write_service_fuzzed(empty_store_url):
    _fuzz(empty_store_url)


def test_fuzz_services_figures(tmp_path):
    """The entry point bench_faults.py uses: its figures, on a store it prepares itself."""
    result = fuzz_services(f"sqlite:///{tmp_path / 'fuzz.sqlite3'}", 300, seed=7)
    assert result["inputs"] == 300
    assert (result["crashes"], result["crash_kinds"]) == (0, [])
    assert result["ok"] + result["refused"] == 300
    assert result["ok"] > 0
    assert result["store_problems"] == []
