"""The text the narrative classifier reads: the narrative without what says nothing of
the kind of incident (house numbers, phone numbers, the caller formula 报警人称)."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = re.compile(r"[0-9]+(-[0-9]+)?(号|弄|室|栋|幢|单元)?")
_FORMULA = re.compile(r"^(报警人|报案人|来电人|群众)(称|报称|反映)?")
_SPACES = re.compile(r"\s+")


def classifier_text(narrative: str) -> str:
    """Normalised narrative for the classifier (NFKC, no numbers, no formula, no spaces)."""
    value = unicodedata.normalize("NFKC", narrative).lower()
    value = _SPACES.sub("", value)
    value = _FORMULA.sub("", value)
    return _DIGITS.sub("0", value)
