"""Uploaded profile photos: type sniffing, size and pixel limits, re-encoding, storage."""

from __future__ import annotations

import io
import re
import struct
import tracemalloc
import zlib

import pytest
from PIL import Image, ImageFile, PngImagePlugin

from clinic.accounts.images import delete_stored_image, store_profile_image
from clinic.errors import RuleViolation

BOTH = ["image/jpeg", "image/png"]
MB = 1024 * 1024
JPEG_NAME = re.compile(r"avatars/[0-9a-f]{32}\.jpg")
PNG_NAME = re.compile(r"avatars/[0-9a-f]{32}\.png")


def encode(img: Image.Image, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def gradient(size=(800, 600), mode="RGB") -> Image.Image:
    """A photo-like image (not one flat colour, so the encoders have work to do)."""
    img = Image.linear_gradient("L").resize(size).convert(mode)
    img.paste(Image.new(mode, (size[0] // 4, size[1] // 4), "red"), (10, 10))
    return img


def store(data: bytes, tmp_path, **kwargs) -> str:
    options = {"upload_dir": tmp_path, "max_bytes": 5 * MB, "allowed_types": BOTH} | kwargs
    return store_profile_image(io.BytesIO(data), **options)


def stored_files(tmp_path) -> list:
    return [p for p in tmp_path.rglob("*") if p.is_file()]


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def blank_png(width: int, height: int) -> bytes:
    """A valid 1-bit greyscale PNG, built row by row so that making it costs no memory."""
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte + packed pixels
    packer = zlib.compressobj(9)
    rows_per_block = 1000
    idat = b"".join(
        packer.compress(row * min(rows_per_block, height - y))
        for y in range(0, height, rows_per_block)
    )
    idat += packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def test_valid_jpeg_is_reencoded_resized_and_stored(tmp_path):
    data = encode(gradient((1024, 768)), "JPEG", quality=95)
    name = store(data, tmp_path)
    assert JPEG_NAME.fullmatch(name)
    path = tmp_path / name
    assert path.is_file()
    out = path.read_bytes()
    assert out != data
    with Image.open(path) as img:
        assert img.format == "JPEG"
        assert img.size == (512, 384)
    assert stored_files(tmp_path) == [path]  # no temporary file left behind


def test_small_image_is_not_enlarged(tmp_path):
    name = store(encode(gradient((100, 50)), "JPEG"), tmp_path)
    with Image.open(tmp_path / name) as img:
        assert img.size == (100, 50)


def test_png_with_alpha_stays_png_with_alpha(tmp_path):
    img = gradient((600, 300), "RGBA")
    img.putalpha(128)
    name = store(encode(img, "PNG"), tmp_path)
    assert PNG_NAME.fullmatch(name)
    with Image.open(tmp_path / name) as out:
        assert out.format == "PNG"
        assert out.mode == "RGBA"
        assert out.size == (512, 256)
        assert out.getpixel((300, 200))[3] == 128


def test_palette_png_with_transparency_stays_png(tmp_path):
    img = Image.new("P", (50, 50), 0)
    img.putpalette([255, 0, 0, 0, 0, 255])
    img.paste(1, (10, 10, 40, 40))
    name = store(encode(img, "PNG", transparency=0), tmp_path)
    with Image.open(tmp_path / name) as out:
        assert out.mode == "RGBA"
        assert out.getpixel((0, 0))[3] == 0
        assert out.getpixel((20, 20)) == (0, 0, 255, 255)


def test_png_without_alpha_becomes_jpeg(tmp_path):
    name = store(encode(gradient((300, 200)), "PNG"), tmp_path)
    assert JPEG_NAME.fullmatch(name)
    with Image.open(tmp_path / name) as out:
        assert out.format == "JPEG"
        assert out.mode == "RGB"


def test_exif_is_stripped_and_orientation_applied(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (23.0, 48.0, 36.0), 3: "E", 4: (90.0, 24.0, 36.0)}  # GPS
    data = encode(gradient((40, 20)), "JPEG", exif=exif)
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif()[0x010F] == "SpyCam"  # the fixture really carries EXIF

    name = store(data, tmp_path)
    out = (tmp_path / name).read_bytes()
    assert b"SpyCam" not in out
    assert b"Exif" not in out
    with Image.open(tmp_path / name) as img:
        assert img.size == (20, 40)
        assert "exif" not in img.info
        assert not img.getexif()


def test_png_metadata_is_stripped(tmp_path):
    img = gradient((64, 64), "RGBA")
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "home address: Dhanmondi 27")
    data = encode(img, "PNG", pnginfo=info, icc_profile=b"not really a profile")
    assert b"Dhanmondi" in data
    out = (tmp_path / store(data, tmp_path)).read_bytes()
    assert b"Dhanmondi" not in out
    assert b"iCCP" not in out
    assert b"tEXt" not in out


def test_bytes_after_the_image_are_dropped(tmp_path):
    payload = b"<script>alert(1)</script>"
    name = store(encode(gradient((64, 64)), "JPEG") + payload, tmp_path)
    assert payload not in (tmp_path / name).read_bytes()


def test_oversized_upload_is_refused(tmp_path):
    data = encode(gradient((400, 400)), "JPEG", quality=95)
    assert len(data) > 1000
    with pytest.raises(RuleViolation) as caught:
        store(data, tmp_path, max_bytes=1000)
    assert caught.value.field == "image"
    assert "larger than" in caught.value.message
    assert stored_files(tmp_path) == []


def test_size_limit_is_named_in_megabytes(tmp_path):
    with pytest.raises(RuleViolation, match=r"larger than 5 MB\."):
        store(b"\xff" * (5 * MB + 1), tmp_path)


def test_upload_of_exactly_max_bytes_is_accepted(tmp_path):
    data = encode(gradient((64, 64)), "JPEG")
    assert JPEG_NAME.fullmatch(store(data, tmp_path, max_bytes=len(data)))


def test_read_stops_just_past_the_limit(tmp_path):
    stream = io.BytesIO(b"x" * 10_000)
    with pytest.raises(RuleViolation):
        store_profile_image(stream, upload_dir=tmp_path, max_bytes=100, allowed_types=BOTH)
    assert stream.tell() == 101


def test_empty_upload_is_refused(tmp_path):
    with pytest.raises(RuleViolation) as caught:
        store(b"", tmp_path)
    assert caught.value.field == "image"
    assert caught.value.message == "Choose a photo to upload."
    assert stored_files(tmp_path) == []


def _half_a_jpeg() -> bytes:
    data = encode(gradient((200, 200)), "JPEG")
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    "make_data",
    [
        pytest.param(lambda: b"hello", id="text"),
        pytest.param(lambda: b"<!doctype html><html><body>hi</body></html>", id="html"),
        pytest.param(lambda: b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', id="svg"),
        pytest.param(lambda: encode(gradient((32, 32)), "GIF"), id="gif"),
        pytest.param(lambda: encode(gradient((32, 32)), "WEBP"), id="webp"),
        pytest.param(lambda: encode(gradient((32, 32)), "BMP"), id="bmp"),
        pytest.param(_half_a_jpeg, id="truncated-jpeg"),
        pytest.param(lambda: encode(gradient((64, 64)), "PNG")[:-30], id="truncated-png"),
    ],
)
def test_things_that_are_not_jpeg_or_png_are_refused(tmp_path, make_data):
    with pytest.raises(RuleViolation) as caught:
        store(make_data(), tmp_path)
    assert caught.value.field == "image"
    assert caught.value.message == "The photo must be a JPEG or PNG image."
    assert stored_files(tmp_path) == []


def test_png_with_a_corrupted_checksum_is_refused(tmp_path):
    data = bytearray(encode(gradient((64, 64)), "PNG"))
    idat = data.index(b"IDAT")
    data[idat + 10] ^= 0xFF  # damage the compressed pixels; the chunk CRC no longer matches
    with pytest.raises(RuleViolation, match="JPEG or PNG"):
        store(bytes(data), tmp_path)


def test_only_allowed_types_are_accepted(tmp_path):
    jpeg = encode(gradient((64, 64)), "JPEG")
    with pytest.raises(RuleViolation) as caught:
        store(jpeg, tmp_path, allowed_types=["image/png"])
    assert caught.value.message == "The photo must be a PNG image."
    assert stored_files(tmp_path) == []
    png = encode(gradient((64, 64), "RGBA"), "PNG")
    assert PNG_NAME.fullmatch(store(png, tmp_path, allowed_types=["image/png"]))


def test_no_supported_type_configured_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError, match="No supported image type"):
        store(encode(gradient((8, 8)), "GIF"), tmp_path, allowed_types=["image/gif"])


def test_decompression_bomb_is_refused_from_the_header(tmp_path, monkeypatch):
    bomb = blank_png(20_000, 20_000)  # 400 million pixels
    assert len(bomb) < 100_000
    decoded = []
    real_load = ImageFile.ImageFile.load

    def spy_load(self):
        decoded.append(self.size)
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy_load)
    tracemalloc.start()
    try:
        with pytest.raises(RuleViolation) as caught:
            store(bomb, tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.field == "image"
    assert "too large" in caught.value.message
    # tracemalloc sees Python allocations only, not Pillow's own pixel buffers: hence the spy.
    assert peak < 50 * MB
    assert decoded == []
    assert stored_files(tmp_path) == []


def test_pixel_limit_is_set_for_pillow():
    assert Image.MAX_IMAGE_PIXELS == 25_000_000


def test_own_pixel_check_holds_without_pillows_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # as if other code switched it off
    with pytest.raises(RuleViolation, match="too large"):
        store(blank_png(6000, 5000), tmp_path)


def test_image_just_over_the_pixel_limit_is_refused(tmp_path):
    # 30 million pixels: Pillow only warns below twice its limit; the module must still refuse.
    with pytest.raises(RuleViolation, match="too large"):
        store(blank_png(6000, 5000), tmp_path)


def test_each_upload_gets_a_new_random_name(tmp_path):
    data = encode(gradient((64, 64)), "JPEG")
    names = {store(data, tmp_path) for _ in range(5)}
    assert len(names) == 5
    assert all(JPEG_NAME.fullmatch(n) for n in names)
    assert len(stored_files(tmp_path)) == 5


def test_upload_dir_is_created(tmp_path):
    upload_dir = tmp_path / "deep" / "uploads"
    name = store(encode(gradient((64, 64)), "JPEG"), tmp_path, upload_dir=str(upload_dir))
    assert (upload_dir / name).is_file()


def test_delete_removes_a_stored_image(tmp_path):
    name = store(encode(gradient((64, 64)), "JPEG"), tmp_path)
    delete_stored_image(tmp_path, name)
    assert not (tmp_path / name).exists()
    delete_stored_image(str(tmp_path), name)  # already gone: no error


def test_delete_ignores_none_and_missing_files(tmp_path):
    delete_stored_image(tmp_path, None)
    delete_stored_image(tmp_path, "")
    delete_stored_image(tmp_path, "avatars/" + "0" * 32 + ".jpg")
    delete_stored_image(tmp_path / "no-such-dir", "avatars/x.jpg")


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "avatars/../../secret.txt",
        "avatars/../secret.txt",
        "secret.txt",
        "avatars",
        "avatars/",
        "avatars/sub/secret.txt",
        "SENTINEL",  # replaced by the sentinel's absolute path
        "avatars/\0.jpg",
    ],
)
def test_delete_refuses_names_outside_avatars(tmp_path, name):
    upload_dir = tmp_path / "uploads"
    (upload_dir / "avatars" / "sub").mkdir(parents=True)
    sentinels = [
        tmp_path / "secret.txt",
        upload_dir / "secret.txt",
        upload_dir / "avatars" / "sub" / "secret.txt",
    ]
    for sentinel in sentinels:
        sentinel.write_text("keep me")
    if name == "SENTINEL":
        name = str(sentinels[0])
    delete_stored_image(upload_dir, name)
    assert all(s.read_text() == "keep me" for s in sentinels)
    assert (upload_dir / "avatars").is_dir()
