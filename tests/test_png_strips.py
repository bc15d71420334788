"""Large PNG exports drawn in strips: the PNG written from strips, and the strips against
plotly.js's own PNG of the same figure (real Chromium, a real panel on the data snapshot)."""

from __future__ import annotations

import io
import json
import shutil
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from components.png import ImageSize, PngRenderer, write_png


def encode(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGBA").save(buffer, "PNG")
    return buffer.getvalue()


def decode(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "RGBA"
        return np.asarray(image)


class TestWritePng:
    def test_strips_make_one_png_with_the_same_pixels(self):
        rng = np.random.default_rng(7)
        pixels = rng.integers(0, 256, size=(23, 17, 4), dtype=np.uint8)
        pixels[5:9] = [255, 255, 255, 255]  # flat rows: "Up" differences of 0
        strips = [encode(pixels[top:top + 10]) for top in range(0, 23, 10)]  # 10 + 10 + 3 rows
        out = write_png(iter(strips), 17, 23)
        assert out[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", out[16:24]) == (17, 23)
        assert np.array_equal(decode(out), pixels)

    def test_rows_use_the_up_filter(self):
        # 2 x 2: row 0 = (1,2,3,4)(5,6,7,8); row 1 = (0,2,3,4)(5,6,7,9)
        pixels = np.array([[[1, 2, 3, 4], [5, 6, 7, 8]], [[0, 2, 3, 4], [5, 6, 7, 9]]], dtype=np.uint8)
        out = write_png(iter([encode(pixels)]), 2, 2)
        idat = b"".join(out[i + 8:i + 8 + struct.unpack(">I", out[i:i + 4])[0]]
                        for i in _chunks(out) if out[i + 4:i + 8] == b"IDAT")
        raw = zlib.decompress(idat)
        # filter byte 2 (Up); row 0 minus a row of zeros; row 1 minus row 0, modulo 256
        assert raw == bytes([2, 1, 2, 3, 4, 5, 6, 7, 8, 2, 255, 0, 0, 0, 0, 0, 0, 1])

    def test_strips_that_do_not_fit_are_refused(self):
        pixels = np.zeros((4, 6, 4), dtype=np.uint8)
        with pytest.raises(ValueError, match="a strip 6 wide for an image 5 wide"):
            write_png(iter([encode(pixels)]), 5, 4)
        with pytest.raises(ValueError, match="strips of 4 rows for an image 8 high"):
            write_png(iter([encode(pixels)]), 6, 8)


def _chunks(data: bytes):
    """Offsets of the chunks of PNG ``data``."""
    offset = 8
    while offset < len(data):
        yield offset
        offset += 12 + struct.unpack(">I", data[offset:offset + 4])[0]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_strips_match_plotlys_own_png(shared_data, tmp_path):
    from app import create_app
    from config import Config

    app = create_app(Config.from_env({"SMALLCAP_DATA": str(shared_data), "SMALLCAP_CACHE_DIR": str(tmp_path)}))
    exporter = app.server.extensions["smallcap_exporter"]
    figures = []

    class Capture:
        def render(self, key, figure_json, size):
            figures.append(json.loads(figure_json))
            return b""

    exporter.png_renderer, exporter.cache = Capture(), None
    exporter.png("relative", "start=1990-01-02&end=2025-06-30")  # every observation of 35 years
    size = ImageSize(600, 400, 2.0)  # 1200 x 800 = 960,000 pixels
    whole, strips = PngRenderer(idle_seconds=None, strip_pixels=0), PngRenderer(idle_seconds=None, strip_pixels=150_000)
    try:
        one_piece = decode(whole.render(figures[0], size))
        in_strips = decode(strips.render(figures[0], size))  # 125 rows a strip: 7 strips
    finally:
        whole.close()
        strips.close()
    assert one_piece.shape == in_strips.shape == (800, 1200, 4)
    assert len(np.unique(one_piece.reshape(-1, 4), axis=0)) > 50  # a drawn chart, not a blank page
    difference = np.abs(one_piece.astype(int) - in_strips.astype(int))
    differ = difference.max(axis=2)
    # the same drawing: a few anti-aliased edge pixels differ (the SVG drawn at 2x as an image
    # rather than scaled as a canvas), nothing else; a strip one row off would differ along
    # every line and letter
    assert (differ > 0).mean() < 0.005 and difference.mean() < 0.1
    shifted = np.abs(one_piece[1:].astype(int) - one_piece[:-1].astype(int)).max(axis=2)
    assert (shifted > 0).mean() > 10 * (differ > 0).mean()  # the check above can tell
    for row in range(125, 800, 125):  # where strips meet, no more than anti-aliasing either: well under
        # what a strip one row off would give there (a dense stretch of lines crossing a seam has its
        # anti-aliased edges differ in up to about 0.4 of that; one row off is all of it)
        seam, off = (differ[row - 1:row + 1] > 0).mean(), (shifted[row - 2:row] > 0).mean()
        assert seam < 0.03 or seam < 0.6 * off, (row, seam, off)


def test_strip_size_setting():
    from config import Config, ConfigError

    assert Config.from_env({}).export_strip_pixels == 2_000_000
    assert Config.from_env({"SMALLCAP_EXPORT_STRIP_PIXELS": "0"}).export_strip_pixels == 0  # one piece
    with pytest.raises(ConfigError, match="SMALLCAP_EXPORT_STRIP_PIXELS='-1': expected a whole number"):
        Config.from_env({"SMALLCAP_EXPORT_STRIP_PIXELS": "-1"})
