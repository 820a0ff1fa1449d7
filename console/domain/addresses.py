"""Standard addresses (标准地址): one comparable form for what callers and officers type.

The same door is written "中山路18号", "中山路 18 号", "中山路１８号" or "中山路18";
the address book stores each address once under its normalised text, and intake
normalises what is typed the same way before looking it up or checking duplicates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

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


# --- search by pinyin initials and by the best partial match --------------------------------

_LATIN_QUERY = re.compile(r"^[a-z0-9-]+$")
_HAS_LETTER = re.compile(r"[a-z]")
INITIALS_CHARS = 200  # StandardAddress.search_initials


def initials(text: str) -> str:
    """The pinyin initials of an address or place name, on its normalised form.

    "新街口" → "xjk", "中山路18号" → "zsl18" (digits and Latin letters stay as they are),
    so an officer may type the first letters of what the caller said instead of 汉字.
    pypinyin chooses the reading of a character from its words (重庆 → "cq").
    """
    from pypinyin import Style, lazy_pinyin  # its dictionaries load on first use

    key = normalise_address(text)
    return "".join(lazy_pinyin(key, style=Style.FIRST_LETTER, errors="default"))[:INITIALS_CHARS]


def is_initials_query(key: str) -> bool:
    """True when a normalised text reads as pinyin initials ("xjk", "zsl18"), not 汉字."""
    return bool(_LATIN_QUERY.match(key) and _HAS_LETTER.search(key))


@dataclass(frozen=True)
class Place:
    """Something a spoken address may name: an address-book door, a key place or a road."""

    kind: str  # "address" | "key_place" | "road"
    name: str
    lon: float
    lat: float
    address_id: int | None = None
    grid_id: int | None = None
    key: str = ""  # normalise_address(name)
    initials: str = ""  # initials(name)

    @classmethod
    def of(cls, kind: str, name: str, lon: float, lat: float, **more) -> Place:
        return cls(
            kind, name, lon, lat, key=normalise_address(name), initials=initials(name), **more
        )


_KIND_RANK = {"address": 0, "key_place": 1, "road": 2}
MIN_SHARED = 2  # 汉字 a partial match must share with what was typed


def place_score(query: str, place: Place) -> tuple[int, int, int, int] | None:
    """How well ``place`` matches the normalised ``query`` (higher is better), or None.

    Initials ("xjk") match a place whose initials contain them, earlier is better. 汉字
    match by the longest run of characters shared with the typed text: "新街口地铁站旁边"
    shares "新街口" with the subway station 新街口; a name said in full ("管家桥2号后面")
    ranks above one shared in part; at equal length an address beats a key place, which
    beats a road (the more precise place).
    """
    if not query or not place.key:
        return None
    kind = -_KIND_RANK.get(place.kind, 3)
    if is_initials_query(query):
        at = place.initials.find(query)
        if at < 0:
            return None
        return (len(query), int(at == 0), kind, -len(place.initials))
    found = SequenceMatcher(None, query, place.key, autojunk=False).find_longest_match(
        0, len(query), 0, len(place.key)
    )
    shared = query[found.a : found.a + found.size]
    # At least two characters of a name, not a number and a "路" or "号" that every
    # address has ("火星路1号" shares nothing with "中山路18号").
    if sum(1 for ch in shared if not ch.isascii()) < MIN_SHARED:
        return None
    whole = int(found.size == len(place.key))  # the whole name was said
    return (found.size, whole, kind, -len(place.key))


def rank_places(query: str, places: list[Place], limit: int = 8) -> list[Place]:
    """The places best matching the typed text, best first (see :func:`place_score`)."""
    key = normalise_address(query)
    scored = [(s, p) for p in places if (s := place_score(key, p)) is not None]
    scored.sort(key=lambda sp: sp[0], reverse=True)
    out: list[Place] = []
    seen: set[tuple[str, str]] = set()
    for _, p in scored:
        if (p.kind, p.name) not in seen:
            seen.add((p.kind, p.name))
            out.append(p)
        if len(out) >= limit:
            break
    return out


_NUMBER = re.compile(r"^(\d+)")


def house_number_after(query: str, street: str) -> int | None:
    """The house number said right after a street's name ("中山路200号" → 200), if any."""
    key, name = normalise_address(query), normalise_address(street)
    at = key.find(name)
    if at < 0:
        return None
    m = _NUMBER.match(key[at + len(name) :])
    return int(m.group(1)) if m else None


def number_of(house_number: str | None) -> int | None:
    """The leading whole number of a house number ("18-1" → 18)."""
    m = _NUMBER.match(house_number or "")
    return int(m.group(1)) if m else None
