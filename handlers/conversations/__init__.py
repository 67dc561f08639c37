"""The conversations, one module per user goal; registry.py joins them into one router."""
