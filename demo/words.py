"""Word lists for the demo data (domain/demo.py): plain data, kept apart so the logic stays short.

Sentences per category carry the catalog's own keywords (config/categories.toml), so that
keyword search in English and Chinese finds the demo providers.
"""

from __future__ import annotations

# (English, Chinese) names of the cities cross-border service companies cluster in.
CITIES: tuple[tuple[str, str], ...] = (
    ("Shenzhen", "深圳"), ("Guangzhou", "广州"), ("Hangzhou", "杭州"), ("Yiwu", "义乌"),
    ("Shanghai", "上海"), ("Xiamen", "厦门"), ("Ningbo", "宁波"), ("Dongguan", "东莞"),
    ("Suzhou", "苏州"), ("Beijing", "北京"), ("Fuzhou", "福州"), ("Foshan", "佛山"),
    ("Chengdu", "成都"), ("Wuhan", "武汉"), ("Quanzhou", "泉州"), ("Zhuhai", "珠海"),
    ("Hong Kong", "香港"), ("Changsha", "长沙"),
)

# English brand roots: FIRST + SECOND, as "BrightWave" or "Blue Harbor" (disjoint lists).
EN_FIRST: tuple[str, ...] = (
    "Bright", "Blue", "Silver", "Golden", "Jade", "Red", "Sun", "Swift", "Ever", "Nova",
    "Summit", "Pearl", "Dragon", "Lotus", "Crystal", "Maple", "Orchid", "Sky", "Ocean", "True",
    "Prime", "Clear", "Rapid", "Bamboo", "Phoenix", "Coral", "North", "East", "Zen", "Vivid",
    "Lucky", "Aurora", "Cloud", "Iron", "Wise", "Bold", "Unity", "Green", "Falcon", "Atlas",
)
EN_SECOND: tuple[str, ...] = (
    "Wave", "Light", "Bridge", "Path", "Link", "Stone", "Field", "Gate", "Point", "Line",
    "Spark", "Way", "Rise", "Leaf", "Port", "Sail", "Wing", "Harbor", "River", "Peak",
    "Star", "Wind", "Crest", "Bay", "Ridge",
)
# Empty strings weight the choice towards names without a legal form ("Blue Harbor Logistics").
EN_FORMS: tuple[str, ...] = (
    "Co., Ltd.", "Co., Ltd.", "Ltd.", "Limited", "Inc.", "LLC", "Group", "Technology Co., Ltd.",
    "International", "", "", "",
)

# Chinese trade names (字号) with their pinyin, which becomes the e-mail domain.
ZH_BRANDS: tuple[tuple[str, str], ...] = (
    ("星耀", "xingyao"), ("速达", "suda"), ("华信", "huaxin"), ("蓝海", "lanhai"),
    ("锦程", "jincheng"), ("优品", "youpin"), ("云途", "yuntu"), ("万邦", "wanbang"),
    ("启航", "qihang"), ("鼎盛", "dingsheng"), ("博远", "boyuan"), ("佳和", "jiahe"),
    ("瑞丰", "ruifeng"), ("恒通", "hengtong"), ("海纳", "haina"), ("卓越", "zhuoyue"),
    ("天成", "tiancheng"), ("辰光", "chenguang"), ("众拓", "zhongtuo"), ("腾跃", "tengyue"),
    ("领航", "linghang"), ("易达", "yida"), ("汇通", "huitong"), ("宏图", "hongtu"),
    ("盛世", "shengshi"), ("新锐", "xinrui"), ("凯越", "kaiyue"), ("朗睿", "langrui"),
    ("飞鸿", "feihong"), ("远洋", "yuanyang"), ("创想", "chuangxiang"), ("锐意", "ruiyi"),
    ("金桥", "jinqiao"), ("银河", "yinhe"), ("青禾", "qinghe"), ("知行", "zhixing"),
    ("合力", "heli"), ("百川", "baichuan"), ("千帆", "qianfan"), ("聚星", "juxing"),
    ("云帆", "yunfan"), ("拓海", "tuohai"), ("跨越", "kuayue"), ("悦达", "yueda"),
    ("鹏程", "pengcheng"), ("瀚海", "hanhai"), ("极光", "jiguang"), ("星河", "xinghe"),
    ("誉诚", "yucheng"), ("德信", "dexin"),
)
ZH_FORMS: tuple[str, ...] = (
    "有限公司", "有限公司", "科技有限公司", "集团有限公司", "工作室", "", "",
)

EMAIL_LOCALS: tuple[str, ...] = ("contact", "hello", "info", "bd", "sales", "partners")

# Category code -> (English service words, Chinese service words) used in company names.
SERVICES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "advertising": (("Digital Marketing", "Ads", "Performance Media", "Growth Marketing",
                     "Advertising"), ("数字营销", "广告", "广告传媒", "网络推广", "互动营销")),
    "influencer": (("Influencer Marketing", "Creator Network", "KOL Agency",
                    "Affiliate Marketing"), ("达人营销", "网红孵化", "红人营销", "达人带货")),
    "store_operation": (("Store Operations", "E-commerce Operations", "Shop Management"),
                        ("电商代运营", "店铺代运营", "电子商务", "跨境电商运营")),
    "livestream": (("Live Commerce", "Live Studio", "Livestream Media", "Live Selling"),
                   ("直播", "直播电商", "直播传媒", "主播经纪")),
    "content": (("Creative Studio", "Content Studio", "Video Production", "Design Lab"),
                ("内容制作", "影视传媒", "短视频", "创意设计", "视觉设计")),
    "logistics": (("Logistics", "Supply Chain", "Freight", "Fulfillment", "Express"),
                  ("物流", "供应链", "国际货运", "速运", "海外仓")),
    "software": (("Software", "Tech", "SaaS", "Systems", "ERP"),
                 ("软件", "信息技术", "网络科技", "数据科技", "智能系统")),
    "localization": (("Translation", "Localization", "Language Services", "Lingua"),
                     ("翻译", "语言服务", "本地化", "译联")),
    "compliance": (("Compliance", "Legal Services", "IP & Trademark", "Tax Advisory"),
                   ("知识产权", "合规咨询", "法律咨询", "商标代理", "财税")),
    "training": (("Academy", "Consulting", "Training", "Advisory", "Institute"),
                 ("培训", "咨询", "企业管理咨询", "电商学院")),
    "payments": (("Pay", "Payments", "Global Collection", "FinTech"),
                 ("支付", "跨境支付", "金融科技", "收款")),
    "customer_service": (("Customer Care", "Support Services", "Contact Center", "CX Solutions"),
                         ("客服外包", "客户服务", "呼叫中心", "售后服务")),
}

# Category code -> (English sentences, Chinese sentences) for descriptions.
SENTENCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "advertising": ((
        "Performance advertising agency running TikTok Ads, Meta Ads and Google Ads for "
        "cross-border sellers.",
        "We plan paid media and PPC campaigns with weekly creative tests and ROAS reports.",
        "Certified ads partner with a dedicated account manager for every market.",
        "Our advertising team manages budgets from $5k to $500k a month.",
    ), (
        "专注跨境电商广告投放，覆盖TikTok、Meta和Google广告。",
        "提供广告账户开户、投放优化和推广素材测试服务。",
        "以ROAS为核心，按周输出投放数据报告。",
        "服务超过百家出海品牌的推广团队。",
    )),
    "influencer": ((
        "Influencer marketing agency connecting brands with TikTok creators and KOLs.",
        "We run affiliate and creator campaigns, from sample seeding to sales tracking.",
        "A vetted network of 8,000+ influencers across beauty, fashion and home.",
        "KOC and KOL programs with transparent per-video pricing.",
    ), (
        "专业达人营销机构，对接海外网红与带货达人。",
        "提供达人建联、寄样、联盟推广和效果追踪一站式服务。",
        "签约KOL与KOC资源覆盖美妆、服饰、家居等类目。",
        "按视频计价，达人带货数据全程透明。",
    )),
    "store_operation": ((
        "Full-service store operation for TikTok Shop, Amazon and Shopee sellers.",
        "Our operation team handles listing optimisation, promotions and account management.",
        "We take over daily store management so founders can focus on products.",
        "Store health monitoring and a campaign calendar for every market.",
    ), (
        "提供TikTok Shop、亚马逊等平台的店铺代运营服务。",
        "运营团队负责商品上架、Listing优化、活动报名和店铺数据分析。",
        "全托管代运营，帮助商家快速起量。",
        "按月输出店铺运营报告，实时监控店铺健康分。",
    )),
    "livestream": ((
        "Live-stream agency with bilingual hosts and studios in Shenzhen and Los Angeles.",
        "We plan, host and run live selling sessions on TikTok Shop.",
        "Livestream scripts, host training and studio rental in one package.",
        "Over 300 live stream sessions hosted every month.",
    ), (
        "自有直播间和多语种主播团队，专注海外直播带货。",
        "提供直播策划、主播孵化和直播间搭建服务。",
        "每月执行三百余场TikTok直播。",
        "直播数据逐场复盘，持续提升转化率。",
    )),
    "content": ((
        "Creative studio producing short video, product photography and UGC content for "
        "e-commerce.",
        "Our designers deliver ad creatives, banners and listing images within 72 hours.",
        "Content production in six languages with native talent.",
        "Monthly creative video packages tailored to TikTok and Instagram.",
    ), (
        "专注电商短视频拍摄、产品摄影和素材制作。",
        "提供主图设计、详情页设计和广告素材批量制作。",
        "拥有海外模特与本地拍摄团队。",
        "内容制作周期短，72小时内交付素材。",
    )),
    "logistics": ((
        "Cross-border logistics with air and sea freight, customs clearance and last-mile "
        "delivery.",
        "Overseas warehouse and fulfillment for US and EU orders, with same-day shipping.",
        "3PL partner with warehouses in Los Angeles, Rotterdam and Sydney.",
        "Real-time shipping tracking integrated with the major marketplaces.",
    ), (
        "提供跨境物流头程、清关和尾程派送服务。",
        "美国、欧洲海外仓一件代发，仓储履约当日出库。",
        "专业国际物流，空运、海运、铁路多种方案。",
        "物流轨迹实时查询，与主流平台系统对接。",
    )),
    "software": ((
        "ERP software for cross-border sellers: orders, inventory and finance in one system.",
        "SaaS tools with an open API for listing automation and inventory sync.",
        "Our software connects TikTok Shop, Amazon and Shopify stores.",
        "Automation workflows that save operators hours every day.",
    ), (
        "跨境电商ERP系统，订单、库存、财务一体化管理。",
        "提供SaaS软件工具和开放API，支持多平台商品刊登。",
        "自研系统对接TikTok Shop、亚马逊和Shopify。",
        "自动化工具帮助运营团队提升效率。",
    )),
    "localization": ((
        "Translation and localization for listings, ads and customer messages in 20 languages.",
        "Native copywriting that makes product pages read like local brands.",
        "Subtitles and voice-over localisation for short videos.",
        "Translators specialised in beauty, electronics and fashion.",
    ), (
        "提供商品详情、广告文案和客服话术的多语种翻译。",
        "母语级本地化文案，让商品页贴近当地消费者。",
        "短视频字幕翻译与配音本地化。",
        "翻译覆盖英语、西班牙语、阿拉伯语等二十种语言。",
    )),
    "compliance": ((
        "Compliance and legal services for cross-border sellers: VAT, EPR and product "
        "certification.",
        "Trademark registration and IP protection in the US, EU and UK.",
        "Our lawyers handle tax filings, account appeals and infringement disputes.",
        "Compliance checks before you launch in a new market.",
    ), (
        "提供欧洲VAT税务、EPR注册和产品认证等合规服务。",
        "商标注册、知识产权保护及侵权应诉。",
        "专业法务团队协助处理账号申诉与税务申报。",
        "新市场上线前的合规风险评估。",
    )),
    "training": ((
        "Training and consulting for sellers entering TikTok Shop and other marketplaces.",
        "Courses on ads, live selling and store operation, taught by practitioners.",
        "One-to-one consulting on growth strategy and team building.",
        "Coaching programs with a weekly review of your store data.",
    ), (
        "为出海卖家提供跨境电商培训与咨询服务。",
        "实战课程涵盖广告投放、直播带货和店铺运营。",
        "一对一咨询，制定增长策略与团队搭建方案。",
        "陪跑式培训，每周复盘店铺数据。",
    )),
    "payments": ((
        "Cross-border payments and collection accounts in USD, EUR and GBP.",
        "Low FX fees and fast payout to mainland China bank accounts.",
        "Licensed payment provider with multi-currency wallets for marketplace sellers.",
        "Collection and currency conversion integrated with the major platforms.",
    ), (
        "提供美元、欧元、英镑等多币种跨境收款账户。",
        "结汇费率低，资金当天到账。",
        "持牌支付机构，支持多平台店铺收款与付款。",
        "一站式收款、结汇、支付解决方案。",
    )),
    "customer_service": ((
        "Customer service outsourcing with multilingual chat support, 24/7.",
        "Our support agents handle pre-sale questions, returns and after-sales cases.",
        "Call center and e-mail support teams in Manila, Kuala Lumpur and Mexico City.",
        "Weekly customer service quality reports.",
    ), (
        "提供7×24小时多语种客服外包服务。",
        "客服团队负责售前咨询、退换货和售后处理。",
        "在菲律宾、马来西亚设有呼叫中心，客服团队常驻。",
        "每周输出客服质量报告。",
    )),
}

# Merchants: product category -> (English word, Chinese word) in shop names.
PRODUCTS: dict[str, tuple[str, str]] = {
    "apparel": ("Apparel", "服饰"), "beauty": ("Beauty", "美妆"), "electronics": ("Tech", "数码"),
    "home": ("Home", "家居"), "toys": ("Toys", "玩具"), "sports": ("Sports", "运动"),
    "food": ("Foods", "食品"), "health": ("Wellness", "健康"), "pets": ("Pets", "宠物"),
    "auto": ("Auto Parts", "汽配"), "other": ("Goods", "优选"),
}
SHOP_FIRST: tuple[str, ...] = (
    "Lumi", "Urban", "Cozy", "Nordic", "Pure", "Happy", "Little", "Wild", "Moon", "Sunny",
    "Velvet", "Mint", "Ember", "Luna", "Oak", "Bloom", "Pixel", "Zest", "Aqua", "Tiny",
)
SHOP_LAST: tuple[str, ...] = (
    "Store", "Shop", "Co.", "Outlet", "Official", "Boutique", "Mart", "House", "Supply", "Studio",
)
SHOP_ZH_TAIL: tuple[str, ...] = ("旗舰店", "专营店", "官方店", "海外旗舰店", "精品店")

# Evaluation comments by mood, (English, Chinese); and the provider's answers.
COMMENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "good": ((
        "Great results, our sales doubled in two months.",
        "Responsive team and clear weekly reports.",
        "Very professional, we will work with them again.",
        "Delivered on time and communicated well.",
        "Helped us launch in a new market smoothly.",
    ), (
        "效果很好，两个月销量翻倍。", "团队响应及时，周报清晰。", "非常专业，会继续合作。",
        "按时交付，沟通顺畅。", "帮助我们顺利开拓了新市场。",
    )),
    "fair": ((
        "Decent work, but reports were sometimes late.",
        "OK overall; onboarding took longer than promised.",
    ), ("整体还可以，但报告偶尔延迟。", "服务一般，上手比预期慢。")),
    "poor": ((
        "Slow replies and missed deadlines.", "Results were well below what was promised.",
    ), ("回复太慢，多次延期。", "效果没有达到承诺。")),
}
ANSWERS: dict[str, tuple[str, str]] = {
    "good": ("Thank you for the kind words! We look forward to the next campaign.",
             "感谢您的认可，期待继续合作！"),
    "fair": ("Thanks for the feedback; we have added a second account manager to your project.",
             "感谢反馈，我们已为您的项目增加一名客户经理。"),
    "poor": ("We are sorry about this and have contacted you to put it right.",
             "非常抱歉给您带来不便，我们已安排专人跟进处理。"),
}
