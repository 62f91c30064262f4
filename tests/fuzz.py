"""Hostile input for the fuzz suites: hypothesis strategies, the issue's cases, settings.

Example counts are modest so the suites run in CI in seconds; OVERDUE_FUZZ=deep runs more,
randomly (the default is derandomized, so a CI run is repeatable).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

DEEP = os.environ.get("OVERDUE_FUZZ") == "deep"


def fuzz_settings(examples: int) -> settings:
    """Hypothesis settings: `examples` in CI (deterministic), ten times that when deep."""
    return settings(
        max_examples=examples * (10 if DEEP else 1),
        deadline=None,  # a live server's latency varies; hangs are caught by timeouts
        derandomize=not DEEP,
        database=None,  # nothing written beside the checkout
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# Characters that broke something once, or look like they might: odd digits, surrogates,
# mention spaces, controls, full-width and traditional forms, emoji, a BOM.
ODD = [
    "①", "²", "٣", "９", "\ud800", "\udfff", "\u2005", "\u200b", "\x00", "\x1b", "\r", "\ufeff",
    "逾期", "天", "個月", "会上门吗", "/timeline", "更多", "@机器人\u2005", "🙏", "]]>", "<xml>",
]
odd_text = st.lists(
    st.one_of(st.characters(codec=None, exclude_categories=()), st.sampled_from(ODD)),
    max_size=40,
).map("".join)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["9" * 5000, "²", "٣", "①", "1e9", "0x10", " 45", "45天", "-5", ""]),
)
# Questions users might send, odd ones among them.
questions = st.one_of(
    odd_text,
    st.builds(lambda n, q: f"逾期{n}天{q}", numbers,
              st.sampled_from(["会怎样", "会联系家人吗", "", "會上門嗎"])),
    st.text(max_size=600),
)

# The cases the issue reproduced (and a few more): engine, CLI and REPL.
TEXT_CASES = [
    "①", "²", "٣", "9" * 5000, "逾期" + "9" * 5000 + "天", "\ud800", "\ud800逾期30天", "",
    " ", "\x00\x00", "🙏🙏", "逾期30天 serve 会上门吗", "逾期" * 400, "/timeline", "/timeline abc",
    "/timeline -5", "/timeline " + "9" * 5000, "/foo", "更多", "<xml><a>1</a></xml>",
    '{"user_id": "\\ud800"}', "\u202e逾期", "ＯＫ逾期４５天", "逾期-5天", "逾期1e9天",
]

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False), odd_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
