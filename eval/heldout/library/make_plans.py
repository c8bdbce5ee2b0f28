"""Build the multi-plan held-out library from the text below.

Run from the repository root:  python eval/heldout/library/make_plans.py

Writes, next to this script:

* plan-2023.docx          2023年城乡融合发展行动计划 (Word paragraphs, "一、" / "（一）",
                          "（责任单位：…）" at the end of each item) — same topics as
                          plan-2022.txt with other figures and sometimes other departments;
* plan-2024-points.docx   2024年数字政府建设工作要点 (a Word task table:
                          序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限);
* plan-2021-elderly.pdf   2021年养老服务体系建设实施方案 (HTML printed by headless
                          Chromium; "1." items restarting in every part, one line
                          "牵头单位：…　配合单位：…　完成时限：…" per item);
* plan-2023-bizenv.txt    2023年营商环境优化提升行动方案 (plain UTF-8, items "第一条"…,
                          a "责任单位：…" line under each).

plan-2022.txt is a copy of corpus/documents/plan-2022.txt and is not built here.

The .docx files carry a fixed core-properties time and fixed zip entry times, so they
are byte-identical on every build; the PDF's /CreationDate and /ModDate are overwritten
with a fixed date of the same length (Chromium's other output is deterministic for the
same Chromium version and fonts).

The text lives in module-level constants so that a checker can import them.
"""

import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIME = datetime.datetime(2024, 3, 15, 9, 0, 0)

# ---------------------------------------------------------------------------
# plan-2023.docx — 同一城市2023年城乡融合发展行动计划
# ---------------------------------------------------------------------------

P2023_TITLE = "2023年城乡融合发展行动计划"

P2023_PREAMBLE = (
    "为深入贯彻党的二十大精神，全面落实市委市政府关于乡村振兴和城乡融合发展的决策部署，"
    "巩固拓展2022年城乡融合发展成果，持续推进以人为核心的新型城镇化，根据省2023年新型城镇化"
    "和城乡融合发展重点任务，结合我市实际，制定2023年城乡融合发展行动计划如下。"
)

P2023_PARTS = [
    (
        "一、优化城乡融合发展空间格局",
        [
            "（一）强化国土空间规划引领。全面完成市县两级国土空间总体规划编制报批，有序推进乡镇国土空间"
            "规划和“多规合一”实用性村庄规划编制，年内完成村庄规划编制120个。严格落实耕地和永久基本农田、"
            "生态保护红线、城镇开发边界三条控制线管控要求，严禁违规占用耕地。"
            "（责任单位：市规划和自然资源局、各县区人民政府）",
            "（二）深入实施城市更新行动。统筹推进城镇老旧小区改造，年内新开工改造城镇老旧小区96个、"
            "惠及居民1.3万户，既有住宅加装电梯60部。完成中心城区雨污分流改造管网45公里，新建城市公共停车"
            "泊位2000个，推进背街小巷整治提升。深化城市生活垃圾分类，城市生活垃圾回收利用率达到35%以上。"
            "（责任单位：市住建局、市城市管理局、市财政局、各县区人民政府）",
            "（三）推进以县城为重要载体的城镇化建设。坚持县城补短板强弱项，实施县城公共服务、环境卫生、"
            "市政公用、产业配套项目30个，年内完成投资50亿元。推动县城基础设施向乡村延伸、公共服务向乡村覆盖，"
            "常住人口城镇化率提高1个百分点以上。"
            "（责任单位：市发展和改革委、市住建局、各县区人民政府）",
        ],
    ),
    (
        "二、促进城乡产业协同发展",
        [
            "（四）做强县域富民产业。围绕小米、红薯、中药材等特色产业，打造农业全产业链，新建改建设施农业"
            "1500亩，新认定市级以上农业产业化龙头企业15家，农产品加工业产值增长8%以上。"
            "（责任单位：市农业农村局、市工信局）",
            "（五）推动农文旅深度融合。深入挖掘乡村生态、文化资源，打造乡村旅游重点村10个、精品民宿集群"
            "3个，全年举办农民丰收节等乡村节庆活动20场以上，乡村旅游接待人次增长15%以上。"
            "（责任单位：市文旅局、市农业农村局、市商务局）",
        ],
    ),
    (
        "三、建设宜居宜业和美乡村",
        [
            "（六）扎实推进农村厕所革命。坚持数量服从质量、进度服从实效，因地制宜选择改厕模式，"
            "新改造农村卫生户厕1.2万户，新建改建农村公共厕所120座，对排查发现的问题厕所整改率达到100%。"
            "建立健全农村厕所长效管护机制。"
            "（责任单位：市农业农村局、市乡村振兴局、市卫健委）",
            "（七）加强农村生活垃圾治理。健全“户分类、村收集、乡镇转运、县区处理”收运处置体系，"
            "新建改建乡镇垃圾中转站8座，农村生活垃圾有效治理的行政村比例达到98%以上。深入开展村庄清洁行动，"
            "推进非正规垃圾堆放点动态清零。"
            "（责任单位：市城市管理局、市农业农村局、各县区人民政府）",
            "（八）梯次推进农村生活污水治理。优先治理水源保护区、黑臭水体集中区域村庄生活污水，"
            "农村生活污水治理率达到30%以上，完成农村黑臭水体整治12条。"
            "（责任单位：市生态环境局、市住建局、市水利局）",
            "（九）持续推进国土绿化和生态修复。科学开展国土绿化，年内完成荒山造林4.5万亩、新增环城绿化"
            "1200亩，建成区绿化覆盖率达到39.5%以上。实施历史遗留矿山生态修复3000亩。"
            "（责任单位：市规划和自然资源局、市林业局、市生态环境局）",
        ],
    ),
    (
        "四、完善城乡基础设施一体化",
        [
            "（十）推进“四好农村路”高质量发展。新改建农村公路65公里，完成农村公路危桥改造12座，"
            "实施农村公路安全生命防护工程150公里，具备条件的建制村通客车率保持100%。"
            "（责任单位：市交通运输局、各县区人民政府）",
            "（十一）实施城乡供水保障工程。推进城乡供水一体化和农村供水规模化，新建改造农村供水管网"
            "180公里，农村自来水普及率达到96%以上，规模化供水工程覆盖农村人口比例达到70%。"
            "（责任单位：市水利局、市住建局、各县区人民政府）",
            "（十二）加快农村电网和数字乡村建设。实施农村电网巩固提升工程，新建改造10千伏线路120公里；"
            "推进5G网络向农村延伸，新建5G基站800个，实现乡镇以上区域5G网络全覆盖。"
            "（责任单位：市能源局、市工信局、国网供电公司）",
        ],
    ),
    (
        "五、推进城乡基本公共服务均等化",
        [
            "（十三）促进城乡教育医疗资源均衡配置。新建改扩建乡村寄宿制学校12所，推进紧密型县域医共体"
            "建设，实现村卫生室标准化建设全覆盖，县域内就诊率达到90%以上。"
            "（责任单位：市教育局、市卫健委、市医保局）",
            "（十四）健全县乡村三级养老服务网络。新建农村互助幸福院50个，每个县区至少建成1所县级失能特困"
            "人员集中照护机构，为农村特殊困难老年人提供探访关爱服务。"
            "（责任单位：市民政局、市乡村振兴局）",
        ],
    ),
    (
        "六、深化城乡融合发展体制机制改革",
        [
            "（十五）深化农村集体产权制度改革。稳慎推进农村宅基地制度改革，深化农村集体经营性建设用地"
            "入市试点，发展壮大新型农村集体经济，集体经济收入10万元以上的村占比达到60%以上。"
            "（责任单位：市农业农村局、市规划和自然资源局、市财政局）",
        ],
    ),
]

P2023_CLOSING = "各责任单位要细化工作措施，明确时间节点，每季度末向市城乡融合发展领导小组办公室报送工作进展。"


def p2023_strings():
    """All paragraph texts of plan-2023.docx, in order."""
    out = [P2023_TITLE, P2023_PREAMBLE]
    for heading, items in P2023_PARTS:
        out.append(heading)
        out.extend(items)
    out.append(P2023_CLOSING)
    return out


# ---------------------------------------------------------------------------
# plan-2024-points.docx — 2024年数字政府建设工作要点，任务为 Word 表格
# ---------------------------------------------------------------------------

P2024_TITLE = "2024年数字政府建设工作要点"

P2024_PREAMBLE = (
    "2024年是深入实施数字政府建设三年行动的关键之年。为全面提升政府履职数字化、智能化水平，"
    "以数字政府建设引领驱动数字化发展，持续优化政务服务和营商环境，现制定本工作要点。"
    "各牵头单位要会同配合单位细化措施、压实责任，确保各项任务按期完成。"
)

P2024_CAPTION = "2024年数字政府建设重点任务分工表"
P2024_HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]

# ("cat", text) for category rows; (序号, 重点任务, 牵头单位, 配合单位, 完成时限) for task rows
P2024_ROWS = [
    ("cat", "一、夯实数字政府基础支撑"),
    (
        "1",
        "建设全市一体化政务云平台。推动市直部门非涉密业务系统全部迁移上云，年内迁移上云系统45个，"
        "政务云资源利用率达到70%以上。",
        "市大数据局",
        "市财政局、市委网信办",
        "2024年12月底前",
    ),
    (
        "2",
        "推进公共数据归集共享。完善全市公共数据资源目录，年内归集公共数据8亿条，新增数据共享接口300个，"
        "数据共享需求满足率达到95%以上。",
        "市大数据局",
        "市直各部门",
        "2024年10月底前",
    ),
    (
        "3",
        "筑牢数字政府安全防线。开展政务网络安全攻防演练2次，重要政务信息系统等级保护测评完成率达到100%。",
        "市委网信办",
        "市公安局、市大数据局",
        "2024年11月底前",
    ),
    ("cat", "二、提升政务服务效能"),
    (
        "4",
        "深化政务服务“一网通办”。全市政务服务事项网上可办率达到98%以上，全程网办率达到85%以上，"
        "推动200项高频事项“掌上办”。",
        "市政务服务管理局",
        "市大数据局、市直各部门",
        "2024年12月底前",
    ),
    (
        "5",
        "推进“高效办成一件事”。围绕企业和个人全生命周期，年内新增上线“一件事”集成服务13个，"
        "办理环节平均压减60%以上。",
        "市政务服务管理局",
        "市公安局、市人力资源和社会保障局、市市场监管局",
        "2024年9月底前",
    ),
    (
        "6",
        "扩大电子证照应用。年内新增电子证照120类，推动高频电子证照在政务服务和社会生活场景“免提交”。",
        "市大数据局",
        "市政务服务管理局、市公安局",
        "2024年8月底前",
    ),
    (
        "7",
        "优化12345政务服务便民热线。热线一次接通率达到90%以上，工单按期办结率达到98%以上，"
        "群众满意率达到95%以上。",
        "市12345政务服务便民热线管理中心",
        "市直各部门、各县区人民政府",
        "长期坚持",
    ),
    ("cat", "三、推进城市治理数字化"),
    (
        "8",
        "建设城市运行管理服务平台。整合城管、交通、应急等领域数据，接入城市视频监控5000路，"
        "实现城市运行“一屏统览”。",
        "市城市管理局",
        "市大数据局、市公安局、市应急管理局",
        "2024年12月底前",
    ),
    (
        "9",
        "推进智慧社区建设。结合城镇老旧小区改造，同步建设智能安防、智慧停车等设施，年内建成智慧社区30个。",
        "市住建局",
        "市民政局、市公安局",
        "2024年11月底前",
    ),
    (
        "10",
        "建设智慧养老服务平台。推动养老机构、社区养老服务设施全部接入平台，为2万名居家老年人配置"
        "智能监护设备。",
        "市大数据局",
        "市民政局、市卫健委",
        "2024年10月底前",
    ),
    ("cat", "四、推动数字乡村和数字经济发展"),
    (
        "11",
        "加快数字乡村建设。新建5G基站1200个，行政村5G网络通达率达到90%以上，培育数字乡村示范村20个。",
        "市工信局",
        "市农业农村局、市通信发展管理办公室",
        "2024年12月底前",
    ),
    (
        "12",
        "提升干部数字素养。开展领导干部和公务员数字素养专题培训3000人次。",
        "市委组织部",
        "市人力资源和社会保障局、市大数据局",
        "2024年12月底前",
    ),
]


def p2024_strings():
    """All paragraph and non-empty cell texts of plan-2024-points.docx, in order."""
    out = [P2024_TITLE, P2024_PREAMBLE, P2024_CAPTION, *P2024_HEADER]
    for row in P2024_ROWS:
        if row[0] == "cat":
            out.append(row[1])
        else:
            out.extend(c for c in row if c)
    return out


# ---------------------------------------------------------------------------
# plan-2021-elderly.pdf — 2021年养老服务体系建设实施方案
# ---------------------------------------------------------------------------

ELDERLY_TITLE = "2021年养老服务体系建设实施方案"

ELDERLY_PREAMBLE = (
    "为积极应对人口老龄化，加快建设居家社区机构相协调、医养康养相结合的养老服务体系，"
    "更好满足老年人多层次、多样化养老服务需求，根据省民政厅等部门关于推进养老服务体系建设的"
    "部署要求，结合我市实际，制定本方案。"
)

ELDERLY_GOAL_HEADING = "一、工作目标"
ELDERLY_GOAL = (
    "到2021年底，全市养老服务设施覆盖所有城市社区和90%以上的乡镇，养老机构护理型床位占比达到"
    "50%以上，每千名老年人拥有养老床位数达到35张。"
)

# Each part: (heading, [(item text, 牵头单位, 配合单位, 完成时限), ...])
ELDERLY_PARTS = [
    (
        "二、健全居家社区养老服务网络",
        [
            (
                "1.建设街道综合养老服务中心。年内新建街道综合养老服务中心8个、社区日间照料中心40个，"
                "实现街道综合养老服务中心全覆盖。",
                "市民政局",
                "市住建局、市规划和自然资源局、各县区人民政府",
                "2021年12月底前",
            ),
            (
                "2.推进居家适老化改造。结合城镇老旧小区改造，推进老年人居家适老化改造和无障碍环境建设，"
                "年内完成特殊困难老年人家庭适老化改造1500户，老旧小区既有住宅加装电梯30部。",
                "市住建局",
                "市民政局、市残联",
                "2021年11月底前",
            ),
            (
                "3.发展老年助餐服务。新建老年助餐点100个，为80周岁以上和失能、特困老年人提供助餐服务，"
                "助餐补贴每餐不低于3元。",
                "市民政局",
                "市商务局、市市场监管局、市财政局",
                "2021年10月底前",
            ),
        ],
    ),
    (
        "三、提升农村养老服务能力",
        [
            (
                "1.改造提升乡镇敬老院。改造提升乡镇敬老院15所，敬老院护理型床位占比达到40%以上，"
                "推动有条件的敬老院转型为区域性养老服务中心。",
                "市民政局",
                "市财政局、市发展和改革委",
                "2021年12月底前",
            ),
            (
                "2.发展农村互助养老。依托村级组织活动场所等建设农村互助幸福院60个，培育农村养老服务"
                "志愿者队伍。",
                "市民政局",
                "市农业农村局、市乡村振兴局",
                "2021年12月底前",
            ),
        ],
    ),
    (
        "四、推进医养康养融合发展",
        [
            (
                "1.深化医养结合。二级及以上综合医院设立老年医学科的比例达到60%以上，养老机构与医疗卫生"
                "机构签约合作率达到100%。",
                "市卫健委",
                "市民政局、市医保局",
                "2021年12月底前",
            ),
            (
                "2.开展长期护理保险制度试点。制定我市长期护理保险试点实施方案，年内覆盖职工基本医疗保险"
                "参保人员30万人。",
                "市医保局",
                "市财政局、市民政局、市卫健委",
                "2021年9月底前",
            ),
        ],
    ),
    (
        "五、强化养老服务要素保障",
        [
            (
                "1.加强养老服务人才队伍建设。年内培训养老护理员2000人次，对在养老机构连续从业满5年的"
                "护理员给予一次性入职奖励。",
                "市人力资源和社会保障局",
                "市民政局、市教育局、市财政局",
                "2021年12月底前",
            ),
            (
                "2.建设智慧养老服务平台。建成市级智慧养老服务平台，接入养老机构80家，为居家老年人提供"
                "紧急呼叫、健康监测等服务。",
                "市民政局",
                "市大数据局、市卫健委",
                "2021年12月底前",
            ),
            (
                "3.加强养老服务综合监管。开展养老机构安全隐患排查整治，养老机构消防安全达标率达到100%，"
                "建立养老服务机构信用评价制度。",
                "市民政局",
                "市消防救援支队、市市场监管局",
                "长期坚持",
            ),
        ],
    ),
]

ELDERLY_CLOSING = "各县区、各有关部门要按照职责分工抓好落实，每半年向市民政局报送工作进展情况。"


def elderly_html():
    """The HTML page printed to plan-2021-elderly.pdf."""
    from html import escape

    body = [
        f'<h1>{escape(ELDERLY_TITLE)}</h1>',
        f"<p>{escape(ELDERLY_PREAMBLE)}</p>",
        f'<h2>{escape(ELDERLY_GOAL_HEADING)}</h2>',
        f"<p>{escape(ELDERLY_GOAL)}</p>",
    ]
    for heading, items in ELDERLY_PARTS:
        body.append(f"<h2>{escape(heading)}</h2>")
        for text, lead, support, deadline in items:
            body.append(f"<p>{escape(text)}</p>")
            body.append(
                f'<p class="duty">牵头单位：{escape(lead)}　配合单位：{escape(support)}'
                f"　完成时限：{escape(deadline)}</p>"
            )
    body.append(f"<p>{escape(ELDERLY_CLOSING)}</p>")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(ELDERLY_TITLE)}</title><style>"
        "@page { size: A4; margin: 30mm 26mm 28mm 28mm; }"
        "body { font-family: 'WenQuanYi Micro Hei', sans-serif; font-size: 15pt; line-height: 1.75; }"
        "h1 { font-size: 21pt; text-align: center; font-weight: normal; margin: 0 0 1em; }"
        "h2 { font-size: 15pt; font-weight: bold; margin: 0.4em 0 0; text-indent: 2em; }"
        "p { margin: 0; text-indent: 2em; text-align: justify; }"
        "p.duty { font-size: 14pt; }"
        "</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def elderly_strings():
    """The texts of plan-2021-elderly.pdf, in order (the duty line as one string)."""
    out = [ELDERLY_TITLE, ELDERLY_PREAMBLE, ELDERLY_GOAL_HEADING, ELDERLY_GOAL]
    for heading, items in ELDERLY_PARTS:
        out.append(heading)
        for text, lead, support, deadline in items:
            out.append(text)
            out.append(f"牵头单位：{lead}　配合单位：{support}　完成时限：{deadline}")
    out.append(ELDERLY_CLOSING)
    return out


# ---------------------------------------------------------------------------
# plan-2023-bizenv.txt — 2023年营商环境优化提升行动方案，条款“第一条”…
# ---------------------------------------------------------------------------

BIZENV_TEXT = """\
2023年营商环境优化提升行动方案

为深入贯彻《优化营商环境条例》和省委、省政府关于持续优化营商环境的决策部署，对标国内先进水平，加快打造市场化、法治化、国际化营商环境，激发经营主体活力和社会创造力，结合我市实际，制定本方案。

一、提升政务服务效能

第一条　深化政务服务“一网通办”。推进政务服务事项标准化、规范化、便利化，全市政务服务事项网上可办率达到95%以上，“最多跑一次”事项比例达到90%以上。
责任单位：市行政审批服务局（牵头），市大数据局、各县区人民政府

第二条　推进“一件事一次办”改革。围绕企业开办、项目建设、员工招聘等高频场景，推出“一件事一次办”主题服务10个，申请材料平均精简30%以上。
责任单位：市行政审批服务局

第三条　提升企业开办便利度。企业开办全流程压缩至0.5个工作日，实现营业执照、公章刻制、发票申领、社保登记“一网通办、一窗通取”，新开办企业免费刻制公章。
责任单位：市市场监管局（牵头），市公安局、市税务局、市人力资源和社会保障局

第四条　深化工程建设项目审批制度改革。一般社会投资项目从立项到竣工验收全流程审批时间压缩至60个工作日以内，推行“拿地即开工”。
责任单位：市住建局（牵头），市规划和自然资源局、市行政审批服务局

二、营造公平有序的市场环境

第五条　强化公平竞争审查。全面清理妨碍统一市场和公平竞争的政策措施，审查存量政策文件200件以上，清理结果向社会公开。
责任单位：市市场监管局、市司法局

第六条　缓解中小微企业融资难融资贵。开展银企对接活动20场以上，全年新增普惠小微贷款20亿元以上，政府性融资担保平均费率降至1%以下。
责任单位：市金融办（牵头），人民银行市中心支行、市财政局

第七条　落实减税降费政策。全年新增减税降费及退税缓费3亿元以上，实现“免申即享”政策不少于20项。
责任单位：市税务局、市财政局

三、强化法治化营商环境保障

第八条　推行包容审慎监管。制定轻微违法行为“首违不罚”清单，清单事项不少于100项，跨部门联合抽查比例达到30%以上。
责任单位：市司法局（牵头），市市场监管局、市生态环境局、市应急管理局

第九条　清理拖欠中小企业账款。建立防范和化解拖欠中小企业账款长效机制，无分歧欠款做到应清尽清，清偿率达到100%。
责任单位：市工信局（牵头），市财政局、市国资委

第十条　健全政企常态化沟通机制。建立市级领导联系重点企业制度，每季度召开政企座谈会不少于1次，12345热线涉企诉求按期办结率达到95%以上。
责任单位：市营商环境办（牵头），市工商联、市12345政务服务便民热线管理中心

四、强化要素保障

第十一条　提升水电气报装服务。低压小微企业用电报装实现“零上门、零审批、零投资”，获得电力时间压缩至15个工作日以内；用水、用气报装时间压缩至3个工作日以内。
责任单位：国网供电公司、市城市管理局、市水务集团

第十二条　强化项目用地保障。全面推行“标准地”出让，年内新增出让“标准地”1200亩，工业项目“标准地”出让比例达到60%以上。
责任单位：市规划和自然资源局（牵头），市发展和改革委、市商务局

各责任单位要于每季度末向市营商环境办报送工作进展，市营商环境办定期通报任务落实情况。
"""


# ---------------------------------------------------------------------------
# builders
# ---------------------------------------------------------------------------


def _set_font(run, name, size_pt, bold=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _new_document(author, title):
    from docx import Document

    doc = Document()
    props = doc.core_properties
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.author = author
    props.last_modified_by = author
    props.title = title
    props.revision = 1
    return doc


def _para(doc, text, font="仿宋_GB2312", size=16, bold=False, center=False, indent=True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    _set_font(p.add_run(text), font, size, bold)
    return p


def _save_deterministic(doc, path):
    """Save a python-docx document with every zip entry dated FIXED_TIME."""
    import io

    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    stamp = FIXED_TIME.timetuple()[:6]
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(
        path, "w", compression=zipfile.ZIP_DEFLATED
    ) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))


def build_2023(path):
    doc = _new_document("市发展和改革委", P2023_TITLE)
    _para(doc, P2023_TITLE, font="方正小标宋简体", size=22, center=True, indent=False)
    _para(doc, P2023_PREAMBLE)
    for heading, items in P2023_PARTS:
        _para(doc, heading, font="黑体")
        for text in items:
            # The item's own title (up to the first 。) in 楷体, the rest in 仿宋, as plans do.
            head, _, rest = text.partition("。")
            p = _para(doc, head + "。", font="楷体_GB2312")
            _set_font(p.add_run(rest), "仿宋_GB2312", 16)
    _para(doc, P2023_CLOSING)
    _save_deterministic(doc, path)


def build_2024(path):
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = _new_document("市大数据局", P2024_TITLE)
    _para(doc, P2024_TITLE, font="方正小标宋简体", size=22, center=True, indent=False)
    _para(doc, P2024_PREAMBLE)
    _para(doc, P2024_CAPTION, font="黑体", size=16, center=True, indent=False)

    table = doc.add_table(rows=0, cols=len(P2024_HEADER))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(1.2), Cm(8.0), Cm(2.6), Cm(3.4), Cm(2.4)]

    def fill(cell, text, bold=False, center=False, size=11):
        p = cell.paragraphs[0]
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing = Pt(18)
        _set_font(p.add_run(text), "黑体" if bold else "仿宋_GB2312", size, bold)

    cells = table.add_row().cells
    for cell, name, width in zip(cells, P2024_HEADER, widths):
        cell.width = width
        fill(cell, name, bold=True, center=True)
    for row in P2024_ROWS:
        cells = table.add_row().cells
        if row[0] == "cat":
            merged = cells[0].merge(cells[-1])
            fill(merged, row[1], bold=True)
            continue
        for index, (cell, value, width) in enumerate(zip(cells, row, widths)):
            cell.width = width
            fill(cell, value, center=index != 1)
    _save_deterministic(doc, path)


def _print_to_pdf(html_path, pdf_path):
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={os.path.abspath(pdf_path)}",
                "file://" + os.path.abspath(html_path),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    if not os.path.isfile(pdf_path) or os.path.getsize(pdf_path) == 0:
        raise RuntimeError(f"Chromium wrote no PDF for {html_path}")


_PDF_DATE = re.compile(rb"\(D:\d{14}[^)]*\)")


def _fix_pdf_dates(pdf_path):
    """Overwrite /CreationDate and /ModDate with a fixed date of the same byte length."""
    with open(pdf_path, "rb") as handle:
        data = handle.read()
    fixed = FIXED_TIME.strftime("%Y%m%d%H%M%S").encode()

    data = _PDF_DATE.sub(lambda match: b"(D:" + fixed + match.group()[17:], data)
    with open(pdf_path, "wb") as handle:
        handle.write(data)


def build_elderly(path):
    with tempfile.TemporaryDirectory() as folder:
        html_path = os.path.join(folder, "plan-2021-elderly.html")
        with open(html_path, "w", encoding="utf-8") as handle:
            handle.write(elderly_html())
        _print_to_pdf(html_path, path)
    _fix_pdf_dates(path)


def build_bizenv(path):
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(BIZENV_TEXT)


def main():
    targets = {
        "plan-2023.docx": build_2023,
        "plan-2024-points.docx": build_2024,
        "plan-2021-elderly.pdf": build_elderly,
        "plan-2023-bizenv.txt": build_bizenv,
    }
    for name, build in targets.items():
        path = os.path.join(HERE, name)
        build(path)
        sys.stdout.write(f"{path}: {os.path.getsize(path)} bytes\n")


if __name__ == "__main__":
    main()
