"""The one error the demo builder raises for bad input (missing extract, non-empty store)."""

from __future__ import annotations


class DemoDataError(Exception):
    """The demo station cannot be built; ``str()`` is one line for the user."""
