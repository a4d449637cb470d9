"""Words the benchmark's plan generator draws from: Chinese and English, as real plans mix them."""

from __future__ import annotations

CHANNELS = [
    ("douyin", "抖音", "paid"), ("wechat", "微信公众号", "owned"), ("xhs", "小红书", "earned"),
    ("bilibili", "B站", "owned"), ("weibo", "微博", "earned"), ("kuaishou", "快手", "paid"),
    ("search", "Baidu search ads", "paid"), ("newsletter", "Email newsletter", "owned"),
    ("private", "私域社群 (WeCom)", "owned"), ("linkedin", "LinkedIn", "paid"),
]
ROLES = [
    ("ops-lead", "账号运营"), ("editor", "剪辑师"), ("media-buyer", "Media buyer"),
    ("kol-manager", "达人商务"), ("designer", "视觉设计"), ("analyst", "Data analyst"),
    ("copywriter", "文案策划"), ("live-host", "直播主播"), ("crm", "CRM specialist"),
    ("pm", "项目经理"),
]
PHASES = ["筹备期", "预热期", "爆发期", "持续运营期", "Scale-up", "复盘期"]
PILLARS = [
    ("dance", "原创舞蹈", ["short_video", "live"]),
    ("howto", "How-to tutorials", ["article", "h5"]),
    ("cases", "客户案例", ["case_study", "whitepaper"]),
    ("daily", "成员日常 vlog", ["short_video"]),
    ("podcast", "Founder podcast", ["podcast"]), ("promo", "促销海报", ["image_post"]),
]
ACTIVITIES = [
    ("double-11", "双 11 大促", "flash sale"), ("618", "618 年中大促", "flash sale"),
    ("member-day", "会员日", "loyalty"), ("referral", "Referral program", "referral"),
    ("live-week", "直播带货周", "live commerce"), ("spring", "Spring launch event", "event"),
]
TASK_VERBS = ["完成", "上线", "Draft", "Review", "投放", "Launch", "策划", "Publish", "复盘",
              "Negotiate"]
TASK_OBJECTS = ["用户画像报告", "抖音信息流素材", "landing page", "KOL brief", "直播脚本",
                "weekly report", "私域社群 SOP", "A/B test plan", "品牌联名方案", "email sequence",
                "短视频选题库", "media plan"]
BUDGET_ITEMS = [
    ("抖音信息流投放", "media"), ("Search ads", "media"), ("达人合作费", "kol"),
    ("Content production", "content"), ("短视频拍摄", "content"), ("SaaS tools", "tools"),
    ("线下活动场地", "events"), ("Analytics suite", "analytics"), ("直播间搭建", "other"),
    ("Design agency", "content"), ("小红书种草", "kol"), ("Trade show booth", "events"),
]
KPIS = [
    # name, category, unit, direction, baseline low/high, decimals, frequency, source, formula
    ("月均访问 UV", "traffic", "visits", "at_least", 20000, 200000, 0, "monthly", "GA4",
     "unique visitors per month"),
    ("点击率 (CTR)", "traffic", "%", "at_least", 8, 25, 1, "weekly", "抖音后台",
     "clicks / impressions"),
    ("获客成本 (CPA)", "cost", "元", "at_most", 30, 200, 0, "monthly", "广告后台",
     "spend / new customers"),
    ("完播率", "engagement", "%", "at_least", 20, 40, 0, "weekly", "抖音后台",
     "completed plays / plays"),
    ("New followers", "brand", "followers", "at_least", 10000, 100000, 0, "monthly",
     "platform analytics", "followers gained"),
    ("转化率", "conversion", "%", "at_least", 10, 50, 1, "weekly", "CRM",
     "orders / visits"),
    ("Repeat purchase rate", "retention", "%", "at_least", 10, 30, 0, "quarterly", "CRM",
     "repeat buyers / buyers"),
    ("GMV", "financial", "元", "at_least", 0, 0, 0, "monthly", "电商后台", "sum of paid orders"),
]
OBJECTIVES = {"traffic": "traffic", "cost": "cost", "engagement": "awareness", "brand": "brand",
              "conversion": "conversion", "retention": "retention", "financial": "revenue"}
RISKS = [
    ("channel", "平台算法调整导致自然流量下滑", "分散到三个以上渠道，保留 20% 预算机动"),
    ("content", "Content fatigue lowers completion rate", "Refresh formats every month"),
    ("compliance", "广告法违规用语被限流", "投放前由法务审核脚本"),
    ("budget", "CPM rises during the 双11 season", "Book inventory early; shift to owned"),
    ("execution", "关键成员离职", "Document SOPs and cross-train a backup"),
    ("market", "竞品降价抢占份额", "强调差异化卖点，准备限时权益"),
    ("technology", "Live-stream outage during a sale", "Backup line and a second device"),
]
RETURNS = [("直播带货分成", "3% commission on live-commerce GMV"),
           ("Brand sponsorships", "12 sponsored posts at market rate"),
           ("电商销售毛利", "毛利率 35%"), ("Event tickets", "2,000 tickets at 199")]
REGIONS = ["一线城市", "新一线", "Tier-2 cities", "长三角", "Overseas Chinese"]
PERSONA_NAMES = ["都市白领小美", "Young parent", "大学生", "Small-business owner", "银发族",
                 "Gen-Z gamer"]
SEGMENTS = [("new", "新客", "首次购买 30 天内"), ("active", "Active", "bought in the last 90 days"),
            ("dormant", "沉睡用户", "180 天未互动"), ("vip", "VIP", "RFM top 10%")]
COMPETITORS = ["橘子海少女", "BrightLeaf Co.", "甜心舞社", "Northwind", "星河传媒", "Acme Digital"]
