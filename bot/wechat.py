"""The WeChat callback endpoints: an Official Account (/wechat) and a WeCom app (/wecom)."""

from __future__ import annotations

import time

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from .dedupe import dedupe_key
from .digits import is_number
from .privacy import user_tag
from .responder import Inbound, Responder
from .settings import Settings, WeChatAccount
from .webcheck import TIMESTAMP_DIGITS, check_fresh, read_body, require
from .wechat_crypto import CryptoError, MessageCrypt, signature_ok
from .wechat_xml import XMLError, encrypted_reply, parse, text_reply

REPLY_LIMIT = 2048  # bytes of Content WeChat shows in a passive text reply
XML_TYPE = "application/xml; charset=utf-8"


def inbound_of(msg: dict[str, str], platform: str, salt: bytes) -> Inbound:
    """Translate a decoded WeChat message into an Inbound; 400 when a field is missing."""
    sender, kind, created = require(msg, "FromUserName", "MsgType", "CreateTime")
    require(msg, "ToUserName")
    if not is_number(created, TIMESTAMP_DIGITS):
        raise HTTPException(400, "CreateTime is not a number")
    user = user_tag(platform, sender, salt)
    if kind == "event":
        # Events have no MsgId; WeChat's own rule is sender + CreateTime.
        key = dedupe_key(platform, user, f"event:{created}")
        welcome = msg.get("Event", "").lower() == "subscribe"
        return Inbound(user, "welcome" if welcome else "silent", key=key)
    msg_id = msg.get("MsgId")
    key = dedupe_key(platform, user, f"msg:{msg_id}" if msg_id else f"time:{created}")
    if kind == "text":
        if "Content" not in msg:
            raise HTTPException(400, "missing Content")
        return Inbound(user, "text", msg["Content"], key)
    if kind == "voice" and msg.get("Recognition"):
        return Inbound(user, "text", msg["Recognition"], key)  # WeChat's own speech-to-text
    return Inbound(user, "non_text", key=key)  # image, video, location, link, file, ...


class CallbackEndpoint:
    """One account's callback URL: GET verifies the URL, POST answers messages."""

    def __init__(
        self, platform: str, account: WeChatAccount, responder: Responder, settings: Settings
    ) -> None:
        self.platform, self.account, self.responder = platform, account, responder
        self.salt, self.max_body, self.max_skew = (
            settings.log_salt,
            settings.max_body,
            settings.max_skew,
        )
        self.always_encrypted = platform == "wecom"
        self.crypt = (
            MessageCrypt(account.token, account.aes_key, account.receive_id or "")
            if account.aes_key
            else None
        )

    def route(self, path: str) -> Route:
        """The Starlette route of this endpoint at `path`."""
        return Route(path, self.handle, methods=["GET", "POST"])

    async def handle(self, request: Request) -> Response:
        """Dispatch on the method (HEAD is answered as GET by Starlette)."""
        if request.method == "POST":
            return await self.receive(request)
        return self.verify(request)

    def verify(self, request: Request) -> Response:
        """The URL check when the callback is saved: echo `echostr` (WeCom: decrypted)."""
        q = request.query_params
        timestamp, nonce, echostr = require(q, "timestamp", "nonce", "echostr")
        if not self.always_encrypted:
            (signature,) = require(q, "signature")
            self._check_signature(signature, timestamp, nonce)
            check_fresh(timestamp, self.max_skew)
            return PlainTextResponse(echostr)
        (msg_signature,) = require(q, "msg_signature")
        self._check_msg_signature(msg_signature, timestamp, nonce, echostr)
        check_fresh(timestamp, self.max_skew)
        return PlainTextResponse(self._decrypt(echostr))

    def _check_signature(self, signature: str, timestamp: str, nonce: str) -> None:
        if not signature_ok(signature, self.account.token, timestamp, nonce):
            raise HTTPException(403, "bad signature")

    def _check_msg_signature(
        self, msg_signature: str, timestamp: str, nonce: str, encrypted: str
    ) -> None:
        assert self.crypt is not None
        if not self.crypt.check(msg_signature, timestamp, nonce, encrypted):
            raise HTTPException(403, "bad msg_signature")

    def _decrypt(self, encrypted: str) -> str:
        assert self.crypt is not None
        try:
            return self.crypt.decrypt(encrypted)
        except CryptoError as exc:
            raise HTTPException(400, f"undecryptable: {exc}") from None

    async def receive(self, request: Request) -> Response:
        """Answer one message with a passive reply, encrypted when the message was.

        Signatures are checked before anything else is parsed: plain mode signs the query
        alone, so the body is not even read before; encrypted mode signs the envelope.
        """
        q = request.query_params
        timestamp, nonce = require(q, "timestamp", "nonce")
        encrypted = self.always_encrypted or q.get("encrypt_type") == "aes"
        if encrypted:
            if self.crypt is None:
                raise HTTPException(400, "encrypted message, but WECHAT_AES_KEY is not set")
            (msg_signature,) = require(q, "msg_signature")
        else:
            (signature,) = require(q, "signature")
            self._check_signature(signature, timestamp, nonce)
            check_fresh(timestamp, self.max_skew)
        body = await read_body(request, self.max_body)
        try:
            msg = parse(body)
            if encrypted:
                (envelope,) = require(msg, "Encrypt")
                self._check_msg_signature(msg_signature, timestamp, nonce, envelope)
                check_fresh(timestamp, self.max_skew)
                msg = parse(self._decrypt(envelope))
        except XMLError as exc:
            raise HTTPException(400, f"not a WeChat XML message ({exc})") from None
        text = await self.responder.respond(inbound_of(msg, self.platform, self.salt), REPLY_LIMIT)
        if text is None:
            return PlainTextResponse("" if self.always_encrypted else "success")
        now = int(time.time())
        xml = text_reply(msg["FromUserName"], msg["ToUserName"], text, now)
        if encrypted:
            assert self.crypt is not None
            sealed = self.crypt.encrypt(xml)
            signature = self.crypt.signature(str(now), nonce, sealed)
            xml = encrypted_reply(sealed, signature, str(now), nonce)
        return Response(xml, media_type=XML_TYPE)
