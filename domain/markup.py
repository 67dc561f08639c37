"""The Reply markup subset (*bold*, _italic_) and how user text is kept out of it.

Text that came from a user is inserted escaped (`\\*`, `\\_`, `\\\\`), so it can never open or
close markup: the translator escapes every plain-`str` parameter, and `Markup` marks what is
markup already (the translator's own results). A front end parses a reply with `parse()` into
spans that are well nested by construction — a crossed or unclosed marker is shown as typed —
and renders the spans in its own format (`render()`); no front end ever sees an escape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

MARKERS = ("*", "_")  # *bold*, _italic_
_ESCAPED = "\\*_"
_ESCAPE = str.maketrans({c: "\\" + c for c in _ESCAPED})  # in C: a page escapes dozens


class Markup(str):
    """Text already in the markup subset: inserted as it is, never escaped again.

    Adding plain text to it escapes that text, so `line + user_text` stays safe.
    """

    __slots__ = ()

    def __add__(self, other: str) -> Markup:
        return Markup(str.__add__(self, escape(other)))

    def __radd__(self, other: str) -> Markup:
        return Markup(str.__add__(escape(other), self))


def escape(value: str) -> Markup:
    """`value` as literal text in markup (a `Markup` value is returned unchanged)."""
    if isinstance(value, Markup):
        return value
    return Markup(value.translate(_ESCAPE))


def bold(value: str) -> Markup:
    """`value` as literal text, in bold."""
    return Markup(f"*{escape(value)}*")


def join(separator: str, items: Iterable[str]) -> Markup:
    """`separator.join(items)` where plain items are escaped and `Markup` items kept."""
    return Markup(escape(separator).join(escape(item) for item in items))


@dataclass
class Span:
    """A styled run: `marker` is "*" or "_"; children are literal text or nested spans."""

    marker: str
    children: list[Node] = field(default_factory=list)


Node = str | Span


def _word(char: str | None) -> bool:
    return char is not None and (char.isalnum() or char == "_")


def _tokens(line: str) -> list[tuple[str, bool]]:
    """(character, is a marker) pairs: an escaped character is never a marker."""
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(line):
        char = line[i]
        if char == "\\" and i + 1 < len(line) and line[i + 1] in _ESCAPED:
            out.append((line[i + 1], False))
            i += 2
            continue
        out.append((char, char in MARKERS))
        i += 1
    return out


def _parse_line(line: str) -> list[Node]:
    """Markers pair up only as whole words (snake_case and 2*3 stay as typed), innermost
    first; an end marker that would cross an open span closes its own and shows the other's
    marker as text, so the result is always well nested."""
    tokens = _tokens(line)
    root: list[Node] = []
    stack: list[Span] = []

    def add(node: Node) -> None:
        children = stack[-1].children if stack else root
        if isinstance(node, str) and children and isinstance(children[-1], str):
            children[-1] += node
        else:
            children.append(node)

    for i, (char, marker) in enumerate(tokens):
        before = tokens[i - 1][0] if i else None
        after = tokens[i + 1][0] if i + 1 < len(tokens) else None
        open_markers = [s.marker for s in stack]
        if marker and char in open_markers and _closes(char, before, after):
            while stack[-1].marker != char:
                _flatten(stack.pop(), add)
            span = stack.pop()
            add(span if span.children else char + char)
        elif marker and char not in open_markers and _opens(char, before, after):
            stack.append(Span(char))
        else:
            add(char)
    while stack:
        _flatten(stack.pop(), add)
    return root


def _opens(char: str, before: str | None, after: str | None) -> bool:
    return not _word(before) and before != char and after is not None and not after.isspace()


def _closes(char: str, before: str | None, after: str | None) -> bool:
    return before is not None and not before.isspace() and not _word(after) and after != char


def _flatten(span: Span, add: Callable[[Node], None]) -> None:
    """An unmatched span: its marker is text after all."""
    add(span.marker)
    for child in span.children:
        add(child)


def parse(text: str) -> list[Node]:
    """The text as literal strings and spans; markup never spans a line break."""
    nodes: list[Node] = []
    for number, line in enumerate(text.split("\n")):
        if number:
            nodes.append("\n")
        nodes.extend(_parse_line(line))
    return nodes


Tags = Mapping[str, tuple[str, str]]


def render(nodes: Iterable[Node], tags: Tags, literal: Callable[[str], str]) -> str:
    """Spans through `tags` (marker → opening, closing), text through `literal`."""
    return "".join(
        literal(node) if isinstance(node, str)
        else tags[node.marker][0] + render(node.children, tags, literal) + tags[node.marker][1]
        for node in nodes)


def runs(nodes: Iterable[Node], styles: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """The text as (markers in force, text) pairs, for splitting a long text between spans."""
    out: list[tuple[tuple[str, ...], str]] = []
    for node in nodes:
        if isinstance(node, str):
            out.append((styles, node))
        else:
            out.extend(runs(node.children, (*styles, node.marker)))
    return out


MARKERS_AS_TYPED: Tags = {m: (m, m) for m in MARKERS}


def shown(text: str) -> str:
    """The markup as a plain-text front end shows it: markers kept, escapes gone."""
    return render(parse(text), MARKERS_AS_TYPED, str)


NO_MARKERS: Tags = {m: ("", "") for m in MARKERS}


def plain(text: str) -> str:
    """The markup as a front end without styles shows it (WeChat): markers and escapes gone."""
    return render(parse(text), NO_MARKERS, str)
