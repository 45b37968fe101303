"""The course's cards: the title block that opens a lesson (beside the lesson's emblem, see
toolkit/card_pictures.py), the recap by picture that closes it.

The emblem is the course in one picture: two vectors a and b on a patch of grid with the angle
between them, in the roles' colours every scene uses. Long titles and recap points wrap to the
width their region gives them; nothing here is smaller than the legible minimum.
"""

from __future__ import annotations

import textwrap

from manim import DOWN, LEFT, RIGHT, UP, Angle, AnimationGroup, Arrow, Create, FadeIn, Line, NumberPlane, VGroup

from toolkit import layout
from toolkit.style import colour, text
from toolkit.theme import SIZES


# A point not yet said: there, but quiet.
DIMMED = 0.3
# The recap's last line of words stands this far above the caption band (0.3: 40 px at 1080p),
# not 0-4 px over it (review).
CLEAR_OF_BAND = 0.3


def wrapped(s: str, width_chars: int, size: int, role: str = "text") -> VGroup:
    """`s` as lines of at most `width_chars` characters, left-aligned, one Text per line."""
    lines = textwrap.wrap(s, width_chars) or [s]
    return VGroup(*(text(line, size=size, role=role) for line in lines)).arrange(DOWN, aligned_edge=LEFT, buff=0.18)


class CourseEmblem(VGroup):
    """Two vectors on a patch of grid, with the angle between them.

    For example:

        emblem = CourseEmblem(a=(2.0, 0.8), b=(0.9, 2.1))
    """

    def __init__(self, a=(2.0, 0.8), b=(0.9, 2.1)):
        self.grid = NumberPlane(
            x_range=[-0.5, 2.5, 0.5],
            y_range=[-0.5, 2.5, 0.5],
            x_length=4,
            y_length=4,
            background_line_style={"stroke_color": colour("grid"), "stroke_width": 2},
            axis_config={"stroke_color": colour("muted"), "stroke_width": 2},
            faded_line_ratio=1,
        )
        origin = self.grid.c2p(0, 0)
        self.a = Arrow(origin, self.grid.c2p(*a), buff=0, color=colour("a"), stroke_width=SIZES.stroke * 1.4)
        self.b = Arrow(origin, self.grid.c2p(*b), buff=0, color=colour("b"), stroke_width=SIZES.stroke * 1.4)
        self.arc = Angle(
            Line(origin, self.grid.c2p(*a)),
            Line(origin, self.grid.c2p(*b)),
            radius=0.9,
            color=colour("result"),
            stroke_width=SIZES.stroke,
        )
        super().__init__(self.grid, self.a, self.b, self.arc)

    @staticmethod
    def lay_out(emblem: "CourseEmblem", block: VGroup, max_scale: float = 1.0) -> None:
        """The emblem fills the left 40% of the safe area, `block` (the title or the recap) the rest."""
        left, right = layout.SAFE.split_x(0.4, gap=0.6)
        left.place(emblem, fill=0.95)
        right.place(block, fill=0.95, align="left", max_scale=max_scale)


class TitleBlock(VGroup):
    """The course's name over a rule in a's colour, the lesson's title under it, wrapped.

    For example:

        block = TitleBlock("Math Foundation · Vectors & Matrices", "The dot product")
    """

    def __init__(self, course: str, title: str):
        self.course = wrapped(course, 36, size=SIZES.title, role="muted")  # its capitals over 3% of the height
        self.title = wrapped(title, 22, size=int(SIZES.title * 1.5))
        width = max(self.course.width, self.title.width)
        self.rule = Line(LEFT * width / 2, RIGHT * width / 2, color=colour("a"), stroke_width=6)
        super().__init__(self.course, self.rule, self.title)
        self.arrange(DOWN, aligned_edge=LEFT, buff=0.45)


class RecapColumns(VGroup):
    """What we learned, by picture: a heading, then one column per point, each a small live
    picture of what taught it over the point's words (formulas typeset). All there from the
    start, dimmed; each lit as it is said.

        recap = RecapColumns("The dot product",
                             ("Pair up, multiply, sum: two vectors in, one number out.",
                              "a·b = ‖a‖‖b‖ cos θ: the dot product measures alignment."),
                             lesson_inputs("The dot product"))
        self.play(recap.appear())
        self.play(recap.show(0))      # the first point lit, as it is said
    """

    def __init__(self, title: str, points: tuple[str, ...], inputs: dict, region: layout.Region = layout.SAFE):
        from toolkit.card_pictures import recap_picture, rich_text

        # "What we learned", the lesson's title beside it (under it where it does not fit).
        said = text("What we learned", size=SIZES.heading)
        name = text(title, size=SIZES.body, role="muted")
        if said.width + 0.5 + name.width <= region.width:
            self.heading = VGroup(said, name).arrange(RIGHT, buff=0.5, aligned_edge=DOWN)
        else:
            self.heading = VGroup(said, wrapped(title, 48, size=SIZES.body, role="muted")).arrange(
                DOWN, aligned_edge=LEFT, buff=0.15
            )
        n = len(points)
        gap = 0.6
        width = min(5.2, (region.width - (n - 1) * gap) / n)
        # The points at the small size (still over 3%: a Text's capitals stand taller than its size
        # says), so a column's words take three lines, not six, and leave the picture its room.
        self.texts = VGroup(*(rich_text(p, width - 0.1, size=SIZES.small) for p in points))
        text_h = max(t.height for t in self.texts)
        # The words end this far above the region's bottom (the caption band's edge), not on it.
        room = region.height - self.heading.height - 0.25 - 0.3 - text_h - 0.3 - CLEAR_OF_BAND
        pic_h = min(3.2, room)
        self.pictures = VGroup(*(recap_picture(p, inputs, height=pic_h) for p in points))
        for pic in self.pictures:
            # Grown to its box (its figures are drawn at the legible size: shrunk, never below it).
            k = min(1.6, (width - 0.1) / pic.width, pic_h / pic.height)
            pic.scale(k)
        self.columns = VGroup()
        for pic, words in zip(self.pictures, self.texts):
            pic.move_to([0, -pic_h / 2, 0])
            # Each line centred under its picture: left-aligned, a column's short lines left its
            # right side empty and the middle column read as off-centre (review).
            for line in words:
                line.set_x(0)
            words.next_to([0, -pic_h - 0.3, 0], DOWN, buff=0)
            self.columns.add(VGroup(pic, words))
        self.columns.arrange(RIGHT, buff=gap, aligned_edge=UP)
        # Each column as wide as its share, pictures over their words.
        xs = [region.left + (width + gap) * i + width / 2 for i in range(n)]
        span = n * width + (n - 1) * gap
        shift = (region.width - span) / 2
        for col, x in zip(self.columns, xs):
            col[0].set_x(x + shift)
            col[1].set_x(x + shift)
        self.rule = Line(LEFT * span / 2, RIGHT * span / 2, color=colour("a"), stroke_width=5)
        self.heading.next_to([region.left + shift, region.top, 0], DOWN + RIGHT, buff=0)
        self.rule.next_to(self.heading, DOWN, buff=0.2).set_x(region.left + shift + span / 2)
        top = self.rule.get_bottom()[1] - 0.3
        for col in self.columns:
            col.shift(UP * (top - col.get_top()[1]))
        super().__init__(self.heading, self.rule, self.columns)

    def appear(self):
        """The heading, and every column dimmed: its picture's first state (what it will do is
        done as it is said) and its words."""
        from toolkit.card_pictures import dim, shown

        for pic, words in self.columns:
            dim(pic, DIMMED)
            words.set_opacity(DIMMED)
        return AnimationGroup(
            FadeIn(self.heading),
            Create(self.rule),
            AnimationGroup(
                *(AnimationGroup(FadeIn(shown(pic)), FadeIn(words)) for pic, words in self.columns), lag_ratio=0.3
            ),
            lag_ratio=0.3,
        )

    def show(self, i: int):
        """Point i lights up: its words and its picture."""
        from toolkit.card_pictures import light

        pic, words = self.columns[i]
        return AnimationGroup(light(pic, DIMMED), words.animate.set_opacity(1.0))
