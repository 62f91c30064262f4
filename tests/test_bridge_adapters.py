"""Bridge payloads, from the real shapes in tests/fixtures, to one normalised message."""

from __future__ import annotations

import httpx
import pytest
from live_server import fixture_json

from bot.bridge_adapters import (
    BridgeMessage,
    PayloadError,
    from_gewechat,
    from_json,
    from_wechatbot,
    load_json,
)
from bot.bridge_form import MAX_FIELD_BYTES, MAX_PARTS, parse_form


def test_normalised_shape() -> None:
    message = from_json(
        {"chat_id": "c1", "user_id": 42, "message_id": "m1", "text": "你好", "is_group": True,
         "mentioned": True, "extra": "ignored"}
    )
    assert message == BridgeMessage("c1", "42", "你好", "m1", True, True, "text")
    image = from_json({"chat_id": "c", "user_id": "u", "text": "", "type": "image"})
    assert image.kind == "non_text"


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"chat_id": "c", "user_id": "u"},
        {"chat_id": "c", "user_id": "u", "text": 5},
        {"chat_id": "", "user_id": "u", "text": "x"},
        {"chat_id": "c", "user_id": True, "text": "x"},
        {"chat_id": "c", "user_id": "u", "text": "x", "is_group": "yes"},
        {"chat_id": "c", "user_id": "u", "text": "x", "message_id": ["m"]},
        {"chat_id": "c", "user_id": "\ud800", "text": "x"},  # a lone surrogate
        {"chat_id": "c", "user_id": "u", "text": "\udfff逾期"},
        {"chat_id": "c", "user_id": 10**300, "text": "x"},
        {"chat_id": "c" * 5000, "user_id": "u", "text": "x"},
    ],
)
def test_normalised_shape_refuses_bad_fields(data: object) -> None:
    with pytest.raises(PayloadError):
        from_json(data)


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "text_private.json",
            BridgeMessage(
                "wxid_14up8o14zvhv22", "wxid_14up8o14zvhv22", "逾期会联系我家人吗",
                "wx_anAIaxXZGeuwhKeiGan_n:346853901463423953",
            ),
        ),
        (
            "text_group_mentioned.json",
            BridgeMessage(
                "34757816141@chatroom", "wxid_phyyedw9xap22", "逾期会上征信吗",
                "wx_anAIaxXZGeuwhKeiGan_n:8449132831264840264", is_group=True, mentioned=True,
            ),
        ),
        (
            "text_group_not_mentioned.json",
            BridgeMessage(
                "34757816141@chatroom", "wxid_phyyedw9xap22", "大家晚上好",
                "wx_anAIaxXZGeuwhKeiGan_n:8449132831264840265", is_group=True, mentioned=False,
            ),
        ),
        (
            "voice_private.json",
            BridgeMessage(
                "wxid_14up8o14zvhv22", "wxid_14up8o14zvhv22", message_id=(
                    "wx_anAIaxXZGeuwhKeiGan_n:346853901463423999"
                ), kind="non_text",
            ),
        ),
        ("own_message.json", None),
        ("callback_test.json", None),
        ("status_sync.json", None),
    ],
)
def test_gewechat(fixture: str, expected: BridgeMessage | None) -> None:
    message = from_gewechat(fixture_json("gewechat", fixture))
    if expected is not None and expected.kind == "non_text":
        assert message is not None and message.kind == "non_text"
        assert (message.chat_id, message.message_id) == (expected.chat_id, expected.message_id)
    else:
        assert message == expected


@pytest.mark.parametrize(
    "data", [[1], {"TypeName": "AddMsg"}, {"TypeName": "AddMsg", "Data": {"MsgType": 1}}]
)
def test_gewechat_refuses_an_addmsg_without_its_fields(data: object) -> None:
    with pytest.raises(PayloadError):
        from_gewechat(data)


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("text_private.json", BridgeMessage("@8d5f3a1b2c", "@8d5f3a1b2c", "逾期会联系我家人吗")),
        (
            "text_room_mentioned.json",
            BridgeMessage("@@4f2e91", "@8d5f3a1b2c", "逾期会上征信吗", None, True, True),
        ),
        (
            "text_room_not_mentioned.json",
            BridgeMessage("@@4f2e91", "@8d5f3a1b2c", "大家晚上好", None, True, False),
        ),
        ("url_link.json", BridgeMessage("@8d5f3a1b2c", "@8d5f3a1b2c", "", kind="non_text")),
        ("own_message.json", None),
        ("system_login.json", None),
        ("friendship.json", None),
    ],
)
def test_wechatbot(fixture: str, expected: BridgeMessage | None) -> None:
    assert from_wechatbot(fixture_json("wechatbot", fixture)) == expected


def test_json_that_python_cannot_hold_is_a_payload_error() -> None:
    for body in (b"[" * 100_000, b'{"user_id": ' + b"9" * 5000 + b"}", b"\xff\xfe", b"{"):
        with pytest.raises(PayloadError):
            load_json(body)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("FromUserName", "string"), {"nested": 1}),
        (("FromUserName", "string"), "\ud800"),
        (("Content", "string"), ["a", "b"]),
        (("Content", "string"), 5),
        (("NewMsgId",), {"id": 1}),
        (("NewMsgId",), 10**300),
    ],
)
def test_gewechat_refuses_wrong_shapes(path: tuple[str, ...], value: object) -> None:
    payload = fixture_json("gewechat", "text_private.json")
    node = payload["Data"]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(PayloadError):
        from_gewechat(payload)


def test_gewechat_ignores_odd_optional_fields() -> None:
    payload = fixture_json("gewechat", "text_group_mentioned.json")
    payload["Wxid"], payload["Data"]["MsgSource"] = ["not", "a", "string"], {"x": 1}
    message = from_gewechat(payload)
    assert message is not None and not message.mentioned


@pytest.mark.parametrize(
    "source",
    ['{"from": {"id": "\\ud800"}}', '{"from": {"id": ["x"]}}', '{"from": {"id": "u"}, '
     '"room": {"id": {"x": 1}}}', "[" * 100_000],
)
def test_wechatbot_refuses_odd_ids(source: str) -> None:
    with pytest.raises(PayloadError):
        from_wechatbot({"type": "text", "content": "x", "source": source})


@pytest.mark.parametrize(
    "form",
    [
        {"type": "text", "content": "x"},
        {"type": "text", "content": "x", "source": "{not json"},
        {"type": "text", "content": "x", "source": "[]"},
        {"type": "text", "content": "x", "source": '{"from": {}}'},
    ],
)
def test_wechatbot_refuses_a_message_without_a_sender(form: dict[str, str]) -> None:
    with pytest.raises(PayloadError):
        from_wechatbot(form)


def test_parse_form_reads_multipart_text_fields_and_skips_files() -> None:
    fields = fixture_json("wechatbot", "text_room_mentioned.json")
    request = httpx.Request(
        "POST", "http://bridge", data=fields, files={"content_file": ("a.png", b"\x89PNG\xff")}
    )
    form = parse_form(request.read(), request.headers["content-type"])
    assert form == fields


def test_parse_form_reads_urlencoded() -> None:
    request = httpx.Request("POST", "http://bridge", data={"type": "text", "content": "a=b&c 你好"})
    assert parse_form(request.read(), request.headers["content-type"]) == {
        "type": "text", "content": "a=b&c 你好",
    }


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(b"{}", "application/json"), (b"no parts here", "multipart/form-data; boundary=xyz")],
)
def test_parse_form_refuses_what_is_not_a_form(body: bytes, content_type: str) -> None:
    with pytest.raises(PayloadError):
        parse_form(body, content_type)


def many_parts(count: int) -> bytes:
    return "".join(
        f'--b\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nx\r\n' for i in range(count)
    ).encode() + b"--b--\r\n"


def test_parse_form_limits_parts_and_field_size() -> None:
    assert len(parse_form(many_parts(MAX_PARTS), "multipart/form-data; boundary=b")) == MAX_PARTS
    for body in (many_parts(17_000), many_parts(MAX_PARTS + 1)):
        with pytest.raises(PayloadError, match="parts"):
            parse_form(body, "multipart/form-data; boundary=b")
    huge = (b'--b\r\nContent-Disposition: form-data; name="content"\r\n\r\n'
            + b"x" * (MAX_FIELD_BYTES + 1) + b"\r\n--b--\r\n")
    with pytest.raises(PayloadError, match="bytes"):
        parse_form(huge, "multipart/form-data; boundary=b")
    fields = "&".join(f"f{i}=x" for i in range(MAX_PARTS + 1)).encode()
    with pytest.raises(PayloadError):
        parse_form(fields, "application/x-www-form-urlencoded")


def test_parse_form_needs_a_boundary() -> None:
    with pytest.raises(PayloadError, match="boundary"):
        parse_form(many_parts(2), "multipart/form-data")
