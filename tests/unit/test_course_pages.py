"""A lesson's texts and pages from its manifest, without rendering: the transcript, the
platform description's chapters, and the embed snippet's promises to the page it is pasted
into (no id, styles under its own root, nothing from a network, nothing that ends its script)."""

from __future__ import annotations

import re
from urllib.parse import unquote

import lxml.html
import pytest

from engine import captions, site, transcript

# The dot-product lesson's chapters as a 1080p render has them.
DOT_PRODUCT = [
    ("Title", 0.0),
    ("What is a dot product?", 4.667),
    ("The dot product measures alignment", 45.533),
    ("The geometric meaning", 92.067),
    ("Weighted sums: every neuron", 159.733),
    ("Dot products in attention", 204.133),
    ("What we learned", 237.2),
]


def chapters_of(marks: list[tuple[str, float]], duration: float) -> list[dict]:
    ends = [s for _, s in marks[1:]] + [duration]
    return [{"title": t, "start": s, "end": e} for (t, s), e in zip(marks, ends)]


def manifest(caption: str = "a·b = 3.60, and a < b & c") -> dict:
    """A small lesson's manifest, made as course.assemble makes it."""
    parts = [
        {"offset": 0.0, "beats": [{"start": 0.0, "end": 4.0, "caption": "Test course. Mini <lesson>."}]},
        {
            "offset": 4.0,
            "beats": [
                {"start": 0.0, "end": 5.0, "caption": caption},
                {
                    "start": 5.0,
                    "end": 12.0,
                    "caption": "Two cues",
                    "cues": [
                        {"start": 5.0, "end": 8.0, "text": "Then sum them up:\nthe dot product"},
                        {"start": 8.0, "end": 12.0, "text": "is 32."},
                    ],
                },
            ],
        },
        {"offset": 16.0, "beats": [{"start": 0.0, "end": 6.0, "caption": "What we learned </script>"}]},
    ]
    chapters = chapters_of([("Title", 0.0), ("What is a dot product?", 4.0), ("What we learned", 16.0)], 22.0)
    names = {
        "video": "mini.mp4",
        "cfr": None,
        "captions_vtt": "mini.vtt",
        "captions_srt": "mini.srt",
        "chapters_vtt": "chapters.vtt",
        "poster": "poster.png",
        "transcript_html": "transcript.html",
        "transcript_txt": "transcript.txt",
        "description": "description.txt",
        "embed": "embed.html",
        "page": "index.html",
    }
    return {
        "lesson": "mini",
        "title": "Mini & <lesson>",
        "course": "Test course",
        "summary": "Pairs, & sums.",
        "width": 854,
        "height": 480,
        "fps": 15.0,
        "duration": 22.0,
        "video": "mini.mp4",
        "poster": "poster.png",
        "audio": None,
        "cfr": None,
        "captions": {"srt": "mini.srt", "vtt": "mini.vtt"},
        "chapters": chapters,
        "cues": captions.lesson_cues(parts),
        "transcript": transcript.transcript(parts, chapters),
        "published": names,
    }


def test_clock_reads_as_a_platform_does():
    assert [transcript.clock(s) for s in (0, 4.667, 45.533, 59.9999999, 3725.2)] == [
        "0:00",
        "0:04",
        "0:45",
        "1:00",
        "1:02:05",
    ]


def accepted_by_platforms(marks: list[dict], duration: float) -> bool:
    """YouTube's rules for chapters in a description, checked apart from the code that makes them."""
    starts = [m["start"] for m in marks] + [duration]
    return len(marks) >= 3 and starts[0] == 0 and all(b - a >= 10 for a, b in zip(starts, starts[1:]))


def test_platform_chapters_merge_the_title_into_the_first():
    marks = transcript.platform_chapters(chapters_of(DOT_PRODUCT, 256.2), 256.2)
    assert accepted_by_platforms(marks, 256.2)
    assert marks[0] == {"title": "What is a dot product?", "start": 0}
    assert [m["title"] for m in marks] == [t for t, _ in DOT_PRODUCT[1:]]


def test_platform_chapters_join_short_ones_or_give_none():
    short_middle = [("Title", 0.0), ("One", 5.0), ("Two", 30.0), ("Blink", 41.0), ("Three", 45.0), ("End", 80.0)]
    marks = transcript.platform_chapters(chapters_of(short_middle, 84.0), 84.0)
    assert accepted_by_platforms(marks, 84.0)
    assert [m["title"] for m in marks] == ["One", "Two", "Three"]  # Blink joined Two, End (4 s) joined Three
    assert transcript.platform_chapters(chapters_of([("Title", 0.0), ("One", 5.0), ("Two", 30.0)], 60.0), 60.0) == []


def test_description_gives_its_chapters_as_platforms_want_them():
    m = {
        "title": "The dot product",
        "course": "C",
        "summary": "S",
        "chapters": chapters_of(DOT_PRODUCT, 256.2),
        "duration": 256.2,
    }
    text = transcript.description(m)
    lines = re.findall(r"^(\d+:\d\d) (.+)$", text, re.M)
    assert lines[0] == ("0:00", "What is a dot product?") and len(lines) == 6
    assert "Title" not in [t for _, t in lines]


def test_transcript_is_the_captions_text_under_chapter_headings():
    m = manifest()
    text = transcript.to_text(m)
    assert text.index("0:00  Title") < text.index("[0:00] Test course. Mini <lesson>.") < text.index("0:04  What is")
    assert "[0:04] a·b = 3.60, and a < b & c" in text  # as on screen, not as spoken
    # A beat of several cues is one paragraph, its line breaks the caption's, not the text's.
    assert "[0:09] Then sum them up: the dot product is 32." in text
    assert text.index("0:16  What we learned") < text.index("[0:16] What we learned </script>")


def test_embed_keeps_to_itself():
    m = manifest()
    fragment = site.render_embed(m)
    [root] = lxml.html.fragments_fromstring(fragment)
    assert root.tag == "div" and root.get("class") == "lv-embed"
    assert root.xpath("//*[@id]") == []  # no global id to collide with the page's
    style = re.sub(r"/\*.*?\*/", "", root.xpath("//style")[0].text, flags=re.S)
    # Every selector of every rule (commas inside :where(...) do not separate selectors).
    selectors = [s.strip() for rule in re.findall(r"([^{}]+)\{", style) for s in re.split(r",(?![^()]*\))", rule)]
    assert selectors and all(s.startswith(".lv-embed") for s in selectors), selectors
    links = [v for el in root.iter() for k, v in el.attrib.items() if k in ("src", "href", "poster")]
    files = [v for v in links if not v.startswith("data:")]
    assert sorted(files) == sorted(["poster.png", "mini.mp4", "mini.mp4"])
    video = root.xpath("//video")[0]
    assert video.get("controls") is not None and video.get("preload") == "metadata"
    # (libxml2 knows no <track> or <source>: it nests them, so they are looked for anywhere.)
    # The tracks carry the files' text: no track names a file, which a page opened from disk may
    # not read (and a script swapping in the text raced the browser's own load of the file).
    prefix = "data:text/vtt;charset=utf-8,"
    tracks = [(t.get("kind"), t.get("src")) for t in root.xpath("//track")]
    assert [kind for kind, _ in tracks] == ["captions", "chapters"]
    assert all(src.startswith(prefix) for _, src in tracks)
    assert [unquote(src[len(prefix) :]) for _, src in tracks] == [
        captions.to_vtt(m["cues"]),
        captions.chapters_vtt(m["chapters"]),
    ]
    assert len(root.xpath("//details")) == 2 and root.xpath("//details[2]")[0].get("open") is None
    # The seek buttons: one per chapter and one per paragraph, at their times.
    starts = [float(b.get("data-start")) for b in root.xpath("//button")]
    assert starts == [0.0, 4.0, 16.0, 0.0, 4.0, 9.0, 16.0]
    # One script, the embed's own, and the lesson's title escaped.
    assert [s.get("type") for s in root.xpath("//script")] == [None]
    assert "Mini &amp; &lt;lesson&gt;" in fragment


def test_lesson_page_holds_the_embed_and_offers_its_text():
    m = manifest()
    embed = site.render_embed(m)
    page = site.render_lesson_page(m, embed, {"mini.mp4": 7_612_324, "mini.vtt": 4391})
    doc = lxml.html.fromstring(page)
    assert embed.strip() in page
    assert doc.xpath("//textarea")[0].text == embed
    downloads = {a.get("href"): a.getparent().text_content() for a in doc.xpath("//ul[@class='downloads']//a")}
    assert list(downloads) == [
        "mini.mp4",
        "mini.vtt",
        "mini.srt",
        "chapters.vtt",
        "transcript.html",
        "transcript.txt",
        "description.txt",
        "poster.png",
    ]
    assert "7.6 MB" in downloads["mini.mp4"] and "4 kB" in downloads["mini.vtt"]


@pytest.mark.parametrize("name", ["embed", "lesson", "transcript", "index"])
def test_pages_load_nothing_from_a_network(name):
    m = manifest()
    page = {
        "embed": lambda: site.render_embed(m),
        "lesson": lambda: site.render_lesson_page(m, site.render_embed(m), {}),
        "transcript": lambda: site.render_transcript_page(m),
        "index": lambda: site.render_index([m]),
    }[name]()
    urls = re.findall(r'(?:src|href|poster)="([^"]*)"', page) + re.findall(r"url\(([^)]*)\)", page)
    assert urls and not [u for u in urls if re.match(r"^[a-z]+:|^//", u) and not u.startswith("data:")], urls
