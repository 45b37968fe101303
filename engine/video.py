"""Reading, checking, joining and sampling videos with PyAV (which manim already brings)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av


class VideoCheckError(RuntimeError):
    pass


@dataclass(frozen=True)
class VideoInfo:
    duration: float
    width: int
    height: int
    fps: float
    frames: int
    codec: str
    has_alpha: bool
    longest_frame: float = 0.0  # seconds one coded frame is shown at most: a hold coded once is long


def probe(path: str | Path) -> VideoInfo:
    """What the file really holds, read by demuxing every packet (not trusting headers)."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        tb = s.time_base
        end, count, starts = 0, 0, []
        for pkt in c.demux(s):
            if pkt.pts is None:
                continue
            count += 1
            starts.append(pkt.pts)
            end = max(end, pkt.pts + (pkt.duration or 0))
        starts = sorted(starts) + [end]
        longest = max((b - a for a, b in zip(starts, starts[1:])), default=0)
        # Holds are coded once and carried by timestamps (engine.worker), so a lesson's
        # frame rate is the grid its frames sit on, not the average; a GIF has only the average.
        grid = None if s.codec_context.name == "gif" else s.base_rate
        rate = grid or s.average_rate or s.guessed_rate or Fraction(0)
        return VideoInfo(
            duration=float(end * tb) if tb else 0.0,
            width=s.codec_context.width,
            height=s.codec_context.height,
            fps=float(rate),
            frames=count,
            codec=s.codec_context.name,
            has_alpha=_has_alpha(s.codec_context.pix_fmt or "") or _vpx_alpha(s),
            longest_frame=float(longest * tb) if tb else 0.0,
        )


def _has_alpha(pix_fmt: str) -> bool:
    return pix_fmt.startswith(("yuva", "gbrap", "ya")) or pix_fmt in {"rgba", "argb", "bgra", "abgr"}


def _vpx_alpha(stream) -> bool:
    """VP8/VP9 in WebM keeps alpha beside the picture (Matroska's AlphaMode): FFmpeg's own
    decoder reports yuv420p and drops it, libvpx's decoder gives yuva420p."""
    return stream.codec_context.name in ("vp8", "vp9") and stream.metadata.get("alpha_mode") == "1"


LIBVPX = {"vp8": "libvpx", "vp9": "libvpx-vp9"}


def decode_rgba(path: str | Path):
    """Every frame of the video as an RGBA array (H x W x 4), alpha included for WebM."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        if _vpx_alpha(s):
            decoder = av.codec.CodecContext.create(LIBVPX[s.codec_context.name], "r")
            decoder.extradata = s.codec_context.extradata
            for pkt in c.demux(s):
                for frame in decoder.decode(pkt):
                    yield frame.to_ndarray(format="rgba")
        else:
            for frame in c.decode(s):
                yield frame.to_ndarray(format="rgba")


def frames_on_grid(path: str | Path, fps: float, format: str = "rgb24"):
    """The picture at every tick of 1/fps s, from the start to the end of the video, as arrays:
    a frame is repeated for as long as it is shown, so a hold that is coded once (engine.worker)
    gives as many pictures as it lasts, as a constant-frame-rate file would."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        tb = s.time_base
        shown, tick = None, 0
        for frame in c.decode(s):
            at = round(float(frame.pts * tb) * fps)
            while shown is not None and tick < at:
                yield shown
                tick += 1
            shown = frame.to_ndarray(format=format)
            tick = max(tick, at)
        end = probe(path).duration
        while shown is not None and tick < round(end * fps):
            yield shown
            tick += 1


def check(
    path: str | Path, width: int, height: int, fps: float, duration: float | None = None, tolerance: float = 0.15
) -> VideoInfo:
    """The video at `path` has the asked size and frame rate (and duration), or VideoCheckError."""
    try:
        info = probe(path)
    except (av.error.FFmpegError, IndexError) as e:
        raise VideoCheckError(f"{Path(path).name} is not a readable video: {e}") from None
    problems = []
    if (info.width, info.height) != (width, height):
        problems.append(f"size {info.width}x{info.height}, asked {width}x{height}")
    if info.codec == "gif":
        # GIF frame delays are whole hundredths of a second: 15 fps plays as 6 and 7 cs delays.
        if not info.fps or abs(1 / info.fps - 1 / fps) > 0.0101:
            problems.append(f"{info.fps:g} fps, asked {fps:g}")
    elif abs(info.fps - fps) > 0.01:
        problems.append(f"{info.fps:g} fps, asked {fps:g}")
    if info.frames == 0:
        problems.append("no frames")
    if duration is not None and abs(info.duration - duration) > max(tolerance, 1.5 / fps):
        problems.append(f"{info.duration:.2f} s long, expected {duration:.2f} s")
    if problems:
        raise VideoCheckError(f"{Path(path).name}: " + "; ".join(problems))
    return info


def _same_stream_setup(paths: list[Path]) -> bool:
    keys = set()
    for p in paths:
        with av.open(str(p)) as c:
            cc = c.streams.video[0].codec_context
            # Not the average frame rate: manim's timestamps jitter by a tick, which copying keeps.
            keys.add(
                (cc.name, cc.width, cc.height, cc.pix_fmt, bytes(cc.extradata or b""), c.streams.video[0].time_base)
            )
    return len(keys) == 1


def concat(paths: list[Path], out: Path, chapters: list[dict] | None = None, copy: bool | None = None) -> str:
    """Join videos one after another into `out`, with chapter marks (start/end in seconds,
    title). Packets are copied when every input was encoded alike; otherwise re-encoded.
    Returns "copied" or "re-encoded"."""
    paths = [Path(p) for p in paths]
    if copy is None:
        copy = _same_stream_setup(paths)
    mode = "copied" if copy else "re-encoded"
    with av.open(str(out), "w", format="mp4") as oc:
        with av.open(str(paths[0])) as first:
            template = first.streams.video[0]
            if mode == "copied":
                ost = oc.add_stream_from_template(template)
            else:
                fps = round(float(template.base_rate or template.average_rate))
                # No B-frames: with frames held by timestamps, their reordered decode times
                # would end the MP4's track before its last frame.
                ost = oc.add_stream("libx264", rate=fps, options={"bf": "0"})
                ost.width, ost.height = template.codec_context.width, template.codec_context.height
                ost.pix_fmt = "yuv420p"
                frame_index = 0
        if chapters:
            oc.set_chapters(
                [
                    {
                        "id": i + 1,
                        "start": round(ch["start"] * 1000),
                        "end": round(ch["end"] * 1000),
                        "time_base": Fraction(1, 1000),
                        "metadata": {"title": ch["title"]},
                    }
                    for i, ch in enumerate(chapters)
                ]
            )
        offset = Fraction(0)  # seconds
        last_dts = None
        for p in paths:
            with av.open(str(p)) as ic:
                s = ic.streams.video[0]
                tb = s.time_base
                shift = None
                end = 0
                if mode == "copied":
                    for pkt in ic.demux(s):
                        if pkt.dts is None:
                            continue
                        if shift is None:
                            # B-frames start each file's decode times before zero; nudge by a tick
                            # where that would collide with the previous file's last packet.
                            shift = int(offset / tb)
                            if last_dts is not None:
                                shift = max(shift, last_dts + 1 - pkt.dts)
                        end = max(end, pkt.pts + (pkt.duration or 0))
                        pkt.pts += shift
                        pkt.dts += shift
                        last_dts = pkt.dts
                        pkt.stream = ost
                        oc.mux(pkt)
                else:
                    for frame in ic.decode(s):
                        end = max(end, frame.pts + int(1 / (fps * tb)))
                        # A frame keeps its time: a hold is one frame shown until the next.
                        at = max(frame_index, round((offset + frame.pts * tb) * fps))
                        frame = frame.reformat(format="yuv420p")
                        frame.pts, frame.time_base = at, Fraction(1, fps)
                        frame_index = at + 1
                        oc.mux(ost.encode(frame))
                offset += end * tb
        if mode == "re-encoded":
            oc.mux(ost.encode(None))
    return mode


def chapters_of(path: str | Path) -> list[dict]:
    with av.open(str(path)) as c:
        out = []
        for ch in c.chapters():
            tb = ch["time_base"]
            out.append(
                {
                    "title": ch["metadata"].get("title", ""),
                    "start": float(ch["start"] * tb),
                    "end": float(ch["end"] * tb),
                }
            )
        return out


def frame_at(path: str | Path, at: float):
    """The picture on screen at `at` seconds (the last frame that starts by then; a held frame
    is on screen until the next one), as a PIL image. Decoding starts at the keyframe before
    `at`, not at the start of the video."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        if at > 0 and s.time_base:
            c.seek(int(at / s.time_base), stream=s, backward=True)
        shown = None
        for frame in c.decode(s):
            if shown is not None and frame.time is not None and frame.time > at + 1e-9:
                break
            shown = frame
        if shown is None:
            raise VideoCheckError(f"{Path(path).name} has no frames")
        return shown.to_image()


def save_poster(path: str | Path, at: float, png: Path, title: str) -> None:
    """The lesson's poster: its key picture at `at` seconds, with the lesson's title set in
    the caption band (which the layout keeps empty), so the poster names what it shows."""
    from PIL import ImageDraw, ImageFont

    image = frame_at(path, at).convert("RGB")
    w, h = image.size
    band = int(0.12 * h)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.rectangle([0, h - band, w, h], fill=(10, 12, 18, 215))
    size = int(band * 0.5)
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", size)
    except OSError:
        font = ImageFont.load_default(size)
    while font.getlength(title) > 0.9 * w and size > 8:
        size -= 2
        font = font.font_variant(size=size)
    draw.text((w / 2, h - band / 2), title, font=font, fill=(236, 239, 244, 255), anchor="mm")
    image.save(png)


def constant_rate(path: str | Path, out: str | Path, fps: int, crf: int = 16) -> None:
    """A constant-frame-rate copy of `path` for video editors, who cut a lesson into a longer
    programme: every tick of 1/fps s is a coded frame (the lesson's own file codes a hold once),
    H.264 at a quality close to lossless with a keyframe every second for scrubbing. The sound
    is copied as it is, and so are the chapters."""
    with av.open(str(path)) as ic, av.open(str(path)) as sound, av.open(str(out), "w", format="mp4") as oc:
        vin = ic.streams.video[0]
        ost = oc.add_stream("libx264", rate=fps, options={"crf": str(crf), "g": str(fps), "preset": "fast"})
        ost.width, ost.height = vin.codec_context.width, vin.codec_context.height
        ost.pix_fmt = "yuv420p"
        if ic.chapters():
            oc.set_chapters(ic.chapters())
        audio = oc.add_stream_from_template(sound.streams.audio[0]) if sound.streams.audio else None
        pending = (p for p in sound.demux(sound.streams.audio[0]) if p.dts is not None) if audio else iter(())
        nxt = next(pending, None)
        for tick, picture in enumerate(frames_on_grid(path, fps, format="yuv420p")):
            # Interleaved by time, as the lesson's file is, so players need not seek back and forth.
            while nxt is not None and nxt.pts * nxt.time_base <= Fraction(tick, fps):
                nxt.stream = audio
                oc.mux(nxt)
                nxt = next(pending, None)
            frame = av.VideoFrame.from_ndarray(picture, format="yuv420p")
            frame.pts, frame.time_base = tick, Fraction(1, fps)
            oc.mux(ost.encode(frame))
        oc.mux(ost.encode(None))
        while nxt is not None:
            nxt.stream = audio
            oc.mux(nxt)
            nxt = next(pending, None)
