"""Fuzz: Engine.answer, `ask --json` and the REPL answer anything without a crash."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from fuzz import TEXT_CASES, fuzz_settings, questions
from hypothesis import given
from hypothesis import strategies as st
from test_repl import converse

from bot.engine import Engine, Reply
from bot.repl import Session

JSON_KEYS = {"intent", "score", "days", "platform", "answer", "suggestions"}


def well_formed(engine: Engine, reply: Reply) -> None:
    """One reply: an answer that can be sent, a known intent, sane numbers."""
    assert isinstance(reply.answer, str) and reply.answer.strip()
    reply.answer.encode("utf-8")  # never a lone surrogate in what is sent back
    assert reply.intent is None or reply.intent in engine.kb.intents
    assert reply.days is None or (isinstance(reply.days, int) and reply.days >= 0)
    assert all(isinstance(s, str) and s for s in reply.suggestions)
    data = json.loads(json.dumps(reply.to_json(), ensure_ascii=False))
    assert set(data) >= JSON_KEYS


@pytest.mark.parametrize("text", TEXT_CASES)
def test_engine_answers_the_issue_cases(fresh_engine: Engine, text: str) -> None:
    well_formed(fresh_engine, fresh_engine.answer(text, user="fuzz"))


@fuzz_settings(300)
@given(text=questions, user=st.sampled_from(["a", "b", None]))
def test_engine_answers_anything(engine: Engine, text: str, user: str | None) -> None:
    well_formed(engine, engine.answer(text, user=user))


@fuzz_settings(200)
@given(lines=st.lists(questions, min_size=1, max_size=6))
def test_repl_session_answers_anything(fresh_engine: Engine, lines: list[str]) -> None:
    session = Session(fresh_engine)  # one conversation across examples, as a long session
    for line in lines:
        if line.strip() in {"/quit", "/exit", "/q", "exit", "quit"}:
            continue
        reply = session.handle(line)
        assert isinstance(reply, str) and reply.strip()
        reply.encode("utf-8")


def test_repl_loop_survives_the_issue_cases(fresh_engine: Engine) -> None:
    out = converse(fresh_engine, *TEXT_CASES)
    assert len(out) == len(TEXT_CASES) + 2  # the welcome, one reply per line, the last newline


def ask_lines(lines: list[str]) -> list[dict]:
    """`ask --json` over standard input in one real process: one JSON object per line."""
    data = "\n".join(lines).encode("utf-8", "surrogatepass") + b"\n"  # invalid UTF-8 too
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json"], input=data, capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def one_line(text: str) -> str:
    # Standard input is read in universal-newline mode: \r and \n both end a line.
    return text.replace("\r", " ").replace("\n", " ")


def test_ask_json_over_stdin_answers_each_issue_case() -> None:
    lines = [one_line(t) for t in TEXT_CASES]
    replies = ask_lines(lines)
    assert len(replies) == len(lines)
    assert all(set(r) >= JSON_KEYS and r["answer"] for r in replies)


@fuzz_settings(4)
@given(lines=st.lists(questions.map(one_line), min_size=1, max_size=40))
def test_ask_json_over_stdin_answers_anything(lines: list[str]) -> None:
    replies = ask_lines(lines)
    assert len(replies) == len(lines)
    assert all(set(r) >= JSON_KEYS and r["answer"] for r in replies)


@pytest.mark.parametrize("text", ["①", "9" * 5000, "逾期30天 serve 会上门吗", "--", "-x"])
def test_ask_json_with_text_arguments(text: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--", text], capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    assert set(json.loads(result.stdout)) >= JSON_KEYS
