"""WeChat's flat XML messages: parsed with defusedxml, replies built with safe CDATA."""

from __future__ import annotations

import re
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

# Characters XML 1.0 cannot carry at all, not even in CDATA.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class XMLError(ValueError):
    """A body that is not a WeChat XML message (or tries DTDs and entities)."""


def parse(body: bytes | str) -> dict[str, str]:
    """The fields of `<xml><Field>value</Field>...</xml>`, nested elements ignored."""
    try:
        # No DTD at all: WeChat never sends one, and that refuses XXE and entity bombs early.
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError, LookupError) as exc:  # Lookup: encoding
        raise XMLError(type(exc).__name__) from None
    if root.tag != "xml":
        raise XMLError("root element is not <xml>")
    return {child.tag: (child.text or "").strip() for child in root if len(child) == 0}


def cdata(value: str) -> str:
    """`value` as CDATA; a `]]>` inside is split across two sections."""
    clean = _NOT_XML.sub("", value)
    return "<![CDATA[" + clean.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def build(fields: dict[str, str | int]) -> str:
    """`<xml>` with one element per field: numbers as they are, strings as CDATA."""
    parts = (
        f"<{name}>{value if isinstance(value, int) else cdata(value)}</{name}>"
        for name, value in fields.items()
    )
    return "<xml>" + "".join(parts) + "</xml>"


def text_reply(to_user: str, from_user: str, content: str, create_time: int) -> str:
    """A passive text reply (WeChat's `MsgType text`)."""
    return build(
        {
            "ToUserName": to_user,
            "FromUserName": from_user,
            "CreateTime": int(create_time),
            "MsgType": "text",
            "Content": content,
        }
    )


def encrypted_reply(encrypted: str, signature: str, timestamp: str, nonce: str) -> str:
    """The envelope of an encrypted reply."""
    return build(
        {"Encrypt": encrypted, "MsgSignature": signature, "TimeStamp": timestamp, "Nonce": nonce}
    )
