"""The two boundary types between front ends and conversations (DESIGN section 2)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from domain.markup import shown

MAX_PAYLOAD_BYTES = 64  # Telegram's callback_data limit, kept on every platform


@dataclass(frozen=True)
class Command:
    name: str  # without the slash, lower case
    args: str = ""


@dataclass(frozen=True)
class ButtonPress:
    payload: str


@dataclass(frozen=True)
class FileUpload:
    """A file the user sent; the bytes are fetched only after the size has been checked."""

    name: str
    mime_type: str
    size: int
    fetch: Callable[[], Awaitable[bytes]] = field(compare=False, repr=False)


@dataclass(frozen=True)
class Event:
    kind: str  # "follow", "unfollow", "menu"
    key: str = ""


@dataclass(frozen=True)
class Incoming:
    """One platform update, translated. Exactly one of text/command/press/file/event is set."""

    platform: str
    user_id: str
    display_name: str
    language: str | None
    dedupe_key: str
    text: str | None = None
    command: Command | None = None
    press: ButtonPress | None = None
    file: FileUpload | None = None
    event: Event | None = None
    # The update's place among its sender's updates (Telegram's update_id, WeChat's
    # CreateTime): a user's updates are handled in this order across workers. None: arrival.
    sequence: int | None = None

    @property
    def identity(self) -> str:
        return f"{self.platform}:{self.user_id}"


@dataclass(frozen=True)
class Button:
    label: str
    payload: str = ""
    url: str | None = None  # a link button instead of a callback

    def __post_init__(self) -> None:
        # A label is shown as it is, never as markup: a translated label's escapes go.
        if "\\" in self.label:
            object.__setattr__(self, "label", shown(self.label))
        if len(self.payload.encode()) > MAX_PAYLOAD_BYTES:
            raise ValueError(f"button payload over {MAX_PAYLOAD_BYTES} bytes: {self.payload!r}")


@dataclass(frozen=True)
class Attachment:
    name: str
    path: str
    mime_type: str


@dataclass(frozen=True)
class Reply:
    """What the bot says. `text` uses the markup subset: *bold*, _italic_, plain links.

    `replace` asks the front end to edit the message the pressed button belonged to
    (Telegram edits; platforms that cannot edit send anew).
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    replace: bool = False
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class InlineResult:
    """One answer to an inline query (Telegram's `@bot words` in any chat): the user picks it
    from a list and `reply` is sent into that chat. `title` and `description` are plain text."""

    id: str
    title: str
    description: str
    reply: Reply


def rows(*rows_: list[Button] | tuple[Button, ...]) -> tuple[tuple[Button, ...], ...]:
    """Build a button layout, dropping empty rows."""
    return tuple(tuple(r) for r in rows_ if r)


def chunk(buttons: list[Button], per_row: int) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i:i + per_row]) for i in range(0, len(buttons), per_row))


Replies = Reply | Sequence[Reply] | None  # what a conversation function may return


def as_list(replies: Replies) -> list[Reply]:
    if replies is None:
        return []
    if isinstance(replies, Reply):
        return [replies]
    return list(replies)
