"""A wechatpy message as what the core sees: an `Incoming`, or something the front end answers.

Text is text (a leading `/` is a command, as on Telegram; digits pick numbered options in
the core). Menu clicks are commands. Following answers like /start (a QR code's scene like a
deep link); unfollowing only marks the follower. Images are file uploads fetched through
media/get. Voice, video, location and links get "send text or a picture"; other events get
no answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from domain.errors import InvalidInput
from handlers.engine.contract import Command, FileUpload, Incoming
from handlers.engine.text_commands import parse_text

from .api import TooLarge

PLATFORM = "wechat"
MESSAGE_WINDOW, EVENT_WINDOW = 5, 3  # customer-service messages allowed after each
Download = Callable[[str, int], Awaitable[tuple[bytes, str]]]
UNSUPPORTED = {"voice", "video", "shortvideo", "location", "link", "miniprogrampage"}
FOLLOW = {"subscribe", "subscribe_scan"}


@dataclass(frozen=True)
class Action:
    """What to do with one push: dispatch `incoming`, or answer `say` (a message key)."""

    openid: str
    key: str
    incoming: Incoming | None = None
    say: str | None = None
    follow: bool | None = None  # True: follows, False: unfollows
    window: int = 0  # customer-service messages this push allows (0: none)


def dedupe_key(message: object) -> str:
    """MsgId for messages; events by sender, time, event and key (WeChat's own advice)."""
    msg_id = getattr(message, "id", None)
    if msg_id:
        return f"m{msg_id}"
    parts = [str(getattr(message, name, "") or "")
             for name in ("source", "time", "event", "key", "scene_id")]
    return "e" + ":".join(parts)[:150]


def _created(message: object) -> int | None:
    """CreateTime, the push's order among the user's pushes (seconds; arrival breaks ties)."""
    try:
        created = int(getattr(message, "time", None) or 0)
    except (TypeError, ValueError, OverflowError):
        return None
    return created if 0 < created < 2**62 else None  # a BIGINT column holds it


def action(message: object, language: str | None, download: Download, limit: int) -> Action:
    openid = str(getattr(message, "source", ""))
    key = dedupe_key(message)
    base = Incoming(platform=PLATFORM, user_id=openid, display_name="", language=language,
                    dedupe_key=key, sequence=_created(message))  # and one of text, command …
    kind = getattr(message, "type", "unknown")
    if kind == "text":
        body, command = parse_text(str(getattr(message, "content", "") or ""))
        return Action(openid, key, replace(base, text=body, command=command),
                      window=MESSAGE_WINDOW)
    if kind == "image":
        upload = image_upload(str(getattr(message, "media_id", "")), key, download, limit)
        return Action(openid, key, replace(base, file=upload), window=MESSAGE_WINDOW)
    if kind in UNSUPPORTED:
        return Action(openid, key, say="wechat.text_or_picture", window=MESSAGE_WINDOW)
    if kind != "event":
        return Action(openid, key)
    event = str(getattr(message, "event", "")).lower()
    # A parametric QR code carries a scene: it opens like a Telegram deep link (`/start p_12`).
    scene = str(getattr(message, "scene_id", "") or "")[:64]
    if event in FOLLOW:
        return Action(openid, key, replace(base, command=Command("start", scene)),
                      follow=True, window=EVENT_WINDOW)
    if event == "scan" and scene:
        return Action(openid, key, replace(base, command=Command("start", scene)),
                      window=EVENT_WINDOW)
    if event == "unsubscribe":
        return Action(openid, key, follow=False)
    if event == "click":
        name = str(getattr(message, "key", "") or "").lstrip("/").lower()
        return Action(openid, key, replace(base, command=Command(name)), window=EVENT_WINDOW)
    return Action(openid, key)  # scan, location reports, view, job reports: nothing to say


def image_upload(media_id: str, key: str, download: Download, limit: int) -> FileUpload:
    """WeChat sends no size with an image: media/get's Content-Length is checked before the
    body is read, and an oversized image is refused like any oversized file."""
    name = f"photo_{key}.jpg"

    async def fetch() -> bytes:
        try:
            data, _mime = await download(media_id, limit)
        except TooLarge as big:
            raise InvalidInput("error.file_too_large", name=name,
                               size_mb=f"{big.size / 1048576:.1f}",
                               limit_mb=limit // 1048576) from None
        return data

    return FileUpload(name=name, mime_type="image/jpeg", size=0, fetch=fetch)
