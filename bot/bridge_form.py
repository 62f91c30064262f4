"""wechatbot-webhook's form bodies, multipart (python-multipart) or urlencoded, with limits."""

from __future__ import annotations

from urllib.parse import parse_qs

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from .bridge_adapters import PayloadError

MAX_PARTS = 32  # wechatbot-webhook sends about ten fields and at most one file
MAX_FIELD_BYTES = 64 * 1024  # a text field; file parts are skipped, not kept


class _Fields:
    """python-multipart's callbacks: keeps the text fields, skips files, counts parts."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}
        self.parts = 0
        self._header, self._value = bytearray(), bytearray()
        self._headers: dict[bytes, bytes] = {}
        self._name: str | None = None
        self._data = bytearray()

    def callbacks(self) -> dict:
        """The callback mapping MultipartParser takes."""
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": lambda d, s, e: self._header.extend(d[s:e]),
            "on_header_value": lambda d, s, e: self._value.extend(d[s:e]),
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
        }

    def on_part_begin(self) -> None:
        """A new part: refuse a body with more parts than any real bridge sends."""
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise PayloadError(f"more than {MAX_PARTS} form parts")
        self._headers, self._name, self._data = {}, None, bytearray()

    def on_header_end(self) -> None:
        """One header of the part, kept until the headers end."""
        self._headers[bytes(self._header).lower()] = bytes(self._value)
        self._header, self._value = bytearray(), bytearray()

    def on_headers_finished(self) -> None:
        """Keep the part only when it is a named text field, not a file."""
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = params.get(b"name")
        if name is not None and b"filename" not in params:
            self._name = name.decode("utf-8", "replace")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        """A piece of a field's value (a file's bytes are dropped)."""
        if self._name is not None:
            self._data.extend(data[start:end])
            if len(self._data) > MAX_FIELD_BYTES:
                raise PayloadError(f"a form field over {MAX_FIELD_BYTES} bytes")

    def on_part_end(self) -> None:
        """The part is complete: its value is the field's (the last one wins)."""
        if self._name is not None:
            self.fields[self._name] = self._data.decode("utf-8", "replace")


def parse_form(body: bytes, content_type: str) -> dict[str, str]:
    """The text fields of a multipart or urlencoded form; file parts are skipped unread."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        try:
            fields = parse_qs(
                body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=MAX_PARTS
            )
        except ValueError:
            raise PayloadError(f"more than {MAX_PARTS} form fields") from None
        return {name: values[-1] for name, values in fields.items()}
    if not content_type.startswith("multipart/form-data"):
        raise PayloadError("expected a multipart or urlencoded form")
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise PayloadError("a multipart form without a boundary")
    form = _Fields()
    try:
        parser = MultipartParser(boundary, form.callbacks())  # type: ignore[arg-type]
        parser.write(body)
        parser.finalize()
    except PayloadError:
        raise
    except (FormParserError, ValueError) as exc:  # a malformed body or boundary
        raise PayloadError(f"not a multipart body ({type(exc).__name__})") from None
    if form.parts == 0:
        raise PayloadError("not a multipart body")
    return form.fields
