"""Hot reload: a new knowledge base swapped in, a bad one refused, no request failing meanwhile."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import TODAY
from live_server import SETTINGS, TOKEN, serve, signed_query, wechat_xml
from redis_server import RedisServer
from serve_process import ServeProcess

from bot.engine import Engine
from bot.reload import Reloader
from bot.repl import run
from bot.server import create_app
from bot.wechat_xml import parse

FALLBACK = "这个问题我可能答不好。"
UNKNOWN = "帮我查一下明天的天气"  # answered by the fallback text, which the tests edit


def set_version(faq: Path, version: int) -> str:
    """Rewrite faq/messages.yaml's fallback so replies show `version`; returns the marker."""
    path = faq / "messages.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("fallback: ") + len("fallback: ")
    end = text.index(FALLBACK, start)
    marker = f"【第{version}版】"
    path.write_text(text[:start] + marker + text[end:], encoding="utf-8")
    return marker


def break_kb(faq: Path) -> None:
    """A knowledge base that does not load: an intent file that is not YAML."""
    (faq / "intents" / "zz_broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")


def mend_kb(faq: Path) -> None:
    (faq / "intents" / "zz_broken.yaml").unlink()


def test_reload_swaps_the_engine_and_keeps_the_conversations(faq_copy: Path) -> None:
    engine = Engine.from_faq(faq_copy, today=lambda: TODAY)

    class Front:
        def __init__(self) -> None:
            self.engine = engine

    front = Front()
    reloader = Reloader(engine, [front])
    assert reloader.base == faq_copy
    front.engine.answer("分期乐逾期20天", user="u")
    marker = set_version(faq_copy, 2)
    assert reloader.reload() == (True, "")
    assert front.engine is reloader.engine is not engine
    assert front.engine.answer(UNKNOWN).answer.startswith(marker)
    follow_up = front.engine.answer("那会上门吗", user="u")  # the context survived the swap
    assert (follow_up.days, follow_up.platform) == (20, "分期乐")


def test_a_bad_knowledge_base_leaves_the_old_one_serving(
    faq_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine = Engine.from_faq(faq_copy, today=lambda: TODAY)
    reloader = Reloader(engine)
    break_kb(faq_copy)
    with caplog.at_level(logging.ERROR, logger="bot.reload"):
        ok, why = reloader.reload()
    assert not ok and "zz_broken.yaml" in why
    assert reloader.engine is engine
    assert "knowledge base not reloaded" in caplog.text and "zz_broken.yaml" in caplog.text


def test_repl_reload(faq_copy: Path) -> None:
    engine = Engine.from_faq(faq_copy, today=lambda: TODAY)
    steps = iter([
        lambda: UNKNOWN,
        lambda: (set_version(faq_copy, 3), "/reload")[1],
        lambda: UNKNOWN,
        lambda: (break_kb(faq_copy), "/reload")[1],
        lambda: UNKNOWN,
    ])

    def read(prompt: str) -> str:
        try:
            return next(steps)()
        except StopIteration:
            raise EOFError from None

    out: list[str] = []
    assert run(engine, read=read, write=out.append) == 0
    assert out[1].startswith(FALLBACK)
    assert out[2].startswith("知识库已重新加载") and out[3].startswith("【第3版】")
    assert out[4].startswith("知识库没有重新加载") and "zz_broken.yaml" in out[4]
    assert out[5].startswith("【第3版】")  # still the last good one


def _ask_wechat(client: httpx.Client, openid: str, text: str, msg_id: str) -> httpx.Response:
    params = {**signed_query(), "openid": openid}
    return client.post("/wechat", params=params,
                       content=wechat_xml("text.xml", openid, text, msg_id))


class Load:
    """Threads asking /wechat without pause, each request from a new user (no rate limit)."""

    def __init__(self, url: str, threads: int = 4, fresh: bool = False) -> None:
        self.url, self.stop, self.fresh = url, threading.Event(), fresh
        self.tag = str(time.time_ns() % 10**9)  # MsgIds no other run has used
        self.results: list[tuple[int, str]] = []
        self.errors: list[str] = []
        self._threads = [threading.Thread(target=self._run, args=(n,)) for n in range(threads)]

    def _run(self, worker: int) -> None:
        # fresh: a new connection a request, so the kernel spreads them over the workers
        limits = httpx.Limits(max_keepalive_connections=0 if self.fresh else 20)
        with httpx.Client(base_url=self.url, timeout=10, limits=limits) as client:
            index = 0
            while not self.stop.is_set():
                index += 1
                question = UNKNOWN if index % 2 else "逾期会上征信吗"
                try:
                    response = _ask_wechat(client, f"oLoad{worker}x{index}", question,
                                           f"{self.tag}{worker}{index:06d}")
                    content = parse(response.content)["Content"] if response.status_code == 200 \
                        else response.text
                    self.results.append((response.status_code, content))
                except Exception as exc:  # a refused connection or a timeout is a failure too
                    self.errors.append(repr(exc))

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(timeout=30)


def test_no_request_fails_while_reloading_under_load(faq_copy: Path) -> None:
    engine = Engine.from_faq(faq_copy, today=lambda: TODAY)
    app = create_app(engine, SETTINGS)
    reloader: Reloader = app.state.reloader
    outcomes = []
    with serve(engine, app=app) as url, Load(url, threads=3) as load:
        for version in range(1, 7):
            if version == 3:
                break_kb(faq_copy)
            if version == 4:
                mend_kb(faq_copy)
            set_version(faq_copy, version)
            outcomes.append(reloader.reload()[0])
            time.sleep(0.05)
        time.sleep(0.2)
        with httpx.Client(base_url=url) as client:
            final = _ask_wechat(client, "oAfter", UNKNOWN, "999999")
    assert outcomes == [True, True, False, True, True, True]
    assert load.errors == [] and len(load.results) > 100
    assert {status for status, _ in load.results} == {200}
    answers = {content[:8] for _, content in load.results}
    assert any(a.startswith("【第") for a in answers)
    assert parse(final.content)["Content"].startswith("【第6版】")


# -- real processes and real signals ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    """`overdue-bot …` in a child process, its log lines collected as they come."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", *args], env={**os.environ, **env},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, count: int = 1, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while sum(text in line for line in self.lines) < count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} ×{count} in:\n" + "\n".join(self.lines))
            time.sleep(0.02)

    def hup(self) -> None:
        self.process.send_signal(signal.SIGHUP)

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()


@pytest.fixture()
def serve_process(faq_copy: Path) -> Iterator[tuple[Process, str]]:
    port = _free_port()
    process = Process(["--faq", str(faq_copy), "serve", "--port", str(port)],
                      {"WECHAT_TOKEN": TOKEN, "OVERDUE_BOT_LOG_SALT": "t"})
    try:
        process.wait_for("SIGHUP reloads the knowledge base")
        yield process, f"http://127.0.0.1:{port}"
    finally:
        process.close()


def test_sighup_reloads_a_serving_server_under_load(
    serve_process: tuple[Process, str], faq_copy: Path
) -> None:
    process, url = serve_process
    with Load(url, threads=3) as load:
        for version, good in ((1, True), (2, False), (3, True)):
            if not good:
                break_kb(faq_copy)
            set_version(faq_copy, version)
            process.hup()
            process.wait_for("knowledge base reloaded" if good else "not reloaded",
                             count=2 if version == 3 else 1)
            if not good:
                mend_kb(faq_copy)
        _wait_results(load, 21)
    with httpx.Client(base_url=url) as client:
        content = parse(_ask_wechat(client, "oAfterHup", UNKNOWN, "888888").content)["Content"]
    assert content.startswith("【第3版】")
    assert load.errors == [] and {status for status, _ in load.results} == {200}
    assert len(load.results) > 20
    assert process.process.poll() is None  # still serving
    failed = next(line for line in process.lines if "not reloaded" in line)
    assert "zz_broken.yaml" in failed and UNKNOWN not in "\n".join(process.lines)


async def test_sighup_reloads_the_telegram_bot(faq_copy: Path) -> None:
    from fake_bot_api import FakeBotApi

    async with FakeBotApi() as api:
        process = Process(
            ["--faq", str(faq_copy), "telegram", "--base-url", f"http://127.0.0.1:{api.port}",
             "--poll-timeout", "1"],
            {"TELEGRAM_BOT_TOKEN": api.token},
        )
        try:
            api.send_text(UNKNOWN, chat_id=71)
            (first,) = await api.wait_sent(71, timeout=20)
            assert first.params["text"].startswith(FALLBACK)
            set_version(faq_copy, 4)
            process.hup()
            await _wait_line(process, "knowledge base reloaded")
            api.send_text(UNKNOWN, chat_id=71)
            second = (await api.wait_sent(71, count=2, timeout=20))[1]
            assert second.params["text"].startswith("【第4版】")
        finally:
            await asyncio.to_thread(process.close)  # the stand-in answers its last calls meanwhile


async def _wait_line(process: Process, text: str) -> None:
    deadline = time.monotonic() + 20
    while not any(text in line for line in process.lines):
        assert process.process.poll() is None and time.monotonic() < deadline, process.lines
        await asyncio.sleep(0.02)


def test_sighup_reaches_every_worker_of_serve_workers(
    redis_server: RedisServer, faq_copy: Path, tmp_path: Path
) -> None:
    server = ServeProcess(tmp_path, redis_server.url, workers=2, faq=faq_copy)
    server.start()
    try:
        assert server.process is not None
        with Load(server.url, threads=3, fresh=True) as load:
            marker = set_version(faq_copy, 7)
            server.process.send_signal(signal.SIGHUP)
            _wait_log(server, "knowledge base reloaded", 2)
            break_kb(faq_copy)
            server.process.send_signal(signal.SIGHUP)
            _wait_log(server, "knowledge base not reloaded", 2)
            mend_kb(faq_copy)
            _wait_results(load, 21)
        pids = set(re.findall(r" (\d+) bot\.reload knowledge base reloaded", server.text()))
        assert len(pids) == 2  # each worker reloaded itself, in place
        assert load.errors == [] and {status for status, _ in load.results} == {200}
        assert len(load.results) > 20
        with httpx.Client(base_url=server.url, timeout=10,
                          limits=httpx.Limits(max_keepalive_connections=0)) as client:
            contents = [parse(_ask_wechat(client, f"oAfter{n}", UNKNOWN, f"{load.tag}9{n}")
                              .content)["Content"] for n in range(6)]
        assert all(content.startswith(marker) for content in contents)
        assert server.process.poll() is None and "Child process" not in server.text()
        _votes_cross_workers(server, load.tag)
    finally:
        server.stop()


PAIRS = 12  # questions answered and then voted on, each message on a new connection


def _votes_cross_workers(server: ServeProcess, tag: str) -> None:
    """有用 right after an answer counts whichever worker each message reaches (Redis)."""
    import redis

    counts = redis.Redis.from_url(server.env["REDIS_URL"], decode_responses=True)
    before = int(counts.hget("overdue-bot:feedback:credit_report", "up") or 0)
    thanks = Engine.from_faq().message("feedback_thanks")
    limits = httpx.Limits(max_keepalive_connections=0)  # each message may reach either worker
    with httpx.Client(base_url=server.url, timeout=10, limits=limits) as client:
        for n in range(PAIRS):
            answer = parse(_ask_wechat(client, f"oVote{tag}{n}", "逾期会上征信吗",
                                       f"{tag}8{n}1").content)["Content"]
            assert "征信" in answer
            vote = parse(_ask_wechat(client, f"oVote{tag}{n}", "有用", f"{tag}8{n}2").content)
            assert vote["Content"] == thanks
    assert int(counts.hget("overdue-bot:feedback:credit_report", "up") or 0) == before + PAIRS
    counts.close()
    # Which worker answered each user, and which took each vote (in order): some crossed.
    answered = [server.handled(f"oVote{tag}{n}")["answered"][0] for n in range(PAIRS)]
    voted = [line.split()[2] for line in server.text().splitlines()
             if "bot.feedback feedback" in line][-PAIRS:]
    # Measured 3 to 8 crossings in 8; none in 12 would happen about once in 50 000 runs.
    assert sum(a != v for a, v in zip(answered, voted, strict=True)) >= 1


def _wait_results(load: Load, count: int) -> None:
    """Keep the load running until it has `count` answers (a busy machine answers slowly)."""
    deadline = time.monotonic() + 30
    while len(load.results) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def _wait_log(server: ServeProcess, text: str, count: int) -> None:
    deadline = time.monotonic() + 30
    while server.text().count(text) < count:
        assert time.monotonic() < deadline, server.text()[-3000:]
        time.sleep(0.05)
