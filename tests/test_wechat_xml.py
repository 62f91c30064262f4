"""WeChat XML: defused parsing and CDATA replies."""

from __future__ import annotations

import pytest
from live_server import FIXTURES, wechat_xml

from bot.wechat_xml import XMLError, cdata, encrypted_reply, parse, text_reply


def test_parse_reads_the_flat_fields() -> None:
    msg = parse(wechat_xml("text.xml", "oUser", "逾期会怎样", "42").encode())
    assert msg == {
        "ToUserName": "gh_8f0c2e1d3b4a",
        "FromUserName": "oUser",
        "CreateTime": "1700000000",
        "MsgType": "text",
        "Content": "逾期会怎样",
        "MsgId": "42",
    }


def test_parse_skips_nested_elements() -> None:
    body = b"<xml><Event>scancode_push</Event><ScanCodeInfo><ScanType>qr</ScanType></ScanCodeInfo>"
    body += b"</xml>"
    assert parse(body) == {"Event": "scancode_push"}


@pytest.mark.parametrize(
    "body",
    [b"", b"<xml>", b"not xml", b"<note><a>1</a></note>", "<xml>中</xml>".encode("gbk")],
)
def test_malformed_bodies_raise(body: bytes) -> None:
    with pytest.raises(XMLError):
        parse(body)


@pytest.mark.parametrize("name", ["xxe.xml", "billion_laughs.xml"])
def test_dtds_are_refused_before_any_entity_is_expanded(name: str) -> None:
    with pytest.raises(XMLError, match="DTDForbidden"):
        parse((FIXTURES / "wechat" / name).read_bytes())


def test_cdata_splits_a_closing_sequence_and_round_trips() -> None:
    assert cdata("a]]>b") == "<![CDATA[a]]]]><![CDATA[>b]]>"
    content = "a]]>b]]>]]>c"
    reply = text_reply("user", "gh_x", content, 1700000000)
    assert parse(reply)["Content"] == content


def test_characters_xml_cannot_carry_are_dropped() -> None:
    reply = text_reply("user", "gh_x", "a\x00b\x1fc\ufffed\U0001f600", 1)
    assert parse(reply)["Content"] == "abcd\U0001f600"


def test_text_reply_has_every_field() -> None:
    msg = parse(text_reply("oUser", "gh_x", "你好", 1700000123))
    assert msg == {
        "ToUserName": "oUser",
        "FromUserName": "gh_x",
        "CreateTime": "1700000123",
        "MsgType": "text",
        "Content": "你好",
    }


def test_encrypted_envelope() -> None:
    msg = parse(encrypted_reply("ZW5j", "sig", "1700000000", "n1"))
    assert msg == {
        "Encrypt": "ZW5j", "MsgSignature": "sig", "TimeStamp": "1700000000", "Nonce": "n1",
    }
