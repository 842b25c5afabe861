"""A minimal Outlook .msg for the intake tests, made here (no real family's mail).

No common library writes .msg files, so this writes the parts MS-OXMSG asks
for: MAPI property streams inside an OLE compound file (MS-CFB). The compound
file itself is written by ``extract_msg.OleWriter`` (extract-msg is already a
dependency of the app); the property streams are built below:

- ``__properties_version1.0``: a header, then one 16-byte row per property
  (tag, flags, and the value itself or, for strings and binary data, its size);
- ``__substg1.0_IIIITTTT``: the value of each string/binary property
  (IIII the property id, TTTT its type: 001F UTF-16 text, 0102 binary);
- one recipient storage, one attachment storage (the PDF, attached by value),
  and the (empty) named-property storage.
"""

from __future__ import annotations

import datetime as dt
import struct

PT_LONG = 0x0003
PT_BOOLEAN = 0x000B
PT_SYSTIME = 0x0040
PT_UNICODE = 0x001F
PT_BINARY = 0x0102
READ_WRITE = 0x00000006

# Property ids (MS-OXPROPS).
MESSAGE_CLASS = 0x001A
SUBJECT = 0x0037
CLIENT_SUBMIT_TIME = 0x0039
TRANSPORT_HEADERS = 0x007D
SENDER_NAME = 0x0C1A
SENDER_EMAIL = 0x0C1F
SENDER_ADDRTYPE = 0x0C1E
DELIVERY_TIME = 0x0E06
MESSAGE_FLAGS = 0x0E07
BODY = 0x1000
INTERNET_CPID = 0x3FDE
SENDER_SMTP = 0x5D01
DISPLAY_NAME = 0x3001
EMAIL_ADDRESS = 0x3003
ADDRTYPE = 0x3002
RECIPIENT_TYPE = 0x0C15
SMTP_ADDRESS = 0x39FE
ATTACH_DATA = 0x3701
ATTACH_FILENAME = 0x3704
ATTACH_METHOD = 0x3705
ATTACH_LONG_FILENAME = 0x3707
ATTACH_MIME_TAG = 0x370E
ATTACH_NUM = 0x0E21
ATTACH_BY_VALUE = 1
MAPI_TO = 1

PROPERTIES = "__properties_version1.0"
RECIPIENT = "__recip_version1.0_#00000000"
ATTACHMENT = "__attach_version1.0_#00000000"
NAMEID = "__nameid_version1.0"


def _filetime(moment: dt.datetime) -> int:
    """100-nanosecond intervals since 1 January 1601 (UTC)."""
    epoch = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
    return int((moment - epoch).total_seconds() * 10_000_000)


class _Properties:
    """The property rows of one object (message, recipient or attachment) and their streams."""

    def __init__(self):
        self.rows: list[bytes] = []
        self.streams: dict[str, bytes] = {}

    def text(self, prop: int, value: str) -> None:
        data = value.encode("utf-16-le")
        self.streams[f"__substg1.0_{prop:04X}{PT_UNICODE:04X}"] = data
        self.rows.append(struct.pack("<IIII", (prop << 16) | PT_UNICODE, READ_WRITE, len(data) + 2, 0))

    def binary(self, prop: int, value: bytes) -> None:
        self.streams[f"__substg1.0_{prop:04X}{PT_BINARY:04X}"] = value
        self.rows.append(struct.pack("<IIII", (prop << 16) | PT_BINARY, READ_WRITE, len(value), 0))

    def long(self, prop: int, value: int) -> None:
        self.rows.append(struct.pack("<IIiI", (prop << 16) | PT_LONG, READ_WRITE, value, 0))

    def time(self, prop: int, moment: dt.datetime) -> None:
        self.rows.append(struct.pack("<IIQ", (prop << 16) | PT_SYSTIME, READ_WRITE, _filetime(moment)))

    def add_to(self, writer, storage: list[str], header: bytes) -> None:
        writer.addEntry(storage + [PROPERTIES], header + b"".join(self.rows))
        for name, data in self.streams.items():
            writer.addEntry(storage + [name], data)


def msg_bytes(*, subject: str, sender_name: str, sender_email: str, to: str, body: str, sent: dt.datetime,
              attachment_name: str, attachment: bytes, attachment_type: str = "application/pdf") -> bytes:
    """An Outlook e-mail (IPM.Note) with one attached file, as the bytes of a .msg file."""
    import io

    from extract_msg import OleWriter

    writer = OleWriter()
    message = _Properties()
    message.text(MESSAGE_CLASS, "IPM.Note")
    message.text(SUBJECT, subject)
    message.text(BODY, body)
    message.text(SENDER_NAME, sender_name)
    message.text(SENDER_EMAIL, sender_email)
    message.text(SENDER_ADDRTYPE, "SMTP")
    message.text(SENDER_SMTP, sender_email)
    headers = (f"From: {sender_name} <{sender_email}>\r\nTo: {to}\r\nSubject: {subject}\r\n"
               f"Date: {sent.strftime('%a, %d %b %Y %H:%M:%S %z')}\r\nMIME-Version: 1.0\r\n\r\n")
    message.text(TRANSPORT_HEADERS, headers)
    message.time(CLIENT_SUBMIT_TIME, sent)
    message.time(DELIVERY_TIME, sent)
    message.long(MESSAGE_FLAGS, 0x1 | 0x10)          # read, has attachments
    message.long(INTERNET_CPID, 65001)
    # Top-level header: 8 reserved, next recipient id, next attachment id, recipient count,
    # attachment count, 8 reserved (MS-OXMSG 2.4.1.1).
    message.add_to(writer, [], struct.pack("<8xIIII8x", 1, 1, 1, 1))

    recipient = _Properties()
    recipient.text(DISPLAY_NAME, to)
    recipient.text(EMAIL_ADDRESS, to)
    recipient.text(ADDRTYPE, "SMTP")
    recipient.text(SMTP_ADDRESS, to)
    recipient.long(RECIPIENT_TYPE, MAPI_TO)
    writer.addEntry([RECIPIENT], storage=True)
    recipient.add_to(writer, [RECIPIENT], bytes(8))

    attached = _Properties()
    attached.long(ATTACH_METHOD, ATTACH_BY_VALUE)
    attached.long(ATTACH_NUM, 0)
    attached.text(ATTACH_LONG_FILENAME, attachment_name)
    attached.text(ATTACH_FILENAME, attachment_name[:12])
    attached.text(ATTACH_MIME_TAG, attachment_type)
    attached.binary(ATTACH_DATA, attachment)
    writer.addEntry([ATTACHMENT], storage=True)
    attached.add_to(writer, [ATTACHMENT], bytes(8))

    # The named-property map: present and empty (no named properties are used).
    writer.addEntry([NAMEID], storage=True)
    for stream in ("__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"):
        writer.addEntry([NAMEID, stream], b"")

    target = io.BytesIO()
    writer.write(target)
    return target.getvalue()
