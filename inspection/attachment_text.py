"""The text of an item's attachment (附件) for the round's content checks (issue 13: content checks over
attachments' text where extractable): PDF (pypdf), DOCX (its XML), XLSX (openpyxl), TXT/CSV. Other kinds (DOC, WPS,
OFD, ZIP, images) and files larger than MAX_BYTES are not read: the round notes how many were skipped."""

import re
import zipfile
from io import BytesIO

MAX_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 50
MAX_CHARS = 500_000
_WORD_TEXT = re.compile(r"<w:t[^>]*>([^<]*)</w:t>|<w:p[ >/]")


def _pdf(data):
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    return "\n".join((page.extract_text() or "") for page in reader.pages[:MAX_PDF_PAGES])


def _docx(data):
    from html import unescape

    with zipfile.ZipFile(BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8", "replace")
    return unescape("".join(text if text else "\n" for text in _WORD_TEXT.findall(xml)))


def _xlsx(data):
    from openpyxl import load_workbook

    book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    lines = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = [str(value) for value in row if value not in (None, "")]
            if cells:
                lines.append(" ".join(cells))
    return "\n".join(lines)


def _plain(data):
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "txt": _plain, "csv": _plain}


def attachment_text(document):
    """The text of a Wagtail document, or None when its kind is not read or it cannot be read."""
    reader = READERS.get(document.file_extension.lower())
    if reader is None:
        return None
    try:
        if document.file.size > MAX_BYTES:
            return None
        with document.open_file() as handle:
            data = handle.read()
        return reader(data)[:MAX_CHARS]
    except Exception:  # a damaged or encrypted file: not extractable, like an unsupported kind
        return None
