"""/bridge: a JSON endpoint for personal-account bridges, signed with HMAC-SHA256."""

from __future__ import annotations

import hashlib
import hmac

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .bridge_adapters import (
    BridgeMessage,
    from_gewechat,
    from_json,
    from_wechatbot,
    load_json,
)
from .bridge_form import parse_form
from .dedupe import dedupe_key
from .privacy import user_tag
from .responder import Inbound, Responder
from .settings import Settings
from .webcheck import check_fresh, read_body

SIGNATURE_HEADER = "X-Bridge-Signature"
TIMESTAMP_HEADER = "X-Bridge-Timestamp"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The X-Bridge-Signature value: sha256= HMAC of "timestamp." + body."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def url_token(secret: str, adapter: str) -> str:
    """The ?token= of an adapter whose bridge cannot sign: HMAC-SHA256(secret, adapter name)."""
    return hmac.new(secret.encode(), adapter.encode(), hashlib.sha256).hexdigest()


def _wechatbot_reply(text: str | None) -> Response:
    # wechatbot-webhook sends `data` back to the chat when `success` is true.
    if text is None:
        return JSONResponse({"success": False})
    return JSONResponse({"success": True, "data": {"type": "text", "content": text}})


class BridgeEndpoint:
    """The normalised /bridge route and one route per bridge adapter."""

    def __init__(self, secret: str, responder: Responder, settings: Settings) -> None:
        self.secret, self.responder = secret, responder
        self.salt, self.max_skew = settings.log_salt, settings.max_skew
        # JSON messages are small; only wechatbot's form may carry an image along.
        self.max_json, self.max_form = settings.max_body, settings.max_bridge_body

    def routes(self) -> list[Route]:
        """The Starlette routes: /bridge, /bridge/gewechat, /bridge/wechatbot."""
        return [
            Route("/bridge", self.normalised, methods=["POST"]),
            Route("/bridge/gewechat", self.gewechat, methods=["POST"]),
            Route("/bridge/wechatbot", self.wechatbot, methods=["POST"]),
        ]

    async def normalised(self, request: Request) -> Response:
        """Our own JSON shape; always signed."""
        body = await self._read(request, None, self.max_json)
        message = from_json(load_json(body))
        return JSONResponse({"reply": await self._answer("bridge", message)})

    async def gewechat(self, request: Request) -> Response:
        """A gewechat callback (JSON)."""
        body = await self._read(request, "gewechat", self.max_json)
        message = from_gewechat(load_json(body))
        return JSONResponse({"reply": await self._answer("gewechat", message)})

    async def wechatbot(self, request: Request) -> Response:
        """A wechatbot-webhook RECVD_MSG_API form, answered with its quick-reply shape."""
        body = await self._read(request, "wechatbot", self.max_form)
        message = from_wechatbot(parse_form(body, request.headers.get("content-type", "")))
        return _wechatbot_reply(await self._answer("wechatbot", message))

    async def _read(self, request: Request, adapter: str | None, cap: int) -> bytes:
        """The body, once the request is known to come from the bridge; else 403.

        A URL token or a missing signature is refused before the body is read; a signature
        covers the body, so that body is read (at most `cap` bytes) and checked before
        anything in it is parsed.
        """
        signature = request.headers.get(SIGNATURE_HEADER)
        if signature is None and adapter is not None:
            token = request.query_params.get("token", "")
            if not hmac.compare_digest(token.encode(), url_token(self.secret, adapter).encode()):
                raise HTTPException(403, "bad or missing token")
            return await read_body(request, cap)
        timestamp = request.headers.get(TIMESTAMP_HEADER, "")
        if signature is None or not timestamp:
            raise HTTPException(403, f"unsigned: send {SIGNATURE_HEADER} and {TIMESTAMP_HEADER}")
        body = await read_body(request, cap)
        expected = sign(self.secret, timestamp, body).encode()
        if not hmac.compare_digest(signature.encode("utf-8", "replace"), expected):
            raise HTTPException(403, "bad signature")
        check_fresh(timestamp, self.max_skew)
        return body

    async def _answer(self, adapter: str, message: BridgeMessage | None) -> str | None:
        if message is None:
            return None
        user = user_tag("bridge", f"{message.chat_id}\n{message.user_id}", self.salt)
        key = dedupe_key(adapter, user, message.message_id) if message.message_id else None
        if message.is_group and not message.mentioned:
            return None  # in a group the bot speaks only when spoken to
        inbound = Inbound(user, message.kind, message.text, key)
        return await self.responder.respond(inbound)
