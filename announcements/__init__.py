"""Official announcements: compose (compose.py), fan out through the outbox (fanout.py), keep
WeChat's quotas (wechat_quota.py, wechat_sender.py), and the scheduled jobs (jobs.py).

Imports domain and APScheduler only; the bot wires it (bot/announcing.py).
"""
