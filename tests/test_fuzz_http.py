"""Fuzz every HTTP endpoint on a real uvicorn: no 5xx, no traceback, no reply crossing users."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from fuzz import fuzz_settings, json_values, numbers, odd_text, questions
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
from hypothesis import event, given
from hypothesis import strategies as st
from live_server import fixture_json

from bot.telegram_webhook import SECRET_HEADER
from bot.wechat_xml import cdata, parse

pytestmark = pytest.mark.usefixtures("alive_after")


def checked(path: str, response: httpx.Response, sender: str | None = None) -> None:
    """check_reply, and the status noted for `--hypothesis-show-statistics`."""
    event(f"{path} {response.status_code}")
    check_reply(path, response, sender)


def encodable(text: str) -> str:
    """`text` without lone surrogates, for places that must be UTF-8 (URLs, XML)."""
    return text.encode("utf-8", "replace").decode()


# -- WeChat and WeCom -----------------------------------------------------------------

FIELDS = ["ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "MsgId", "Event",
          "Recognition", "Encrypt"]
xml_fields = st.dictionaries(
    st.sampled_from(FIELDS),
    st.one_of(odd_text, numbers, st.sampled_from(["text", "event", "voice", "image", "subscribe"])),
    max_size=8,
)
xml_bodies = st.one_of(
    st.builds(
        lambda fields, head: (head + "<xml>" + "".join(
            f"<{k}>{cdata(encodable(v))}</{k}>" for k, v in fields.items()) + "</xml>").encode(),
        xml_fields,
        st.sampled_from(["", '<?xml version="1.0"?>', '<?xml version="1.0" encoding="x-nope"?>',
                         '<?xml version="1.0" encoding="gbk"?>', "<!DOCTYPE x>"]),
    ),
    st.binary(max_size=300),
)
messages = st.fixed_dictionaries({
    "ToUserName": st.just("gh_fuzz"),
    "FromUserName": st.sampled_from(["oAlice", "oBob", "oCarol"]),
    "CreateTime": st.just("1700000000"),
    "MsgType": st.sampled_from(["text", "text", "voice", "event", "image"]),
    "Content": questions.map(encodable),
    "Recognition": questions.map(encodable),
    "Event": st.sampled_from(["subscribe", "unsubscribe", "CLICK"]),
    "MsgId": st.integers(1, 3).map(str),
})


def xml_of(fields: dict[str, str]) -> str:
    return "<xml>" + "".join(f"<{k}>{cdata(v)}</{k}>" for k, v in fields.items()) + "</xml>"


@fuzz_settings(120)
@given(
    path=st.sampled_from(["/wechat", "/wecom"]),
    method=st.sampled_from(["GET", "POST"]),
    signed=st.sampled_from([True, True, True, False]),
    timestamp=st.one_of(st.none(), st.none(), st.none(), numbers),
    extra=st.dictionaries(st.sampled_from(["echostr", "encrypt_type", "msg_signature",
                                           "signature", "nonce"]),
                          odd_text.map(encodable), max_size=3),
    body=xml_bodies,
)
def test_wechat_endpoints_take_anything(
    fuzz_live: FuzzServer, path: str, method: str, signed: bool, timestamp: str | None,
    extra: dict[str, str], body: bytes,
) -> None:
    query = wechat_query(timestamp) if signed else {"timestamp": timestamp or "1", "nonce": "1"}
    response = fuzz_live.client.request(method, path, params={**query, **extra}, content=body)
    checked(path, response)


@fuzz_settings(120)
@given(message=messages, encrypted=st.booleans())
def test_wechat_messages_get_their_own_reply(
    fuzz_live: FuzzServer, message: dict[str, str], encrypted: bool
) -> None:
    message = {**message, "MsgId": uuid.uuid4().hex}  # crossing is tested below
    xml = xml_of(message)
    query = wechat_query()
    if encrypted:
        sealed = fuzz_live.crypt.encrypt(xml)
        query = {**query, "encrypt_type": "aes",
                 "msg_signature": fuzz_live.crypt.signature(query["timestamp"], "n1", sealed)}
        xml = xml_of({"ToUserName": "gh_fuzz", "Encrypt": sealed})
    response = fuzz_live.client.post("/wechat", params=query, content=xml)
    checked("/wechat", response, message["FromUserName"])
    assert response.status_code == 200
    if encrypted or message["MsgType"] not in ("text",):
        return
    sent = parse(xml_of(message))["Content"]  # as XML carries it: line ends normalised, trimmed
    assert marker(sent) in response.text or "更多" in response.text


# -- no reply crosses users -----------------------------------------------------------

sends = st.lists(
    st.tuples(st.sampled_from(["oAlice", "oBob"]), st.sampled_from(["1", "2"]),
              st.sampled_from(["我不想活了", "逾期会寄信到家里吗", "会上征信吗", "你好"])),
    min_size=2, max_size=8,
)


@fuzz_settings(40)
@given(sends=sends, endpoint=st.sampled_from(["/wechat", "/bridge", "/bridge/gewechat"]))
def test_no_reply_crosses_users(
    fuzz_live: FuzzServer, sends: list[tuple[str, str, str]], endpoint: str
) -> None:
    """Equal message ids from different senders: each gets the answer to their own text;
    a repeat of one sender's id gets that sender's first answer (a retry)."""
    run = uuid.uuid4().hex[:8]  # ids fresh for this example; equal within it
    first: dict[tuple[str, str], str] = {}
    for user, msg_id, text in sends:
        expected = first.setdefault((user, msg_id), text)
        if endpoint == "/wechat":
            body = xml_of({"ToUserName": "gh_fuzz", "FromUserName": user,
                           "CreateTime": "1700000000", "MsgType": "text", "Content": text,
                           "MsgId": run + msg_id})
            response = fuzz_live.client.post(endpoint, params=wechat_query(), content=body)
            reply = response.text
        elif endpoint == "/bridge":
            body = to_json({"chat_id": "chat-" + user, "user_id": user, "text": text,
                            "message_id": run + msg_id})
            response = fuzz_live.client.post(endpoint, content=body, headers=bridge_headers(body))
            reply = response.json()["reply"]
        else:
            payload = fixture_json("gewechat", "text_private.json")
            payload["Data"].update(NewMsgId=run + msg_id, FromUserName={"string": user},
                                   Content={"string": text})
            response = fuzz_live.client.post(endpoint, params=token("gewechat"), json=payload)
            reply = response.json()["reply"]
        checked(endpoint, response, user)
        assert marker(expected) in reply
        assert all(marker(t) not in reply for t in {s[2] for s in sends} - {expected})


# -- bridges --------------------------------------------------------------------------

# Mostly plausible values, so that most requests get past the checks to the engine.
ids = st.one_of(st.sampled_from(["u1", "u2", "c1", "42"]), st.integers(0, 10**6), odd_text,
                json_values)
flags = st.one_of(st.booleans(), json_values)
bridge_messages = st.fixed_dictionaries(
    {"chat_id": ids, "user_id": ids, "text": st.one_of(questions, questions, json_values)},
    optional={"message_id": ids, "is_group": flags, "mentioned": flags,
              "type": st.one_of(st.sampled_from(["text", "image"]), json_values)},
)
fresh_or_odd = st.one_of(st.none(), st.none(), st.none(), numbers)  # None: now, signed right


@fuzz_settings(150)
@given(payload=st.one_of(bridge_messages, bridge_messages, json_values),
       signed=st.sampled_from([True, True, True, False]), timestamp=fresh_or_odd)
def test_bridge_takes_anything(
    fuzz_live: FuzzServer, payload: object, signed: bool, timestamp: str | None
) -> None:
    body = to_json(payload)
    headers = bridge_headers(body, timestamp) if signed else {
        "X-Bridge-Signature": "sha256=0", "X-Bridge-Timestamp": "1"}
    response = fuzz_live.client.post("/bridge", content=body, headers=headers)
    checked("/bridge", response)


GEWECHAT_PATHS = [("TypeName",), ("Wxid",), ("Appid",), ("Data",), ("Data", "MsgType"),
                  ("Data", "FromUserName"), ("Data", "FromUserName", "string"),
                  ("Data", "ToUserName", "string"), ("Data", "Content"),
                  ("Data", "Content", "string"), ("Data", "NewMsgId"), ("Data", "MsgSource")]


@fuzz_settings(150)
@given(changes=st.lists(st.tuples(st.sampled_from(GEWECHAT_PATHS),
                                  st.one_of(json_values, questions)), max_size=4),
       group=st.booleans())
def test_gewechat_takes_any_shape(
    fuzz_live: FuzzServer, changes: list[tuple[tuple[str, ...], object]], group: bool
) -> None:
    name = "text_group_mentioned.json" if group else "text_private.json"
    payload = fixture_json("gewechat", name)
    for path, value in changes:
        node = payload
        for key in path[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node[path[-1]] = value
    response = fuzz_live.client.post("/bridge/gewechat", params=token("gewechat"),
                                content=to_json(payload))
    checked("/bridge/gewechat", response)


sources = st.one_of(
    odd_text,
    json_values.map(lambda v: json.dumps(v)),
    st.builds(lambda user, room: json.dumps({"from": {"id": user}, "room": room}),
              st.one_of(odd_text, json_values), st.one_of(st.just(""), json_values)),
)
forms = st.fixed_dictionaries(
    {"type": st.sampled_from(["text", "file", "urlLink", "system_event_login", "", "friendship"]),
     "content": questions, "source": sources},
    optional={k: st.sampled_from(["0", "1", "", "²"])
              for k in ("isMentioned", "isMsgFromSelf", "isSystemEvent")},
)


@fuzz_settings(150)
@given(form=forms, multipart=st.booleans(), with_file=st.booleans())
def test_wechatbot_takes_any_form(
    fuzz_live: FuzzServer, form: dict[str, str], multipart: bool, with_file: bool
) -> None:
    form = {k: encodable(v) for k, v in form.items()}
    files = {"content": ("a.png", b"\x89PNG" * 100)} if with_file else None
    if multipart or with_file:
        request = httpx.Request("POST", "http://x", data=form, files=files or {"f": ("x", b"")})
        response = fuzz_live.client.post(
            "/bridge/wechatbot", params=token("wechatbot"), content=request.read(),
            headers={"content-type": request.headers["content-type"]},
        )
    else:
        response = fuzz_live.client.post("/bridge/wechatbot", params=token("wechatbot"), data=form)
    checked("/bridge/wechatbot", response)


@fuzz_settings(60)
@given(body=st.one_of(st.binary(max_size=200), json_values.map(to_json),
                      st.fixed_dictionaries({"update_id": st.integers(),
                                             "message": json_values}).map(to_json)),
       secret=st.sampled_from([TELEGRAM_SECRET, "", "wrong"]))
def test_telegram_webhook_takes_anything(fuzz_live: FuzzServer, body: bytes, secret: str) -> None:
    response = fuzz_live.client.post("/telegram", content=body, headers={SECRET_HEADER: secret})
    event(f"/telegram {response.status_code}")
    assert response.status_code in {200, 400, 403}
