"""The bot's own texts (faq/messages.yaml): which must exist and which placeholders each takes."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from .kb_read import KnowledgeError, _name, _read_yaml

MESSAGE_KEYS = (
    "welcome",
    "help",
    "fallback",
    "suggest_intro",
    "also_asked",
    "empty",
    "no_text",
    "non_text",
    "too_long",
    "rate_limited",
    "error",
    "stage_intro",
    "stage_todo",
    "stage_todo_first",
    "stage_next",
    "approx_days",
    "platform_note",
    "also_lead",
    "jurisdiction_note",
    "not_due",
    "impossible_days",
    "sources",
    "examples",
    "more_pointer",
    "more_words",
    "timeline_hint",
    "repl_commands",
    "goodbye",
    "pick_hint",
    "timeline_usage",
    "unknown_command",
    "feedback_up",
    "feedback_down",
    "feedback_up_words",
    "feedback_down_words",
    "feedback_thanks",
    "feedback_sorry",
    "reload_done",
    "reload_failed",
)
# The {placeholders} the engine fills in; any other message is shown as written.
MESSAGE_PLACEHOLDERS = {
    "stage_intro": {"days", "title"},
    "stage_next": {"start", "title"},
    "stage_todo_first": {"days", "title"},
    "platform_note": {"platform"},
    "also_lead": {"question"},
    "jurisdiction_note": {"region"},
    "not_due": {"ahead", "month", "day"},
    "reload_done": {"intents"},
    "reload_failed": {"error"},
}


def load_messages(base: Path) -> dict[str, Any]:
    """faq/messages.yaml: every message present, placeholders only those the engine fills."""
    path = base / "messages.yaml"
    file = _name(path, base)
    data = _read_yaml(path, base)
    if not isinstance(data, dict):
        raise KnowledgeError(file, None, "expected a mapping of messages")
    for key in MESSAGE_KEYS:
        if key not in data:
            raise KnowledgeError(file, key, "missing message")
    if not isinstance(data["examples"], list) or not data["examples"]:
        raise KnowledgeError(file, "examples", "expected a list of example questions")
    for key, value in data.items():
        _check_placeholders(file, str(key), value, MESSAGE_PLACEHOLDERS.get(key, set()))
    return data


def _check_placeholders(file: str, key: str, value: Any, allowed: set[str]) -> None:
    """A message may use only the {placeholders} the engine fills in for it."""
    for text in value if isinstance(value, list) else [value]:
        try:
            fields = {f for _, f, _, _ in string.Formatter().parse(str(text)) if f is not None}
        except ValueError as exc:
            raise KnowledgeError(file, key, f"malformed {{placeholder}}: {exc}") from None
        unknown = sorted(fields - allowed)
        if unknown:
            known = ", ".join(f"{{{f}}}" for f in sorted(allowed)) or "none"
            raise KnowledgeError(
                file, key, f"unknown placeholder {{{unknown[0]}}} (this message takes {known})"
            )
