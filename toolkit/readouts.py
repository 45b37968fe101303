"""Live readouts: numbers that follow the picture (DecimalNumber + a getter, never a MathTex
rebuilt per frame), and a panel of them that a scene shows and later removes whole.

    panel = ReadoutPanel(
        VectorReadout("a", "a", lambda: a),
        readout(r"\\mathbf{a}\\cdot\\mathbf{b} =", lambda: dot(a, b()), role="result"),
    )
    self.play(panel.appear(0))         # row by row, or panel.appear() for all
    ...
    self.play(panel.dismiss())         # done: the numbers stop and leave

`Verdict` shows one of three prepared lines (positive, zero, negative) by the sign of a value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from manim import DOWN, LEFT, RIGHT, UP, AnimationGroup, DecimalNumber, FadeIn, FadeOut, VGroup

from manim_patches.decimal_numbers import shows
from toolkit.builders import Readout, angle_readout, readout
from toolkit.style import colour, math, text
from toolkit.theme import SIZES
from toolkit.vectors import clean

__all__ = ["Readout", "ReadoutPanel", "VectorReadout", "Verdict", "angle_readout", "readout", "sign_of"]


class VectorReadout(VGroup):
    """b = [x, y] with both coordinates live, re-spaced as their widths change.

    For example:

        b = VectorReadout("b", "b", lambda: (0.5, 2.0))
    """

    def __init__(
        self, name: str, role: str, value: Callable[[], Sequence[float]], size: int = SIZES.body, live: bool = True
    ):
        self.value = value
        self.opening = math(rf"\mathbf{{{name}}} = [", size=size, role=role)
        self.comma = math(",", size=size, role=role)
        self.closing = math("]", size=size, role=role)
        self.coords = [
            DecimalNumber(clean(v), num_decimal_places=2, font_size=size, color=colour(role)) for v in value()
        ]
        super().__init__(self.opening, self.coords[0], self.comma, self.coords[1], self.closing)
        self._lay_out()
        self._laid_out = False  # by an updater, on the first frame
        if live:
            self.add_updater(lambda m: m._follow())

    def _lay_out(self) -> None:
        left = self.get_left()
        self.coords[0].next_to(self.opening, RIGHT, buff=0.08)
        self.comma.next_to(self.coords[0], RIGHT, buff=0.05, aligned_edge=DOWN).shift(DOWN * 0.08)
        self.coords[1].next_to(self.comma, RIGHT, buff=0.18).align_to(self.coords[0], DOWN)
        self.closing.next_to(self.coords[1], RIGHT, buff=0.08)
        self.move_to(left, aligned_edge=LEFT)

    def _follow(self) -> None:
        values = [clean(v) for v in self.value()]
        # Spaced again only when a figure's width can have changed, and once at the start: on
        # the frames between, laying out unchanged glyphs was a fifth of VectorAlignment's updaters.
        unchanged = self._laid_out and all(shows(n, v) for n, v in zip(self.coords, values))
        for number, v in zip(self.coords, values):
            number.set_value(v)
        if not unchanged:
            self._lay_out()
            self._laid_out = True


# The verdict's fourth line: a dot product that is not zero but small beside the lengths that
# bound it (|cos θ| under NEAR), which the lesson calls "no signal".
NEAR_ZERO = "near"
NEAR = 0.1


def sign_of(x: float) -> int:
    """The sign the readout shows: a figure that rounds to 0.00 reads as zero."""
    shown = round(x, 2)
    return 0 if shown == 0 else (1 if shown > 0 else -1)


VERDICTS = {
    1: ("\u2191 Positive: similar directions", "positive"),
    0: ("\u27c2 Zero: perpendicular", "text"),
    -1: ("\u2193 Negative: opposite directions", "negative"),
    NEAR_ZERO: ("\u2248 Near zero: no signal", "text"),
}


class Verdict(VGroup):
    """The verdict line. All three are built once and the one matching the sign is shown, so no
    text is created while the picture moves; the arrow or ⟂ tells them apart beyond colour.

        verdict = Verdict(lambda: 3.6)     # a·b > 0: the same way
    """

    def __init__(
        self,
        value: Callable[[], float],
        size: int = SIZES.small,
        width: float | None = None,
        bound: Callable[[], float] | None = None,
    ):
        self.value = value
        self.bound = bound  # ‖a‖‖b‖, when "near zero" is to be told apart from positive and negative
        self.lines = {s: text(words, size=size, role=role) for s, (words, role) in VERDICTS.items()}
        if width is not None:
            for line in self.lines.values():
                if line.width > width:
                    line.scale_to_fit_width(width)
        super().__init__(*self.lines.values())
        for line in self.lines.values():
            line.move_to(self.lines[1], aligned_edge=LEFT)
        self._shown = None  # the state whose line is lit
        self.add_updater(lambda m: m._follow())
        self._follow()

    def state(self):
        """1, 0 or -1 as the figure shows its sign, or NEAR_ZERO (with a bound) when small beside it."""
        value, current = self.value(), sign_of(self.value())
        if current and self.bound is not None and abs(value) < NEAR * self.bound():
            return NEAR_ZERO
        return current

    def _follow(self) -> None:
        current = self.state()
        # Lit again only when the state changes. Setting four lines' opacity on every frame was
        # 9% of VectorAlignment's worker at -q h (py-spy), and it undid fades: a FadeIn updates
        # its faded starting copy, whose updater lit its line at full opacity again, so the
        # verdict popped in instead of fading (bench/frames_diff.py: the fade's 21 frames at -q l).
        if current == self._shown:
            return
        for s, line in self.lines.items():
            line.set_opacity(1.0 if s == current else 0.0)
        self._shown = current


class ReadoutPanel(VGroup):
    """Readouts stacked left-aligned; shown row by row, removed together when their work is done.

    For example:

        panel = ReadoutPanel(VectorReadout("a", "a", lambda: (2.0, 0.5)),
                             VectorReadout("b", "b", lambda: (0.5, 2.0)),
                             Verdict(lambda: 2.0))
        self.play(panel.appear(0, 1, 2))
    """

    def __init__(self, *rows, buff: float = 0.4):
        super().__init__(*rows)
        self.arrange(DOWN, aligned_edge=LEFT, buff=buff)
        self.update()

    def appear(self, *indices: int):
        rows = [self[i] for i in indices] if indices else list(self)
        # Each row first shows its figures as they are now: a live row built (or last seen) with
        # other figures had its fade's copies updated on the first frame to another number of
        # glyphs than the row itself, and the fade could not be drawn (b turned 60° before its
        # row came: a minus sign more).
        for r in rows:
            r.update()
        return AnimationGroup(*(FadeIn(r) for r in rows))

    def dismiss(self):
        for m in self.get_family():
            m.clear_updaters()
        return FadeOut(self, shift=UP * 0.2)


def stop(*readouts) -> None:
    """Freeze live readouts at their current figures (before they leave or the scene ends)."""
    for r in readouts:
        for m in r.get_family():
            m.clear_updaters()


__all__ += ["stop"]
