"""The organisation chart of ``/cercles/``: an inline SVG computed at build time, no script.

It shows the structure the lists by type cannot: each action drawn inside its circle, the
Interpôles (when the organisation has one whose rhythm may be known) as the band every circle
touches, and the bureau collégial apart, as the recourse framing all the other circles.

Two drawings of the same chart are written: a wide one with the circle types side by side, and
a narrow one stacking them, so that text stays at least 12 px on a 375 px phone; the stylesheet
shows one or the other from the width of the figure. Every shape is a link named by
``aria-label`` and ``<title>``; all text is escaped here. The drawings stay out of the search
index (``data-search-exclude``): the lists by type below carry the same names. The output
depends on the model only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from cercles import paths
from cercles.model import Action, Circle, CircleType, Moment, MomentKind, Organisation

Link = Callable[[str], str]
"""The chart page's URL of another page (``paths.relative_url`` from the chart's page)."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One drawing: its width in user units, its columns and its type sizes (1 unit = 1 px at full size)."""

    name: str
    width: int
    side_by_side: bool
    name_size: int
    action_size: int


WIDE = Variant("large", 720, True, 16, 14)
"""Shown from 640 px of figure width (see cercles.css): actions' 14 units stay above 12 px."""
NARROW = Variant("etroit", 360, False, 16, 14)
"""Shown below: at 343 px (a 375 px screen) actions' 14 units are 13 px."""

MARGIN = 6
FRAME_PADDING = 14
SPINE = 30
"""Width of the Interpôles band (or of the gap between columns when there is none)."""
GAP = 12
BOX_PADDING = 12
LINE = 1.25
"""Line height, in font sizes."""
GLYPH = 0.6
"""A generous average glyph width, in font sizes, to wrap text without measuring it."""


def _wrap(text: str, size: int, width: float) -> list[str]:
    """Greedy word wrap of ``text`` into lines of at most ``width`` units, words cut only if too long."""
    limit = max(1, int(width / (size * GLYPH)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > limit:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:limit])
            word = word[limit:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= limit:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


def _text_width(text: str, size: int) -> float:
    return len(text) * size * GLYPH


def _attrs(**values: str | float) -> str:
    """Attributes in the order given, escaped; numbers written without useless decimals."""
    written = []
    for key, value in values.items():
        shown = f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        written.append(f'{key.rstrip("_").replace("_", "-")}="{escape(shown)}"')
    return " ".join(written)


def _text(lines: Sequence[str], x: float, y: float, size: int, css_class: str, anchor: str = "start") -> str:
    """Lines of text whose first baseline sits one font size below ``y``.

    Each line but the last keeps its closing space, so that the text read aloud (and matched against
    the link's name) is the name as typed, not its lines glued together.
    """
    ends = [" "] * (len(lines) - 1) + [""]
    spans = "".join(f"<tspan {_attrs(x=x, dy=float(size if i == 0 else size * LINE))}>{escape(line)}{end}</tspan>"
                    for i, (line, end) in enumerate(zip(lines, ends)))
    return f'<text {_attrs(class_=css_class, font_size=size, text_anchor=anchor)} y="{y:g}">{spans}</text>'


def _link(href: str, name: str, title: str, body: str, css_class: str) -> str:
    """A shape as a link: named by ``aria-label``, described by ``<title>`` (the tooltip)."""
    return (f'<a {_attrs(href=href, class_=css_class, aria_label=name)}><title>{escape(title)}</title>'
            f"{body}</a>")


def _described(name: str, purpose: str | None) -> str:
    """A shape's tooltip: its name, and its purpose when there is one."""
    return f"{name} : {purpose}" if purpose else name


@dataclass(frozen=True, slots=True)
class _Pill:
    action: Action
    lines: list[str]
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class _Box:
    """A circle's shape, laid out for a given width: its name, then its actions as pills."""

    circle: Circle
    width: float
    name_lines: list[str]
    pills: list[_Pill]
    height: float

    @classmethod
    def lay_out(cls, circle: Circle, width: float, variant: Variant) -> _Box:
        inner = width - 2 * BOX_PADDING
        name_lines = _wrap(circle.name, variant.name_size, inner)
        y = BOX_PADDING + len(name_lines) * variant.name_size * LINE
        pills: list[_Pill] = []
        size = variant.action_size
        x = float(BOX_PADDING)
        row_height = 0.0
        if circle.actions:
            y += 6
        for action in circle.actions:
            lines = _wrap(action.name, size, inner - 20)
            pill_width = min(inner, max(_text_width(line, size) for line in lines) + 20)
            pill_height = len(lines) * size * LINE + 10
            if x > BOX_PADDING and x + pill_width > width - BOX_PADDING:
                x, y = float(BOX_PADDING), y + row_height + 6
                row_height = 0.0
            pills.append(_Pill(action, lines, x, y, pill_width, pill_height))
            x += pill_width + 6
            row_height = max(row_height, pill_height)
        return cls(circle, width, name_lines, pills, y + row_height + BOX_PADDING)

    def svg(self, x: float, y: float, variant: Variant, link: Link) -> str:
        circle = self.circle
        shape = (f'<rect {_attrs(x=x, y=y, width=self.width, height=self.height, rx=18.0)}/>'
                 + _text(self.name_lines, x + BOX_PADDING, y + BOX_PADDING - 2, variant.name_size, "cercles-organigramme__nom"))
        parts = [_link(link(paths.circle_page(circle)), circle.name, _described(circle.name, circle.purpose),
                       shape, "cercles-organigramme__cercle")]
        for pill in self.pills:
            px, py = x + pill.x, y + pill.y
            body = (f'<rect {_attrs(x=px, y=py, width=pill.width, height=pill.height, rx=pill.height / 2 if len(pill.lines) == 1 else 10.0)}/>'
                    + _text(pill.lines, px + 10, py + 3, variant.action_size, "cercles-organigramme__nom-action"))
            parts.append(_link(link(paths.action_page(pill.action)), pill.action.name,
                               _described(f"{pill.action.name} (action de {circle.name})", pill.action.purpose), body, "cercles-organigramme__action"))
        group = " ".join(parts)
        label = f' role="group" aria-label="{escape(circle.name)} et ses actions"' if self.pills else ""
        css_class = f"cercles-organigramme__groupe-cercle cercles-organigramme__groupe-cercle--{circle.type.value}"
        return f'<g class="{css_class}" data-cercle="{escape(circle.id)}"{label}>{group}</g>'


def interpoles(organisation: Organisation) -> Moment | None:
    """The organisation's Interpôles, if it has one the public may know of."""
    return next((moment for moment in organisation.moments
                 if moment.kind is MomentKind.INTERPOLES and moment.visibility.rhythm_is_public), None)


CAPTION_ID = "organigramme-legende"
"""The caption names both drawings (``aria-labelledby``): one sentence, written once."""


def caption(organisation: Organisation) -> str:
    """What the chart shows, in one sentence: its caption and the accessible name of its drawings."""
    text = "Organigramme : chaque cercle et ses actions"
    if interpoles(organisation) is not None:
        text += f", reliés par l'{MomentKind.INTERPOLES.label}"
    bureaux = organisation.circles_of_type(CircleType.BUREAU)
    if bureaux:
        text += " ; " + " et ".join(bureau.name for bureau in bureaux) + (" est leur recours" if len(bureaux) == 1 else " sont leurs recours")
    return text + ". La liste des cercles par type suit."


def organisation_chart(organisation: Organisation, page: str) -> Markup:
    """The chart's figure for ``page`` (where it is shown): both drawings, then the caption naming them."""
    link: Link = lambda target: paths.relative_url(page, target)
    drawings = "\n".join(_Drawing(organisation, link, variant).svg() for variant in (WIDE, NARROW))
    return Markup(f'<figure class="cercles-organigramme">\n{drawings}\n'
                  f'<figcaption id="{CAPTION_ID}">{escape(caption(organisation))}</figcaption>\n</figure>')


class _Drawing:
    """One variant of the chart, laid out from the top: bureau, recourse link, frame, Interpôles, circles."""

    def __init__(self, organisation: Organisation, link: Link, variant: Variant) -> None:
        self.organisation = organisation
        self.link = link
        self.variant = variant
        self.meeting = interpoles(organisation)
        self.groups = [(kind, organisation.circles_of_type(kind)) for kind in CircleType if kind is not CircleType.BUREAU]
        self.groups = [(kind, circles) for kind, circles in self.groups if circles]
        self.bureaux = organisation.circles_of_type(CircleType.BUREAU)
        self.parts: list[str] = []

    def svg(self) -> str:
        height = self._draw()
        variant = self.variant
        return (f'<svg xmlns="http://www.w3.org/2000/svg" '
                f'{_attrs(class_=f"cercles-organigramme__dessin cercles-organigramme__dessin--{variant.name}", viewBox=f"0 0 {variant.width} {round(height)}", width=variant.width, height=round(height), role="group", aria_labelledby=CAPTION_ID)} data-search-exclude="">'
                + "".join(self.parts) + "</svg>")

    def _draw(self) -> float:
        variant = self.variant
        y = float(MARGIN)
        if self.bureaux:
            y = self._bureaux(y)
        frame_top = y
        y += FRAME_PADDING
        left, right = MARGIN + FRAME_PADDING, variant.width - MARGIN - FRAME_PADDING
        columns = [[group] for group in self.groups] if variant.side_by_side and len(self.groups) == 2 else [self.groups]
        if len(columns) == 2:
            spine_x = (left + right - SPINE) / 2
            widths = [(left, spine_x - left), (spine_x + SPINE, right - spine_x - SPINE)]
        else:
            spine_x = left
            widths = [(left + SPINE, right - left - SPINE)] if self.meeting is not None else [(left, right - left)]
        spine_top = y
        if self.meeting is not None:
            y += self._interpoles_label(spine_x, y) + GAP
        bottoms = [self._column(groups, x, width, y) for groups, (x, width) in zip(columns, widths)]
        bottom = max(bottoms, default=y)
        if self.meeting is not None:
            self._spine(spine_x, spine_top, bottom)
        frame_bottom = bottom + FRAME_PADDING
        if self.bureaux:
            self.parts.insert(0, f'<rect class="cercles-organigramme__recours" aria-hidden="true" '
                                 f'{_attrs(x=float(MARGIN), y=frame_top, width=float(variant.width - 2 * MARGIN), height=frame_bottom - frame_top, rx=24.0)}/>')
        return frame_bottom + MARGIN

    def _bureaux(self, y: float) -> float:
        """The bureau collégial above the frame, then the dashed recourse line labelled « recours »."""
        variant = self.variant
        width = min(320.0, variant.width - 2 * MARGIN)
        x = (variant.width - width) / 2
        for bureau in self.bureaux:
            box = _Box.lay_out(bureau, width, variant)
            self.parts.append(box.svg(x, y, variant, self.link))
            y += box.height + GAP
        centre = variant.width / 2
        drop = 34.0
        self.parts.append(f'<line class="cercles-organigramme__lien-recours" aria-hidden="true" '
                          f'{_attrs(x1=centre, y1=y - GAP, x2=centre, y2=y + drop - GAP)}/>')
        self.parts.append(_text(["recours"], centre + 8, y - GAP + drop / 2 - variant.action_size * 0.7,
                                variant.action_size, "cercles-organigramme__etiquette"))
        return y + drop - GAP

    def _interpoles_label(self, spine_x: float, y: float) -> float:
        """The Interpôles' name on a pill at the top of its band; returns the pill's height."""
        assert self.meeting is not None
        size = self.variant.name_size
        label = MomentKind.INTERPOLES.label
        width = _text_width(label, size) + 24
        height = size * LINE + 12
        x = spine_x + SPINE / 2 - width / 2 if self.variant.side_by_side and len(self.groups) == 2 else spine_x
        body = (f'<rect {_attrs(x=x, y=y, width=width, height=height, rx=height / 2)}/>'
                + _text([label], x + width / 2, y + 5, size, "cercles-organigramme__nom", anchor="middle"))
        self.parts.append(_link(self.link(paths.MOMENTS_PAGE), label, f"{label} : le moment qui relie tous les cercles",
                                body, "cercles-organigramme__interpoles"))
        return height

    def _spine(self, x: float, top: float, bottom: float) -> None:
        """The band every circle touches, under the pill; a link to the moments page like the pill."""
        label = MomentKind.INTERPOLES.label
        body = f'<rect {_attrs(x=x, y=top, width=float(SPINE), height=bottom - top, rx=SPINE / 2)}/>'
        self.parts.insert(0, _link(self.link(paths.MOMENTS_PAGE), label, f"{label} : le moment qui relie tous les cercles",
                                   body, "cercles-organigramme__interpoles cercles-organigramme__bande"))

    def _column(self, groups: Sequence[tuple[CircleType, list[Circle]]], x: float, width: float, y: float) -> float:
        """Each type's heading then its circles, stacked against the band; returns the column's bottom."""
        variant = self.variant
        for kind, circles in groups:
            heading = _wrap(kind.plural, variant.name_size, width - 8)
            self.parts.append(_text(heading, x + 4, y, variant.name_size,
                                    f"cercles-organigramme__type cercles-organigramme__type--{kind.value}"))
            y += len(heading) * variant.name_size * LINE + 8
            for circle in circles:
                box = _Box.lay_out(circle, width, variant)
                self.parts.append(box.svg(x, y, variant, self.link))
                y += box.height + GAP
            y += 4
        return y - GAP - 4

