"""/bridge and its adapters on a real uvicorn server: shapes, signatures, retries."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest
from live_server import BRIDGE_SECRET, Live, fixture_json, live_app

from bot.bridge import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, url_token
from bot.engine import Engine


@pytest.fixture(scope="module")
def live(engine: Engine) -> Iterator[Live]:
    with live_app(engine) as running:
        yield running


def signed(body: bytes, secret: str = BRIDGE_SECRET, timestamp: int | None = None) -> dict:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {TIMESTAMP_HEADER: ts, SIGNATURE_HEADER: sign(secret, ts, body),
            "content-type": "application/json"}


def bridge(live: Live, payload: object) -> httpx.Response:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return live.client.post("/bridge", content=body, headers=signed(body))


def message(**fields: object) -> dict:
    return {"chat_id": "c1", "user_id": "u1", "text": "逾期会联系我家人吗", **fields}


# -- the normalised shape -----------------------------------------------------------


def test_signed_message_is_answered(live: Live) -> None:
    response = bridge(live, message(user_id="n1"))
    assert response.status_code == 200
    reply = response.json()["reply"]
    assert reply.startswith(live.engine.answer("逾期会联系我家人吗").answer)


def test_group_message_is_answered_only_when_mentioned(live: Live) -> None:
    quiet = bridge(live, message(user_id="g1", is_group=True, text="群里随便聊聊"))
    assert quiet.json() == {"reply": None}
    assert live.engine.asked["群里随便聊聊"] == 0
    spoken_to = bridge(live, message(user_id="g1", is_group=True, mentioned=True))
    assert spoken_to.json()["reply"]


def test_non_text_gets_the_polite_reply(live: Live) -> None:
    response = bridge(live, message(user_id="n2", type="image", text=""))
    assert response.json() == {"reply": live.engine.message("non_text")}


def test_a_repeated_message_id_is_answered_once(live: Live) -> None:
    text = "逾期三个月会坐牢吗"
    replies = [bridge(live, message(user_id="r1", message_id="m-1", text=text)).json()
               for _ in range(3)]
    assert replies[0]["reply"] and replies.count(replies[0]) == 3
    assert live.engine.asked[text] == 1


def test_equal_message_ids_from_two_chats_never_share_a_reply(live: Live) -> None:
    # Bridges' ids are not unique across chats: each chat gets the answer to its own text.
    first_q, second_q = "我想死了还不上钱", "逾期会寄信到家里吗"
    first = bridge(live, message(chat_id="chatA", user_id="uA", message_id="42", text=first_q))
    second = bridge(live, message(chat_id="chatB", user_id="uB", message_id="42", text=second_q))
    assert live.engine.asked[first_q] == 1 and live.engine.asked[second_q] == 1
    assert first.json()["reply"].startswith(live.engine.answer(first_q).answer[:20])
    assert second.json()["reply"].startswith(live.engine.answer(second_q).answer[:20])


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 403),
        ({SIGNATURE_HEADER: "sha256=00"}, 403),
        ("wrong-secret", 403),
        ("stale", 403),
        ({TIMESTAMP_HEADER: "soon", SIGNATURE_HEADER: "sha256=00"}, 403),  # unsigned first
    ],
)
def test_signature_is_required(live: Live, headers: object, status: int) -> None:
    body = json.dumps(message(user_id="s1")).encode()
    if headers == "wrong-secret":
        headers = signed(body, secret="another-secret-0123456789")
    elif headers == "stale":
        headers = signed(body, timestamp=int(time.time()) - 3600)
    response = live.client.post("/bridge", content=body, headers=headers)
    assert response.status_code == status


@pytest.mark.parametrize("timestamp", ["soon", "²", "9" * 5000, "-1", "1e9"])
def test_a_signed_but_odd_timestamp_is_400(live: Live, timestamp: str) -> None:
    body = json.dumps(message(user_id="s3")).encode()
    headers = {TIMESTAMP_HEADER: timestamp.encode("latin-1"),  # as the server decodes it
               SIGNATURE_HEADER: sign(BRIDGE_SECRET, timestamp, body)}
    assert live.client.post("/bridge", content=body, headers=headers).status_code == 400


def test_a_signature_covers_the_body(live: Live) -> None:
    body = json.dumps(message(user_id="s2")).encode()
    headers = signed(body)
    tampered = body.replace(b"s2", b"s3")
    assert live.client.post("/bridge", content=tampered, headers=headers).status_code == 403


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"chat_id": "c"}', b'{"chat_id": "c", "user_id": "u", "text": 1}'],
)
def test_malformed_payloads_are_400(live: Live, body: bytes) -> None:
    assert live.client.post("/bridge", content=body, headers=signed(body)).status_code == 400


def test_oversized_body_is_413(live: Live) -> None:
    body = json.dumps(message(text="逾" * 400_000)).encode()
    assert live.client.post("/bridge", content=body, headers=signed(body)).status_code == 413


# -- gewechat -----------------------------------------------------------------------


def gewechat(live: Live, fixture: str, token: str | None = None) -> httpx.Response:
    token = url_token(BRIDGE_SECRET, "gewechat") if token is None else token
    return live.client.post(
        "/bridge/gewechat", params={"token": token}, json=fixture_json("gewechat", fixture)
    )


def test_gewechat_private_text(live: Live) -> None:
    reply = gewechat(live, "text_private.json").json()["reply"]
    assert reply.startswith(live.engine.answer("逾期会联系我家人吗").answer)


def test_gewechat_group_mention_is_answered_without_the_mention(live: Live) -> None:
    before = live.engine.asked["逾期会上征信吗"]
    assert gewechat(live, "text_group_mentioned.json").json()["reply"]
    assert live.engine.asked["逾期会上征信吗"] == before + 1


@pytest.mark.parametrize(
    "fixture",
    ["text_group_not_mentioned.json", "own_message.json", "callback_test.json", "status_sync.json"],
)
def test_gewechat_says_nothing_to_what_is_not_for_it(live: Live, fixture: str) -> None:
    response = gewechat(live, fixture)
    assert (response.status_code, response.json()) == (200, {"reply": None})


def test_gewechat_voice_gets_the_polite_reply(live: Live) -> None:
    assert gewechat(live, "voice_private.json").json() == {
        "reply": live.engine.message("non_text")
    }


def test_gewechat_redelivery_is_answered_once(live: Live) -> None:
    payload = fixture_json("gewechat", "text_private.json")
    payload["Data"]["NewMsgId"] = "777000111"
    payload["Data"]["Content"]["string"] = "网贷逾期会上门吗"
    token = url_token(BRIDGE_SECRET, "gewechat")
    replies = [
        live.client.post("/bridge/gewechat", params={"token": token}, json=payload).json()
        for _ in range(3)
    ]
    assert replies.count(replies[0]) == 3
    assert live.engine.asked["网贷逾期会上门吗"] == 1


def test_gewechat_equal_ids_from_two_senders_never_share_a_reply(live: Live) -> None:
    token, replies = url_token(BRIDGE_SECRET, "gewechat"), {}
    for sender, text in (("wxid_alice", "活不下去了想自杀"), ("wxid_bob", "逾期了能协商分期吗")):
        payload = fixture_json("gewechat", "text_private.json")
        payload["Data"]["NewMsgId"] = "555"
        payload["Data"]["FromUserName"]["string"] = sender
        payload["Data"]["Content"]["string"] = text
        response = live.client.post("/bridge/gewechat", params={"token": token}, json=payload)
        replies[text] = response.json()["reply"]
    assert all(live.engine.asked[text] == 1 for text in replies)
    for text, reply in replies.items():
        assert reply.startswith(live.engine.answer(text).answer[:20])


@pytest.mark.parametrize("token", ["", "0" * 64, url_token(BRIDGE_SECRET, "wechatbot")])
def test_gewechat_needs_its_own_token(live: Live, token: str) -> None:
    assert gewechat(live, "text_private.json", token=token).status_code == 403


def test_gewechat_accepts_a_signed_body_instead_of_a_token(live: Live) -> None:
    body = json.dumps(fixture_json("gewechat", "own_message.json")).encode()
    response = live.client.post("/bridge/gewechat", content=body, headers=signed(body))
    assert response.json() == {"reply": None}


# -- wechatbot-webhook ----------------------------------------------------------------


def wechatbot(live: Live, fixture: str, token: str | None = None, **files: tuple) -> dict:
    token = url_token(BRIDGE_SECRET, "wechatbot") if token is None else token
    response = live.client.post(
        "/bridge/wechatbot", params={"token": token}, data=fixture_json("wechatbot", fixture),
        files=files or {"unused": ("empty.txt", b"")},  # always multipart, as the bridge sends
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_wechatbot_text_gets_a_quick_reply(live: Live) -> None:
    answer = wechatbot(live, "text_private.json")
    assert answer["success"] is True and answer["data"]["type"] == "text"
    assert answer["data"]["content"].startswith(live.engine.answer("逾期会联系我家人吗").answer)


def test_wechatbot_room_mention(live: Live) -> None:
    assert wechatbot(live, "text_room_mentioned.json")["success"] is True
    assert wechatbot(live, "text_room_not_mentioned.json") == {"success": False}


@pytest.mark.parametrize("fixture", ["own_message.json", "system_login.json", "friendship.json"])
def test_wechatbot_stays_silent(live: Live, fixture: str) -> None:
    assert wechatbot(live, fixture) == {"success": False}


def test_wechatbot_link_gets_the_polite_reply(live: Live) -> None:
    answer = wechatbot(live, "url_link.json")
    assert answer["data"]["content"] == live.engine.message("non_text")


def test_wechatbot_image_upload_is_not_read_as_text(live: Live) -> None:
    fields = fixture_json("wechatbot", "text_private.json")
    fields.update(type="file")
    del fields["content"]
    token = url_token(BRIDGE_SECRET, "wechatbot")
    response = live.client.post(
        "/bridge/wechatbot", params={"token": token}, data=fields,
        files={"content": ("photo.jpg", b"\xff\xd8\xff" + b"\x00" * 2048, "image/jpeg")},
    )
    assert response.json()["data"]["content"] == live.engine.message("non_text")


def test_wechatbot_wrong_token_is_403(live: Live) -> None:
    response = live.client.post(
        "/bridge/wechatbot", params={"token": "guess"}, data={"type": "text", "content": "x"}
    )
    assert response.status_code == 403
