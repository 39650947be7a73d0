"""Journaling prompts: the library in `journal/data/prompts.json` and the choice of what to offer.

Why this module is pure (no database, no Streamlit): the Write page, the CLI and the tests must
all get the same suggestion for the same recent activity. The caller builds a `RecentActivity`
from the person's own entries, calls `suggest`, shows the prompt with its `reason`, and records
what it showed.

Category rules for `suggest`, first match wins (see `_choose`):
 0. a category was picked by the person            -> that category
 1. never wrote                                     -> long_view (welcome)
 2. last entry 14 or more days ago                  -> long_view (welcome back)
 3. pursued after triggers more than withdrew       -> soothing
 4. withdrew and also pursued after triggers        -> cycle
 5. withdrew 2+ times and no repair entry this week -> repair
 6. withdrew after a trigger                        -> cycle
 7. triggers met only with calm responses           -> wins
 8. 3+ triggers (responses not recorded)            -> soothing
 9. mood low on 5+ days                             -> soothing
10. mood low on 3-4 days                            -> emotions
11. wins logged                                     -> wins
12. no check-in entry this week                     -> rituals
13. otherwise                                       -> weighted random, favouring unseen categories

Prompts that lean on the person's data: a "{top_feeling}" in the text is filled with their most
frequent feeling word of the last weeks (`RecentActivity.top_feeling`), or the prompt's
`fallback` text when there is none; a prompt with `"requires": "milestone"` is offered only to
someone who has a milestone.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

LEANS: tuple[str, ...] = ("anxious", "avoidant", "any")
CATEGORY_KEYS: tuple[str, ...] = (
    "distance",
    "needs_hopes",
    "emotions",
    "cycle",
    "soothing",
    "repair",
    "boundaries",
    "rituals",
    "wins",
    "long_view",
)
GAP_DAYS = 14  # a silence this long gets a "welcome back" rather than the weekly rules
MANY_TRIGGERS = 3
LOW_MOOD_SOME = 3
LOW_MOOD_MANY = 5
PLACEHOLDERS: tuple[str, ...] = ("top_feeling",)
REQUIRES: tuple[str, ...] = ("milestone",)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Prompt:
    """One journaling prompt; `lean` says which attachment lean it speaks to."""

    id: str
    category: str
    text: str
    follow_up: str | None
    lean: str
    requires: str | None = None   # "milestone": offered only when the person has one
    fallback: str | None = None   # the text to show when a placeholder has nothing to fill it


@dataclass(frozen=True)
class Category:
    """A family of prompts with a short label and a blurb explaining the practice."""

    key: str
    label: str
    blurb: str


@dataclass(frozen=True)
class RecentActivity:
    """What the person's own last entries say; built by the caller, counts over the last 7 days."""

    entries_7d: int = 0
    triggers_7d: int = 0
    withdrew_7d: int = 0
    pursued_7d: int = 0
    calm_7d: int = 0
    low_mood_days_7d: int = 0
    wins_7d: int = 0
    checkins_7d: int = 0
    repairs_7d: int = 0
    days_since_last_entry: int | None = None
    recently_shown: frozenset[str] = frozenset()
    lean: str | None = None
    top_feeling: str | None = None  # most frequent feeling word of the last weeks
    has_milestone: bool = False


@dataclass(frozen=True)
class Suggestion:
    """A prompt plus one plain sentence telling the person why it was offered."""

    prompt: Prompt
    reason: str


# What each category offers, phrased to finish "..., so here is {offer}."
_OFFER: dict[str, str] = {
    "distance": "one for describing a moment of distance just as it happened",
    "needs_hopes": "one about a need that went unmet and a hope",
    "emotions": "one for naming the feeling underneath",
    "cycle": "one about noticing your own move in the pull-and-retreat cycle",
    "soothing": "one for settling yourself",
    "repair": "one about apologising and repairing",
    "boundaries": "one about your shared map of expectations",
    "rituals": "one about small, regular rituals of care",
    "wins": "one for savouring a small win",
    "long_view": "one about the longer view",
}

# Where to look next when every prompt of a category was shown lately: the nearest practice first.
_SIBLINGS: dict[str, tuple[str, ...]] = {
    "distance": ("needs_hopes", "emotions"),
    "needs_hopes": ("distance", "emotions"),
    "emotions": ("soothing", "needs_hopes"),
    "cycle": ("repair", "emotions"),
    "soothing": ("emotions", "wins"),
    "repair": ("cycle", "boundaries"),
    "boundaries": ("needs_hopes", "rituals"),
    "rituals": ("long_view", "boundaries"),
    "wins": ("long_view", "rituals"),
    "long_view": ("rituals", "wins"),
}


def parse_library(data: Any) -> tuple[dict[str, Category], list[Prompt]]:
    """Validate raw library JSON; a broken library must fail loudly, not offer empty prompts."""
    if not isinstance(data, dict):
        raise ValueError("prompt library must be a JSON object")
    raw_cats = data.get("categories")
    raw_prompts = data.get("prompts")
    if not isinstance(raw_cats, dict) or not isinstance(raw_prompts, list):
        raise ValueError("prompt library needs a 'categories' object and a 'prompts' list")

    categories: dict[str, Category] = {}
    for key, raw in raw_cats.items():
        if key not in CATEGORY_KEYS:
            raise ValueError(f"unknown prompt category {key!r}")
        if not isinstance(raw, dict):
            raise ValueError(f"category {key!r} must be an object")
        label, blurb = raw.get("label"), raw.get("blurb")
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"category {key!r} needs a label")
        if not isinstance(blurb, str) or not blurb.strip():
            raise ValueError(f"category {key!r} needs a blurb")
        categories[key] = Category(key=key, label=label.strip(), blurb=blurb.strip())

    prompts: list[Prompt] = []
    seen: set[str] = set()
    for raw in raw_prompts:
        if not isinstance(raw, dict):
            raise ValueError("each prompt must be an object")
        pid, cat, text = raw.get("id"), raw.get("category"), raw.get("text")
        follow_up, lean = raw.get("follow_up"), raw.get("lean", "any")
        if not isinstance(pid, str) or not pid.strip():
            raise ValueError("a prompt is missing its id")
        if pid in seen:
            raise ValueError(f"duplicate prompt id {pid!r}")
        seen.add(pid)
        if cat not in categories:
            raise ValueError(f"prompt {pid!r} has unknown category {cat!r}")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"prompt {pid!r} has empty text")
        if follow_up is not None and (not isinstance(follow_up, str) or not follow_up.strip()):
            raise ValueError(f"prompt {pid!r} has an empty follow-up; use null instead")
        if lean not in LEANS:
            raise ValueError(f"prompt {pid!r} has unknown lean {lean!r}")
        prompts.append(_data_fields(pid, raw, Prompt(
            id=pid, category=cat, text=text.strip(),
            follow_up=follow_up.strip() if follow_up else None, lean=lean)))

    empty = [key for key in categories if not any(p.category == key for p in prompts)]
    if empty:
        raise ValueError(f"categories without prompts: {', '.join(empty)}")
    return categories, prompts


def _data_fields(pid: str, raw: dict[str, Any], prompt: Prompt) -> Prompt:
    """Check a prompt's placeholders, fallback and requirement; return it with them."""
    requires, fallback = raw.get("requires"), raw.get("fallback")
    if requires is not None and requires not in REQUIRES:
        raise ValueError(f"prompt {pid!r} requires unknown {requires!r}")
    names = set(_PLACEHOLDER.findall(prompt.text))
    if names - set(PLACEHOLDERS):
        raise ValueError(f"prompt {pid!r} has unknown placeholder {sorted(names)[0]!r}")
    if names and not (isinstance(fallback, str) and fallback.strip()):
        raise ValueError(f"prompt {pid!r} fills in data, so it needs a fallback text")
    if fallback is not None and (not isinstance(fallback, str) or _PLACEHOLDER.search(fallback)):
        raise ValueError(f"prompt {pid!r} has a fallback that isn't plain text")
    return Prompt(prompt.id, prompt.category, prompt.text, prompt.follow_up, prompt.lean,
                  requires, fallback.strip() if fallback else None)


def filled(prompt: Prompt, activity: RecentActivity) -> Prompt:
    """The prompt with the person's own data in it, or its fallback text when there is none."""
    names = set(_PLACEHOLDER.findall(prompt.text))
    if not names:
        return prompt
    values = {"top_feeling": activity.top_feeling}
    if any(not values.get(n) for n in names):
        return with_text(prompt, prompt.fallback)
    return with_text(prompt, _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), prompt.text))


def with_text(prompt: Prompt, text: str | None) -> Prompt:
    """The same prompt showing `text` (as filled in when it was offered); unchanged if None."""
    if not text:
        return prompt
    return Prompt(prompt.id, prompt.category, text, prompt.follow_up, prompt.lean,
                  prompt.requires, prompt.fallback)


def offered(prompt: Prompt, activity: RecentActivity) -> bool:
    """Whether the prompt fits this person at all (a milestone prompt needs a milestone)."""
    return prompt.requires != "milestone" or activity.has_milestone


@cache
def load_library() -> tuple[dict[str, Category], list[Prompt]]:
    """Read and validate the packaged library once per process; it never changes at run time."""
    text = (Path(__file__).parent / "data" / "prompts.json").read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"prompt library is not valid JSON: {err}") from err
    return parse_library(data)


def prompt_by_id(prompt_id: str) -> Prompt | None:
    """Look a prompt up by id, so saved entries can show the prompt they answered."""
    return next((p for p in load_library()[1] if p.id == prompt_id), None)


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _choose(activity: RecentActivity) -> tuple[str, str] | None:
    """Apply the ordered rules; return (category, cause) or None when nothing stands out."""
    a = activity
    if a.days_since_last_entry is None:
        return "long_view", "Welcome, this looks like your first entry"
    if a.days_since_last_entry >= GAP_DAYS:
        return (
            "long_view",
            f"Welcome back, it has been {a.days_since_last_entry} days since your last entry",
        )
    if a.pursued_7d > a.withdrew_7d:
        return (
            "soothing",
            f"You pushed to reconnect after a trigger {_times(a.pursued_7d)} in the past week",
        )
    if a.withdrew_7d > 0 and a.pursued_7d > 0:
        return (
            "cycle",
            f"After triggers in the past week you went quiet {_times(a.withdrew_7d)} "
            f"and pushed to reconnect {_times(a.pursued_7d)}",
        )
    if a.withdrew_7d >= 2 and a.repairs_7d == 0:
        return (
            "repair",
            f"You went quiet after a trigger {_times(a.withdrew_7d)} in the past week "
            "and haven't written a repair entry yet",
        )
    if a.withdrew_7d > 0:
        return (
            "cycle",
            f"You went quiet after a trigger {_times(a.withdrew_7d)} in the past week",
        )
    if a.triggers_7d > 0 and a.calm_7d > 0:
        return (
            "wins",
            "You met a trigger by pausing, soothing yourself or reaching out "
            f"{_times(a.calm_7d)} in the past week",
        )
    if a.triggers_7d >= MANY_TRIGGERS:
        return "soothing", f"You logged {_plural(a.triggers_7d, 'trigger')} in the past week"
    if a.low_mood_days_7d >= LOW_MOOD_MANY:
        return (
            "soothing",
            f"Your mood was low on {a.low_mood_days_7d} of the past 7 days",
        )
    if a.low_mood_days_7d >= LOW_MOOD_SOME:
        return "emotions", f"Your mood was low on {a.low_mood_days_7d} days in the past week"
    if a.wins_7d > 0:
        return "wins", f"You logged {_plural(a.wins_7d, 'win')} in the past week"
    if a.checkins_7d == 0:
        return "rituals", "You haven't written a check-in in the past week"
    return None


def _pick(candidates: list[Prompt], lean: str | None, rng: random.Random) -> Prompt:
    """Prefer the person's lean, then prompts for anyone, then the rest."""
    pool = sorted(candidates, key=lambda p: p.id)
    if lean in ("anxious", "avoidant"):
        pool = [p for p in pool if p.lean == lean] or [p for p in pool if p.lean == "any"] or pool
    return rng.choice(pool)


def _label(categories: dict[str, Category], key: str) -> str:
    return f"\u201c{categories[key].label}\u201d"


def suggest(
    activity: RecentActivity,
    category: str | None = None,
    exclude: frozenset[str] = frozenset(),
    seed: int | None = None,
) -> Suggestion:
    """Offer one prompt that fits the person's last week, without repeating recent ones.

    Prompts in `activity.recently_shown` or `exclude` are only returned once every other choice
    is used up; `exclude` (e.g. just skipped on this page) counts as the most recent of all.
    The same activity, arguments and `seed` always give the same suggestion.
    """
    categories, prompts = load_library()
    rng = random.Random(seed)
    by_cat: dict[str, list[Prompt]] = {key: [] for key in categories}
    for p in prompts:
        if offered(p, activity):
            by_cat[p.category].append(p)
    shown = activity.recently_shown

    def tier(p: Prompt) -> int:
        if p.id in exclude:
            return 2
        return 1 if p.id in shown else 0

    if category is not None:
        got = _suggest_picked(category, categories, by_cat, tier, activity.lean, rng)
        return Suggestion(filled(got.prompt, activity), got.reason)

    chosen = _choose(activity)
    if chosen is None:
        keys = list(categories)
        weights = [len([p for p in by_cat[k] if tier(p) == 0]) for k in keys]
        if not any(weights):
            weights = [1] * len(keys)
        key = rng.choices(keys, weights=weights, k=1)[0]
        cause = "Nothing in your past week points to one area in particular"
    else:
        key, cause = chosen
    got = _suggest_for(key, cause, categories, by_cat, tier, activity.lean, rng)
    return Suggestion(filled(got.prompt, activity), got.reason)


def _suggest_picked(
    category: str, categories: dict[str, Category], by_cat: dict[str, list[Prompt]],
    tier: Callable[[Prompt], int], lean: str | None, rng: random.Random,
) -> Suggestion:
    """A prompt from the category the person picked, the least recently seen first."""
    if category not in categories:
        raise ValueError(f"unknown prompt category {category!r}")
    label = _label(categories, category)
    for level in (0, 1, 2):
        pool = [p for p in by_cat[category] if tier(p) <= level]
        if pool:
            break
    prompt = _pick(pool, lean, rng)
    if level == 0:
        reason = f"You picked {label}, so here is a prompt from it."
    else:
        reason = (
            f"You picked {label}; you have seen all of its prompts recently, "
            "so here is one of them again."
        )
    return Suggestion(prompt=prompt, reason=reason)


def _suggest_for(
    key: str, cause: str, categories: dict[str, Category], by_cat: dict[str, list[Prompt]],
    tier: Callable[[Prompt], int], lean: str | None, rng: random.Random,
) -> Suggestion:
    """A prompt for the chosen category, else its siblings, else any other; fresh ones first."""
    others = [k for k in categories if k != key and k not in _SIBLINGS.get(key, ())]
    rng.shuffle(others)
    order = [key] + [k for k in _SIBLINGS.get(key, ()) if k in categories] + others

    for level in (0, 1, 2):
        for k in order:
            pool = [p for p in by_cat[k] if tier(p) <= level]
            if not pool:
                continue
            prompt = _pick(pool, lean, rng)
            if level == 0 and k == key:
                reason = f"{cause}, so here is {_OFFER[k]}."
            elif level == 0:
                reason = (
                    f"{cause}; you have seen every {_label(categories, key)} prompt recently, "
                    f"so here is {_OFFER[k]} instead."
                )
            else:
                reason = (
                    f"{cause}; you have seen every prompt recently, so here is {_OFFER[k]} again."
                )
            return Suggestion(prompt=prompt, reason=reason)
    raise ValueError("the prompt library is empty")  # unreachable: parse_library forbids it
