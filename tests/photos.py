"""Photos as phones take them, for the evidence tests: a JPEG whose pixels are landscape, with an EXIF orientation
tag saying "turn it", the maker's name and GPS coordinates."""

from __future__ import annotations

import io

from PIL import Image

GPS_TAG, ORIENTATION = 0x8825, 0x0112


def phone_photo(width: int = 400, height: int = 300, orientation: int = 6) -> bytes:
    image = Image.new("RGB", (width, height), (200, 60, 40))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_TAG).update({1: "N", 2: (32.0, 41.0, 5.0), 3: "E", 4: (109.0, 1.0, 30.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()
