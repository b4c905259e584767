"""An uploaded file made fit to keep: its type read from its content (JPEG, PNG or PDF; a renamed file of another
kind is refused whatever its name says), its size within ``evidence_max_mb``; a photo turned the way the camera
held it (EXIF orientation applied), every EXIF field dropped (the location first of all), scaled to at most
``MAX_SIDE`` px and re-encoded, with a small JPEG thumbnail for the timeline. Pillow does the images.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from dashboard import settings
from dashboard.db import ValidationError

__all__ = ["Prepared", "prepare", "sniff", "JPEG", "PNG", "PDF", "MAX_SIDE", "THUMB_SIDE"]

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
MAX_SIDE, THUMB_SIDE = 2000, 240
_MAGIC = ((b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG), (b"%PDF-", PDF))
Image.MAX_IMAGE_PIXELS = 60_000_000  # a decompression bomb is refused, not decoded


@dataclass(frozen=True)
class Prepared:
    file_name: str
    mime: str
    data: bytes
    thumb: bytes | None
    sha256: str

    @property
    def is_image(self) -> bool:
        return self.mime in (JPEG, PNG)


def sniff(data: bytes) -> str | None:
    """The file's type by its first bytes (None: not one we keep)."""
    return next((mime for magic, mime in _MAGIC if data.startswith(magic)), None)


def prepare(file_name: str, data: bytes) -> Prepared:
    """The file as it will be kept, or ValidationError (Chinese) naming the file and why it is refused."""
    name = str(file_name or "未命名").strip()[:200]
    limit = float(settings.get("evidence_max_mb"))
    if len(data) > limit * 1_048_576:
        raise ValidationError(f"“{name}”有 {len(data) / 1_048_576:.1f} MB，超过 {limit:g} MB 的上限")
    mime = sniff(data)
    if mime is None:
        raise ValidationError(f"“{name}”不是 JPEG、PNG 图片或 PDF 文件（按文件内容判断，与扩展名无关）")
    if mime == PDF:
        return Prepared(name, PDF, data, None, hashlib.sha256(data).hexdigest())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # past MAX_IMAGE_PIXELS: refused
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            ValueError) as exc:
        raise ValidationError(f"“{name}”无法作为图片读取（{exc.__class__.__name__}），可能已损坏") from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    kept = _encode(upright, mime)  # written anew: no EXIF, no GPS, nothing but the pixels
    thumb = upright.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    return Prepared(name, mime, kept, _encode(thumb, JPEG), hashlib.sha256(kept).hexdigest())


def _encode(image: Image.Image, mime: str) -> bytes:
    out = io.BytesIO()
    if mime == JPEG:
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()
