"""Captions and chapters as files that real parsers read back: SubRip through the `srt`
package, WebVTT through webvtt-py, and the text as a browser shows it (character references
decoded, no markup)."""

from __future__ import annotations

import html
import io
import re

import pytest
import srt
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import captions

TRICKY = [
    "Math Foundation · Vectors & Matrices. The dot product.",
    "a < b and b > c, so a·b = 3.60",
    "<b>not bold</b> &amp; not an entity",
    "an arrow --> inside a cue",
    "two lines:\nthe second",
    "1\n00:00:01,000 --> 00:00:02,000",
]


def cues_of(texts: list[str]) -> list[dict]:
    return [{"start": 2.0 * i, "end": 2.0 * i + 1.5, "text": t} for i, t in enumerate(texts)]


def read_srt(text: str) -> list[tuple[float, float, str]]:
    return [(s.start.total_seconds(), s.end.total_seconds(), s.content) for s in srt.parse(text)]


def read_vtt(text: str) -> list[tuple[float, float, str]]:
    def secs(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    out = []
    for c in webvtt.from_buffer(io.StringIO(text)).captions:
        raw = c.raw_text
        # Strict: no tag and no bare ampersand is left for a browser's cue parser to read as markup.
        assert "<" not in raw and not re.search(r"&(?!(amp|lt|gt);)", raw), raw
        out.append((secs(c.start), secs(c.end), html.unescape(raw)))
    return out


@pytest.mark.parametrize("write, read", [(captions.to_srt, read_srt), (captions.to_vtt, read_vtt)])
def test_cue_text_reads_back_the_same(write, read):
    cues = cues_of(TRICKY)
    assert read(write(cues)) == [(c["start"], c["end"], c["text"]) for c in cues]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]) | st.just("\n"), min_size=1).filter(
            lambda t: t.strip()
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_text_reads_back(texts):
    """Whatever a lesson's words hold, each cue stays one cue with its text; a blank line,
    which would end it in either format, is the one thing taken out."""
    cues = cues_of(texts)
    expected = [re.sub(r"\n\s*\n", "\n", t).strip() for t in texts]
    assert [t for *_, t in read_srt(captions.to_srt(cues))] == expected
    assert [t for *_, t in read_vtt(captions.to_vtt(cues))] == expected


def test_chapters_track_names_each_chapter():
    chapters = [
        {"title": "Title", "start": 0.0, "end": 4.667},
        {"title": "Dot & cosine < 1", "start": 4.667, "end": 45.5},
    ]
    assert read_vtt(captions.chapters_vtt(chapters)) == [(0.0, 4.667, "Title"), (4.667, 45.5, "Dot & cosine < 1")]


def test_a_beat_with_cues_gives_them_and_one_without_its_caption():
    parts = [
        {
            "offset": 10.0,
            "scene": "S",
            "beats": [
                {"index": 1, "start": 0.0, "end": 4.0, "caption": "One caption for the beat."},
                {
                    "index": 2,
                    "start": 4.0,
                    "end": 9.0,
                    "caption": "The whole beat's words.",
                    "cues": [
                        {"start": 4.0, "end": 6.0, "text": "The whole\nbeat's"},
                        {"start": 6.0, "end": 9.0, "text": "words."},
                    ],
                },
            ],
        }
    ]
    # Each cue names its scene and beat, so a reader of the manifest can group a caption's cues.
    assert captions.lesson_cues(parts) == [
        {"start": 10.0, "end": 14.0, "text": "One caption for the beat.", "scene": "S", "beat": 1},
        {"start": 14.0, "end": 16.0, "text": "The whole\nbeat's", "scene": "S", "beat": 2},
        {"start": 16.0, "end": 19.0, "text": "words.", "scene": "S", "beat": 2},
    ]
