"""What an uploaded evidence file (佐证材料) is, judged as a whole, and the name it is
kept and served under.

A file is accepted only when its whole content is one of the allowed kinds and its
name does not claim another: a PDF must parse with a real PDF parser (pypdf, strict)
and hold no active content (JavaScript, launch actions, embedded files, form
submission); a JPEG or PNG must decode fully with Pillow, end where its format ends,
and is kept re-encoded, which drops comments, metadata and anything hidden in them; a
Word, Excel or PowerPoint file must be a real OOXML package ([Content_Types].xml
declaring every part, the main document its kind needs, no macros, ActiveX, OLE
objects, programs or web pages) and open with python-docx or openpyxl. Everything
else (HTML, SVG, scripts, programs, archives) is refused under any name, each refusal
saying in Chinese which file and what was wrong.

The name shown is the one the person gave, cleaned of control characters and capped
at NAME_LIMIT characters; it always ends with the detected kind's extension."""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from posixpath import normpath
from xml.etree import ElementTree

import docx
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .workflow import WorkflowError

MAX_SIZE = 20 * 1024 * 1024
# Longest file name accepted, in characters (any script). Browsers send a name of this
# length well inside the 1,024 bytes Django allows for a part's headers.
NAME_LIMIT = 200
# The download name is cut to this many UTF-8 bytes so it fits a disk's 255-byte limit
# with room for a browser's " (1)".
DOWNLOAD_NAME_BYTES = 240
# kind → its MIME type; the first extension is the one a name without one gets.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
EXTENSIONS = {
    "pdf": ("pdf",),
    "jpg": ("jpg", "jpeg"),
    "png": ("png",),
    "docx": ("docx",),
    "xlsx": ("xlsx",),
    "pptx": ("pptx",),
}
LABELS = {
    "pdf": "PDF",
    "jpg": "JPEG",
    "png": "PNG",
    "docx": "Word（DOCX）",
    "xlsx": "Excel（XLSX）",
    "pptx": "PowerPoint（PPTX）",
}
IMAGE_FORMATS = {"jpg": "JPEG", "png": "PNG"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# An image larger than this many pixels is refused rather than decoded.
MAX_PIXELS = 60_000_000
# An Office package may hold at most this many parts and unpack to at most this size.
MAX_PARTS = 5000
MAX_UNPACKED = 200 * 1024 * 1024

_OOXML_MAIN = "application/vnd.openxmlformats-officedocument."
OFFICE_MAIN_TYPES = {
    _OOXML_MAIN + "wordprocessingml.document.main+xml": "docx",
    _OOXML_MAIN + "spreadsheetml.sheet.main+xml": "xlsx",
    _OOXML_MAIN + "presentationml.presentation.main+xml": "pptx",
}
# Parts Office runs or hands to another program: macros, ActiveX controls, OLE objects.
_ACTIVE_PART_TYPES = (
    "application/vnd.ms-office.vbaproject",
    "application/vnd.ms-office.activex",
    "application/vnd.openxmlformats-officedocument.oleobject",
    "macroenabled",
    "vbaproject",
)
# Parts a browser or the system would run when taken out of the package.
_RUNNABLE_PART_TYPES = ("html", "javascript", "ecmascript", "x-msdownload", "x-ms", "x-sh")
_RUNNABLE_EXTENSIONS = frozenset(
    "exe dll com scr msi bat cmd ps1 vbs vbe js jse wsf hta htm html xhtml jar sh".split()
)
_PACKAGE_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"

# PDF keys and action types that make a document do something when opened or clicked.
_PDF_JAVASCRIPT = frozenset({"/JS", "/JavaScript"})
_PDF_EMBEDDED = frozenset({"/EmbeddedFiles", "/EmbeddedFile", "/EF"})
_PDF_OTHER_ACTIONS = frozenset(
    {"/SubmitForm", "/ImportData", "/GoToE", "/RichMedia", "/RichMediaExecute", "/XFA"}
)

_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,10})$")


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed: its kind, the name to show and serve, the content to store
    (the upload itself, or an image re-encoded) and a thumbnail for images."""

    name: str
    kind: str
    content: UploadedFile | ContentFile
    thumbnail: ContentFile | None

    @property
    def size(self) -> int:
        return self.content.size


class Refused(Exception):
    """What is wrong with a file, in Chinese, without its name."""


def check_uploads(uploads: list[UploadedFile]) -> list[CheckedFile]:
    """Every upload checked; if any is refused, WorkflowError naming each refused file
    and what was wrong with it, so nothing of the batch is kept."""
    checked, refusals = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except WorkflowError as exc:
            refusals.append(exc.message)
    if refusals:
        if len(uploads) > 1:
            refusals.append(_("本次选择的文件都没有保存，请去掉或改正上述文件后重新上传"))
        raise WorkflowError("；".join(refusals))
    return checked


def check_upload(upload: UploadedFile) -> CheckedFile:
    """One upload judged as a whole, or WorkflowError saying which file and why."""
    name = clean_name(upload.name or "") or _("文件")
    shown = name if len(name) <= 40 else name[:40] + "…"
    try:
        if len(name) > NAME_LIMIT:
            raise Refused(
                _("文件名有 %(n)s 个字，超过 %(limit)s 个字的上限，请改短后再上传")
                % {"n": len(name), "limit": NAME_LIMIT}
            )
        if upload.size > MAX_SIZE:
            raise Refused(
                _("超过 %(limit)s MB 的上限（实际 %(size).1f MB）")
                % {"limit": MAX_SIZE // (1024 * 1024), "size": upload.size / 1048576}
            )
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        kind = kind_of(data)
        name = named_as(name, kind)
        content, thumbnail = upload, None
        if kind == "pdf":
            _check_pdf(data)
        elif kind in IMAGE_FORMATS:
            content, thumbnail = _reencode_image(data, kind)
    except Refused as exc:
        raise WorkflowError(_("「%(name)s」%(reason)s") % {"name": shown, "reason": exc}) from None
    return CheckedFile(name=name, kind=kind, content=content, thumbnail=thumbnail)


def clean_name(raw: str) -> str:
    """The name a person gave a file, without any folder, control or direction-changing
    characters (which could make 'txt.exe' read as 'exe.txt'), in NFC."""
    name = re.split(r"[/\\]", raw)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co"))
    return name.strip().strip(".").strip()


def named_as(name: str, kind: str) -> str:
    """The name ending with the kind's extension: kept when it already does, given one
    when it has none, refused when it claims another type."""
    match = _EXTENSION.search(name)
    if match and not match.group(1).isdigit():
        extension = match.group(1).lower()
        if extension in EXTENSIONS[kind]:
            return name
        raise Refused(
            _(
                "的扩展名是 .%(ext)s，内容却是 %(label)s："
                "只接受名称与内容相符的文件（应为 .%(right)s）"
            )
            % {"ext": extension, "label": LABELS[kind], "right": EXTENSIONS[kind][0]}
        )
    return f"{name}.{EXTENSIONS[kind][0]}"


def download_name(name: str) -> str:
    """The name cut to DOWNLOAD_NAME_BYTES of UTF-8 on a character boundary, keeping its
    extension, so it can be saved on any disk; the full name stays on the page."""
    if len(name.encode()) <= DOWNLOAD_NAME_BYTES:
        return name
    stem, dot, extension = name.rpartition(".")
    suffix = dot + extension
    budget = DOWNLOAD_NAME_BYTES - len(suffix.encode())
    cut = stem.encode()[:budget].decode(errors="ignore")
    return cut + suffix


def kind_of(data: bytes) -> str:
    """The allowed kind of the content, or Refused; an Office package is checked whole
    here, as its kind is known only from inside it."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    raise Refused(
        _("不是允许的文件类型：只接受 PDF、JPEG、PNG、DOCX、XLSX、PPTX（按文件内容判断）")
    )


def _check_pdf(data: bytes) -> None:
    if not data.rstrip(b"\r\n\t \x00").endswith(b"%%EOF"):
        raise Refused(_("不是完整的 PDF：文件结尾之后还有其他内容"))
    try:
        reader = _read_pdf(data)
        if reader.is_encrypted:
            raise Refused(_("是加密的 PDF，无法检查其内容，请上传未加密的文件"))
        if len(reader.pages) == 0:
            raise Refused(_("是没有页面的 PDF"))
        active = _pdf_active_content(reader.trailer)
    except Refused:
        raise
    except Exception as exc:  # pypdf raises many kinds for a broken or hostile file
        raise Refused(_("无法作为 PDF 打开，可能已损坏或不是 PDF")) from exc
    if active:
        raise Refused(active)


def _read_pdf(data: bytes) -> PdfReader:
    """The file read by pypdf: strictly, or, for the small flaws many scanners and
    printers leave (a cross-reference table a few bytes off), rebuilt leniently."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data), strict=True)
            len(reader.pages)
        except PyPdfError:
            reader = PdfReader(io.BytesIO(data), strict=False)
    return reader


def _pdf_active_content(trailer) -> str | None:
    """What the document would do on its own, walking every object reachable from the
    trailer, or None."""

    seen: set[tuple[int, int]] = set()
    stack = [trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            keys = set(obj.keys())
            kinds = {str(obj.get(k)) for k in ("/S", "/Type", "/Subtype") if k in obj}
            if keys & _PDF_JAVASCRIPT or "/JavaScript" in kinds:
                return _("含有 JavaScript 脚本，PDF 里不能带脚本")
            if "/Launch" in kinds or "/Launch" in keys:
                return _("含有启动外部程序的动作")
            if keys & _PDF_EMBEDDED or kinds & {"/EmbeddedFile", "/FileAttachment"}:
                return _("含有嵌入的文件，请把附件单独上传")
            if keys & _PDF_OTHER_ACTIONS or kinds & _PDF_OTHER_ACTIONS:
                return _("含有表单提交、多媒体等会自行运行的内容")
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return None


def _reencode_image(data: bytes, kind: str) -> tuple[ContentFile, ContentFile]:
    end = _jpeg_end(data) if kind == "jpg" else _png_end(data)
    if end is None:
        raise Refused(_("不是完整的 %(label)s 图片") % {"label": LABELS[kind]})
    if data[end:].strip(b"\x00"):
        raise Refused(_("在图片结尾之后还夹带了其他内容"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[IMAGE_FORMATS[kind]]) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise Refused(_("像素过多（超过 6000 万像素），请缩小后再上传"))
                opened.load()
                image = ImageOps.exif_transpose(opened)
    except Refused:
        raise
    except Exception as exc:  # Pillow raises many kinds for a broken or hostile image
        raise Refused(_("无法完整解码，图片可能已损坏")) from exc
    # Saved again from its pixels: comments, text chunks, EXIF (with its GPS position)
    # and whatever was hidden in them are left behind; colour profile kept.
    image.info.pop("comment", None)
    out = io.BytesIO()
    if kind == "jpg":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, icc_profile=image.info.get("icc_profile"))
    else:
        image.save(out, "PNG", icc_profile=image.info.get("icc_profile"))
    return ContentFile(out.getvalue()), _thumbnail(image)


def _thumbnail(image: Image.Image) -> ContentFile:
    thumb = image.copy()
    thumb.thumbnail((320, 320))
    out = io.BytesIO()
    thumb.convert("RGB").save(out, "JPEG", quality=80)
    return ContentFile(out.getvalue())


def _jpeg_end(data: bytes) -> int | None:
    """Where a JPEG's end-of-image marker ends, walking its segments and scans."""
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            return None
        while i < n and data[i] == 0xFF:
            i += 1
        if i >= n:
            return None
        marker = data[i]
        i += 1
        if marker == 0xD9:
            return i
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if i + 2 > n:
            return None
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2:
            return None
        i += length
        if marker == 0xDA:  # entropy-coded data runs to the next real marker
            while True:
                j = data.find(b"\xff", i)
                if j == -1 or j + 1 >= n:
                    return None
                following = data[j + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    i = j + 2
                    continue
                i = j
                break
    return None


def _png_end(data: bytes) -> int | None:
    """Where a PNG's IEND chunk ends, walking its chunks."""
    i, n = len(PNG_SIGNATURE), len(data)
    while i + 12 <= n:
        length = int.from_bytes(data[i : i + 4], "big")
        chunk = data[i + 4 : i + 8]
        i += 12 + length
        if chunk == b"IEND":
            return i if i <= n else None
    return None


def _office_kind(data: bytes) -> str:
    """The kind of an OOXML package after checking it is one, or Refused."""
    try:
        return _inspect_package(data)
    except Refused:
        raise
    except Exception as exc:  # zipfile and zlib raise many kinds for a damaged archive
        raise Refused(_("是损坏的压缩包，不是完整的 Office 文件")) from exc


def _inspect_package(data: bytes) -> str:
    package = zipfile.ZipFile(io.BytesIO(data))
    infos = package.infolist()
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise Refused(_("解压后过大，不像是正常的 Office 文件"))
    if package.testzip() is not None:  # every part read once, its checksum compared
        raise Refused(_("是损坏的压缩包，不是完整的 Office 文件"))
    names = {info.filename for info in infos if not info.is_dir()}
    for name in names:
        if name.startswith("/") or "\\" in name or normpath(name) != name:
            raise Refused(_("含有可疑的路径「%(part)s」") % {"part": name[:60]})
    if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
        raise Refused(
            _(
                "不是完整的 Office 文件：缺少 [Content_Types].xml 或 _rels/.rels，"
                "只接受 Word、Excel、PowerPoint 保存的 DOCX、XLSX、PPTX"
            )
        )
    try:
        types = ElementTree.fromstring(package.read("[Content_Types].xml"))
        rels = ElementTree.fromstring(package.read("_rels/.rels"))
    except ElementTree.ParseError as exc:
        raise Refused(_("不是完整的 Office 文件：目录无法读取")) from exc
    defaults = {
        e.get("Extension", "").lower(): e.get("ContentType", "").lower()
        for e in types.iter(_PACKAGE_NS + "Default")
    }
    overrides = {
        e.get("PartName", "").lstrip("/"): e.get("ContentType", "").lower()
        for e in types.iter(_PACKAGE_NS + "Override")
    }
    for name in sorted(names - {"[Content_Types].xml"}):
        content_type = overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower())
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if content_type is None:
            raise Refused(_("含有未声明的部件「%(part)s」") % {"part": name[:60]})
        if any(t in content_type for t in _ACTIVE_PART_TYPES) or name.endswith("vbaProject.bin"):
            raise Refused(_("含有宏、ActiveX 控件或嵌入的程序对象，请另存为不含宏的文件"))
        if any(t in content_type for t in _RUNNABLE_PART_TYPES) or (
            extension in _RUNNABLE_EXTENSIONS
        ):
            raise Refused(_("含有网页、脚本或程序「%(part)s」") % {"part": name[:60]})
    main = next(
        (
            r.get("Target", "").lstrip("/")
            for r in rels.iter(_RELS_NS + "Relationship")
            if r.get("Type", "").endswith(_OFFICE_DOCUMENT)
        ),
        None,
    )
    kind = OFFICE_MAIN_TYPES.get(overrides.get(main or "", ""))
    if main not in names or kind is None:
        raise Refused(_("不是 Word、Excel 或 PowerPoint 文档：缺少主文档"))
    _office_opens(data, kind, package.read(main))
    return kind


def _office_opens(data: bytes, kind: str, main_part: bytes) -> None:
    try:
        if kind == "docx":
            docx.Document(io.BytesIO(data))
        elif kind == "xlsx":
            load_workbook(io.BytesIO(data), read_only=True).close()
        elif ElementTree.fromstring(main_part).tag.rpartition("}")[2] != "presentation":
            raise ValueError("not a presentation")
    except Exception as exc:  # each library raises its own kinds for a broken package
        raise Refused(_("无法作为 %(label)s 打开，可能已损坏") % {"label": LABELS[kind]}) from exc
