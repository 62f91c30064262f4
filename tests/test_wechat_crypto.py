"""WXBizMsgCrypt: signatures and AES against WeChat's published test vector."""

from __future__ import annotations

import base64

import pytest

from bot.wechat_crypto import CryptoError, MessageCrypt, pad, sha1_signature, signature_ok, unpad

# The vector of WeChat's documentation (quoted in issue 4).
TOKEN, RECEIVE_ID = "123456", "wx49f0ab532d5d035a"
KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"
TIMESTAMP, NONCE = "1411443780", "437374425"
ECHOSTR = (
    "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q=="
)
SIGNATURE = "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96"
PLAINTEXT = "5927782489442352469"


@pytest.fixture()
def crypt() -> MessageCrypt:
    return MessageCrypt(TOKEN, KEY, RECEIVE_ID)


def test_known_vector_signature(crypt: MessageCrypt) -> None:
    assert crypt.signature(TIMESTAMP, NONCE, ECHOSTR) == SIGNATURE
    assert crypt.check(SIGNATURE, TIMESTAMP, NONCE, ECHOSTR)
    assert not crypt.check(SIGNATURE.replace("d", "e", 1), TIMESTAMP, NONCE, ECHOSTR)


def test_known_vector_decrypts(crypt: MessageCrypt) -> None:
    assert crypt.decrypt(ECHOSTR) == PLAINTEXT


def test_encrypting_with_the_vectors_random_prefix_gives_its_ciphertext(
    crypt: MessageCrypt,
) -> None:
    # The vector's 16 random bytes are the first block of its plaintext.
    assert crypt.encrypt(PLAINTEXT, random16=b"2304fc2fe146f1f8") == ECHOSTR


def test_round_trip_with_chinese_text_and_fresh_randomness(crypt: MessageCrypt) -> None:
    text = "<xml><Content><![CDATA[逾期会联系家人吗]]></Content></xml>"
    first, second = crypt.encrypt(text), crypt.encrypt(text)
    assert first != second  # 16 random bytes in front
    assert crypt.decrypt(first) == crypt.decrypt(second) == text


def test_plain_signature_is_sorted_sha1() -> None:
    # sorted: "1411443780" < "437374425" < "abc"
    assert sha1_signature("abc", TIMESTAMP, NONCE) == sha1_signature(TIMESTAMP, NONCE, "abc")
    assert signature_ok(sha1_signature("abc", "1", "2"), "abc", "1", "2")
    assert not signature_ok("0" * 40, "abc", "1", "2")
    assert not signature_ok("", "abc", "1", "2")


@pytest.mark.parametrize("length", [0, 1, 31, 32, 33, 64])
def test_pkcs7_pads_to_32(length: int) -> None:
    padded = pad(b"x" * length)
    assert len(padded) % 32 == 0 and len(padded) > length
    assert unpad(padded) == b"x" * length


@pytest.mark.parametrize("data", [b"", b"abc\x00", b"abc\x21", b"ab\x03\x02\x03"])
def test_bad_padding_is_refused(data: bytes) -> None:
    with pytest.raises(CryptoError):
        unpad(data)


def test_message_for_another_receiver_is_refused(crypt: MessageCrypt) -> None:
    other = MessageCrypt(TOKEN, KEY, "wx0000000000000000")
    with pytest.raises(CryptoError, match="another"):
        crypt.decrypt(other.encrypt("<xml/>"))


@pytest.mark.parametrize(
    "damaged",
    [
        "not base64!!",
        base64.b64encode(b"short").decode(),
        base64.b64encode(b"\x00" * 32).decode(),  # whole blocks, garbage padding
        ECHOSTR[:-8] + "AAAAAA==",
    ],
)
def test_damaged_ciphertext_raises_crypto_error(crypt: MessageCrypt, damaged: str) -> None:
    with pytest.raises(CryptoError):
        crypt.decrypt(damaged)


def test_wrong_key_length_is_refused() -> None:
    with pytest.raises(ValueError, match="43"):
        MessageCrypt(TOKEN, KEY[:-1], RECEIVE_ID)
