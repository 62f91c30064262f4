"""The curator's loop on a real uvicorn: misses logged from /wechat and /bridge, votes counted."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from conftest import TODAY
from live_server import BRIDGE_SECRET, SETTINGS, serve, signed_query, wechat_xml

from bot.bridge import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from bot.curator import Curator
from bot.engine import Engine
from bot.feedback import MemoryFeedback, Tally
from bot.misses import MissLog
from bot.server import create_app
from bot.wechat_xml import parse

OPENID = "oCurator7788"


@dataclass
class Running:
    client: httpx.Client
    engine: Engine
    curator: Curator
    log: Path

    def records(self) -> list[dict]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture()
def running(engine: Engine, tmp_path: Path) -> Iterator[Running]:
    own = Engine(engine.kb, today=lambda: TODAY)
    log = tmp_path / "misses.jsonl"
    curator = Curator(MemoryFeedback(), MissLog(log))
    with serve(own, app=create_app(own, SETTINGS, curator)) as url, httpx.Client(
        base_url=url, timeout=10
    ) as client:
        yield Running(client, own, curator, log)


def wechat(running: Running, text: str, msg_id: str, openid: str = OPENID) -> str:
    params = {**signed_query(), "openid": openid}
    body = wechat_xml("text.xml", openid, text, msg_id)
    response = running.client.post("/wechat", params=params, content=body)
    assert response.status_code == 200, response.text
    return parse(response.content)["Content"]


def bridge(running: Running, text: str, user: str, message_id: str) -> str:
    payload = {"chat_id": "c9", "user_id": user, "text": text, "message_id": message_id}
    body = json.dumps(payload, ensure_ascii=False).encode()
    ts = str(int(time.time()))
    headers = {TIMESTAMP_HEADER: ts, SIGNATURE_HEADER: sign(BRIDGE_SECRET, ts, body),
               "content-type": "application/json"}
    response = running.client.post("/bridge", content=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["reply"]


async def _counts(running: Running) -> dict[str, Tally]:
    return await running.curator.store.counts()


async def test_wechat_logs_a_miss_scrubbed_and_counts_a_vote(running: Running) -> None:
    # A question the bot cannot answer, carrying a phone number and a name.
    wechat(running, "我叫王建国，手机13912345678，帮我查下公积金", "5001")
    (miss,) = running.records()
    assert miss["kind"] == "no_intent" and miss["front"] == "wx"
    assert miss["question"] == "我叫<姓名>,手机<电话>,帮我查下公积金"
    assert miss["nearest"] and all(len(pair) == 2 for pair in miss["nearest"])
    text = running.log.read_text(encoding="utf-8")
    assert OPENID not in text and "wx:" not in text  # no user id, raw or hashed
    # A real answer, then 有用: counted for its intent, and thanked.
    answer = wechat(running, "逾期会上征信吗", "5002")
    expected = running.engine.answer("逾期会上征信吗")
    assert answer.startswith(expected.answer[:50])
    assert wechat(running, "有用", "5003") == running.engine.message("feedback_thanks")
    assert (await _counts(running))[expected.intent] == Tally(1, 0)
    assert running.records()[-1] == {
        **running.records()[-1], "kind": "feedback", "helpful": True,
        "intent": expected.intent, "front": "wx",
    }
    # A second 有用 has nothing left to vote on: it is answered as a question (a miss).
    assert wechat(running, "有用", "5004") != running.engine.message("feedback_thanks")
    assert (await _counts(running))[expected.intent] == Tally(1, 0)


async def test_a_retried_vote_is_counted_once(running: Running) -> None:
    wechat(running, "会被起诉吗", "6001")
    first = wechat(running, "没用", "6002")
    assert wechat(running, "没用", "6002") == first  # WeChat's retry of the same MsgId
    assert first == running.engine.message("feedback_sorry")
    assert (await _counts(running))["lawsuit"] == Tally(0, 1)


async def test_bridge_downvote_logs_the_scrubbed_question(running: Running) -> None:
    question = "我是李小龙，欠了平台2万块，会联系我家人吗"
    answer = bridge(running, question, "u-77", "b1")
    reply = running.engine.answer(question)
    assert reply.intent is not None and answer.startswith(reply.answer[:40])
    assert bridge(running, "沒用", "u-77", "b2") == running.engine.message(
        "feedback_sorry", traditional=True
    )
    vote = running.records()[-1]
    assert vote["kind"] == "downvote" and vote["front"] == "bridge"
    assert vote["intent"] == reply.intent and vote["topic"] == reply.topic
    assert vote["question"] == "我是<姓名>,欠了平台<金额>,会联系我家人吗"
    assert "u-77" not in running.log.read_text(encoding="utf-8")
    # Another user's 没用 is not a vote on this user's answer.
    assert bridge(running, "没用", "u-78", "b3") != running.engine.message("feedback_sorry")
