"""Tests of helpers.render.spc_icons: our own inline SVG icons for variation and assurance."""

import re
import xml.etree.ElementTree as ET

import pytest

from helpers.core.vocabulary import (
    ASSURANCE_DESCRIPTIONS,
    ASSURANCE_LABELS,
    POINT_TYPE_LABELS,
    VARIATION_DESCRIPTIONS,
    VARIATION_LABELS,
)
from helpers.render.spc_icons import SPC_COLOURS, assurance_icon_svg, variation_icon_svg
from helpers.rules import spc

SVG = "{http://www.w3.org/2000/svg}"
BLUE, ORANGE, PURPLE, GREY = "#00b0f0", "#e46c0a", "#490092", "#a6a6a6"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_reference_colours():
    # ptd_spc_colours() defaults in NHSRplotthedots R/ptd_spc_colours.R
    assert SPC_COLOURS["common_cause"] == GREY
    assert SPC_COLOURS["special_cause_improvement"] == BLUE
    assert SPC_COLOURS["special_cause_neutral"] == PURPLE
    assert SPC_COLOURS["special_cause_concern"] == ORANGE
    assert SPC_COLOURS["mean_line"] == "#000000"
    # the reference's target is red (#de1b1b); red is reserved for RAG ratings
    assert SPC_COLOURS["target"] == "#212b32"
    assert "#de1b1b" not in SPC_COLOURS.values()


def test_label_dictionaries_cover_every_value_of_spc():
    assert set(VARIATION_LABELS) == set(spc.VARIATIONS) == set(VARIATION_DESCRIPTIONS)
    assert set(ASSURANCE_LABELS) == {*spc.ASSURANCES, None} == set(ASSURANCE_DESCRIPTIONS)
    assert set(POINT_TYPE_LABELS) == set(spc.POINT_TYPES)
    assert VARIATION_LABELS["improvement_high"] == "Improving (high)"
    assert ASSURANCE_LABELS["inconsistent"] == "Hit and miss"
    assert ASSURANCE_LABELS[None] == "No target"


@pytest.mark.parametrize(
    ("variation", "colour", "label"),
    [
        ("common_cause", GREY, "No significant change"),
        ("improvement_high", BLUE, "Improving (high)"),
        ("improvement_low", BLUE, "Improving (low)"),
        ("concern_high", ORANGE, "Concerning (high)"),
        ("concern_low", ORANGE, "Concerning (low)"),
        ("neutral_high", PURPLE, "Unusually high"),
        ("neutral_low", PURPLE, "Unusually low"),
    ],
)
def test_variation_icon(variation, colour, label):
    svg = variation_icon_svg(variation)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == VARIATION_DESCRIPTIONS[variation]
    assert root.find(f"{SVG}title").text == VARIATION_DESCRIPTIONS[variation]
    assert root.find(f"{SVG}text").text == label
    assert root.find(f"{SVG}circle").get("stroke") == colour
    assert root.find(f"{SVG}g").get("stroke") == colour


def test_variation_arrows_point_the_way_of_the_values():
    up, down = "M24 35V14", "M24 13v21"
    for variation in ("improvement_high", "concern_high", "neutral_high"):
        assert up in variation_icon_svg(variation)
    for variation in ("improvement_low", "concern_low", "neutral_low"):
        assert down in variation_icon_svg(variation)
    assert up not in variation_icon_svg("common_cause")
    assert down not in variation_icon_svg("common_cause")


@pytest.mark.parametrize(
    ("assurance", "colour", "label", "dashed"),
    [
        ("consistent_pass", BLUE, "Consistently passing", False),
        ("consistent_fail", ORANGE, "Consistently failing", False),
        ("inconsistent", GREY, "Hit and miss", False),
        (None, GREY, "No target", True),
    ],
)
def test_assurance_icon(assurance, colour, label, dashed):
    root = parse(assurance_icon_svg(assurance))
    assert root.get("role") == "img"
    assert root.get("aria-label") == ASSURANCE_DESCRIPTIONS[assurance]
    assert root.find(f"{SVG}title").text == ASSURANCE_DESCRIPTIONS[assurance]
    assert root.find(f"{SVG}text").text == label
    circle = root.find(f"{SVG}circle")
    assert circle.get("stroke") == colour
    assert (circle.get("stroke-dasharray") is not None) is dashed


def test_icons_are_self_contained_and_safe_to_inline_together():
    svgs = [variation_icon_svg(v) for v in VARIATION_LABELS]
    svgs += [assurance_icon_svg(a) for a in ASSURANCE_LABELS]
    for svg in svgs:
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
        assert ' id="' not in svg  # no ids that could clash on one page
        assert "href" not in svg  # no external images or fonts
        assert "<image" not in svg
        root = parse(svg)
        width = int(root.get("width"))
        assert root.get("viewBox") == f"0 0 {width} 48"
        # room for the visible label at roughly 7.5 px a character
        assert width >= 52 + 7 * len(root.find(f"{SVG}text").text)


def test_icons_use_only_the_spc_palette_and_no_rag_colours():
    allowed = {GREY, BLUE, ORANGE, PURPLE, "#ffffff", "#212b32"}
    for svg in [variation_icon_svg(v) for v in VARIATION_LABELS] + [
        assurance_icon_svg(a) for a in ASSURANCE_LABELS
    ]:
        assert set(re.findall(r"#[0-9a-fA-F]{6}", svg)) <= allowed


def test_unknown_values_raise():
    with pytest.raises(ValueError, match="unknown variation 'special_cause_improvement'"):
        variation_icon_svg("special_cause_improvement")
    with pytest.raises(ValueError, match="unknown assurance 'pass'"):
        assurance_icon_svg("pass")


def test_icon_for_a_result():
    result = spc.xmr([1.0, -1.0] * 6 + [9.0], fix_after_n_points=12, target=-6.0)
    assert "Improving (high)" in variation_icon_svg(result.variation)
    assert "Consistently passing" in assurance_icon_svg(result.assurance)
