"""The engine every conversation runs on: the contract with front ends, the router, the
dispatch of one update, form navigation, button payloads and translations."""
