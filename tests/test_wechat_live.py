"""/wechat and /wecom on a real uvicorn server: round trips, retries, and every rejection."""

from __future__ import annotations

import asyncio
import resource
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from live_server import (
    AES_KEY,
    APP_ID,
    CORP_ID,
    LONG_ANSWER,
    LONG_QUESTION,
    TOKEN,
    Live,
    live_app,
    signed_query,
    wechat_xml,
)

from bot.engine import Engine
from bot.wechat_crypto import MessageCrypt, sha1_signature
from bot.wechat_xml import parse

QUESTION = "逾期会联系我家人吗"


@pytest.fixture(scope="module")
def live(engine: Engine) -> Iterator[Live]:
    with live_app(engine) as running:
        yield running


def post(live: Live, body: str | bytes, query: dict[str, str] | None = None) -> httpx.Response:
    params = {**(query or signed_query()), "openid": "ignored"}
    return live.client.post("/wechat", params=params, content=body)


def content_of(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    return parse(response.content)


# -- the Official Account, plain mode -------------------------------------------------


def test_healthz(live: Live) -> None:
    assert live.client.get("/healthz").text == "ok"


def test_get_verification_echoes_echostr(live: Live) -> None:
    response = live.client.get("/wechat", params={**signed_query(), "echostr": "8412459223"})
    assert (response.status_code, response.text) == (200, "8412459223")


def test_text_round_trip_swaps_to_and_from(live: Live) -> None:
    reply = content_of(post(live, wechat_xml("text.xml", "oPlain1", QUESTION, "1001")))
    assert reply["ToUserName"] == "oPlain1"
    assert reply["FromUserName"] == "gh_8f0c2e1d3b4a"
    assert reply["MsgType"] == "text"
    assert abs(int(reply["CreateTime"]) - time.time()) < 5
    assert reply["Content"].startswith(live.engine.answer(QUESTION).answer)


def test_traditional_in_traditional_out(live: Live) -> None:
    reply = content_of(post(live, wechat_xml("text.xml", "oTrad", "逾期會聯繫家人嗎", "1002")))
    assert "聯繫" in reply["Content"] and "联系" not in reply["Content"]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("event_subscribe.xml", "welcome"),
        ("image.xml", "non_text"),
        ("location.xml", "non_text"),
        ("unknown_type.xml", "non_text"),
        ("voice_silent.xml", "non_text"),
    ],
)
def test_events_and_other_types(live: Live, fixture: str, expected: str) -> None:
    reply = content_of(post(live, wechat_xml(fixture, f"o-{fixture}", msg_id="2001")))
    assert reply["Content"] == live.engine.message(expected)


def test_voice_recognition_is_answered_as_text(live: Live) -> None:
    before = live.engine.asked[QUESTION]
    reply = content_of(post(live, wechat_xml("voice_recognition.xml", "oVoice", msg_id="2002")))
    assert reply["Content"].startswith(live.engine.answer(QUESTION).answer)
    assert live.engine.asked[QUESTION] == before + 2  # the server's call and ours


def test_unsubscribe_gets_no_message(live: Live) -> None:
    response = post(live, wechat_xml("event_unsubscribe.xml", "oGone"))
    assert (response.status_code, response.text) == (200, "success")


def test_a_retried_msgid_is_answered_once_with_the_same_reply(live: Live) -> None:
    question = "逾期90天会被起诉吗"  # asked nowhere else in this module
    body = wechat_xml("text.xml", "oRetry", question, "3001")
    responses = [post(live, body, signed_query(nonce=str(n))) for n in range(4)]
    replies = [content_of(r)["Content"] for r in responses]
    assert len(set(replies)) == 1
    assert live.engine.asked[question] == 1


async def test_concurrent_retries_are_answered_once(live: Live) -> None:
    question = "逾期会上征信吗会影响房贷吗"
    body = wechat_xml("text.xml", "oRetry2", question, "3002")
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as client:
        responses = await asyncio.gather(
            *(client.post("/wechat", params=signed_query(nonce=str(n)), content=body)
              for n in range(4))
        )
    assert len({content_of(r)["Content"] for r in responses}) == 1
    assert live.engine.asked[question] == 1


def test_equal_msgids_from_two_users_never_share_a_reply(live: Live) -> None:
    # MsgId is unique per account, not across users: Bob must not get Alice's answer.
    alice_q, bob_q = "欠钱还不上我不想活了", "逾期会不会寄律师函到家里"
    alice = content_of(post(live, wechat_xml("text.xml", "oAlice", alice_q, "4242")))
    bob = content_of(post(live, wechat_xml("text.xml", "oBob", bob_q, "4242")))
    assert alice["ToUserName"] == "oAlice" and bob["ToUserName"] == "oBob"
    assert live.engine.asked[alice_q] == 1 and live.engine.asked[bob_q] == 1
    assert alice["Content"].startswith(live.engine.answer(alice_q).answer[:20])
    assert bob["Content"].startswith(live.engine.answer(bob_q).answer[:20])
    assert alice["Content"] != bob["Content"]


def test_subscribe_retries_share_one_welcome(live: Live) -> None:
    body = wechat_xml("event_subscribe.xml", "oSubRetry")
    first, second = content_of(post(live, body)), content_of(post(live, body))
    assert first["Content"] == second["Content"] == live.engine.message("welcome")


def test_per_user_rate_limit(live: Live) -> None:
    contents = [
        content_of(post(live, wechat_xml("text.xml", "oFlood", f"你好{i}", f"40{i:02}")))["Content"]
        for i in range(8)
    ]
    limited = live.engine.message("rate_limited")
    assert limited not in contents[:5]
    assert contents[6:] == [limited, limited]
    other = content_of(post(live, wechat_xml("text.xml", "oCalm", "你好", "4100")))["Content"]
    assert other != limited


def test_a_long_reply_is_cut_to_2048_bytes_and_the_rest_follows(live: Live) -> None:
    parts = [content_of(post(live, wechat_xml("text.xml", "oLong", LONG_QUESTION, "5001")))]
    while parts[-1]["Content"].endswith(live.engine.message("more_pointer")):
        more = wechat_xml("text.xml", "oLong", "更多", f"50{len(parts) + 1:02}")
        parts.append(content_of(post(live, more)))
    assert len(parts) >= 2
    assert all(len(p["Content"].encode()) <= 2048 for p in parts)
    text = "\n".join(p["Content"].removesuffix(live.engine.message("more_pointer")) for p in parts)
    assert text == LONG_ANSWER  # cut at line ends, nothing lost


# -- encrypted (safe) mode ----------------------------------------------------------


def encrypted_post(
    live: Live, path: str, crypt: MessageCrypt, inner: str, query: dict | None = None
) -> httpx.Response:
    sealed = crypt.encrypt(inner)
    ts, nonce = str(int(time.time())), "98765"
    params = {
        "timestamp": ts, "nonce": nonce, "msg_signature": crypt.signature(ts, nonce, sealed),
        "encrypt_type": "aes", **(query or {}),
    }
    outer = f"<xml><ToUserName>x</ToUserName><Encrypt><![CDATA[{sealed}]]></Encrypt></xml>"
    return live.client.post(path, params=params, content=outer)


def open_reply(crypt: MessageCrypt, response: httpx.Response) -> dict[str, str]:
    envelope = content_of(response)
    assert crypt.check(
        envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"], envelope["Encrypt"]
    )
    return parse(crypt.decrypt(envelope["Encrypt"]))


def test_encrypted_round_trip(live: Live) -> None:
    crypt = MessageCrypt(TOKEN, AES_KEY, APP_ID)
    inner = wechat_xml("text.xml", "oSafe", QUESTION, "6001")
    reply = open_reply(crypt, encrypted_post(live, "/wechat", crypt, inner))
    assert reply["ToUserName"] == "oSafe"
    assert reply["Content"].startswith(live.engine.answer(QUESTION).answer)


def test_wecom_get_decrypts_echostr(live: Live) -> None:
    crypt = MessageCrypt(TOKEN, AES_KEY, CORP_ID)
    echostr, ts, nonce = crypt.encrypt("6743211543257"), str(int(time.time())), "5555"
    params = {"msg_signature": crypt.signature(ts, nonce, echostr), "timestamp": ts,
              "nonce": nonce, "echostr": echostr}
    # WeCom sends echostr URL-encoded; base64's + and / must survive the trip.
    response = live.client.get("/wecom?" + urlencode(params))
    assert (response.status_code, response.text) == (200, "6743211543257")


def test_wecom_encrypted_round_trip(live: Live) -> None:
    crypt = MessageCrypt(TOKEN, AES_KEY, CORP_ID)
    inner = wechat_xml("text.xml", "zhangsan", "逾期会上门吗", "7001").replace(
        "</xml>", "<AgentID>1000002</AgentID></xml>"
    )
    reply = open_reply(crypt, encrypted_post(live, "/wecom", crypt, inner, {"encrypt_type": ""}))
    assert (reply["ToUserName"], reply["FromUserName"]) == ("zhangsan", "gh_8f0c2e1d3b4a")


# -- rejections ---------------------------------------------------------------------


def stale() -> dict[str, str]:
    return signed_query(timestamp=int(time.time()) - 3600)


def wrong() -> dict[str, str]:
    return signed_query(token="wrong")


def signed_as(timestamp: str, nonce: str = "1") -> dict[str, str]:
    """A correctly signed query with any timestamp at all."""
    return {"timestamp": timestamp, "nonce": nonce,
            "signature": sha1_signature(TOKEN, timestamp, nonce)}


def aes(**extra: str) -> dict[str, str]:
    return {**signed_query(), "encrypt_type": "aes", **extra}


# Queries are built when the test runs (a lambda), so their timestamps are fresh.
@pytest.mark.parametrize(
    ("method", "path", "query", "body", "status"),
    [
        ("GET", "/wechat", signed_query, None, 400),  # no echostr
        ("GET", "/wechat", lambda: {**wrong(), "echostr": "1"}, None, 403),
        ("GET", "/wechat", lambda: {**stale(), "echostr": "1"}, None, 403),
        # The signature is checked first: an unsigned odd timestamp is refused as unsigned.
        ("GET", "/wechat", lambda: {"timestamp": "soon", "nonce": "1", "echostr": "1",
                                    "signature": "x"}, None, 403),
        ("GET", "/wechat", lambda: {**signed_as("soon"), "echostr": "1"}, None, 400),
        ("GET", "/wechat", lambda: {**signed_as("²"), "echostr": "1"}, None, 400),
        ("GET", "/wechat", lambda: {**signed_as("9" * 5000), "echostr": "1"}, None, 400),
        ("POST", "/wechat", wrong, "text.xml", 403),
        ("POST", "/wechat", stale, "text.xml", 403),
        ("POST", "/wechat", lambda: {"nonce": "1", "signature": "x"}, "text.xml", 400),
        ("POST", "/wechat", signed_query, "<xml><MsgType>text", 400),
        ("POST", "/wechat", signed_query, "<xml><MsgType>text</MsgType></xml>", 400),
        ("POST", "/wechat", signed_query,
         "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>"
         "<MsgType>text</MsgType></xml>", 400),  # text without Content
        ("POST", "/wechat", signed_query,
         "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>x</CreateTime>"
         "<MsgType>text</MsgType><Content>c</Content></xml>", 400),
        ("POST", "/wechat", aes, "text.xml", 400),  # no msg_signature
        ("POST", "/wechat", lambda: aes(msg_signature="0" * 40),
         "<xml><Encrypt>abc</Encrypt></xml>", 403),
        ("POST", "/wecom", signed_query, "text.xml", 400),  # WeCom is always encrypted
        ("PUT", "/wechat", signed_query, "text.xml", 405),
    ],
)
def test_bad_requests(
    live: Live, method: str, path: str, query: Callable[[], dict[str, str]], body: str | None,
    status: int,
) -> None:
    if body and body.endswith(".xml"):
        body = wechat_xml(body, "oBad", "你好", "8001")
    response = live.client.request(method, path, params=query(), content=body)
    assert response.status_code == status, response.text


def test_undecryptable_but_signed_is_400(live: Live) -> None:
    crypt, ts, junk = MessageCrypt(TOKEN, AES_KEY, APP_ID), str(int(time.time())), "QUJD"
    params = {"timestamp": ts, "nonce": "1", "encrypt_type": "aes",
              "msg_signature": crypt.signature(ts, "1", junk)}
    body = f"<xml><Encrypt>{junk}</Encrypt></xml>"
    response = live.client.post("/wechat", params=params, content=body)
    assert response.status_code == 400


def test_encrypted_for_another_account_is_400(live: Live) -> None:
    other = MessageCrypt(TOKEN, AES_KEY, "wx0000000000000000")
    inner = wechat_xml("text.xml", "oOther", "你好", "8002")
    assert encrypted_post(live, "/wechat", other, inner).status_code == 400


def test_body_over_the_cap_is_413(live: Live) -> None:
    body = wechat_xml("text.xml", "oBig", "逾" * 30_000, "8003")
    assert post(live, body).status_code == 413


def test_chunked_body_over_the_cap_is_413(live: Live) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"<xml>" + b" " * 1024

    response = live.client.post("/wechat", params=signed_query(), content=chunks())
    assert response.status_code == 413


def test_xxe_is_refused_without_reading_the_file(live: Live, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a", encoding="utf-8")
    body = wechat_xml("xxe.xml", "oXXE", msg_id="8004").replace("SECRET_PATH", str(secret))
    response = post(live, body)
    assert response.status_code == 400
    assert "TOP-SECRET" not in response.text
    assert not any("TOP-SECRET" in text for text in live.engine.asked)


def test_billion_laughs_is_refused_quickly_and_small(live: Live) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    response = post(live, wechat_xml("billion_laughs.xml", "oLaugh", msg_id="8005"))
    assert response.status_code == 400
    assert time.monotonic() - started < 1.0
    # Expanded, the entity is 10^9 "lol"s: gigabytes. The peak must not have moved by 50 MB.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000


# -- load -----------------------------------------------------------------------------


async def test_200_concurrent_requests_all_answered_correctly(live: Live) -> None:
    questions = ["逾期会联系我家人吗", "逾期会上征信吗", "会不会被起诉", "还不上钱怎么协商",
                 "遇到暴力催收怎么投诉", "逾期45天会怎样", "你好", "信用卡逾期会怎样"]
    expected = {q: live.engine.answer(q).answer for q in questions}
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=live.url, timeout=30, limits=limits) as client:

        async def ask(i: int) -> tuple[int, httpx.Response]:
            body = wechat_xml("text.xml", f"oLoad{i}", questions[i % len(questions)], f"9{i:04}")
            return i, await client.post("/wechat", params=signed_query(nonce=str(i)), content=body)

        results = await asyncio.gather(*(ask(i) for i in range(200)))
    for i, response in results:
        reply = content_of(response)
        assert reply["ToUserName"] == f"oLoad{i}"
        assert reply["Content"].startswith(expected[questions[i % len(questions)]])
        assert len(reply["Content"].encode()) <= 2048
