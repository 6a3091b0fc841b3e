"""Safe handling of uploaded profile photos.

An upload is trusted for nothing: its type is recognised from its content, its pixel
count is checked from the header before any pixel data is decoded, and what is stored
is a fresh re-encoding (JPEG, or PNG when it has transparency) without any metadata,
under a random name in ``<upload_dir>/avatars``.
"""

from __future__ import annotations

import io
import os
import secrets
import struct
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps

from clinic.errors import RuleViolation

# Pillow's limit is process-wide: beyond it Image.open warns, beyond twice it raises.
MAX_PIXELS = 25_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

AVATAR_DIR = "avatars"
_PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
_ALPHA_MODES = {"RGBA", "LA", "PA"}
_CHUNK = 64 * 1024
TOO_LARGE_DIMENSIONS = "The photo's dimensions are too large."


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    """Read until EOF or until ``limit`` bytes, whichever comes first."""
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0:
        chunk = stream.read(min(remaining, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _check_pixels(img: Image.Image) -> None:
    """Refuse an image whose header claims more pixels than we are willing to decode."""
    if img.width * img.height > MAX_PIXELS:
        raise RuleViolation("image", TOO_LARGE_DIMENSIONS)


def _reencode(data: bytes, formats: list[str], max_side: int) -> tuple[bytes, str]:
    """Decode ``data`` as one of ``formats``; return (clean encoded bytes, extension)."""
    wrong_type = f"The photo must be a {' or '.join(formats)} image."
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=formats) as probe:
                _check_pixels(probe)
                probe.verify()  # structure and checksums; the object is unusable afterwards
            with Image.open(io.BytesIO(data), formats=formats) as img:
                _check_pixels(img)
                img.load()
                has_alpha = img.mode in _ALPHA_MODES or "transparency" in img.info
                out = ImageOps.exif_transpose(img).convert("RGBA" if has_alpha else "RGB")
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise RuleViolation("image", TOO_LARGE_DIMENSIONS) from exc
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
            raise RuleViolation("image", wrong_type) from exc
    out.thumbnail((max_side, max_side))
    out.info = {}  # PNG's encoder falls back to info (ICC profile, transparency); keep nothing
    buf = io.BytesIO()
    if has_alpha:
        out.save(buf, "PNG", optimize=True)
        return buf.getvalue(), "png"
    out.save(buf, "JPEG", quality=85, optimize=True)
    return buf.getvalue(), "jpg"


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _normalise(allowed_types: Sequence[str]) -> list[str]:
    """Lower-case, trimmed MIME types that this module knows how to handle."""
    types = (t.strip().lower() for t in allowed_types)
    return [t for t in types if t in _PIL_FORMATS]


def store_profile_image(
    stream: BinaryIO,
    *,
    upload_dir: str | Path,
    max_bytes: int,
    allowed_types: Sequence[str],
    max_side: int = 512,
) -> str:
    """Validate, re-encode and store an uploaded photo; return its name relative to upload_dir,
    e.g. "avatars/3f9c...e1.jpg". Raises clinic.errors.RuleViolation("image", <clear message>)."""
    formats = list(dict.fromkeys(_PIL_FORMATS[t] for t in _normalise(allowed_types)))
    if not formats:
        raise ValueError(f"No supported image type in {list(allowed_types)!r}")
    data = _read_limited(stream, max_bytes + 1)
    if len(data) > max_bytes:
        raise RuleViolation("image", f"The photo is larger than {max_bytes / 1024 / 1024:g} MB.")
    if not data:
        raise RuleViolation("image", "Choose a photo to upload.")
    encoded, ext = _reencode(data, formats, max_side)
    directory = Path(upload_dir) / AVATAR_DIR
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{ext}"
    _write_atomically(directory / name, encoded)
    return f"{AVATAR_DIR}/{name}"


def delete_stored_image(upload_dir: str | Path, name: str | None) -> None:
    """Remove a stored image if present; ignore None, missing files, and refuse (silently do
    nothing for) any name that would resolve outside upload_dir/avatars."""
    if not name:
        return
    try:
        base = (Path(upload_dir) / AVATAR_DIR).resolve()
        target = (Path(upload_dir) / name).resolve()
    except (OSError, ValueError):
        return
    if target.parent != base or not target.is_file():
        return
    target.unlink(missing_ok=True)
