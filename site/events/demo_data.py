"""What the demo events are made of: each district's volunteer teams and a year of events.

The services follow the articles in shared/seeds: 乐都's 红心服务集市 with 红色义诊 and
爱心理发, 张掖's 红领背包小分队 and 敲门行动 for people living alone, 西宁's and 玉门's
service teams, 双报到 party members serving in communities. Dates are counted from the day
the demo is loaded (months back and weeks ahead), so the site always has past and coming events.
"""

# Teams every district gets when its roster has none: (name, kind, description).
TEAMS = {
    "630202": [
        (
            "红心服务志愿服务队",
            "党员志愿服务队",
            "依托“红心服务集市”，每月在社区党群服务中心摆摊设点，为居民提供便民服务。",
        ),
        ("红色义诊志愿服务队", "专业志愿服务队", "辖区医院医护人员组成，进社区测血压、看诊、讲健康知识。"),
        ("爱心理发志愿服务队", "职工志愿服务队", "为高龄、行动不便的老人免费理发，也上门服务。"),
    ],
    "620700": [
        ("红领背包小分队", "党员志愿服务队", "背上小背包走进楼院，围绕党员服务、综治维稳、巾帼宣讲开展服务。"),
        ("敲门行动志愿服务队", "党员志愿服务队", "定期敲门走访独居老人、基础病患者和残疾人，一对一联系服务。"),
        ("巾帼宣讲志愿服务队", "巾帼志愿服务队", "进小区、进家庭开展政策宣讲和家庭教育讲座。"),
    ],
    "632800": [
        ("双报到党员志愿服务队", "党员志愿服务队", "驻区单位在职党员到社区报到后认领岗位、开展对接服务。"),
        ("青年志愿服务队", "青年志愿服务队", "青年志愿者参与环境整治、文明实践和应急服务。"),
    ],
    "340803": [
        ("社区党员志愿服务队", "党员志愿服务队", "社区党员就近就便开展邻里服务。"),
        ("法律明白人志愿服务队", "专业志愿服务队", "社区法律顾问和法律明白人开展普法和矛盾调解。"),
    ],
    "210104": [
        ("社区党员志愿服务队", "党员志愿服务队", "社区党员就近就便开展邻里服务。"),
        ("巾帼志愿服务队", "巾帼志愿服务队", "组织妇女志愿者开展助老、宣讲和文明劝导。"),
    ],
}
# Districts whose rosters already hold teams (residents.demo): events pick their teams by name.
FALLBACK_TEAM_WORDS = ("义诊", "理发", "红心", "助老", "应急", "党员")

# (slug, title, category, days from today, start hour, hours, repeat, capacity, audience, team words, summary)
# A repeating event starts `days` from today and repeats from there; a negative number is in the past.
EVENTS = [
    (
        "hongxin-jishi",
        "红心服务集市",
        "红心服务集市",
        -300,
        9,
        2.5,
        "monthly",
        30,
        "volunteers",
        ("红心", "党员"),
        "每月第一个周六上午，党员和志愿者在社区党群服务中心前摆摊：政策咨询、代缴代办、小家电维修。",
    ),
    (
        "hongse-yizhen",
        "红色义诊进社区",
        "义诊",
        -290,
        9,
        3,
        "monthly",
        40,
        "all",
        ("义诊",),
        "辖区医院医护人员进社区测血压、测血糖、看诊问诊，讲解慢病用药知识。请带好医保卡和常用药品清单。",
    ),
    (
        "aixin-lifa",
        "爱心理发",
        "理发",
        -280,
        14,
        2,
        "monthly",
        15,
        "elderly",
        ("理发",),
        "志愿者为60岁以上老人免费理发，行动不便的老人可由家属报名，志愿者上门服务。",
    ),
    (
        "qiaomen-xingdong",
        "敲门行动·走访独居老人",
        "敲门行动",
        -120,
        15,
        2,
        "weekly",
        12,
        "party",
        ("敲门", "党员", "助老"),
        "党员和志愿者分组敲门走访独居老人、基础病患者和残疾人家庭，了解需求、登记问题、逐一回复。",
    ),
    (
        "minfadian-pufa",
        "民法典进社区普法讲座",
        "普法",
        -75,
        19,
        1.5,
        "",
        80,
        "all",
        ("法律", "党员"),
        "社区法律顾问讲解民法典中婚姻家庭、继承和邻里关系的规定，现场答疑。",
    ),
    (
        "qingjie-jiayuan",
        "清洁家园环境整治",
        "环境整治",
        -40,
        8,
        3,
        "",
        50,
        "all",
        ("青年", "党员", "红心"),
        "清理楼道杂物和小区卫生死角，劝导文明停车，共建整洁家园。",
    ),
    (
        "yingji-yanlian",
        "平急结合应急演练",
        "应急",
        20,
        9,
        2,
        "",
        20,
        "volunteers",
        ("应急", "青年", "党员"),
        "模拟火灾疏散和心肺复苏急救，提高居民和志愿者应急处置能力。",
    ),
    (
        "wenming-peixun",
        "新时代文明实践志愿者培训",
        "文明实践",
        35,
        14,
        2,
        "",
        60,
        "volunteers",
        ("党员",),
        "志愿服务礼仪、入户走访沟通技巧和安全注意事项培训。",
    ),
]
CANCELLED = "wenming-peixun"  # shows 已取消 in the demo
REPORTS = {
    "minfadian-pufa": (126, "讲座持续一个半小时，法律顾问现场解答居民关于赡养、继承和邻里纠纷的问题23个。"),
    "qingjie-jiayuan": (340, "党员、志愿者和居民一起清理楼道杂物，清运垃圾，劝导不文明停车，小区面貌焕然一新。"),
}
