"""Conversation scripts shared by the console tests and the three-front-end Telegram suite,
so that every front end plays exactly the same steps ('> ' presses a button)."""

MERCHANT = ("/start", "> I'm a merchant", "Alice Beauty Store", "> United States",
            "> Southeast Asia", "> Done", "> Beauty")
STALE = "That button is no longer valid. Use the newest message, or send /help."
FOLLOW_EN = ("/subscribe", "> Advertising agency", "> Logistics and fulfilment", "> Done",
             "> ✓ Featured providers (monthly spotlight)", "> Done")
FOLLOW_ZH = ("/subscribe", "> 全部类目", "> ✓ 新认证服务商（每周汇总）", "> 完成")
