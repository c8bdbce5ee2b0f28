"""Build the held-out plans plan-air.docx and plan-health.xlsx from the text below.

Run from the repository root:  python eval/heldout/make_plans.py
(plan-bizenv.txt is written by hand and is not built here.)

The text lives in module-level constants so that a checker can import them and
verify that every expected answer occurs verbatim in the plan.
"""

import datetime
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIME = datetime.datetime(2024, 3, 15, 9, 0, 0)

# ---------------------------------------------------------------------------
# plan-air.docx — 市级行动实施方案，部分“一、”，任务“1.”连续编号，单位写法多样
# ---------------------------------------------------------------------------

AIR_TITLE = "渭阳市空气质量持续改善行动实施方案"
AIR_SUBTITLE = "（2024—2025年）"

AIR_PREAMBLE = (
    "为深入贯彻落实《国务院关于印发〈空气质量持续改善行动计划〉的通知》（国发〔2023〕24号）"
    "和省委、省政府关于深入打好蓝天保卫战的决策部署，持续改善全市环境空气质量，"
    "切实保障人民群众身体健康，结合我市实际，制定本方案。到2025年，全市细颗粒物（PM2.5）"
    "平均浓度控制在38微克/立方米以下，空气质量优良天数比率达到80%以上，重度及以上污染天数"
    "比率控制在1%以内，氮氧化物和挥发性有机物排放总量比2020年分别下降10%以上。"
)

# Each part: (heading, [task, ...]); each task: (lead sentence, body, [extra paragraphs])
AIR_PARTS = [
    (
        "一、推动产业结构优化升级",
        [
            (
                "1.坚决遏制高耗能、高排放、低水平项目盲目上马。",
                "新改扩建项目严格落实国家产业规划、产业政策、生态环境分区管控方案、规划环评、项目环评、"
                "节能审查、产能置换、重点污染物总量控制等要求，原则上采用清洁运输方式。严禁新增钢铁、焦化、"
                "水泥熟料、平板玻璃产能。（牵头单位：市发展和改革委员会，配合单位：市工业和信息化局、"
                "市生态环境局、市行政审批服务局；完成时限：长期坚持）",
                [],
            ),
            (
                "2.推进重点行业超低排放改造。",
                "2024年底前，全市3家钢铁企业全面完成有组织排放、无组织排放和清洁运输超低排放改造；"
                "2025年6月30日前，完成4家水泥熟料企业、2家焦化企业超低排放改造，对改造完成并通过评估监测的"
                "企业给予每家最高500万元奖补。",
                ["责任单位：市生态环境局牵头，市工业和信息化局、市财政局、市发改委配合。"],
            ),
            (
                "3.开展涉气产业集群排查整治。",
                "对全市涉气产业集群开展拉网式排查，2024年三季度末前制定“一群一策”整治方案，按照淘汰关停一批、"
                "搬迁入园一批、就地改造一批、做优做强一批的要求分类整治，年内完成整治企业不少于120家。"
                "（市生态环境局牵头，各县区政府按职责分工负责）",
                [],
            ),
        ],
    ),
    (
        "二、加快能源结构清洁低碳转型",
        [
            (
                "4.稳妥推进清洁取暖改造。",
                "完成农村地区清洁取暖改造2.6万户，其中“煤改气”1.1万户、“煤改电”1.5万户；新建改造城镇供热管网"
                "85公里，城市建成区清洁取暖率保持100%。（牵头单位：市住房和城乡建设局，配合单位：市发展和改革委员会、"
                "市财政局、国网渭阳供电公司；完成时限：2024年10月31日前）",
                [],
            ),
            (
                "5.加快燃煤锅炉淘汰。",
                "县级及以上城市建成区原则上不再新建35蒸吨/小时及以下燃煤锅炉，完成剩余28台燃煤锅炉淘汰或清洁能源"
                "替代，工业园区全面实现集中供热。",
                [
                    "责任单位：市发改委牵头，市生态环境局、市市场监管局配合。",
                    "完成时限：2025年6月30日前。",
                ],
            ),
            (
                "6.大力发展新能源和清洁能源。",
                "加快推进风电、光伏发电项目建设，新增新能源装机容量60万千瓦，建成投用新型储能电站3座，"
                "非化石能源消费比重达到18%以上。（牵头单位：市发展和改革委员会，配合单位：市自然资源局、"
                "国网渭阳供电公司；完成时限：2025年底前）",
                [],
            ),
        ],
    ),
    (
        "三、构建绿色低碳交通运输体系",
        [
            (
                "7.推进大宗货物“公转铁”“公转水”。",
                "加快铁路专用线建设，建成投用渭阳港区铁路专用线12公里，重点企业大宗货物清洁运输比例达到70%以上。"
                "（牵头单位：市交通运输局，配合单位：市发展和改革委员会、市自然资源局、国铁渭阳车务段；"
                "完成时限：2024年底前）",
                [],
            ),
            (
                "8.加快车辆结构升级。",
                "2025年底前，基本淘汰国三及以下排放标准柴油货车2000辆；城市建成区新增和更新的公交、出租、环卫、"
                "邮政快递、城市物流配送车辆中新能源汽车比例不低于80%。（市交通运输局牵头，市公安局、市生态环境局、"
                "市商务局、市城市管理局配合）",
                [],
            ),
            (
                "9.强化非道路移动机械综合治理。",
                "2024年底前完成全市在用非道路移动机械摸底调查和编码登记，每年抽测数量不低于1000台，"
                "基本消除冒黑烟现象。（责任单位：市生态环境局、市住房和城乡建设局、市交通运输局、市水利局）",
                [],
            ),
        ],
    ),
    (
        "四、强化面源污染精细化治理",
        [
            (
                "10.深化扬尘污染综合治理。",
                "严格落实施工工地“六个百分之百”要求，5000平方米及以上建筑工地全部安装视频监控并接入监管平台；"
                "城市建成区道路机械化清扫率达到85%以上，渣土车全部实现密闭运输。（牵头单位：市住房和城乡建设局，"
                "配合单位：市城市管理局、市交通运输局、市自然资源局）",
                [],
            ),
            (
                "11.加强秸秆综合利用和禁烧管控。",
                "秸秆综合利用率稳定在92%以上，建成秸秆收储中心30个；综合运用卫星遥感、高空视频监控等手段，"
                "强化秋收和春耕等重点时段禁烧管控。（市农业农村局牵头，各县区政府按职责分工负责；"
                "完成时限：长期坚持）",
                [],
            ),
        ],
    ),
]


def air_strings():
    """All paragraph texts of plan-air.docx, in order."""
    out = [AIR_TITLE, AIR_SUBTITLE, AIR_PREAMBLE]
    for heading, tasks in AIR_PARTS:
        out.append(heading)
        for lead, body, extra in tasks:
            out.append(lead + body)
            out.extend(extra)
    return out


# ---------------------------------------------------------------------------
# plan-health.xlsx — 任务分工表，分类行横向合并，一行序号为空
# ---------------------------------------------------------------------------

HEALTH_CAPTION = "附件"
HEALTH_TITLE = "江澜市2024年卫生健康重点工作任务分工表"
HEALTH_HEADER = ["序号", "工作任务", "工作措施", "责任单位", "完成期限"]

# ("cat", text) for category rows; (序号, 工作任务, 工作措施, 责任单位, 完成期限) for task rows
HEALTH_ROWS = [
    ("cat", "一、提升医疗服务能力"),
    (
        "1",
        "推进紧密型县域医共体建设",
        "全市6个县（市）全部建成紧密型县域医共体，实现人员、财务、药品耗材统一管理，县域内就诊率达到90%以上。",
        "市卫生健康委（牵头）、市医保局、市财政局",
        "2024年12月底前",
    ),
    (
        "2",
        "建设区域医疗中心",
        "推动市第一人民医院心血管病区域医疗中心项目主体完工，新增床位600张，项目总投资12.8亿元，年内完成投资4.5亿元。",
        "市发展改革委（牵头）、市卫生健康委、市自然资源和规划局",
        "2024年9月底前",
    ),
    (
        "",
        "提升基层医疗卫生服务能力",
        "新建改造乡镇卫生院15家、村卫生室120个，每个乡镇卫生院至少配备1名全科医生；开展“县医院专家下乡”巡回义诊不少于2万人次。",
        "市卫生健康委（牵头）、各县（市、区）人民政府",
        "2024年11月底前",
    ),
    ("cat", "二、深化医药卫生体制改革"),
    (
        "3",
        "推进医保支付方式改革",
        "DRG/DIP支付方式改革覆盖全市所有符合条件的开展住院服务的医疗机构，病种覆盖率达到90%以上，医保基金覆盖率达到70%以上。",
        "市医保局（牵头）、市卫生健康委",
        "2024年12月底前",
    ),
    (
        "4",
        "深化公立医院薪酬制度改革",
        "落实“两个允许”要求，合理确定公立医院薪酬水平，全市公立医院人员支出占业务支出比例达到40%以上。",
        "市人力资源社会保障局（牵头）、市财政局、市卫生健康委",
        "2024年10月底前",
    ),
    (
        "5",
        "推进检查检验结果互认",
        "全市二级以上公立医院检查检验互认项目不少于200项，建成全市医学检查检验结果互认共享平台。",
        "市卫生健康委（牵头）、市数据局、市医保局",
        "2024年6月底前",
    ),
    ("cat", "三、织牢公共卫生防护网"),
    (
        "6",
        "提升疾病预防控制能力",
        "完成市疾控中心生物安全二级实验室改造，投入资金3500万元；县级疾控机构全部具备常见传染病病原体检测能力。",
        "市疾控局（牵头）、市卫生健康委、市财政局",
        "2024年12月底前",
    ),
    (
        "7",
        "加强“一老一小”健康服务",
        "新增普惠托位1200个；65岁及以上老年人健康管理率达到65%以上；二级及以上综合医院设置老年医学科比例达到80%以上。",
        "市卫生健康委、市民政局",
        "长期坚持",
    ),
    (
        "8",
        "深入开展爱国卫生运动",
        "新创建国家卫生乡镇8个、省级卫生村50个，居民健康素养水平达到31%以上。",
        "市爱卫办（牵头）、市卫生健康委、各县（市、区）人民政府",
        "2024年11月底前",
    ),
    ("cat", "四、强化健康支撑保障"),
    (
        "9",
        "推进智慧医疗建设",
        "全市三级公立医院电子病历系统应用水平平均达到4级以上，二级以上公立医院全部开展预约诊疗，预约诊疗率达到60%以上。",
        "市卫生健康委（牵头）、市数据局",
        "持续推进",
    ),
    (
        "10",
        "加强卫生健康人才队伍建设",
        "引进高层次医学人才50名，招录农村订单定向免费医学生80名，年内培训基层卫生人员3000人次。",
        "市委组织部（牵头）、市人力资源社会保障局、市卫健委、市教育局",
        "",
    ),
]


def health_strings():
    """All non-empty cell texts of plan-health.xlsx, in order."""
    out = [HEALTH_CAPTION, HEALTH_TITLE] + HEALTH_HEADER
    for row in HEALTH_ROWS:
        if row[0] == "cat":
            out.append(row[1])
        else:
            out.extend(c for c in row if c)
    return out


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


def build_air(path):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.created = FIXED_TIME
    doc.core_properties.modified = FIXED_TIME
    doc.core_properties.author = "渭阳市生态环境局"
    doc.core_properties.title = AIR_TITLE

    def para(text, font="仿宋_GB2312", size=16, bold=False, center=False, indent=True):
        p = doc.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        p.paragraph_format.line_spacing = Pt(28)
        _set_font(p.add_run(text), font, size, bold)
        return p

    para(AIR_TITLE, font="方正小标宋简体", size=22, center=True, indent=False)
    para(AIR_SUBTITLE, font="楷体_GB2312", size=16, center=True, indent=False)
    para(AIR_PREAMBLE)
    for heading, tasks in AIR_PARTS:
        para(heading, font="黑体")
        for lead, body, extra in tasks:
            p = para(lead, font="楷体_GB2312")
            _set_font(p.add_run(body), "仿宋_GB2312", 16)
            for e in extra:
                para(e)
    doc.save(path)


def build_health(path):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "江澜市卫生健康委员会"
    ws = wb.active
    ws.title = "任务分工"
    ncol = len(HEALTH_HEADER)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap_center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap_left = Alignment(horizontal="left", vertical="center", wrap_text=True)

    ws.cell(row=1, column=1, value=HEALTH_CAPTION).font = Font(name="黑体", size=12)
    ws.cell(row=2, column=1, value=HEALTH_TITLE).font = Font(name="方正小标宋简体", size=18)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncol)
    ws.cell(row=2, column=1).alignment = wrap_center
    ws.row_dimensions[2].height = 36

    for c, h in enumerate(HEALTH_HEADER, start=1):
        cell = ws.cell(row=3, column=c, value=h)
        cell.font = Font(name="黑体", size=12, bold=True)
        cell.alignment = wrap_center
        cell.border = border

    r = 4
    for row in HEALTH_ROWS:
        if row[0] == "cat":
            cell = ws.cell(row=r, column=1, value=row[1])
            cell.font = Font(name="黑体", size=12)
            cell.alignment = wrap_left
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
            for c in range(1, ncol + 1):
                ws.cell(row=r, column=c).border = border
        else:
            for c, v in enumerate(row, start=1):
                cell = ws.cell(
                    row=r, column=c, value=(int(v) if c == 1 and v.isdigit() else (v or None))
                )
                cell.font = Font(name="仿宋_GB2312", size=11)
                cell.alignment = wrap_left if c in (3, 4) else wrap_center
                cell.border = border
            ws.row_dimensions[r].height = 60
        r += 1

    for col, width in zip("ABCDE", (6, 22, 60, 34, 14)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"
    wb.save(path)


if __name__ == "__main__":
    build_air(os.path.join(HERE, "plan-air.docx"))
    build_health(os.path.join(HERE, "plan-health.xlsx"))
    print("wrote plan-air.docx, plan-health.xlsx")
