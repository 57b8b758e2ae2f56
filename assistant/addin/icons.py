"""The two icons the unified manifest wants, made from the add-in's own PNGs.

The Microsoft 365 app package needs a 192x192 colour icon and a 32x32 outline
icon (white on transparent). Both are derived from ui/addin/assets at packaging
time with the standard library (zlib): a bilinear scale of the 128 px icon, and
the light and accent pixels of the 32 px icon turned white, the rest clear.
Only 8-bit RGBA, non-interlaced PNGs (what the assets are) are read.
"""

from __future__ import annotations

import struct
import zlib

_SIG = b"\x89PNG\r\n\x1a\n"


class IconError(ValueError):
    pass


def read_rgba(data: bytes) -> tuple[int, int, list[bytearray]]:
    """(width, height, rows of RGBA bytes) of an 8-bit RGBA PNG."""
    if data[:8] != _SIG:
        raise IconError("not a PNG file")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if (depth, colour, interlace) != (8, 6, 0):
                raise IconError("only 8-bit RGBA, non-interlaced PNGs are supported")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if not width:
        raise IconError("PNG without a header")
    raw, stride, rows = zlib.decompress(idat), width * 4, []
    prev = bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 4] if i >= 4 else 0
            b, c = prev[i], prev[i - 4] if i >= 4 else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, rows


def write_rgba(width: int, height: int, rows: list[bytearray]) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return _SIG + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def scaled(data: bytes, size: int) -> bytes:
    """``data`` scaled to ``size`` x ``size`` (bilinear)."""
    w, h, rows = read_rgba(data)
    out = []
    for y in range(size):
        fy = min(max((y + 0.5) * h / size - 0.5, 0), h - 1)
        y0, ty = int(fy), fy - int(fy)
        y1 = min(y0 + 1, h - 1)
        line = bytearray(size * 4)
        for x in range(size):
            fx = min(max((x + 0.5) * w / size - 0.5, 0), w - 1)
            x0, tx = int(fx), fx - int(fx)
            x1 = min(x0 + 1, w - 1)
            for k in range(4):
                top = rows[y0][x0 * 4 + k] * (1 - tx) + rows[y0][x1 * 4 + k] * tx
                bottom = rows[y1][x0 * 4 + k] * (1 - tx) + rows[y1][x1 * 4 + k] * tx
                line[x * 4 + k] = round(top * (1 - ty) + bottom * ty)
        out.append(line)
    return write_rgba(size, size, out)


def outline(data: bytes) -> bytes:
    """White where the icon is light or warm (envelope, check mark), clear elsewhere."""
    w, h, rows = read_rgba(data)
    out = []
    for row in rows:
        line = bytearray(w * 4)
        for x in range(w):
            r, g, b, a = row[x * 4 : x * 4 + 4]
            light = (r + g + b) / 3
            ink = max(0, min(255, round((max(light, r - b) - 90) * 255 / 120))) * a // 255
            line[x * 4 : x * 4 + 4] = bytes((255, 255, 255, ink))
        out.append(line)
    return write_rgba(w, h, out)
