"""The engine every conversation runs on: the contract with front ends, the router, the
dispatch of one update, the conversation store (chat state), form navigation, button payloads
and translations."""
