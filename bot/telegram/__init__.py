"""The Telegram front ends: aiogram (default) and python-telegram-bot, over the same bridge."""
