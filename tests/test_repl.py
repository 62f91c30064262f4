"""The terminal chat, driven through its read/write seam and as a real process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.repl import PROMPT, Session, run


def converse(engine, *lines: str) -> list[str]:
    inputs = iter(lines)
    out: list[str] = []

    def read(prompt: str) -> str:
        assert prompt == PROMPT
        try:
            return next(inputs)
        except StopIteration:
            raise EOFError from None

    assert run(engine, read=read, write=out.append) == 0
    return out


def test_welcome_answer_and_goodbye(fresh_engine) -> None:
    out = converse(fresh_engine, "逾期会上门吗", "/quit", "never read")
    assert out[0].startswith(fresh_engine.message("welcome"))
    assert fresh_engine.kb.intents["door_visit"].answer.splitlines()[0] in out[1]
    assert out[-1] == fresh_engine.message("goodbye") and len(out) == 3


def test_follow_up_in_the_repl(fresh_engine) -> None:
    out = converse(fresh_engine, "分期乐逾期20天", "那会上门吗")
    assert "关于分期乐" in out[2] or "20天" in out[2]


def test_timeline_command(fresh_engine) -> None:
    session = Session(fresh_engine)
    stage = fresh_engine.kb.stage_for(45)
    assert stage.title in session.handle("/timeline 45")
    overview = session.handle("/timeline")
    assert all(s.title in overview for s in fresh_engine.kb.stages)


def test_pick_a_suggestion_by_number(fresh_engine) -> None:
    session = Session(fresh_engine)
    first = session.handle("逾期会联系家人吗")
    assert "1. " in first
    suggestion = fresh_engine.answer("逾期会联系家人吗").suggestions[0]
    picked = session.handle("1")
    assert picked.startswith(fresh_engine.answer(suggestion).answer[:30])


def test_help_and_bad_input(fresh_engine) -> None:
    session = Session(fresh_engine)
    assert fresh_engine.message("repl_commands") in session.handle("/help")
    assert session.handle("").startswith(fresh_engine.message("empty"))
    assert session.handle("🙏🙏").startswith(fresh_engine.message("no_text"))
    assert session.handle("/quit") is None


def test_repl_process_reads_until_end_of_input() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        input="逾期會不會打給我朋友\n/timeline 10\n".encode() + b"\xff\n",
        capture_output=True,
        timeout=60,
    )
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert "通訊錄" in out or "朋友" in out
    assert "逾期10天" in out


@pytest.mark.parametrize(
    "line", ["/timeline abc", "/timeline -5", "/timeline " + "9" * 5000, "/timeline 36501",
             "/timeline ²", "/TIMELINE x"],
)
def test_a_bad_day_count_gets_the_usage_hint(fresh_engine, line: str) -> None:
    assert Session(fresh_engine).handle(line) == fresh_engine.message("timeline_usage")


def test_an_unknown_command_gets_the_command_list(fresh_engine) -> None:
    session = Session(fresh_engine)
    assert session.handle("/foo") == fresh_engine.message("unknown_command")
    assert session.handle("/timeline 45天") == session.handle("/timeline 45")


def test_odd_digits_are_questions_not_picks(fresh_engine) -> None:
    session = Session(fresh_engine)
    session.handle("逾期会联系家人吗")
    for line in ("①", "²", "٣", "9" * 5000):
        assert session.handle(line)  # answered, never a crash


def test_odd_input_through_a_real_process() -> None:
    lines = ["①", "/timeline " + "9" * 5000, "/foo", "/timeline abc", "/timeline -5"]
    result = subprocess.run(
        [sys.executable, "-m", "bot"], input="\n".join(lines).encode() + b"\n\xff\n",
        capture_output=True, timeout=60,
    )
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    out = result.stdout.decode()
    assert out.count("/timeline 天数") == 3 and "没有这个命令" in out
