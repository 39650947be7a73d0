"""Tests for the prompt library and `suggest`: the rules must be predictable and honest."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from journal.prompts import (
    CATEGORY_KEYS,
    LEANS,
    Prompt,
    RecentActivity,
    filled,
    load_library,
    offered,
    parse_library,
    prompt_by_id,
    suggest,
)

SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# An activity where no rule fires, so the weighted rotation decides.
QUIET_WEEK = RecentActivity(entries_7d=3, checkins_7d=1, days_since_last_entry=1)


def _all_ids(activity: RecentActivity | None = None) -> frozenset[str]:
    """Every prompt the activity can be offered (all of them for someone with a milestone)."""
    activity = activity or RecentActivity(has_milestone=True)
    return frozenset(p.id for p in load_library()[1] if offered(p, activity))


def _ids_in(category: str) -> list[str]:
    return [p.id for p in load_library()[1] if p.category == category]


# --- the library -----------------------------------------------------------------------------


def test_library_size_and_categories() -> None:
    categories, prompts = load_library()
    assert len(prompts) >= 72
    assert set(categories) == set(CATEGORY_KEYS)
    assert len(categories) >= 10
    per_cat = Counter(p.category for p in prompts)
    for key in CATEGORY_KEYS:
        assert per_cat[key] >= 6, key
        assert categories[key].label and categories[key].blurb


def test_prompt_fields_are_valid() -> None:
    _, prompts = load_library()
    ids = [p.id for p in prompts]
    assert len(ids) == len(set(ids))
    for p in prompts:
        assert p.lean in LEANS
        assert p.id.startswith(p.category + "-")
        assert p.text.strip()
        assert p.follow_up is None or p.follow_up.strip()
        assert len(p.text) <= 200, p.id  # short enough to read at a glance
        assert len(re.findall(r"[.?!](?:\s|$)", p.text)) <= 2, p.id  # one or two sentences


def test_leans_are_mixed() -> None:
    _, prompts = load_library()
    mixed = [
        key
        for key in CATEGORY_KEYS
        if {"anxious", "avoidant"} <= {p.lean for p in prompts if p.category == key}
    ]
    assert len(mixed) >= 8


def test_load_library_is_cached_and_lookup_works() -> None:
    assert load_library() is load_library()
    first = load_library()[1][0]
    assert prompt_by_id(first.id) == first
    assert prompt_by_id("no-such-prompt") is None


def _raw(**prompt_overrides: object) -> dict:
    prompt = {"id": "x-01", "category": "wins", "text": "Hi?", "follow_up": None, "lean": "any"}
    prompt.update(prompt_overrides)
    return {"categories": {"wins": {"label": "Small wins", "blurb": "b"}}, "prompts": [prompt]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_raw(category="nope"), "unknown category"),
        (_raw(text="   "), "empty text"),
        (_raw(lean="secure"), "unknown lean"),
        (_raw(id=""), "missing its id"),
        ({"categories": {"nope": {"label": "a", "blurb": "b"}}, "prompts": []}, "unknown"),
        ({"prompts": []}, "categories"),
        ([], "JSON object"),
    ],
)
def test_parse_library_rejects_broken_data(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_library(data)


def test_parse_library_rejects_duplicate_ids() -> None:
    data = _raw()
    data["prompts"].append(dict(data["prompts"][0]))
    with pytest.raises(ValueError, match="duplicate"):
        parse_library(data)


def test_parse_library_accepts_minimal_library() -> None:
    categories, prompts = parse_library(_raw())
    assert list(categories) == ["wins"]
    assert prompts == [Prompt(id="x-01", category="wins", text="Hi?", follow_up=None, lean="any")]


# --- the category rules ----------------------------------------------------------------------

RULES = [
    pytest.param(RecentActivity(), "long_view", ["first entry"], id="never-wrote"),
    pytest.param(RecentActivity(days_since_last_entry=20), "long_view", ["20 days"], id="long-gap"),
    pytest.param(
        RecentActivity(entries_7d=4, triggers_7d=3, pursued_7d=3, days_since_last_entry=0),
        "soothing",
        ["pushed to reconnect", "3 times"],
        id="pursued",
    ),
    pytest.param(
        RecentActivity(
            entries_7d=4, triggers_7d=3, withdrew_7d=2, pursued_7d=1, days_since_last_entry=0
        ),
        "cycle",
        ["went quiet twice", "reconnect once"],
        id="withdrew-and-pursued",
    ),
    pytest.param(
        RecentActivity(entries_7d=4, triggers_7d=2, withdrew_7d=2, days_since_last_entry=0),
        "repair",
        ["went quiet", "twice", "repair entry"],
        id="withdrew-no-repair",
    ),
    pytest.param(
        RecentActivity(entries_7d=4, triggers_7d=1, withdrew_7d=1, days_since_last_entry=0),
        "cycle",
        ["went quiet", "once"],
        id="withdrew-once",
    ),
    pytest.param(
        RecentActivity(
            entries_7d=4, triggers_7d=3, withdrew_7d=3, repairs_7d=1, days_since_last_entry=0
        ),
        "cycle",
        ["went quiet", "3 times"],
        id="withdrew-already-repairing",
    ),
    pytest.param(
        RecentActivity(entries_7d=4, triggers_7d=2, calm_7d=2, days_since_last_entry=0),
        "wins",
        ["pausing", "twice"],
        id="calm-responses",
    ),
    pytest.param(
        RecentActivity(entries_7d=4, triggers_7d=3, days_since_last_entry=0),
        "soothing",
        ["3 triggers"],
        id="many-triggers",
    ),
    pytest.param(
        RecentActivity(entries_7d=6, low_mood_days_7d=5, checkins_7d=1, days_since_last_entry=0),
        "soothing",
        ["mood was low", "5 of the past 7 days"],
        id="very-low-mood",
    ),
    pytest.param(
        RecentActivity(entries_7d=6, low_mood_days_7d=3, checkins_7d=1, days_since_last_entry=0),
        "emotions",
        ["mood was low", "3 days"],
        id="low-mood",
    ),
    pytest.param(
        RecentActivity(entries_7d=2, wins_7d=1, days_since_last_entry=2),
        "wins",
        ["1 win "],
        id="one-win",
    ),
    pytest.param(
        RecentActivity(entries_7d=2, wins_7d=4, checkins_7d=1, days_since_last_entry=2),
        "wins",
        ["4 wins"],
        id="wins",
    ),
    pytest.param(
        RecentActivity(entries_7d=2, days_since_last_entry=3),
        "rituals",
        ["check-in"],
        id="no-check-in",
    ),
    pytest.param(
        RecentActivity(days_since_last_entry=9),
        "rituals",
        ["check-in"],
        id="quiet-week-not-a-gap",
    ),
]


@pytest.mark.parametrize(("activity", "expected", "phrases"), RULES)
def test_rules_pick_expected_category(
    activity: RecentActivity, expected: str, phrases: list[str]
) -> None:
    for seed in range(5):
        s = suggest(activity, seed=seed)
        assert s.prompt.category == expected
        for phrase in phrases:
            assert phrase in s.reason, (phrase, s.reason)


@pytest.mark.parametrize(("activity", "expected", "phrases"), RULES)
def test_reason_counts_are_true(
    activity: RecentActivity, expected: str, phrases: list[str]
) -> None:
    reason = suggest(activity, seed=1).reason
    true_numbers = {
        v for v in vars(activity).values() if isinstance(v, int) and not isinstance(v, bool)
    }
    true_numbers.add(7)  # "the past 7 days"
    for number in re.findall(r"\d+", reason):
        assert int(number) in true_numbers, reason
    assert reason.endswith(".") and reason.count(". ") == 0  # one plain sentence


def test_rule_order_pursuing_beats_low_mood_and_wins() -> None:
    activity = RecentActivity(
        entries_7d=5,
        triggers_7d=2,
        pursued_7d=2,
        low_mood_days_7d=5,
        wins_7d=3,
        days_since_last_entry=0,
    )
    assert suggest(activity, seed=3).prompt.category == "soothing"
    assert "pushed to reconnect after a trigger twice" in suggest(activity, seed=3).reason


def test_quiet_week_rotates_across_categories() -> None:
    seen = {suggest(QUIET_WEEK, seed=seed).prompt.category for seed in range(60)}
    assert len(seen) >= 6
    assert "Nothing in your past week" in suggest(QUIET_WEEK, seed=0).reason


def test_rotation_favours_categories_not_seen_lately() -> None:
    shown = frozenset(p.id for p in load_library()[1] if p.category not in ("wins", "repair"))
    activity = RecentActivity(
        entries_7d=3, checkins_7d=1, days_since_last_entry=1, recently_shown=shown
    )
    for seed in range(20):
        assert suggest(activity, seed=seed).prompt.category in ("wins", "repair")


# --- lean, repetition, override, determinism -------------------------------------------------


@pytest.mark.parametrize("lean", ["anxious", "avoidant"])
def test_prefers_prompts_for_the_persons_lean(lean: str) -> None:
    _, prompts = load_library()
    for key in CATEGORY_KEYS:
        has_lean = any(p.lean == lean for p in prompts if p.category == key)
        for seed in range(5):
            s = suggest(RecentActivity(lean=lean), category=key, seed=seed)
            assert s.prompt.lean == (lean if has_lean else "any")


def test_lean_falls_back_to_any_then_other() -> None:
    anxious = [p for p in _ids_in("soothing") if prompt_by_id(p).lean == "anxious"]
    activity = RecentActivity(lean="anxious", recently_shown=frozenset(anxious))
    assert suggest(activity, category="soothing", seed=0).prompt.lean == "any"


@pytest.mark.parametrize(
    "activity",
    [
        RecentActivity(),
        QUIET_WEEK,
        RecentActivity(
            entries_7d=4, triggers_7d=3, pursued_7d=3, days_since_last_entry=0, lean="anxious"
        ),
        RecentActivity(
            entries_7d=4, triggers_7d=2, withdrew_7d=2, days_since_last_entry=0, lean="avoidant"
        ),
    ],
)
def test_never_repeats_until_everything_was_shown(activity: RecentActivity) -> None:
    all_ids = _all_ids(activity)
    exclude: frozenset[str] = frozenset()
    for step in range(len(all_ids)):
        s = suggest(activity, exclude=exclude, seed=step)
        assert s.prompt.id not in exclude
        exclude = exclude | {s.prompt.id}
    assert exclude == all_ids
    again = suggest(activity, exclude=exclude, seed=0)
    assert again.prompt.id in all_ids
    assert "again" in again.reason


def test_recently_shown_is_not_repeated() -> None:
    all_ids = _all_ids(RecentActivity())
    shown: frozenset[str] = frozenset()
    for step in range(len(all_ids)):
        activity = RecentActivity(checkins_7d=1, days_since_last_entry=1, recently_shown=shown)
        s = suggest(activity, seed=step)
        assert s.prompt.id not in shown
        shown = shown | {s.prompt.id}
    assert shown == all_ids


def test_exclude_counts_as_more_recent_than_recently_shown() -> None:
    all_ids = _all_ids()
    keep = "rituals-03"
    activity = RecentActivity(days_since_last_entry=2, recently_shown=frozenset(all_ids))
    s = suggest(activity, exclude=all_ids - {keep}, seed=5)
    assert s.prompt.id == keep
    assert "seen every prompt recently" in s.reason


def test_exhausted_category_falls_back_and_says_so() -> None:
    activity = RecentActivity(
        entries_7d=4,
        triggers_7d=3,
        pursued_7d=3,
        days_since_last_entry=0,
        recently_shown=frozenset(_ids_in("soothing")),
    )
    s = suggest(activity, seed=0)
    assert s.prompt.category == "emotions"  # the nearest practice
    assert "after a trigger 3 times" in s.reason
    assert "\u201cSettling yourself\u201d" in s.reason and "instead" in s.reason


def test_last_fresh_prompt_in_category_is_used() -> None:
    soothing = _ids_in("soothing")
    activity = RecentActivity(
        entries_7d=4,
        triggers_7d=3,
        pursued_7d=3,
        days_since_last_entry=0,
        recently_shown=frozenset(soothing[1:]),
    )
    assert suggest(activity, seed=9).prompt.id == soothing[0]


@pytest.mark.parametrize("key", CATEGORY_KEYS)
def test_category_override(key: str) -> None:
    activity = RecentActivity(entries_7d=4, triggers_7d=3, pursued_7d=3, days_since_last_entry=0)
    s = suggest(activity, category=key, seed=2)
    assert s.prompt.category == key
    label = load_library()[0][key].label
    assert "You picked" in s.reason and label in s.reason


def test_category_override_cycles_within_category_before_repeating() -> None:
    ids = set(_ids_in("repair"))
    exclude: frozenset[str] = frozenset()
    for step in range(len(ids)):
        s = suggest(RecentActivity(), category="repair", exclude=exclude, seed=step)
        assert s.prompt.category == "repair" and s.prompt.id not in exclude
        exclude = exclude | {s.prompt.id}
    assert exclude == ids
    again = suggest(RecentActivity(), category="repair", exclude=exclude, seed=0)
    assert again.prompt.category == "repair"
    assert "again" in again.reason


def test_unknown_category_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown prompt category"):
        suggest(RecentActivity(), category="astrology")


def test_deterministic_for_a_seed() -> None:
    activities = [RecentActivity(), QUIET_WEEK, RecentActivity(days_since_last_entry=3)]
    for activity in activities:
        for seed in range(10):
            assert suggest(activity, seed=seed) == suggest(activity, seed=seed)
    picks = {suggest(QUIET_WEEK, seed=seed).prompt.id for seed in range(30)}
    assert len(picks) > 5  # the seed really matters


# --- originality -----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def _shingles(words: list[str], n: int = 8) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_no_prompt_copies_the_seed_texts() -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS_DIR}")
    seed_shingles: set[tuple[str, ...]] = set()
    for path in sorted(SEEDS_DIR.glob("*")):
        if path.is_file():
            seed_shingles |= _shingles(_words(path.read_text(encoding="utf-8", errors="replace")))
    assert seed_shingles, "no seed text was read"
    categories, prompts = load_library()
    texts = [p.text for p in prompts] + [p.follow_up for p in prompts if p.follow_up]
    texts += [p.fallback for p in prompts if p.fallback]
    texts += [c.blurb for c in categories.values()]
    copied = [t for t in texts if _shingles(_words(t)) & seed_shingles]
    assert not copied


# --- near-duplicates, new themes, prompts that use the person's data ----------------------------

NEAR_DUPLICATE = 0.6  # token Jaccard at or above this: two prompts say the same thing


def _jaccard(a: str, b: str) -> float:
    x, y = set(_words(a)), set(_words(b))
    return len(x & y) / len(x | y)


def test_jaccard_flags_a_reworded_copy() -> None:
    text = load_library()[1][0].text
    assert _jaccard(text, text.replace("today", "this evening")) >= NEAR_DUPLICATE


def test_no_two_prompts_are_near_duplicates() -> None:
    prompts = load_library()[1]
    close = [(a.id, b.id) for i, a in enumerate(prompts) for b in prompts[i + 1:]
             if _jaccard(a.text, b.text) >= NEAR_DUPLICATE]
    assert not close


@pytest.mark.parametrize(("theme", "words"), [
    ("where distrust comes from", ("earlier relationship", "grew up", "older than")),
    ("body care", ("sleep", "move your body")),
    ("lightness and shared joy", ("laugh", "shared joy")),
    ("agreeing a break", ("call a break", "break you had agreed")),
])
def test_the_new_themes_have_prompts(theme: str, words: tuple[str, ...]) -> None:
    texts = [p.text.lower() for p in load_library()[1]]
    for word in words:
        assert any(word in t for t in texts), (theme, word)


def test_distrust_origin_prompts_do_not_diagnose() -> None:
    origin = [p for p in load_library()[1]
              if "earlier relationship" in p.text or "older than" in p.text]
    assert origin
    for p in origin:
        for label in ("trauma", "disorder", "attachment style", "avoidant", "anxious", "wound"):
            assert label not in p.text.lower(), (p.id, label)


def test_top_feeling_is_filled_in_or_falls_back() -> None:
    (template,) = [p for p in load_library()[1] if "{top_feeling}" in p.text]
    mine = filled(template, RecentActivity(top_feeling="on edge"))
    assert "'on edge'" in mine.text and "{" not in mine.text and mine.id == template.id
    plain = filled(template, RecentActivity())
    assert plain.text == template.fallback and "{" not in plain.text
    for p in load_library()[1]:  # nothing else carries an unfilled placeholder
        assert "{" not in filled(p, RecentActivity()).text, p.id


def test_suggest_fills_in_the_feeling_when_it_offers_that_prompt() -> None:
    (template,) = [p for p in load_library()[1] if "{top_feeling}" in p.text]
    others = _all_ids() - {template.id}
    got = suggest(RecentActivity(top_feeling="hopeful", days_since_last_entry=1),
                  category=template.category, exclude=others, seed=1)
    assert got.prompt.id == template.id and "'hopeful'" in got.prompt.text


def test_milestone_prompts_only_when_there_is_a_milestone() -> None:
    needing = {p.id for p in load_library()[1] if p.requires == "milestone"}
    assert needing and any("milestone" in prompt_by_id(i).text for i in needing)
    for p in load_library()[1]:  # a prompt that talks of "your milestone" must require one
        if "milestone you" in p.text or "a milestone" in p.text:
            assert p.requires == "milestone", p.id
    without = {suggest(RecentActivity(days_since_last_entry=1), category=cat, seed=s).prompt.id
               for cat in CATEGORY_KEYS for s in range(40)}
    assert not without & needing
    with_one = {suggest(RecentActivity(days_since_last_entry=1, has_milestone=True),
                        category=cat, seed=s).prompt.id
                for cat in CATEGORY_KEYS for s in range(40)}
    assert with_one & needing


def test_parse_library_checks_placeholders_and_requirements() -> None:
    with pytest.raises(ValueError, match="needs a fallback"):
        parse_library(_raw(text="You felt {top_feeling}?"))
    with pytest.raises(ValueError, match="unknown placeholder"):
        parse_library(_raw(text="Hi {name}?", fallback="Hi?"))
    with pytest.raises(ValueError, match="requires unknown"):
        parse_library(_raw(requires="partner"))
    _, (p,) = parse_library(_raw(text="You felt {top_feeling}?", fallback="How did you feel?",
                                 requires="milestone"))
    assert (p.fallback, p.requires) == ("How did you feel?", "milestone")
