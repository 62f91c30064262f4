"""Personal-account bridges' payloads (ours, gewechat, wechatbot-webhook) in one shape."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

# "@名字\u2005": how WeChat writes a mention into the text; the engine should not see it.
_MENTION = re.compile(r"@[^@\s\u2005]{1,40}\u2005")
_AT_LIST = re.compile(r"<atuserlist>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</atuserlist>", re.S)
GEWECHAT_TEXT, GEWECHAT_NON_TEXT = 1, frozenset({3, 34, 42, 43, 47, 48, 49})


class PayloadError(ValueError):
    """A bridge payload without the fields its shape requires."""


def load_json(data: bytes | str, name: str = "the body") -> Any:
    """Parsed JSON; PayloadError for what is not JSON, too deep, or a number too long for int."""
    try:
        return json.loads(data)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise PayloadError(f"{name} is not JSON") from None


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


MAX_ID = 256  # characters of an id; WeChat's are under 64


def _unicode(value: str, name: str) -> str:
    """`value` unless it holds a lone surrogate (JSON's "\\ud800"), which no reply can carry."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PayloadError(f"{name} is not valid Unicode") from None
    return value


def _id(value: Any, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise PayloadError(f"{name} must be a non-empty string")
    if isinstance(value, int) and not -(10**MAX_ID) < value < 10**MAX_ID:
        raise PayloadError(f"{name} is too long")
    text = _unicode(str(value), name)
    if len(text) > MAX_ID:
        raise PayloadError(f"{name} is too long")
    return text


def from_json(data: Any) -> BridgeMessage:
    """Our own shape: {chat_id, user_id, message_id?, text, is_group?, mentioned?, type?}."""
    if not isinstance(data, dict):
        raise PayloadError("the body must be a JSON object")
    text = data.get("text")
    if not isinstance(text, str):
        raise PayloadError("text must be a string")
    text = _unicode(text, "text")
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


def _string(node: Any, name: str) -> str:
    """gewechat wraps strings as {"string": "..."}; "" when the field is absent."""
    value = node.get("string", "") if isinstance(node, dict) else ""
    if not isinstance(value, str):
        raise PayloadError(f"{name}.string must be a string")
    return _unicode(value, name)


def from_gewechat(data: Any) -> BridgeMessage | None:
    """A gewechat callback; None for what is not a message to answer (own, status, system)."""
    if not isinstance(data, dict):
        raise PayloadError("the body must be a JSON object")
    if data.get("TypeName") != "AddMsg":
        return None  # contact updates, the callback-test message, ...
    msg = data.get("Data")
    if not isinstance(msg, dict):
        raise PayloadError("AddMsg without Data")
    wxid = data.get("Wxid")
    bot = wxid if isinstance(wxid, str) and wxid else _string(msg.get("ToUserName"), "ToUserName")
    sender = _string(msg.get("FromUserName"), "FromUserName")
    msg_type = msg.get("MsgType")
    if not sender or not isinstance(msg_type, int):
        raise PayloadError("AddMsg without Data.FromUserName.string or Data.MsgType")
    if sender == bot or (msg_type != GEWECHAT_TEXT and msg_type not in GEWECHAT_NON_TEXT):
        return None
    text, user, mentioned = _string(msg.get("Content"), "Content"), sender, False
    is_group = sender.endswith("@chatroom")
    if is_group:
        # A group message's content starts with its author: "wxid_xxx:\n@bot 你好".
        if ":\n" in text:
            user, text = text.split(":\n", 1)
        source = msg.get("MsgSource")
        at_list = _AT_LIST.search(source) if isinstance(source, str) else None
        mentioned = bool(bot) and at_list is not None and bot in at_list.group(1).split(",")
    new_id = msg.get("NewMsgId") or msg.get("MsgId")
    return BridgeMessage(
        chat_id=_id(sender, "FromUserName"),
        user_id=_id(user, "the group message's author"),
        text=_MENTION.sub("", text).strip(),
        message_id=_id(f"{data.get('Appid', '')}:{_id(new_id, 'NewMsgId')}", "NewMsgId")
        if new_id
        else None,
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
    source = load_json(form.get("source") or "{}", "source")
    if not isinstance(source, dict):
        raise PayloadError("source is not a JSON object")
    sender, room = source.get("from"), source.get("room")
    user = _id(sender.get("id") if isinstance(sender, dict) else None, "source.from.id")
    room_id = room.get("id") if isinstance(room, dict) else None
    room_id = _id(room_id, "source.room.id") if room_id else None
    text = _unicode(form.get("content", ""), "content")
    return BridgeMessage(
        chat_id=room_id or user,
        user_id=user,
        text=_MENTION.sub("", text).strip() if kind == "text" else "",
        is_group=bool(room_id),
        mentioned=form.get("isMentioned") == "1",
        kind="text" if kind == "text" else "non_text",
    )
