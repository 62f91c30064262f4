"""Find the question inside a story: the clauses of a message that actually ask something."""

from __future__ import annotations

import re

# Words that make a clause a question ('…会不会打电话给我妈', '…怎么办', '…是真的吗').
_ASKS = re.compile(
    r"吗|嘛|么|呢|怎么|怎样|咋|如何|什么|啥|多少|多久|几天|几个|哪|谁|是否|"
    r"会不会|能不能|是不是|要不要|有没有|可不可以|算不算|该不该|有用没|行不行|可以吗|还能"
)
MIN_CLAUSE = 3  # shorter pieces ('30', '天') belong to their neighbour


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of normalised text (punctuation is already a space
    there); pieces too short to be a clause ('逾期 30 天') are joined to the one before."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"\S+", text):
        start, end = match.span()
        if spans and (end - start < MIN_CLAUSE or spans[-1][1] - spans[-1][0] < MIN_CLAUSE):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def clauses(text: str) -> list[str]:
    """The clauses of normalised text, as in `clause_spans`."""
    return [text[a:b] for a, b in clause_spans(text)]


def asks(clause: str) -> bool:
    """Whether a clause asks something (has a question word)."""
    return bool(_ASKS.search(clause))


def question_part(text: str) -> str | None:
    """The clauses of a story that ask the question ('他们会不会打电话给我妈'), or None when the
    message is one clause, or every clause (or none) asks."""
    parts = clauses(text)
    if len(parts) < 2:
        return None
    asking = [p for p in parts if _ASKS.search(p)]
    if not asking or len(asking) == len(parts):
        return None
    return " ".join(asking)
