"""Telegram-shaped output: messages cut under the length limit, buttons within callback limits."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from .engine import Reply

# Telegram counts a message's length in UTF-16 code units: an emoji costs two.
MAX_MESSAGE_UNITS = 4096
MAX_CALLBACK_BYTES = 64
QUESTION = "q"  # callback data "q:<intent id>": answer that intent's canonical question
EXAMPLE = "ex"  # callback data "ex:<index>": answer that example question
TRADITIONAL = "t"  # a third field ":t" keeps the reply in traditional script
FEEDBACK = "f"  # callback data "f:+:<intent or intent.topic>" (👍) or "f:-:…" (👎), then ":t"?


def units(text: str) -> int:
    """The length of `text` as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = MAX_MESSAGE_UNITS) -> list[str]:
    """Cut `text` into pieces Telegram accepts, at a paragraph or line end where one is near."""
    pieces: list[str] = []
    rest = text.strip()
    while units(rest) > limit:
        head = _longest_prefix(rest, limit)
        cut = len(head)
        for separator in ("\n\n", "\n", "。", "，", " "):
            at = head.rfind(separator)
            if at > len(head) // 2:  # a cut far back would leave a tiny piece; cut hard instead
                cut = at + len(separator)
                break
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _longest_prefix(text: str, limit: int) -> str:
    total = 0
    for index, char in enumerate(text):
        total += 2 if ord(char) > 0xFFFF else 1
        if total > limit:
            return text[:index]
    return text


def callback_data(kind: str, value: str | int, traditional: bool) -> str | None:
    """The data of a button, or None if it would not fit Telegram's 64 bytes."""
    data = f"{kind}:{value}" + (f":{TRADITIONAL}" if traditional else "")
    return data if len(data.encode()) <= MAX_CALLBACK_BYTES else None


def parse_callback(data: str | None) -> tuple[str, str, bool]:
    """Split button data into (kind, value, traditional); unknown data gives kind ''."""
    kind, _, rest = (data or "").partition(":")
    value, _, script = rest.partition(":")
    if kind not in (QUESTION, EXAMPLE) or not value:
        return "", "", False
    return kind, value, script == TRADITIONAL


def keyboard(buttons: Sequence[tuple[str, str | None]]) -> InlineKeyboardMarkup | None:
    """One button a row from (label, data) pairs; pairs without data are left out."""
    rows = [[InlineKeyboardButton(label, callback_data=data)] for label, data in buttons if data]
    return InlineKeyboardMarkup(rows) if rows else None


def example_keyboard(examples: Sequence[str], traditional: bool) -> InlineKeyboardMarkup | None:
    """Buttons for the example questions of /start and /help."""
    return keyboard(
        [(text, callback_data(EXAMPLE, i, traditional)) for i, text in enumerate(examples)]
    )


def suggestion_keyboard(reply: Reply, examples: Sequence[str]) -> InlineKeyboardMarkup | None:
    """Buttons for a reply's suggestions: by intent id, or by index when one is an example."""
    buttons: list[tuple[str, str | None]] = []
    for index, label in enumerate(reply.suggestions):
        if index < len(reply.suggestion_intents):
            data = callback_data(QUESTION, reply.suggestion_intents[index], reply.traditional)
        elif label in examples:
            data = callback_data(EXAMPLE, examples.index(label), reply.traditional)
        else:
            data = None
        buttons.append((label, data))
    return keyboard(buttons)


def feedback_data(
    helpful: bool, intent: str, topic: str | None, traditional: bool = False
) -> str | None:
    """A vote button's data: about the topic ('<intent>.<topic>') if it fits, else the intent."""
    for about in (topic, intent):
        if about:
            script = f":{TRADITIONAL}" if traditional else ""
            data = f"{FEEDBACK}:{'+' if helpful else '-'}:{about}{script}"
            if len(data.encode()) <= MAX_CALLBACK_BYTES:
                return data
    return None


def parse_feedback(data: str | None) -> tuple[bool, str, str | None, bool] | None:
    """(helpful, intent, topic or None, traditional) of vote data; None for any other data."""
    kind, _, rest = (data or "").partition(":")
    sign, _, rest = rest.partition(":")
    about, _, script = rest.partition(":")
    if kind != FEEDBACK or sign not in ("+", "-") or not about:
        return None
    intent = about.partition(".")[0]
    return sign == "+", intent, about if "." in about else None, script == TRADITIONAL


def with_feedback(
    markup: InlineKeyboardMarkup | None, reply: Reply, labels: tuple[str, str]
) -> InlineKeyboardMarkup | None:
    """`markup` with a last row of 👍 / 👎 for `reply` (a real answer only)."""
    if reply.intent is None:
        return markup
    up, down = (
        feedback_data(h, reply.intent, reply.topic, reply.traditional) for h in (True, False)
    )
    if up is None or down is None:
        return markup
    row = [
        InlineKeyboardButton(labels[0], callback_data=up),
        InlineKeyboardButton(labels[1], callback_data=down),
    ]
    rows = [list(r) for r in markup.inline_keyboard] if markup is not None else []
    return InlineKeyboardMarkup([*rows, row])
