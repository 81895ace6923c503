"""Files built byte by byte for upload tests: honest PDF, JPEG, PNG, DOCX, XLSX and
PPTX files, and the pieces the smuggled ones are made of."""

import io
import zipfile

from docx import Document
from openpyxl import Workbook
from PIL import Image


def pdf_bytes(catalog: str = "", *objects: bytes) -> bytes:
    """A one-page PDF written object by object with a true cross-reference table;
    `catalog` adds entries to the catalog, `objects` are numbered from 4."""
    body = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog}>>".encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        *objects,
    ]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, content in enumerate(body, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref)
    return bytes(out)


PDF = pdf_bytes()


def image_bytes(fmt: str, **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(out, fmt, **options)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    document = Document()
    document.add_paragraph("验收报告")
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def zip_bytes(parts: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()


def pptx_bytes(main_type: str = "presentationml.presentation.main+xml") -> bytes:
    """The smallest PowerPoint package: its content types, its relationships, and a
    presentation part."""
    relationships = "application/vnd.openxmlformats-package.relationships+xml"
    return zip_bytes(
        {
            "[Content_Types].xml": (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                f'<Default Extension="rels" ContentType="{relationships}"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.'
                f'openxmlformats-officedocument.{main_type}"/></Types>'
            ),
            "_rels/.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/officeDocument" Target="ppt/presentation.xml"/></Relationships>'
            ),
            "ppt/presentation.xml": (
                '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
            ),
        }
    )


def with_part(package: bytes, name: str, content: bytes, content_type: str | None) -> bytes:
    """An Office package with one more part, declared in [Content_Types].xml when a
    content type is given."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    if content_type:
        declaration = f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", declaration.encode()
        )
    parts[name] = content
    return zip_bytes(parts)


def jpeg_with_comment(comment: bytes) -> bytes:
    jpeg = image_bytes("JPEG")
    return jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[2:]
