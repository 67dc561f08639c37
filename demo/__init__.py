"""Demo data for trying the bot: a market of providers, merchants and reviews.

`python -m bot demo` seeds it; it uses the domain only, never the other way round.
"""
