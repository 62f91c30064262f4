"""The WeChat callback endpoints: an Official Account (/wechat) and a WeCom app (/wecom)."""

from __future__ import annotations

import time

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from .privacy import user_tag
from .responder import Inbound, Responder
from .settings import Settings, WeChatAccount
from .webcheck import check_fresh, read_body, require
from .wechat_crypto import CryptoError, MessageCrypt, signature_ok
from .wechat_xml import XMLError, encrypted_reply, parse, text_reply

REPLY_LIMIT = 2048  # bytes of Content WeChat shows in a passive text reply
XML_TYPE = "application/xml; charset=utf-8"


def inbound_of(msg: dict[str, str], platform: str, salt: bytes) -> Inbound:
    """Translate a decoded WeChat message into an Inbound; 400 when a field is missing."""
    sender, kind, created = require(msg, "FromUserName", "MsgType", "CreateTime")
    require(msg, "ToUserName")
    if not created.isdigit():
        raise HTTPException(400, "CreateTime is not a number")
    user = user_tag(platform, sender, salt)
    if kind == "event":
        # Events have no MsgId; WeChat's own rule is sender + CreateTime.
        key = f"{platform}:event:{user}:{created}"
        welcome = msg.get("Event", "").lower() == "subscribe"
        return Inbound(user, "welcome" if welcome else "silent", key=key)
    key = f"{platform}:{msg.get('MsgId') or user + ':' + created}"
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
        check_fresh(timestamp, self.max_skew)
        if not self.always_encrypted:
            (signature,) = require(q, "signature")
            if not signature_ok(signature, self.account.token, timestamp, nonce):
                raise HTTPException(403, "bad signature")
            return PlainTextResponse(echostr)
        (msg_signature,) = require(q, "msg_signature")
        return PlainTextResponse(self._decrypt(msg_signature, timestamp, nonce, echostr))

    def _decrypt(self, msg_signature: str, timestamp: str, nonce: str, encrypted: str) -> str:
        assert self.crypt is not None
        if not self.crypt.check(msg_signature, timestamp, nonce, encrypted):
            raise HTTPException(403, "bad msg_signature")
        try:
            return self.crypt.decrypt(encrypted)
        except CryptoError as exc:
            raise HTTPException(400, f"undecryptable: {exc}") from None

    async def receive(self, request: Request) -> Response:
        """Answer one message with a passive reply, encrypted when the message was."""
        q = request.query_params
        timestamp, nonce = require(q, "timestamp", "nonce")
        check_fresh(timestamp, self.max_skew)
        encrypted = self.always_encrypted or q.get("encrypt_type") == "aes"
        if encrypted:
            if self.crypt is None:
                raise HTTPException(400, "encrypted message, but WECHAT_AES_KEY is not set")
            (msg_signature,) = require(q, "msg_signature")
        else:
            # Plain mode signs only the query, so the body is read after the check.
            (signature,) = require(q, "signature")
            if not signature_ok(signature, self.account.token, timestamp, nonce):
                raise HTTPException(403, "bad signature")
        body = await read_body(request, self.max_body)
        try:
            msg = parse(body)
            if encrypted:
                (envelope,) = require(msg, "Encrypt")
                msg = parse(self._decrypt(msg_signature, timestamp, nonce, envelope))
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
