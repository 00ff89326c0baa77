"""Demo content: the five 创孵 service brands (seed policy, task 21), as pages under the home page, and the
catalogues below three of them (12 experts, 16 service products, 9 stations).

The seed policy's full text of task 21 was not available when this was written, so the descriptions
below are the project's own editorial summaries of each service, not quotations of the policy.
"""

from decimal import Decimal

from core.brands import Brand
from core.demo import ensure_page
from core.models import Area

from .models import BrandPage, ExpertiseField, ExpertPage, ServiceCategory, ServicePage, StationPage

BRANDS = [
    (
        Brand.ZHIXUN,
        "zhixun",
        "询",
        "专家问诊，精准解题",
        "汇聚投资、技术、法律、财税与产业专家，为孵化载体和在孵企业提供一对一咨询与诊断。",
        [
            "创孵智询面向浦东各类孵化载体和创新创业企业，组织专家团队围绕技术路线、融资规划、知识产权、"
            "财税合规和市场拓展等问题开展咨询。",
            "企业可在线提交需求，由服务专员匹配合适的专家，约定线上或线下问诊时间；咨询结束后形成服务记录，"
            "便于后续跟踪。",
        ],
    ),
    (
        Brand.XUETANG,
        "xuetang",
        "学",
        "浦东孵化学堂",
        "面向孵化从业人员的系统培训：课程、实训与结业证书，提升孵化服务的专业能力。",
        [
            "创孵学堂（浦东孵化学堂）为孵化器、加速器、众创空间等载体的从业人员开设系统课程，"
            "内容涵盖孵化服务体系、投融资对接、技术转移、企业辅导和运营管理。",
            "学员注册后即可报名课程，完成学时与考核后获得结业证书，学习记录在个人中心可随时查询。",
        ],
    ),
    (
        Brand.SHALONG,
        "shalong",
        "聚",
        "以会聚人，以事促新",
        "创新沙龙、项目路演、供需对接会与行业论坛，让创业者、投资人和产业伙伴在浦东相遇。",
        [
            "创孵沙龙定期举办主题沙龙、项目路演、供需对接会和行业论坛，聚焦集成电路、生物医药、人工智能"
            "以及脑科学、合成生物等未来产业。",
            "活动信息在本站统一发布，读者可在线报名、获取电子票，并在现场扫码签到。",
        ],
    ),
    (
        Brand.YIZHAN,
        "yizhan",
        "站",
        "家门口的孵化服务",
        "分布在各管理局和街镇的服务驿站，就近提供政策咨询、载体推荐和企业服务受理。",
        [
            "创孵驿站设在张江、金桥、外高桥、陆家嘴、临港等区域，是企业身边的孵化服务窗口。",
            "驿站提供政策解读、载体入驻推荐、活动报名协助和服务需求受理，让企业少跑腿、办成事。",
        ],
    ),
    (
        Brand.YUNCHAO,
        "yunchao",
        "超",
        "双创服务一站选购",
        "汇集第三方服务机构的创新创业服务产品目录，企业按需比较、在线提交服务需求。",
        [
            "双创云超汇集检验检测、知识产权、法律财税、人力资源、投融资等第三方机构的服务产品，"
            "统一展示服务内容、适用对象和服务方式。",
            "企业可按类别和需求筛选服务，在线提交服务申请，由服务机构对接办理。",
        ],
    ),
]


def brand_pages(ctx):
    home = ctx.objects["home"]
    for brand, slug, icon, slogan, summary, paragraphs in BRANDS:
        page = ensure_page(
            ctx,
            home,
            BrandPage,
            slug,
            title=brand.label,
            brand=brand.value,
            icon_text=icon,
            slogan=slogan,
            summary=summary,
            show_in_menus=True,
            body=[("paragraph", "".join(f"<p>{p}</p>" for p in paragraphs))],
        )
        ctx.objects[f"brand:{brand.value}"] = page
    ctx.log("五大服务品牌 ✓")


# The catalogues under 创孵智询, 双创云超 and 创孵驿站 -------------------------------------------------------
#
# Experts carry generic names (surname + 老师) and describe their role without naming a real organisation;
# providers and stations are fictional. Their staff-only contact fields hold obviously fake values.

# slug, name, position, expertise, area, summary, questions, background
EXPERTS = [
    (
        "gu",
        "顾老师",
        "早期创投基金 投资合伙人",
        ["finance", "strategy"],
        "zhangjiang",
        "十余年早期科技投资经验，关注集成电路与人工智能赛道，熟悉天使轮到B轮的融资节奏与条款谈判。",
        [
            "天使轮估值怎么谈才合理？",
            "投资条款清单（TS）里哪些条款要重点关注？",
            "什么时候该启动下一轮融资？",
        ],
        "曾主导数十个早期项目投资，参与多家被投企业的董事会治理，擅长帮助技术型创始团队梳理商业模式和融资故事。",
    ),
    (
        "shen",
        "沈老师",
        "知识产权代理机构 高级合伙人、专利代理师",
        ["ip"],
        "zhangjiang",
        "专注生物医药与医疗器械领域的专利挖掘、布局和无效答辩，服务过多家创新药企的海外专利申请。",
        [
            "核心技术先申请专利还是作为技术秘密保护？",
            "如何做专利布局以支撑融资估值？",
            "收到侵权警告函该怎么应对？",
        ],
        "长期为在孵企业提供专利导航和自由实施（FTO）分析，熟悉PCT国际申请流程。",
    ),
    (
        "lu",
        "陆老师",
        "律师事务所 合伙人律师",
        ["legal", "finance"],
        "lujiazui",
        "执业方向为公司治理、投融资交易和股权激励，熟悉科技企业从天使轮到上市前的法律合规要点。",
        [
            "创始团队股权如何分配、如何设置兑现（vesting）？",
            "员工期权池怎么设计？",
            "对赌和回购条款有哪些法律风险？",
        ],
        "为多家孵化器的在孵企业担任常年法律顾问，主讲创孵学堂“创业企业法律风险防范”课程。",
    ),
    (
        "qian",
        "钱老师",
        "会计师事务所 合伙人、注册会计师",
        ["tax", "policy"],
        "lujiazui",
        "从事科技企业审计与税务筹划，熟悉高新技术企业认定、研发费用加计扣除和各类财政扶持资金的财务要求。",
        [
            "研发费用加计扣除如何归集？",
            "高新技术企业认定的财务指标怎么准备？",
            "股权激励的个人所得税怎么处理？",
        ],
        "曾为上百家企业提供高企认定专项审计，协助初创企业建立规范的财务核算体系。",
    ),
    (
        "qin",
        "秦老师",
        "高校技术转移中心 主任",
        ["tech-transfer", "ip"],
        "zhangjiang",
        "长期从事高校科技成果转化，熟悉职务科技成果赋权、作价入股和技术许可的流程与政策。",
        ["高校科技成果如何作价入股？", "职务科技成果赋权改革怎么操作？", "技术许可和技术转让怎么选？"],
        "参与组建概念验证平台，推动多项实验室成果完成中试并在浦东落地转化。",
    ),
    (
        "tang",
        "唐老师",
        "产业集团 市场总监",
        ["market", "strategy"],
        "jinqiao",
        "深耕智能制造与工业软件市场，熟悉大企业采购和供应链准入流程，擅长to B产品的市场定位与渠道建设。",
        [
            "to B产品如何进入大企业供应链？",
            "首台（套）、首版次产品如何申报和推广？",
            "第一批标杆客户怎么找？",
        ],
        "曾负责集团开放创新中心的初创企业对接，促成多项概念验证和联合开发合作。",
    ),
    (
        "yao",
        "姚老师",
        "科技咨询机构 政策研究员",
        ["policy"],
        "shibo",
        "跟踪国家、上海市和浦东新区科技创新政策，熟悉各类科技项目和企业资质的申报条件与材料准备。",
        [
            "浦东有哪些适合初创企业的扶持政策？",
            "专精特新企业如何梯度培育、逐级申报？",
            "科技型中小企业评价入库需要哪些材料？",
        ],
        "编写多期浦东科创政策汇编，为孵化载体运营人员开展政策培训。",
    ),
    (
        "fan",
        "范老师",
        "人工智能企业 联合创始人、技术副总裁",
        ["rnd", "strategy"],
        "jinqiao",
        "十五年软件与算法研发管理经验，擅长技术路线选择、研发团队搭建和大模型应用的工程化落地。",
        [
            "大模型应用如何从Demo走向可交付的产品？",
            "早期研发团队怎么搭建、怎么考核？",
            "算力成本如何规划和控制？",
        ],
        "作为连续创业者，经历过从种子轮到规模化交付的全过程，愿意分享踩过的坑。",
    ),
    (
        "jiang",
        "蒋老师",
        "生物医药产业园 运营总监",
        ["strategy", "policy"],
        "zhangjiang",
        "熟悉生物医药企业在园区落地的全流程，包括实验室与GMP车间规划、环评和药品注册相关支持政策。",
        [
            "初创药企如何规划实验室和中试车间？",
            "临床前研究外包（CRO）如何选择？",
            "生物医药企业有哪些专项扶持？",
        ],
        "参与运营专业孵化器多年，服务过上百家生物医药初创团队。",
    ),
    (
        "wu",
        "吴老师",
        "商业银行科技金融部 负责人",
        ["finance"],
        "lingang",
        "专注科技型企业的债权融资，熟悉信用贷款、知识产权质押融资和投贷联动等产品。",
        [
            "轻资产科技企业如何获得银行信用贷款？",
            "知识产权质押融资怎么办理？",
            "投贷联动适合什么阶段的企业？",
        ],
        "牵头设计多款面向初创科技企业的信贷产品，常年参与创孵沙龙的融资对接活动。",
    ),
    (
        "lin",
        "林老师",
        "跨境贸易咨询机构 高级顾问",
        ["market", "legal"],
        "waigaoqiao",
        "熟悉保税区政策和跨境贸易规则，帮助企业规划出海市场、办理进出口认证与合规。",
        ["产品出口需要哪些认证？", "保税区内研发用物料进口怎么办理？", "出海第一站选哪个市场？"],
        "服务过医疗器械、智能硬件等多个行业的出海项目。",
    ),
    (
        "xu",
        "徐老师",
        "产业投资基金 投资总监",
        ["finance", "market"],
        "lingang",
        "关注航空航天、新能源与高端装备领域，熟悉产业资本的投资逻辑和被投企业的产业资源对接。",
        ["产业资本和财务投资人有什么不同？", "如何借助产业方资源拿到订单？", "硬科技项目的估值逻辑是什么？"],
        "参与临港多只产业基金的设立和投资，帮助被投企业对接整车、航天等产业链龙头。",
    ),
]

# slug, product, provider, category, audience, price, areas, summary, details
SERVICES = [
    (
        "patent-filing",
        "发明专利申请代理",
        "汇知桥知识产权服务（上海）有限公司",
        "ip",
        "有核心技术的初创期、成长期科技企业",
        "首次咨询免费，按件报价",
        [],
        "从技术交底、专利检索到撰写与答复审查意见，一名专利代理师全程跟进。",
        [
            "服务包括技术交底沟通、现有技术检索、申请文件撰写、提交与缴费、审查意见答复。",
            "对在孵企业提供专利布局建议一次，帮助确定优先申请的技术点。",
        ],
    ),
    (
        "trademark",
        "商标注册与品牌保护",
        "汇知桥知识产权服务（上海）有限公司",
        "ip",
        "准备推出产品或品牌的企业",
        "官费另计，代理费按类别报价",
        [],
        "商标查询、类别规划、注册申请和异议应对，为品牌出海预留布局。",
        ["先做近似商标查询并给出风险评估，再规划核心类别与防御类别。"],
    ),
    (
        "ip-standard",
        "知识产权管理体系贯标辅导",
        "汇知桥知识产权服务（上海）有限公司",
        "ip",
        "申报高新技术企业、专精特新的企业",
        "按项目报价",
        ["zhangjiang", "jinqiao"],
        "依据企业知识产权管理规范，帮助企业建立制度、完成内审并通过认证。",
        ["辅导周期一般为三至六个月，包括现状诊断、文件编写、运行记录和内审。"],
    ),
    (
        "bookkeeping",
        "初创企业代理记账",
        "明衡财税咨询（上海）有限公司",
        "tax",
        "成立三年以内的小微企业",
        "首年服务费优惠，按月收费",
        [],
        "记账报税、年度汇算清缴和工商年报一站办理，让创始团队专注业务。",
        ["每月提供简明财务报表，年度提供一次财务健康检查。"],
    ),
    (
        "hightech-filing",
        "高新技术企业认定辅导",
        "明衡财税咨询（上海）有限公司",
        "tax",
        "拟申报高新技术企业的科技型企业",
        "基础辅导费加认定成功后收费",
        [],
        "从研发项目立项、研发费用归集到申报材料编写，全流程辅导高企认定。",
        ["先做一次免费的条件评估，对照认定指标给出差距清单和时间表。"],
    ),
    (
        "rd-deduction",
        "研发费用加计扣除专项服务",
        "明衡财税咨询（上海）有限公司",
        "tax",
        "有持续研发投入的企业",
        "按项目报价",
        [],
        "梳理研发项目和辅助账，出具专项审核报告，确保应享尽享、合规可查。",
        ["适用于年度汇算清缴前的专项梳理，也可提供季度预缴辅导。"],
    ),
    (
        "equity-legal",
        "股权架构与股权激励法律服务",
        "浦衡律师事务所",
        "legal",
        "准备融资或实施员工激励的创业企业",
        "首次咨询免费，方案按项目报价",
        [],
        "设计创始人股权、期权池和持股平台，起草股东协议和激励计划文件。",
        ["结合融资计划设计股权结构，避免后续融资时的结构调整成本。"],
    ),
    (
        "legal-counsel",
        "初创企业常年法律顾问",
        "浦衡律师事务所",
        "legal",
        "在孵企业、初创期科技企业",
        "年度套餐，在孵企业享优惠价",
        ["zhangjiang", "lingang", "lujiazui"],
        "合同审查、劳动用工、知识产权和融资文件的日常法律支持。",
        ["每月提供约定时长的咨询与合同审查，重大事项单独报价。"],
    ),
    (
        "emc-pretest",
        "电子产品电磁兼容（EMC）预测试",
        "谱测检测技术（上海）有限公司",
        "testing",
        "智能硬件、医疗电子等研发阶段企业",
        "按测试时长计费",
        ["zhangjiang", "jinqiao"],
        "在正式认证前发现电磁兼容问题，缩短整改周期、降低认证失败风险。",
        ["可预约工程师现场陪测，并提供整改建议。"],
    ),
    (
        "material-analysis",
        "材料成分与失效分析",
        "谱测检测技术（上海）有限公司",
        "testing",
        "新材料、集成电路和装备制造企业",
        "按样品和项目报价",
        ["jinqiao", "lingang"],
        "成分分析、微观形貌观察和失效机理分析，出具具备资质的检测报告。",
        ["常规项目五个工作日内出具报告，加急服务另行约定。"],
    ),
    (
        "bio-testing",
        "生物样本检测与分析",
        "谱测检测技术（上海）有限公司",
        "testing",
        "生物医药研发企业",
        "按项目报价",
        ["zhangjiang"],
        "细胞、蛋白与核酸相关检测分析，支持临床前研究数据需求。",
        ["实验方案可与企业研发团队共同制定。"],
    ),
    (
        "talent-recruiting",
        "科技人才招聘服务",
        "才汇人力资源服务（上海）有限公司",
        "hr",
        "快速成长期的科技企业",
        "按成功入职收费",
        [],
        "面向算法、芯片设计、药物研发等关键岗位的定向寻访与招聘。",
        ["提供岗位画像梳理和薪酬水平参考。"],
    ),
    (
        "talent-policy",
        "人才政策申报代办",
        "才汇人力资源服务（上海）有限公司",
        "hr",
        "有人才引进和落户需求的企业",
        "首次咨询免费",
        [],
        "人才引进、居住证积分和居转户等事项的政策咨询与材料代办。",
        ["根据员工情况匹配适用政策，并提醒办理时间节点。"],
    ),
    (
        "pitch-coaching",
        "融资计划书打磨与路演辅导",
        "星汇创投服务（上海）有限公司",
        "finance",
        "准备天使轮、A轮融资的创业团队",
        "在孵企业首次辅导免费",
        [],
        "梳理商业计划书逻辑和财务预测，模拟投资人问答，提升路演效果。",
        ["辅导结束后可推荐参加创孵沙龙的项目路演活动。"],
    ),
    (
        "software-dev",
        "工业软件与数字孪生定制开发",
        "云帆数智科技（上海）有限公司",
        "rnd",
        "有数字化需求的制造企业和科技企业",
        "按需求评估报价",
        ["jinqiao", "lingang"],
        "基于企业场景提供数据采集、可视化和数字孪生系统的定制开发。",
        ["先做两周的需求调研与原型，再确定开发范围和报价。"],
    ),
    (
        "management-diagnosis",
        "初创企业经营管理诊断",
        "星汇创投服务（上海）有限公司",
        "consulting",
        "营收快速增长、管理跟不上的企业",
        "首次诊断免费",
        [],
        "从组织、流程和财务三个维度诊断经营问题，给出可执行的改进清单。",
        ["诊断采用访谈加数据分析的方式，一般两周内完成。"],
    ),
]

# slug, name, area, host, address, latitude, longitude, services, summary
STATIONS = [
    (
        "zhangjiang",
        "张江创孵驿站",
        "zhangjiang",
        "张江科学城企业服务中心",
        "上海市浦东新区祖冲之路2288弄3号楼1层",
        "31.204500",
        "121.600800",
        ["政策咨询", "载体入驻推荐", "专家问诊预约", "活动报名协助", "知识产权服务对接"],
        "设在张江科学城企业服务中心内，面向集成电路、生物医药和人工智能企业提供就近服务。",
    ),
    (
        "yaogu",
        "张江药谷创孵驿站",
        "zhangjiang",
        "张江生物医药专业孵化器",
        "上海市浦东新区哈雷路998号1层",
        "31.209800",
        "121.586600",
        ["政策咨询", "生物医药专项政策指引", "实验室与中试资源对接", "专家问诊预约"],
        "设在生物医药专业孵化器内，为初创药企和医疗器械团队提供专业化的就近服务。",
    ),
    (
        "jinqiao",
        "金桥创孵驿站",
        "jinqiao",
        "金桥智能制造创新中心",
        "上海市浦东新区金科路2889号1层",
        "31.260200",
        "121.615300",
        ["政策咨询", "载体入驻推荐", "供需对接", "服务需求受理"],
        "服务金桥智能制造和智能网联汽车产业集群，协助企业对接开放创新中心资源。",
    ),
    (
        "lingang",
        "临港创孵驿站",
        "lingang",
        "临港新片区科创服务大厅",
        "上海市浦东新区环湖西二路588号2层",
        "30.904800",
        "121.925100",
        ["政策咨询", "人才政策指引", "载体入驻推荐", "跨境服务对接"],
        "面向临港新片区的前沿产业企业，提供政策解读和人才、跨境等服务的一站式对接。",
    ),
    (
        "waigaoqiao",
        "外高桥创孵驿站",
        "waigaoqiao",
        "外高桥保税区企业服务窗口",
        "上海市浦东新区基隆路9号1层",
        "31.348200",
        "121.595400",
        ["政策咨询", "保税研发服务指引", "跨境贸易服务对接", "活动报名协助"],
        "服务保税区内的研发型企业，协助办理保税研发和跨境贸易相关事项咨询。",
    ),
    (
        "lujiazui",
        "陆家嘴创孵驿站",
        "lujiazui",
        "陆家嘴金融城创新服务点",
        "上海市浦东新区银城中路68号3层",
        "31.237300",
        "121.505800",
        ["投融资对接", "政策咨询", "法律财税服务对接", "专家问诊预约"],
        "依托金融城资源，为科技企业提供投融资对接和专业服务机构推荐。",
    ),
    (
        "shibo",
        "世博创孵驿站",
        "shibo",
        "世博地区企业服务中心",
        "上海市浦东新区国展路1099号1层",
        "31.187600",
        "121.492300",
        ["政策咨询", "载体入驻推荐", "活动场地预约协助"],
        "服务世博地区的数字经济和总部型创新企业。",
    ),
    (
        "chuansha",
        "川沙创孵驿站",
        "chuansha",
        "川沙新镇社区创业服务站",
        "上海市浦东新区川沙路5558号1层",
        "31.195100",
        "121.700400",
        ["创业指导", "政策咨询", "创业担保贷款申请指引", "服务需求受理"],
        "面向川沙地区的初创团队和个人创业者，提供创业指导和政策咨询。",
    ),
    (
        "zhoupu",
        "周浦创孵驿站",
        "zhoupu",
        "周浦镇企业服务中心",
        "上海市浦东新区年家浜路518号1层",
        "31.115300",
        "121.574800",
        ["政策咨询", "载体入驻推荐", "服务需求受理"],
        "服务周浦地区的中小科技企业，就近受理企业服务需求。",
    ),
]

OPENING_HOURS = "工作日 9:00–17:00（法定节假日除外）"


def _paragraphs(*texts):
    return [("paragraph", "".join(f"<p>{text}</p>" for text in texts))]


def brand_catalogues(ctx):
    """Experts, service products and stations under their brand pages (brand_pages must have run)."""

    def phone(kind, slug):
        # One generator per entry, so adding an entry never changes another entry's values.
        rng = ctx.rng(f"brand_catalogues:{kind}:{slug}")
        if kind == "expert":
            return f"139{rng.randint(10000000, 99999999)}"
        return f"021-{rng.randint(5000, 6899)} {rng.randint(1000, 9999)}"

    areas = {area.slug: area for area in Area.objects.all()}
    expertise = {term.slug: term for term in ExpertiseField.objects.all()}
    categories = {term.slug: term for term in ServiceCategory.objects.all()}

    zhixun = ctx.objects[f"brand:{Brand.ZHIXUN.value}"]
    for n, (slug, name, position, fields, area, summary, questions, background) in enumerate(EXPERTS):
        ensure_page(
            ctx,
            zhixun,
            ExpertPage,
            slug,
            title=name,
            position=position,
            area=areas[area] if area else None,
            summary=summary,
            questions="\n".join(questions),
            body=_paragraphs(background),
            staff_phone=phone("expert", slug),
            staff_email=f"expert{n + 1:02d}@staff.chuangfu.example.cn",
            staff_notes="演示数据：预约前请先与专家确认时间。",
            relations={"expertise": [expertise[f] for f in fields]},
        )

    yunchao = ctx.objects[f"brand:{Brand.YUNCHAO.value}"]
    for slug, product, provider, category, audience, price, area_slugs, summary, details in SERVICES:
        ensure_page(
            ctx,
            yunchao,
            ServicePage,
            slug,
            title=product,
            provider=provider,
            category=categories[category],
            audience=audience,
            price_note=price,
            summary=summary,
            body=_paragraphs(*details),
            contact_phone=phone("service", slug),
            website=f"https://{slug}.provider.example.cn/",
            relations={"areas": [areas[a] for a in area_slugs]},
        )

    yizhan = ctx.objects[f"brand:{Brand.YIZHAN.value}"]
    for slug, name, area, host, address, lat, lng, services, summary in STATIONS:
        ensure_page(
            ctx,
            yizhan,
            StationPage,
            slug,
            title=name,
            area=areas[area],
            host=host,
            address=address,
            opening_hours=OPENING_HOURS,
            services="\n".join(services),
            phone=phone("station", slug),
            latitude=Decimal(lat),
            longitude=Decimal(lng),
            summary=summary,
            body=_paragraphs(
                "来访前建议先电话预约，说明企业名称和需要咨询的事项，驿站工作人员会提前准备相关材料。",
                "不能现场解决的事项，驿站登记后转交相关部门或服务机构办理，并在三个工作日内回复办理进度。",
            ),
        )
    ctx.log(f"智询专家 {len(EXPERTS)} 位、云超服务 {len(SERVICES)} 项、创孵驿站 {len(STATIONS)} 个 ✓")
