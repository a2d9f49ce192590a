"""The QR code a printed page carries, so a patient can open the page again online.

Made here, with zxing-cpp's C++ encoder: no service is called, and one code costs
a fraction of a millisecond, which matters with thousands of guides. The image is
a plain greyscale PNG written with the standard library.
"""

from __future__ import annotations

import base64
import struct
import zlib

import zxingcpp

PIXELS_PER_MODULE = 4  # about 180 px square: sharp at the 96 px it prints at
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def qr_code_data_uri(url: str) -> str:
    """`url` as a QR code image to put straight into a page."""
    return "data:image/png;base64," + base64.b64encode(qr_code_png(url)).decode("ascii")


def qr_code_png(url: str) -> bytes:
    """`url` as a QR code (error correction M, with its quiet zone), as PNG bytes."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=PIXELS_PER_MODULE, add_quiet_zones=True)
    height, width = image.shape
    # One byte a pixel, 0 black and 255 white (the stubs do not declare its buffer protocol).
    pixels = memoryview(image).tobytes()  # type: ignore[arg-type]
    rows = b"".join(b"\0" + pixels[y * width : (y + 1) * width] for y in range(height))  # filter 0: none
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 6)) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
