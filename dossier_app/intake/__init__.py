"""Incoming documents: text from PDFs, scans, e-mails and .docx files, and what it says.

Qt-free. ``extract`` turns a file into text (OCR through Tesseract for scans,
in a work folder the caller provides and wipes); ``recognise`` reads the kind
of document, its date, kenmerk, sender, child and outcome from that text, with
the patterns in ``patterns.toml``.
"""
