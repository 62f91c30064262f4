"""The hostile requests the issue reproduced, on a real uvicorn: each a 4xx, one log line."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fuzz_server import (
    TELEGRAM_SECRET,
    FuzzServer,
    bridge_headers,
    check_reply,
    marker,
    to_json,
    token,
    wechat_query,
)
from live_server import fixture_json, wechat_xml

from bot.telegram_webhook import SECRET_HEADER

pytestmark = pytest.mark.usefixtures("alive_after")


def gewechat(path: tuple[str, ...], value: Any) -> dict:
    payload = fixture_json("gewechat", "text_private.json")
    node = payload
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return payload


def wechatbot_form(**fields: str) -> dict[str, str]:
    return {**fixture_json("wechatbot", "text_private.json"), **fields}


def many_parts(count: int) -> bytes:
    return "".join(
        f'--b\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nx\r\n' for i in range(count)
    ).encode() + b"--b--\r\n"


def signed_bridge(body: bytes, timestamp: str | None = None) -> dict:
    return {"content": body, "headers": bridge_headers(body, timestamp)}


TEXT_XML = wechat_xml("text.xml", "oFuzz", "逾期会上门吗", "9001")
MESSAGE = {"chat_id": "c", "user_id": "u", "text": "逾期会上门吗"}
# (name, method, path, request keywords built at run time, accepted statuses)
CASES: list[tuple[str, str, str, Callable[[], dict], set[int]]] = [
    ("odd digit timestamp, unsigned", "GET", "/wechat",
     lambda: {"params": {"signature": "x", "timestamp": "²", "nonce": "1", "echostr": "e"}},
     {403}),
    ("odd digit timestamp, signed", "GET", "/wechat",
     lambda: {"params": {**wechat_query("²"), "echostr": "e"}}, {400}),
    ("5000-digit timestamp, signed", "POST", "/wechat",
     lambda: {"params": wechat_query("9" * 5000), "content": TEXT_XML}, {400}),
    ("5000-digit timestamp, unsigned", "POST", "/wechat",
     lambda: {"params": {"signature": "x", "timestamp": "9" * 5000, "nonce": "1"},
              "content": TEXT_XML}, {403}),
    ("XML in an unknown encoding", "POST", "/wechat",
     lambda: {"params": wechat_query(), "content":
              b'<?xml version="1.0" encoding="x-nope"?><xml><a>1</a></xml>'}, {400}),
    ("XML in UTF-16 without a BOM", "POST", "/wechat",
     lambda: {"params": wechat_query(), "content":
              '<?xml version="1.0" encoding="utf-16"?><xml/>'.encode("utf-16-le")}, {400}),
    ("CreateTime of 5000 digits", "POST", "/wechat",
     lambda: {"params": wechat_query(),
              "content": TEXT_XML.replace("1700000000", "9" * 5000)}, {400}),
    ("encrypted, envelope unsigned", "POST", "/wechat",
     lambda: {"params": {**wechat_query(), "encrypt_type": "aes", "msg_signature": "0" * 40},
              "content": "<xml><Encrypt>QUJD</Encrypt></xml>"}, {403}),
    ("WeCom GET with junk", "GET", "/wecom",
     lambda: {"params": {"msg_signature": "x", "timestamp": "9" * 5000, "nonce": "1",
                         "echostr": "\u00b2"}}, {403}),
    ("bridge timestamp \\xb2, unsigned", "POST", "/bridge",
     lambda: {"content": to_json(MESSAGE),
              "headers": {"X-Bridge-Timestamp": b"\xb2", "X-Bridge-Signature": b"sha256=0"}},
     {403}),
    ("bridge timestamp \\xb2, signed", "POST", "/bridge",
     lambda: signed_bridge(to_json(MESSAGE), "\xb2"), {400}),
    ("bridge timestamp of 5000 digits, signed", "POST", "/bridge",
     lambda: signed_bridge(to_json(MESSAGE), "9" * 5000), {400}),
    ("bridge user_id a lone surrogate", "POST", "/bridge",
     lambda: signed_bridge(to_json({**MESSAGE, "user_id": "\ud800"})), {400}),
    ("bridge text a lone surrogate", "POST", "/bridge",
     lambda: signed_bridge(to_json({**MESSAGE, "text": "\udfff逾期"})), {400}),
    ("bridge id of 5000 digits", "POST", "/bridge",
     lambda: signed_bridge(b'{"chat_id": "c", "user_id": ' + b"9" * 5000 + b', "text": "x"}'),
     {400}),
    ("bridge JSON 30 000 deep (within the 64 KB cap)", "POST", "/bridge",
     lambda: signed_bridge(b"[" * 30_000 + b"]" * 30_000), {400}),
    ("bridge JSON 100 000 deep (over the cap)", "POST", "/bridge",
     lambda: signed_bridge(b"[" * 100_000 + b"]" * 100_000), {413}),
    ("bridge JSON a list", "POST", "/bridge", lambda: signed_bridge(b"[1, 2]"), {400}),
    ("bridge not UTF-8", "POST", "/bridge", lambda: signed_bridge(b"\xff\xfe{}"), {400}),
    ("bridge body too large", "POST", "/bridge",
     lambda: signed_bridge(b" " * (64 * 1024 + 1)), {413}),
    ("wechatbot body too large", "POST", "/bridge/wechatbot",
     lambda: {"params": token("wechatbot"), "content": b"a=" + b"x" * (1024 * 1024)}, {413}),
    ("gewechat FromUserName.string an object", "POST", "/bridge/gewechat",
     lambda: {"params": token("gewechat"),
              "content": to_json(gewechat(("Data", "FromUserName", "string"), {"a": 1}))}, {400}),
    ("gewechat Content.string a list", "POST", "/bridge/gewechat",
     lambda: {"params": token("gewechat"),
              "content": to_json(gewechat(("Data", "Content", "string"), ["a"]))}, {400}),
    ("gewechat Data a string", "POST", "/bridge/gewechat",
     lambda: {"params": token("gewechat"), "content": to_json(gewechat(("Data",), "x"))}, {400}),
    ("gewechat without token", "POST", "/bridge/gewechat",
     lambda: {"content": b"[" * 100_000}, {403}),
    ("wechatbot source.from.id a lone surrogate", "POST", "/bridge/wechatbot",
     lambda: {"params": token("wechatbot"), "data": wechatbot_form(
         source=json.dumps({"from": {"id": "\ud800"}}))}, {400}),
    ("wechatbot 17 000 parts", "POST", "/bridge/wechatbot",
     lambda: {"params": token("wechatbot"), "content": many_parts(17_000),
              "headers": {"content-type": "multipart/form-data; boundary=b"}}, {400}),
    ("wechatbot multipart without boundary", "POST", "/bridge/wechatbot",
     lambda: {"params": token("wechatbot"), "content": many_parts(3),
              "headers": {"content-type": "multipart/form-data"}}, {400}),
    ("wechatbot JSON body", "POST", "/bridge/wechatbot",
     lambda: {"params": token("wechatbot"), "json": {"type": "text"}}, {400}),
    ("telegram without secret", "POST", "/telegram", lambda: {"json": {"update_id": 1}}, {403}),
    ("telegram deep JSON", "POST", "/telegram",
     lambda: {"headers": {SECRET_HEADER: TELEGRAM_SECRET}, "content": b"[" * 100_000}, {400}),
    ("telegram update_id of 5000 digits", "POST", "/telegram",
     lambda: {"headers": {SECRET_HEADER: TELEGRAM_SECRET},
              "content": b'{"update_id": ' + b"9" * 5000 + b"}"}, {400}),
    ("unknown path", "POST", "/wechat/../etc/passwd", lambda: {"content": b"x"}, {404}),
    ("wrong method", "DELETE", "/bridge", lambda: {}, {405}),
]


@pytest.mark.parametrize(
    ("name", "method", "path", "build", "statuses"), CASES, ids=[c[0] for c in CASES]
)
def test_hostile_request_gets_its_4xx(
    fuzz_live: FuzzServer, name: str, method: str, path: str, build: Callable[[], dict],
    statuses: set[int],
) -> None:
    started = time.monotonic()
    response = fuzz_live.client.request(method, path, **build())
    assert response.status_code in statuses, (response.status_code, response.text[:200])
    assert time.monotonic() - started < 2  # nothing blocks the event loop for long
    check_reply(path, response)


@pytest.mark.parametrize("length", [b"\xb2", b"9" * 5000, b"-1", b"1, 2"])
def test_odd_content_length_is_400(fuzz_live: FuzzServer, length: bytes) -> None:
    port = int(fuzz_live.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"POST /bridge HTTP/1.1\r\nHost: x\r\nContent-Length: " + length
                     + b"\r\n\r\n{}")
        assert sock.recv(1024).startswith(b"HTTP/1.1 400")


async def test_equal_ids_from_two_users_at_once_never_cross(fuzz_live: FuzzServer) -> None:
    """Alice's crisis answer never reaches Bob, even when their equal MsgIds race."""
    texts = {"oAlice": "我不想活了", "oBob": "逾期会寄信到家里吗"}
    async with httpx.AsyncClient(base_url=fuzz_live.url, timeout=20) as client:
        for round_ in range(10):
            msg_id = f"race-{round_}"
            requests = [
                client.post("/wechat", params=wechat_query(nonce=f"{user}{n}"),
                            content=wechat_xml("text.xml", user, text, msg_id))
                for n in range(3) for user, text in texts.items()
            ]
            for response in await asyncio.gather(*requests):
                check_reply("/wechat", response)
                content = response.text
                user = "oAlice" if "oAlice" in content else "oBob"
                assert marker(texts[user]) in content
                other = "oBob" if user == "oAlice" else "oAlice"
                assert marker(texts[other]) not in content
