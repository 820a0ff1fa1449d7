"""The unit status colours stay apart for colour-blind officers too.

备勤/巡逻 (both green), 已派/途中 (both amber) and 到场/处置中 (blue, purple: one hue to a
deuteranope) differ in lightness. Every pair is simulated for deuteranopia and protanopia
(Machado 2009 at full severity, colorspacious) and compared in CAM02-UCS; a chip's text
(black or white, whichever the board picks) keeps 4.5:1.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE
from PySide6.QtGui import QColor

from console.ui import theme

MIN_DELTA_E = {"normal": 15.0, "deuteranomaly": 10.0, "protanomaly": 10.0}


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255


def _seen(hex_colour: str, vision: str) -> np.ndarray:
    rgb = _rgb(hex_colour)
    if vision == "normal":
        return rgb
    cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    return np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)


def _luminance(rgb: np.ndarray) -> float:
    c = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(c @ [0.2126, 0.7152, 0.0722])


def _contrast(a: float, b: float) -> float:
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("name", sorted(theme.THEMES))
@pytest.mark.parametrize("vision", sorted(MIN_DELTA_E))
def test_every_pair_of_status_colours_stays_apart(name, vision):
    status = theme.THEMES[name].status
    too_close = []
    for a, b in itertools.combinations(status, 2):
        d = deltaE(
            _seen(status[a], vision),
            _seen(status[b], vision),
            input_space="sRGB1",
            uniform_space="CAM02-UCS",
        )
        if d < MIN_DELTA_E[vision]:
            too_close.append((str(a), str(b), round(float(d), 1)))
    assert too_close == []


@pytest.mark.parametrize("name", sorted(theme.THEMES))
def test_chip_text_reads_on_every_status_colour(name):
    for code, colour in theme.THEMES[name].status.items():
        text = theme.contrast_text(QColor(colour)).name()
        ratio = _contrast(_luminance(_rgb(colour)), _luminance(_rgb(text)))
        assert ratio >= 4.5, (code, colour, text, round(ratio, 2))
