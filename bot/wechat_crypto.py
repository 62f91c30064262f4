"""WeChat's message signatures and the WXBizMsgCrypt encryption (AES-256-CBC, PKCS#7 to 32)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .settings import aes_key_bytes

BLOCK = 32  # WeChat pads to 32 bytes, not to AES's 16


class CryptoError(ValueError):
    """An encrypted message that does not decrypt, or is meant for someone else."""


def sha1_signature(*parts: str) -> str:
    """WeChat's signature: SHA-1 of the parts sorted and joined, in hex."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def signature_ok(expected: str, *parts: str) -> bool:
    """Whether `expected` is the signature of `parts`, compared in constant time."""
    return hmac.compare_digest(sha1_signature(*parts).encode(), expected.encode())


def pad(data: bytes) -> bytes:
    """PKCS#7 padding to a multiple of 32 bytes (always 1 to 32 bytes added)."""
    n = BLOCK - len(data) % BLOCK
    return data + bytes([n]) * n


def unpad(data: bytes) -> bytes:
    """Remove PKCS#7 padding; CryptoError when it is not valid padding."""
    n = data[-1] if data else 0
    if not 1 <= n <= BLOCK or n > len(data) or data[-n:] != bytes([n]) * n:
        raise CryptoError("bad padding")
    return data[:-n]


class MessageCrypt:
    """Encrypts and decrypts one account's messages (the scheme of WeChat's WXBizMsgCrypt)."""

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str) -> None:
        self.token = token
        self.receive_id = receive_id
        self._key = aes_key_bytes(encoding_aes_key)

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16]))

    def signature(self, timestamp: str, nonce: str, encrypted: str) -> str:
        """The msg_signature of an encrypted message."""
        return sha1_signature(self.token, timestamp, nonce, encrypted)

    def check(self, msg_signature: str, timestamp: str, nonce: str, encrypted: str) -> bool:
        """Whether `msg_signature` signs this encrypted message (constant time)."""
        return signature_ok(msg_signature, self.token, timestamp, nonce, encrypted)

    def encrypt(self, text: str, random16: bytes | None = None) -> str:
        """The base64 ciphertext of `text` for this account."""
        body = text.encode()
        prefix = random16 if random16 is not None else os.urandom(16)
        plain = prefix + struct.pack(">I", len(body)) + body + self.receive_id.encode()
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(pad(plain)) + encryptor.finalize()).decode()

    def decrypt(self, encrypted: str) -> str:
        """The text inside `encrypted`; CryptoError if it is damaged or for another receiver."""
        try:
            data = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError):
            raise CryptoError("not base64") from None
        if not data or len(data) % 16:
            raise CryptoError("not whole AES blocks")
        decryptor = self._cipher().decryptor()
        plain = unpad(decryptor.update(data) + decryptor.finalize())
        if len(plain) < 20:
            raise CryptoError("too short")
        (length,) = struct.unpack(">I", plain[16:20])
        body, receiver = plain[20 : 20 + length], plain[20 + length :]
        if len(body) != length:
            raise CryptoError("length field beyond the message")
        if receiver != self.receive_id.encode():
            raise CryptoError("meant for another AppID/CorpID")
        try:
            return body.decode()
        except UnicodeDecodeError:
            raise CryptoError("not UTF-8") from None
