"""The encoder's side of a scene video: frames converted to YUV by changed rows only."""

from __future__ import annotations

import numpy as np
import pytest

from engine.worker import RowsConverter, _rows


def frames(width: int, height: int, count: int, seed: int) -> list[np.ndarray]:
    """A noisy first frame, then frames that each change a few random bands of rows (a moving
    shape, a live figure), now and then the whole frame or nothing."""
    rng = np.random.default_rng(seed)
    frame = rng.integers(0, 256, (height, width, 4), dtype=np.uint8)
    frame[..., 3] = 255
    out = [frame]
    for k in range(count - 1):
        frame = frame.copy()
        if k % 7 == 3:
            frame[..., :3] = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
        elif k % 7 != 5:
            for _ in range(int(rng.integers(1, 4))):
                top = int(rng.integers(0, height))
                rows = slice(top, min(height, top + int(rng.integers(1, height // 4))))
                cols = slice(int(rng.integers(0, width // 2)), width)
                frame[rows, cols, :3] = rng.integers(0, 256, frame[rows, cols, :3].shape, dtype=np.uint8)
        out.append(frame)
    return out


@pytest.mark.parametrize("width, height, seed", [(854, 480, 1), (640, 360, 2), (321, 240, 3)])
def test_changed_rows_convert_as_the_whole_frame_does(width, height, seed):
    rows, whole = RowsConverter(), RowsConverter()
    for frame in frames(width, height, 24, seed):
        got, want = rows.convert(frame), whole._whole(frame)
        for k, (a, b) in enumerate(zip(got.planes, want.planes)):
            assert np.array_equal(_rows(a), _rows(b)), f"plane {k} differs"


def test_bands_are_converted_not_the_whole_frame(monkeypatch):
    """Most frames are patched from bands: the converter is asked for strips, not whole frames."""
    asked = []
    converter = RowsConverter()
    whole = converter._whole
    monkeypatch.setattr(converter, "_whole", lambda rgba: asked.append(rgba.shape[0]) or whole(rgba))
    sequence = frames(854, 480, 24, 4)
    for frame in sequence:
        converter.convert(frame)
    strips = [h for h in asked if h < 480]
    assert len(strips) >= len(sequence) // 2 and sum(strips) < 0.5 * 480 * len(strips)
