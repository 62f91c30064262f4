"""The overdue-bot command, run as a user would: a real process, exit codes and output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.cli import main

DATA = Path(__file__).parent / "data"
DEV = DATA / "dev.tsv"  # a copy of ../shared/eval/dev.tsv (tests/test_shared_copies.py)


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, timeout=60
    )
    print(result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace"))
    return result


def test_ask_json_one_question() -> None:
    result = run("ask", "--json", "分期乐逾期15天会联系家人吗")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert (data["intent"], data["days"], data["platform"]) == ("contact_family", 15, "分期乐")
    assert {"intent", "score", "days", "platform", "answer", "suggestions"} <= set(data)
    assert data["topic"] is None or data["topic"].startswith(data["intent"] + ".")


def test_ask_batch_is_json_lines_in_order_and_survives_bad_bytes() -> None:
    lines = ["逾期会上门吗", "", "讲个笑话", "逾期會坐牢嗎"]
    stdin = ("\n".join(lines[:2]) + "\n").encode() + b"\xff\xfe\x00garbage\n"
    stdin += ("\n".join(lines[2:]) + "\n").encode()
    result = run("ask", "--json", stdin=stdin)
    assert result.returncode == 0
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["intent"] for r in rows] == ["door_visit", None, None, None, "lawsuit"]
    assert "坐牢" in rows[-1]["answer"] and "會" in rows[-1]["answer"]


def test_ask_today_fixes_the_due_date() -> None:
    result = run("ask", "--json", "--today", "2026-11-22", "我10月1号该还的")
    assert json.loads(result.stdout)["days"] == 52


def test_ask_rejects_a_bad_date() -> None:
    result = run("ask", "--today", "yesterday", "逾期")
    assert result.returncode == 2 and b"not a date" in result.stderr


def test_ask_plain_text() -> None:
    result = run("ask", "逾期会寄律师函吗")
    assert result.returncode == 0
    assert "律师函" in result.stdout.decode()


def test_eval_prints_figures_beside_baselines(capsys) -> None:
    assert main(["eval", str(DATA / "questions.tsv"), "--today", "2026-11-22"]) == 0
    out = capsys.readouterr().out
    assert "in-scope top-1" in out and "bm25" in out and "rapidfuzz" in out
    assert "misses: none" in out


def test_eval_dev_set(capsys) -> None:
    assert main(["eval", str(DEV), "--no-baselines"]) == 0
    assert "day counts right" in capsys.readouterr().out


def test_eval_real_dev_sample(capsys) -> None:
    # Several accepted intents per line ("a|b"): the file reads and evaluates as a whole.
    assert main(["eval", str(DATA / "real_dev_public.tsv"), "--no-baselines"]) == 0
    assert "in-scope top-1" in capsys.readouterr().out


def test_missing_eval_file() -> None:
    result = run("eval", "/nonexistent/file.tsv")
    assert result.returncode == 1 and b"No such file" in result.stderr


def test_front_end_help_without_token_is_clean() -> None:
    result = run("--help")
    assert result.returncode == 0 and b"ask" in result.stdout and b"telegram" in result.stdout


def test_front_end_options_reach_the_front_end(monkeypatch, tmp_path) -> None:
    seen = {}

    class Module:
        @staticmethod
        def main(argv, faq=None):
            seen["argv"], seen["faq"] = argv, faq
            return 0

    monkeypatch.setattr("importlib.import_module", lambda name: Module)
    faq = str(tmp_path)
    assert main(["--faq", faq, "telegram", "--base-url", "http://127.0.0.1:1/bot", "-v"]) == 0
    assert seen["argv"] == ["--base-url", "http://127.0.0.1:1/bot", "-v"]
    assert str(seen["faq"]) == faq


def test_eval_without_the_bm25_extra(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "rank_bm25", None)  # as if rank-bm25 were not installed
    assert main(["eval", str(DATA / "questions.tsv"), "--today", "2026-11-22"]) == 0
    out = capsys.readouterr().out
    assert "pip install 'overdue-bot[eval]'" in out and "rapidfuzz" in out


def test_a_front_end_name_inside_a_question_is_part_of_the_question() -> None:
    result = run("ask", "--json", "逾期30天", "serve", "会上门吗")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert (data["intent"], data["days"]) == ("door_visit", 30)


def test_a_missing_faq_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent"
    result = run("--faq", str(missing), "ask", "你好")
    assert result.returncode == 2 and str(missing).encode() in result.stderr
    assert b"Traceback" not in result.stderr


def test_a_broken_faq_folder_is_named(tmp_path: Path) -> None:
    result = run("--faq", str(tmp_path), "faq", "lint")
    assert result.returncode == 1 and str(tmp_path).encode() in result.stderr
