"""A small Bot API client for the outbox worker: one JSON POST per call, errors as codes.

Delivery needs only sendMessage and the error's code and retry_after, the same whichever
library runs the conversations, so it does not go through either library.
"""

from __future__ import annotations

from typing import Any

import aiohttp


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: float | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after

    @property
    def transient(self) -> bool:
        """Worth retrying later: server trouble, not a refusal of this message."""
        return self.code >= 500 or self.code in (408, 420)


class BotApi:
    def __init__(self, base_url: str, token: str, timeout: float = 30) -> None:
        self.base = f"{base_url.rstrip('/')}/bot{token}"
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def call(self, method: str, **params: Any) -> Any:
        """The call's result; ApiError for Telegram's refusals, network errors as ApiError 599."""
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=self.timeout, connector=aiohttp.TCPConnector(limit=200))
        try:
            async with self._session.post(f"{self.base}/{method}", json=params) as response:
                data = await response.json(content_type=None)
                status = response.status
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            raise ApiError(599, f"network: {exc!r}") from exc
        if isinstance(data, dict) and data.get("ok"):
            return data.get("result")
        data = data if isinstance(data, dict) else {}
        retry_after = (data.get("parameters") or {}).get("retry_after")
        raise ApiError(int(data.get("error_code") or status), str(data.get("description", "")),
                       float(retry_after) if retry_after is not None else None)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
