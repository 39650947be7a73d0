"""The one colour palette every chart uses (Trends, milestones, shared charts).

Why one place: colours carry meaning across pages (a response keeps its colour everywhere), and
Okabe-Ito stays readable for the common colour-vision differences.
"""

from __future__ import annotations

# Okabe & Ito (2008); yellow sits late so thin marks rarely get it; grey is always "other".
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
OTHER_GREY = "#999999"
LIGHT_GREY = "#D9D9D9"
CATEGORY_RANGE = [*PALETTE, OTHER_GREY]   # pos 1..7 take PALETTE, pos 8 ("other") is grey
MOOD_BLUE, BAND_BLUE, SOFT_RED, ORANGE = "#0072B2", "#56B4E9", "#D55E00", "#E69F00"
RESPONSE_COLOURS = {
    "withdrew": "#D55E00", "pursued": "#E69F00", "paused": "#56B4E9",
    "self_soothed": "#009E73", "reached_out": "#0072B2",
}
QUADRANT_NAMED_COLOURS = {
    "Tense": "#D55E00", "Bright": "#E69F00", "Heavy": "#56B4E9", "Calm": "#009E73",
}
RULE_COLOUR = "#444444"
LABEL_BROWN = "#8A5800"
HEATMAP_SCHEME = "viridis"
