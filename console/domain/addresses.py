"""Standard addresses (标准地址): one comparable form for what callers and officers type.

The same door is written "中山路18号", "中山路 18 号", "中山路１８号" or "中山路18";
the address book stores each address once under its normalised text, and intake
normalises what is typed the same way before looking it up or checking duplicates.
"""

from __future__ import annotations

import re
import unicodedata

# Unit words that may close an address and add nothing to find it ("18号" = "18").
_TRAILING_UNIT = re.compile(r"(?<=[0-9A-Za-z])(号|號|弄|室)$")
_DASHES = re.compile(r"[‐‑‒–—―−－~～]")
_SPACES = re.compile(r"\s+")


def normalise_address(text: str) -> str:
    """The comparable form of an address.

    Full-width digits, letters and punctuation become half-width (NFKC), spaces go,
    dashes become "-", Latin letters are lower-cased, and a closing 号/號/弄/室 after a
    number is dropped, so "中山路 １８ 号" and "中山路18" are the same address.
    Nothing else changes: "18号3室" keeps its inner 号 ("中山路18号3").
    """
    value = unicodedata.normalize("NFKC", text)
    value = _SPACES.sub("", value)
    value = _DASHES.sub("-", value).lower()
    return _TRAILING_UNIT.sub("", value)
