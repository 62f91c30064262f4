"""Personal-account bridges' payloads (ours, gewechat, wechatbot-webhook) in one shape."""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qs

# "@名字\u2005": how WeChat writes a mention into the text; the engine should not see it.
_MENTION = re.compile(r"@[^@\s\u2005]{1,40}\u2005")
_AT_LIST = re.compile(r"<atuserlist>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</atuserlist>", re.S)
GEWECHAT_TEXT, GEWECHAT_NON_TEXT = 1, frozenset({3, 34, 42, 43, 47, 48, 49})


class PayloadError(ValueError):
    """A bridge payload without the fields its shape requires."""


@dataclass(frozen=True)
class BridgeMessage:
    """The normalised shape of a message from a personal WeChat account."""

    chat_id: str
    user_id: str
    text: str = ""
    message_id: str | None = None
    is_group: bool = False
    mentioned: bool = False
    kind: Literal["text", "non_text"] = "text"


def _id(value: Any, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise PayloadError(f"{name} must be a non-empty string")
    return str(value)


def from_json(data: Any) -> BridgeMessage:
    """Our own shape: {chat_id, user_id, message_id?, text, is_group?, mentioned?, type?}."""
    if not isinstance(data, dict):
        raise PayloadError("the body must be a JSON object")
    text = data.get("text")
    if not isinstance(text, str):
        raise PayloadError("text must be a string")
    flags = {k: data.get(k, False) for k in ("is_group", "mentioned")}
    if not all(isinstance(v, bool) for v in flags.values()):
        raise PayloadError("is_group and mentioned must be true or false")
    kind = data.get("type", "text")
    message_id = data.get("message_id")
    return BridgeMessage(
        chat_id=_id(data.get("chat_id"), "chat_id"),
        user_id=_id(data.get("user_id"), "user_id"),
        text=text,
        message_id=None if message_id is None else _id(message_id, "message_id"),
        kind="text" if kind == "text" else "non_text",
        **flags,
    )


def _string(node: Any) -> str:
    """gewechat wraps strings as {"string": "..."}."""
    return node.get("string", "") if isinstance(node, dict) else ""


def from_gewechat(data: Any) -> BridgeMessage | None:
    """A gewechat callback; None for what is not a message to answer (own, status, system)."""
    if not isinstance(data, dict):
        raise PayloadError("the body must be a JSON object")
    if data.get("TypeName") != "AddMsg":
        return None  # contact updates, the callback-test message, ...
    msg = data.get("Data")
    if not isinstance(msg, dict):
        raise PayloadError("AddMsg without Data")
    sender, bot = (
        _string(msg.get("FromUserName")),
        data.get("Wxid") or _string(msg.get("ToUserName")),
    )
    msg_type = msg.get("MsgType")
    if not sender or not isinstance(msg_type, int):
        raise PayloadError("AddMsg without Data.FromUserName.string or Data.MsgType")
    if sender == bot or (msg_type != GEWECHAT_TEXT and msg_type not in GEWECHAT_NON_TEXT):
        return None
    text, user, mentioned = _string(msg.get("Content")), sender, False
    is_group = sender.endswith("@chatroom")
    if is_group:
        # A group message's content starts with its author: "wxid_xxx:\n@bot 你好".
        if ":\n" in text:
            user, text = text.split(":\n", 1)
        at_list = _AT_LIST.search(str(msg.get("MsgSource", "")))
        mentioned = bool(bot) and at_list is not None and bot in at_list.group(1).split(",")
    new_id = msg.get("NewMsgId") or msg.get("MsgId")
    return BridgeMessage(
        chat_id=sender,
        user_id=user,
        text=_MENTION.sub("", text).strip(),
        message_id=f"{data.get('Appid', '')}:{new_id}" if new_id else None,
        is_group=is_group,
        mentioned=mentioned,
        kind="text" if msg_type == GEWECHAT_TEXT else "non_text",
    )


def from_wechatbot(form: Mapping[str, str]) -> BridgeMessage | None:
    """A wechatbot-webhook RECVD_MSG_API form; None for system events and own messages."""
    kind = form.get("type", "")
    if form.get("isSystemEvent") == "1" or form.get("isMsgFromSelf") == "1":
        return None
    if kind.startswith("system_event") or kind == "friendship" or not kind:
        return None  # accepting friends is the operator's decision, not the bot's
    try:
        source = json.loads(form.get("source") or "{}")
    except json.JSONDecodeError:
        raise PayloadError("source is not JSON") from None
    if not isinstance(source, dict):
        raise PayloadError("source is not a JSON object")
    sender, room = source.get("from"), source.get("room")
    user = sender.get("id") if isinstance(sender, dict) else None
    if not user:
        raise PayloadError("source.from.id is missing")
    room_id = room.get("id") if isinstance(room, dict) else None
    return BridgeMessage(
        chat_id=str(room_id or user),
        user_id=str(user),
        text=_MENTION.sub("", form.get("content", "")).strip() if kind == "text" else "",
        is_group=bool(room_id),
        mentioned=form.get("isMentioned") == "1",
        kind="text" if kind == "text" else "non_text",
    )


def parse_form(body: bytes, content_type: str) -> dict[str, str]:
    """The text fields of a multipart or urlencoded form; file parts are skipped unread."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {name: values[-1] for name, values in fields.items()}
    if not content_type.startswith("multipart/form-data"):
        raise PayloadError("expected a multipart or urlencoded form")
    # The standard library's MIME parser, so no extra dependency for one endpoint.
    head = f"Content-Type: {content_type}\r\n\r\n".encode("utf-8", "replace")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise PayloadError("not a multipart body")
    form: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or part.get_filename() is not None:
            continue
        payload = part.get_payload(decode=True)
        form[name] = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return form
