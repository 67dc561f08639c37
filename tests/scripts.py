"""Conversation scripts shared by the console tests and the three-front-end Telegram suite,
so that every front end plays exactly the same steps ('> ' presses a button)."""

MERCHANT = ("/start", "> I'm a merchant", "Alice Beauty Store", "> United States",
            "> Southeast Asia", "> Done", "> Beauty")
STALE = "That button is no longer valid. Use the newest message, or send /help."
