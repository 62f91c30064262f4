"""The misses log (what is logged, rotation, several writers) and `overdue-bot faq misses`."""

from __future__ import annotations

import csv
import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest
from test_repl import converse

from bot.curator import Curator
from bot.engine import Engine, Reply
from bot.evaluate import read_cases
from bot.misses import LOW, NO_INTENT, MissLog, miss_reason

THRESHOLD = 0.42


def reply(intent: str | None, score: float) -> Reply:
    return Reply(intent=intent, score=score, days=None, platform=None, answer="")


@pytest.mark.parametrize(
    ("intent", "score", "reason"),
    [
        (None, 0.1, NO_INTENT),
        (None, 0.9, NO_INTENT),  # out of scope: a curator may want to answer it after all
        ("lawsuit", 0.50, LOW),
        ("lawsuit", 0.55, None),
        ("lawsuit", 0.93, None),
        ("timeline", THRESHOLD, None),  # set by the engine for a bare day count, not earned
    ],
)
def test_what_counts_as_a_miss(intent: str | None, score: float, reason: str | None) -> None:
    assert miss_reason(reply(intent, score), THRESHOLD) == reason


def test_real_answers_and_misses(fresh_engine: Engine, tmp_path: Path) -> None:
    log = MissLog(tmp_path / "m.jsonl")
    for question in ("逾期会上征信吗", "逾期10天", "分期乐逾期20天", "那会上门吗", "🙂🙂", "   "):
        assert not log.answered("repl", question, fresh_engine.answer(question, user="u"),
                                fresh_engine.threshold), question
    assert log.answered("repl", "帮我查公积金", fresh_engine.answer("帮我查公积金"),
                        fresh_engine.threshold)
    (record,) = [json.loads(line) for line in log.path.read_text().splitlines()]
    assert set(record) == {"time", "kind", "front", "question", "intent", "topic", "score",
                           "nearest", "days", "platform"}


def test_the_file_rotates_by_size(tmp_path: Path) -> None:
    log = MissLog(tmp_path / "m.jsonl", max_bytes=2_000, backups=2)
    for index in range(200):
        log.write({"kind": "no_intent", "question": f"第{index}个问题" + "很长" * 10})
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["m.jsonl", "m.jsonl.1", "m.jsonl.2"]
    assert all((tmp_path / name).stat().st_size <= 2_000 + 200 for name in files)
    newest = (tmp_path / "m.jsonl").read_text().splitlines()
    assert json.loads(newest[-1])["question"].startswith("第199个")


def _writer(path: str, worker: int) -> None:
    log = MissLog(Path(path), max_bytes=20_000, backups=50)
    for index in range(300):
        log.write({"kind": "no_intent", "question": f"w{worker}-{index}"})


def test_several_processes_append_whole_lines_and_lose_none(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(path), n)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    questions = [
        json.loads(line)["question"]
        for file in tmp_path.iterdir()
        for line in file.read_text().splitlines()
    ]
    assert sorted(questions) == sorted(f"w{w}-{i}" for w in range(4) for i in range(300))


def test_odd_text_is_logged_as_valid_utf8(fresh_engine: Engine, tmp_path: Path) -> None:
    curator = Curator(misses=MissLog(tmp_path / "m.jsonl"))
    for text in ("\ud800逾期\udfff", "\x00\x1b[31m查公积金"):
        curator.answered(fresh_engine, "wx:u", text, fresh_engine.answer(text))
        assert Curator.word(fresh_engine, text) is None
    assert Curator.word(fresh_engine, "有用\ud800") is True
    lines = (tmp_path / "m.jsonl").read_bytes().decode("utf-8").splitlines()
    assert len(lines) >= 1 and all(json.loads(line)["front"] == "wx" for line in lines)


def test_an_unwritable_log_never_fails_an_answer(tmp_path: Path, caplog) -> None:
    log = MissLog(tmp_path / "no" / "such" / "dir.jsonl")
    log.write({"kind": "no_intent", "question": "x"})
    assert "cannot write the misses log" in caplog.text


def test_the_repl_logs_its_misses(fresh_engine: Engine, tmp_path: Path) -> None:
    curator = Curator(misses=MissLog(tmp_path / "m.jsonl"))
    inputs = iter(["有用", "我的邮箱 me@example.com 收不到验证码", "逾期会上门吗", "没用",
                   "/quit"])
    from bot.repl import run

    out: list[str] = []
    run(fresh_engine, read=lambda prompt: next(inputs), write=out.append, curator=curator)
    assert out[-2].strip() == fresh_engine.message("feedback_sorry")
    records = [json.loads(x) for x in (tmp_path / "m.jsonl").read_text().splitlines()]
    # A stray 有用 is neither a vote nor a miss; the e-mail is scrubbed; 没用 is a vote.
    assert [(r["kind"], r["front"]) for r in records][1:] == [("downvote", "repl")]
    assert records[0]["kind"] in ("no_intent", "low_score") and records[0]["front"] == "repl"
    assert "me@example.com" not in records[0]["question"] and "<邮箱>" in records[0]["question"]
    assert records[1]["question"] == "逾期会上门吗" and records[1]["intent"] == "door_visit"


# -- overdue-bot faq misses -------------------------------------------------------------------


def _log(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps({"time": "2026-11-23T10:00:00Z", **record},
                                    ensure_ascii=False) + "\n")


def _miss(question: str, nearest: str, intent: str | None = None, **extra: object) -> dict:
    return {"kind": "no_intent" if intent is None else "low_score", "front": "wx",
            "question": question, "intent": intent, "nearest": [[nearest, 0.3]], **extra}


LOG = [
    _miss("公积金能还网贷吗", "negotiate_repayment"),
    _miss("公积金可以拿来还网贷吗", "negotiate_repayment"),
    _miss("公积金能还网贷吗", "negotiate_repayment"),
    _miss("逾期了能用公积金贷款吗", "negotiate_repayment"),
    _miss("网贷逾期影响孩子考公吗", "credit_report", days=None, platform=None),
    _miss("分期乐逾期30天影响子女考公吗", "credit_report", days=30, platform="分期乐"),
    _miss("催收说要起诉我老婆", "lawsuit", intent="lawsuit"),
    {"kind": "feedback", "front": "wx", "helpful": True, "intent": "lawsuit", "topic": None},
    {"kind": "downvote", "front": "tg", "helpful": False, "intent": "lawsuit",
     "topic": "lawsuit.summons", "question": "传票是真的吗"},
    {"kind": "feedback", "front": "tg", "helpful": True, "intent": "credit_report",
     "topic": None},
    "not json",
]


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True,
                          timeout=60, env=env)


def test_faq_misses_groups_by_intent_and_wording(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    _log(path, [r for r in LOG if isinstance(r, dict)])
    with path.open("a") as handle:
        handle.write("not json\n")
    result = run_cli("faq", "misses", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "8 logged questions in 3 groups; votes from the misses file"
    headers = [line for line in lines if line and not line.startswith(" ")]
    assert headers[1].startswith("negotiate_repayment: 4 (no_intent 4); no votes")
    assert headers[2].startswith("credit_report: 2 (no_intent 2); helpful 1/1 (100%)")
    assert headers[3].startswith("lawsuit: 2 (low_score 1, downvote 1); helpful 1/2 (50%)")
    block = lines[lines.index(headers[1]) + 1 : lines.index(headers[2]) - 1]
    # The two ways of asking the same thing are one cluster, the most frequent wording first.
    assert block[0].split() == ["[3]", "2×", "公积金能还网贷吗"]
    assert block[1].split() == ["1×", "公积金可以拿来还网贷吗"]
    assert block[2].split() == ["[1]", "1×", "逾期了能用公积金贷款吗"]
    assert "lawsuit.summons: helpful 0/1 (0%)" in result.stdout


def test_faq_misses_tsv_is_the_next_test_set(tmp_path: Path) -> None:
    path, out = tmp_path / "m.jsonl", tmp_path / "next.tsv"
    _log(path, [r for r in LOG if isinstance(r, dict)])
    result = run_cli("faq", "misses", str(path), "--tsv", str(out))
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert list(rows[0]) == ["query", "intent", "days", "platform"]
    assert len(rows) == 7  # each distinct question once
    assert all(row["intent"] == "" for row in rows)  # for the curator to fill in
    assert {"query": "分期乐逾期30天影响子女考公吗", "intent": "", "days": "30",
            "platform": "分期乐"} in rows
    assert len(read_cases(out)) == 7  # the evaluator reads it


def test_faq_misses_on_a_missing_file_says_so(tmp_path: Path) -> None:
    result = run_cli("faq", "misses", str(tmp_path / "nope.jsonl"))
    assert result.returncode == 1 and "nope.jsonl" in result.stderr


def test_repl_reload_flows_through_converse(fresh_engine: Engine) -> None:
    out = converse(fresh_engine, "/reload")
    assert out[1].startswith("知识库已重新加载")
