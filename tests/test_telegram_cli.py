"""`overdue-bot telegram`: exit codes for a missing or rejected token, and a real run end to end."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_bot_api import FakeBotApi

from bot import cli, telegram_bot

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


def test_a_missing_token_is_exit_code_2_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert cli.main(["telegram"]) == 2
    err = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN is not set" in err and "@BotFather" in err
    assert "Traceback" not in err


def test_a_malformed_token_is_exit_code_2_and_not_echoed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = "not a token/../x"
    assert telegram_bot.main([], environ={"TELEGRAM_BOT_TOKEN": token}) == 2
    err = capsys.readouterr().err
    assert "does not look like a bot token" in err and token not in err


async def test_a_rejected_token_is_exit_code_3_and_not_echoed(
    api: FakeBotApi, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = "42:rejected-by-the-server"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    argv = ["telegram", "--", "--base-url", api.base_url]  # "--": see docs/telegram.md
    code = await asyncio.to_thread(cli.main, argv)
    assert code == telegram_bot.EXIT_REJECTED == 3
    err = capsys.readouterr().err
    assert "rejected TELEGRAM_BOT_TOKEN" in err and "@BotFather" in err
    assert token not in err and "Traceback" not in err
    assert [call.method for call in api.calls] == ["getMe"]


async def test_overdue_bot_telegram_polls_answers_and_stops_on_sigterm(api: FakeBotApi) -> None:
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": api.base_url,
        "OVERDUE_BOT_LOG_SALT": "test-salt",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "telegram", env=environ, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    api.send_text("分期乐逾期了会联系我家人吗", chat_id=555000111)
    replied = asyncio.create_task(api.wait_sent(555000111, timeout=30))
    exited = asyncio.create_task(process.wait())
    await asyncio.wait([replied, exited], return_when=asyncio.FIRST_COMPLETED)
    if not exited.done():
        process.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(process.communicate(), 30)
    log = err.decode()
    assert replied.done() and process.returncode == 0, log
    (sent,) = replied.result()
    assert "联系" in sent.params["text"]
    assert "polling as @overdue_test_bot" in log and "intent=contact_family" in log
    for secret in (api.token, "分期乐", "555000111"):
        assert secret not in log
