"""Build PDF plan fixtures with realistic print layouts: ruled task tables, scans, two-line titles.

Run as ``python -m eval.layouts.make_pdf_plans`` from the repository root. Everything is
deterministic: the plans' text lives in this file, the script writes one HTML page per document to
``eval/layouts/src/`` and prints it with headless Chromium (font "WenQuanYi Micro Hei"), then:

* ``plan-pdftable.pdf`` (dev) and ``heldout/plan-pdftable.pdf``: a municipal notice page
  ("……关于印发《……》的通知"), the plan's title and preamble, and an annex whose tasks are a
  ruled table (every cell bordered) spanning several pages, with category rows, vertically merged
  cells, the header repeated on every page and rows broken across page boundaries. The held-out
  annex is printed on landscape pages.
* ``plan-scan.pdf`` (dev, 6 pages) and ``heldout/plan-scan.pdf`` (3-4 pages): a text plan printed
  to PDF, rendered with pypdfium2 at 150 dpi in greyscale, given a tiny rotation, blur, noise and
  a scanner shadow from a fixed seed, and saved by Pillow as an image-only PDF (no text layer).
* ``library-twoline/`` (dev) and ``heldout/library-twoline/``: two short plans each, same city and
  theme in two years with different targets, whose titles are set in large type on two lines.

Chromium stamps /CreationDate and /ModDate with the wall clock; the script overwrites both in
place with the plan's own date (same byte length, so the xref offsets stay valid), and gives
Pillow fixed dates too, so two runs write byte-identical files. A plain-text rendering of what a
reader sees in each document goes to ``/tmp/layout-texts/<stem>-<dev|heldout>.txt`` (table rows
one per line, cells joined by " | ", a merged cell repeated on every row it covers).

The script checks its output with pypdfium2 (page counts, repeated table headers, at least two
table rows broken across pages, the text of text PDFs, no text at all in the scans) and fails if a
change of wording or style breaks one of these properties.
"""

from __future__ import annotations

import html
import logging
import re
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

log = logging.getLogger("eval.layouts.make_pdf_plans")

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
TEXTS = Path("/tmp/layout-texts")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)
FONT = '"WenQuanYi Micro Hei", sans-serif'
SCAN_DPI = 150
CELL_SEP = "｜"  # separates cells in the table markup below
MERGED = "〃"  # a cell merged with the one above it (rendered as rowspan)


# ---------------------------------------------------------------------------------------------
# Document models
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """The cover notice by which a government office issues a plan."""

    red_header: str
    doc_number: str
    issuer: str
    title_lines: tuple[str, ...]  # "<issuer>关于印发《<plan title>》的通知", as set
    addressees: str
    paragraphs: tuple[str, ...]
    signed: str


@dataclass(frozen=True)
class TablePlan:
    """A notice, the plan's title and preamble, and an annex that is a ruled task table."""

    stem: str
    split: str
    out: Path
    date: str  # yyyymmdd, stamped into the PDF
    notice: Notice
    title_lines: tuple[str, ...]
    preamble: tuple[str, ...]
    annex_title_lines: tuple[str, ...]
    annex_note: str
    columns: tuple[str, ...]
    widths: tuple[int, ...]  # percent of the table width, one per column
    text_column: int  # the long column whose cells may break across pages
    rows: str  # markup: a category per line without CELL_SEP, else cells after 序号
    landscape: bool
    min_table_pages: int


@dataclass(frozen=True)
class TextPlan:
    """A running-text plan: title lines, then headings and paragraphs, one per markup line."""

    stem: str
    split: str
    out: Path
    date: str
    title_lines: tuple[str, ...]
    body: str
    pages: tuple[int, int]  # allowed page count, inclusive
    style: str  # "scan" or "library"
    seed: int = 0


@dataclass(frozen=True)
class Category:
    """A table row spanning all columns that names a group of tasks."""

    text: str


@dataclass(frozen=True)
class TaskRow:
    """A numbered table row; None marks a cell merged into the one above it."""

    number: int
    cells: tuple[str | None, ...]


# ---------------------------------------------------------------------------------------------
# Dev: 江临市 文旅消费, ruled table, portrait
# ---------------------------------------------------------------------------------------------

DEV_TABLE_ROWS = """
一、丰富优质文旅产品供给
实施文旅重大项目攻坚行动，全年滚动推进总投资10亿元以上的文旅项目14个，完成年度投资68亿元以上。推动青螺湾旅游度假区二期、古运河文化街区保护利用工程建成开放，新增文旅业态经营面积12万平方米。｜市发展和改革委员会｜市文化广电旅游局、市自然资源和规划局、市住房和城乡建设局，各区、县（市）人民政府｜2025年12月底前
推进高等级景区创建，新增国家AAAA级旅游景区3家、省级旅游度假区1个；支持凤鸣山景区通过国家AAAAA级旅游景区景观质量评审，完成景区游客中心、智慧导览和停车场提升改造。｜市文化广电旅游局｜各区、县（市）人民政府｜2025年11月底前
打造乡村旅游精品线路10条，新增省级乡村旅游重点村5个、等级民宿40家，乡村旅游接待人次同比增长12%以上。｜〃｜市农业农村局、市交通运输局，各区、县（市）人民政府｜2025年10月底前
推动文化遗产活化利用，完成12处市级以上文物保护单位保护修缮，建成开放非遗工坊20家；推出“运河记忆”研学线路6条，全年研学旅行接待量达到45万人次。｜〃｜市教育局、市住房和城乡建设局｜2025年12月底前
二、培育文旅消费新场景
发展夜间文旅经济，培育夜间文旅消费集聚区8个，其中争创国家级夜间文化和旅游消费集聚区1个；推动集聚区内营业至23:00以后的商户不少于600家，夜间文旅消费额同比增长10%以上。｜市商务局｜市文化广电旅游局、市公安局、市城市管理局｜2025年9月底前
改造提升步行街和特色商业街区，完成滨江路步行街、南门老街智慧化改造，街区客流量同比增长15%以上；每季度至少举办1场主题消费季活动。｜〃｜市文化广电旅游局、市住建局，相关区人民政府｜2025年12月底前
推动演艺经济发展，全年举办营业性演出2000场以上，引进5000人以上大型演唱会、音乐节不少于8场；新建小剧场、演艺新空间10个，对新认定的演艺新空间给予一次性补助20万元。｜市文化广电旅游局｜市公安局、市消防救援支队、市市场监督管理局、市财政局｜长期坚持
推进体育旅游融合，举办江临马拉松、环青螺湾自行车赛等品牌赛事12项，打造体育旅游精品线路5条，带动赛事相关消费3亿元以上。｜市体育局｜市文化广电旅游局、市公安局、市卫生健康委员会｜2025年11月底前
发展低空旅游和水上旅游，开通低空观光航线3条、古运河夜游航线2条，新增观光游船20艘；全年实现低空飞行体验服务1.5万人次。｜市交通运输局｜市文化广电旅游局、市发改委、市水利局｜年内
培育“文旅+”消费新业态，新建城市书房、文化驿站等新型公共文化空间30个，认定沉浸式体验、数字演艺等新业态示范项目10个，每个示范项目给予最高50万元奖励。｜市文化广电旅游局｜市委宣传部、市财政局，各区、县（市）人民政府｜2025年12月底前
三、提升公共服务水平
完善旅游交通体系，新开通或优化旅游公交专线8条，实现全市AAAA级以上景区公交直达率100%；在主要景区周边新增停车泊位3000个，其中配建充电设施的泊位不少于600个。｜市交通运输局｜市公安局、市城市管理局、国网江临供电公司｜2025年6月底前
开行“江临文旅”定制客运班线，节假日期间增开高铁江临站、江临机场至重点景区的接驳班线，投入接驳车辆不少于120台。｜〃｜市文化广电旅游局、江临机场公司｜长期坚持
推进旅游厕所和游客服务中心建设，新建、改建旅游厕所60座，A级旅游景区第三卫生间配置率达到100%；在高铁站、机场、主要商圈设立游客服务中心4个。｜市文化广电旅游局｜市城市管理局、市交通运输局｜2025年10月底前
建设智慧文旅平台，“游江临”平台实现全市AAA级以上景区“一部手机游”全覆盖，注册用户突破300万人；推行景区分时预约，重点景区预约率达到90%以上。｜市数据局｜市文化广电旅游局、市公安局｜2025年8月底前
提升入境旅游便利化水平，主要景区、星级饭店、重点商圈实现境外银行卡受理全覆盖，布设外卡POS机不少于2000台；完成重点景区中英双语标识更新1200块。｜中国人民银行江临市分行｜市商务局、市外事办公室、市文化广电旅游局｜2025年9月底前
四、加大消费惠民力度
开展文旅消费惠民活动，全年安排市级财政资金5000万元发放文旅消费券，带动文旅消费10亿元以上；组织“江临文旅惠民季”活动，全年不少于4季。｜市文化广电旅游局｜市财政局、市商务局｜2025年12月底前
落实景区门票优惠政策，国有A级旅游景区对60周岁以上老年人、6周岁以下儿童实行免票，每月第二个周六对全国游客实行门票半价。｜〃｜市发改委、市国资委，各区、县（市）人民政府｜长期坚持
推动公共文化场馆错时延时开放，市图书馆、市博物馆、市美术馆每周开放时间不少于63小时，法定节假日延长开放至21:00。｜〃｜各区、县（市）人民政府｜2025年5月底前
落实带薪休假制度，鼓励机关、企事业单位错峰安排职工休假；在3个区县开展中小学春秋假试点，春假、秋假各安排3天。｜市人力资源和社会保障局｜市教育局、市总工会｜2025年9月底前
加大文旅金融支持，设立规模2亿元的文旅产业发展基金，推出“文旅贷”专属信贷产品，全年新增文旅企业贷款15亿元以上。｜市委金融办｜市财政局、市文化广电旅游局、国家金融监督管理总局江临监管分局｜2025年12月底前
五、优化文旅消费环境
开展旅游市场秩序专项整治，重点打击“不合理低价游”、强制购物、虚假宣传等违法违规行为，旅游投诉按时办结率达到100%。｜市文化广电旅游局｜市市场监督管理局、市公安局、市商务局｜长期坚持
推行放心消费承诺和线下无理由退货，全市A级旅游景区、等级旅游饭店和重点文旅商户承诺单位达到1500家以上。｜市市场监管局｜市文化广电旅游局、市商务局｜2025年7月底前
建立文旅消费监测机制，按季度发布文旅消费数据，开展游客满意度第三方调查，全市文化和旅游消费满意度达到88分以上。｜市统计局｜市文化广电旅游局、市数据局｜每季度
"""

DEV_TABLE = TablePlan(
    stem="plan-pdftable",
    split="dev",
    out=HERE / "plan-pdftable.pdf",
    date="20250314",
    notice=Notice(
        red_header="江临市人民政府办公室文件",
        doc_number="江政办发〔2025〕9号",
        issuer="江临市人民政府办公室",
        title_lines=(
            "江临市人民政府办公室",
            "关于印发《江临市2025年文化和旅游消费",
            "提质扩容工作方案》的通知",
        ),
        addressees="各区、县（市）人民政府，市政府各部门、各直属单位：",
        paragraphs=(
            "《江临市2025年文化和旅游消费提质扩容工作方案》已经市政府同意，现印发给你们，请结合实际，认真抓好贯彻落实。",
            "各牵头单位要会同配合单位细化工作措施，于每季度最后一个月25日前将工作进展情况报送市文化广电旅游局，由市文化广电旅游局汇总后报市政府。",
        ),
        signed="2025年3月14日",
    ),
    title_lines=("江临市2025年文化和旅游消费", "提质扩容工作方案"),
    preamble=(
        "为深入贯彻落实国家和省关于释放文化和旅游消费潜力的决策部署，加快建设区域性文化旅游消费中心城市，推动全市文化和旅游消费规模扩大、结构优化、品质提升，结合我市实际，制定本方案。",
        "2025年，全市力争接待国内游客8600万人次、同比增长9%以上，实现旅游总花费1050亿元；新增国家级夜间文化和旅游消费集聚区1个、省级文化和旅游消费示范区2个；全市文化和旅游消费满意度达到88分以上。各项重点任务及分工详见附件。",
        "各牵头单位要切实履行牵头责任，制定具体推进计划，明确时间表和责任人；各配合单位要主动对接、密切配合，形成工作合力，确保各项任务按期完成。",
    ),
    annex_title_lines=("江临市2025年文化和旅游消费提质扩容", "重点任务分工表"),
    annex_note="",
    columns=("序号", "重点任务", "牵头单位", "配合单位", "完成时限"),
    widths=(8, 44, 15, 20, 13),
    text_column=1,
    rows=DEV_TABLE_ROWS,
    landscape=False,
    min_table_pages=3,
)

# ---------------------------------------------------------------------------------------------
# Held-out: 泽安市 交通拥堵治理, ruled table on landscape pages
# ---------------------------------------------------------------------------------------------

HELDOUT_TABLE_ROWS = """
优化城市路网结构｜打通断头路、瓶颈路，全年实施城市道路建设项目26个，打通学府路北延、龙湾二路等断头路12条，新增城市道路里程38公里。对新建道路同步建设综合管廊和雨污分流管网，避免反复开挖。｜市住房和城乡建设局、市自然资源和规划局、市财政局，各区人民政府｜2025年12月底前
〃｜推进快速路网建设，建成通港大道快速化改造一期工程，实现东环快速路主线贯通，全市快速路总里程达到96公里；施工期间同步实施交通疏解方案，保障周边道路通行。｜市住房和城乡建设局、市发改委、市交通运输局、市公安局交通警察支队｜2025年10月底前
〃｜完善微循环路网，改造背街小巷和城市支路80条，对具备条件的30条以上街巷实行单向交通组织，打通小区与主干道之间的“最后一百米”。｜各区人民政府、市城市管理局、市公安局交通警察支队｜2025年11月底前
提升公共交通吸引力｜优化常规公交线网，新开、优化调整公交线路40条，中心城区公交站点500米覆盖率达到98%；高峰时段主干线路发车间隔不超过6分钟，早晚高峰增开大站快车线路10条。｜市交通运输局、市公交集团｜2025年9月底前
〃｜推进轨道交通建设，地铁2号线二期完成主体结构施工，3号线一期实现“洞通”；推动地铁与公交“两网融合”，轨道站点周边300米范围内公交接驳率达到100%。｜市轨道交通集团、市交通运输局、市自然资源和规划局｜2025年12月底前
〃｜新增公交专用道45公里，全市公交专用道总里程达到210公里，对公交专用道实行全时段电子抓拍；在12个拥堵路口设置公交优先信号。｜市公安局交通警察支队、市交通运输局｜2025年8月底前
〃｜实施公交票价优惠，推行地铁、公交60分钟内换乘优惠1元，60周岁以上老年人乘坐市区公交免费，学生凭卡乘坐公交享受5折优惠。｜市交通运输局、市财政局、市发改委｜长期坚持
缓解停车难问题｜增加停车设施供给，新建公共停车场40个、公共停车泊位1.2万个，其中机械式立体停车泊位不少于2000个；老旧小区改造中同步挖潜增设停车泊位3000个。｜市住建局、市自然资源和规划局、市城管局，各区人民政府｜2025年12月底前
〃｜推进错时共享停车，推动机关、企事业单位内部停车场在夜间和节假日向社会错时开放，新增共享泊位5000个，对参与共享的单位给予每个泊位每年600元奖励。｜市机关事务管理局、市城市管理局、市财政局，各区人民政府｜2025年6月底前
〃｜建设智慧停车平台，接入全市80%以上的公共停车泊位，实现泊位实时查询、预约和无感支付；推行差异化停车收费，中心城区路内泊位首小时收费不低于5元。｜市城市管理局、市数据局、市发改委｜2025年9月底前
精细化交通管理｜推进信号灯智能配时，完成320个路口信号控制优化，打造主干道绿波带18条，主干道高峰平均车速提高8%以上。｜市公安局交通警察支队、市数据局｜2025年10月底前
〃｜治理常发拥堵节点，对排名前20位的拥堵点逐点制定“一点一策”治理方案，年内完成渠化改造不少于15个，改造后节点通行效率提升15%以上。｜市公安局交通警察支队、市住建局，各区人民政府｜年内
〃｜加强学校、医院周边交通组织，在中心城区52所中小学推行“即停即走”接送模式并设置潮汐车道，在8家三级医院周边设置临时落客区和预约停车。｜市公安局交通警察支队、市教育局、市卫健委｜2025年9月1日前
〃｜规范道路施工占道管理，实行占道施工“一审一备”，主干道施工原则上安排在22:00至次日6:00作业，围挡占道时间压缩20%以上。｜市城市管理局、市住建局、市公安局交通警察支队｜长期坚持
倡导绿色出行｜完善慢行交通系统，新建、改造自行车道和步行道120公里，规范设置非机动车停放点500处，实现主干道非机动车道物理隔离全覆盖。｜市住建局、市城管局、市自然资源和规划局｜2025年11月底前
〃｜规范共享单车管理，实行总量控制和电子围栏管理，中心城区共享单车投放总量控制在8万辆以内，违规停放处置时间不超过30分钟。｜市城市管理局、市交通运输局、市公安局｜长期坚持
〃｜开展绿色出行宣传，组织“公交出行宣传周”“绿色出行日”等活动，全市中心城区绿色出行比例达到72%。｜市交通运输局、市委宣传部、市生态环境局｜2025年9月底前
强化工作保障｜建立交通拥堵治理考核机制，按月发布城市道路交通运行报告，将治理成效纳入各区年度综合绩效考核，对工作推进不力的单位进行通报。｜市政府督查室、市交通运输局、市公安局交通警察支队｜每月
"""

HELDOUT_TABLE = TablePlan(
    stem="plan-pdftable",
    split="heldout",
    out=HERE / "heldout" / "plan-pdftable.pdf",
    date="20250228",
    notice=Notice(
        red_header="泽安市人民政府办公室文件",
        doc_number="泽政办发〔2025〕15号",
        issuer="泽安市人民政府办公室",
        title_lines=(
            "泽安市人民政府办公室",
            "关于印发《泽安市2025年城市交通拥堵",
            "综合治理工作方案》的通知",
        ),
        addressees="各区人民政府，泽安经济技术开发区管委会，市政府各部门、各直属机构：",
        paragraphs=(
            "《泽安市2025年城市交通拥堵综合治理工作方案》已经市政府第32次常务会议审议通过，现印发给你们，请认真组织实施。",
            "各责任单位要按照任务分工，细化工作举措，于每月5日前将上月工作进展情况报送市城市交通拥堵治理工作领导小组办公室（设在市公安局交通警察支队）。",
        ),
        signed="2025年2月28日",
    ),
    title_lines=("泽安市2025年城市交通拥堵综合治理", "工作方案"),
    preamble=(
        "为有效缓解城市交通拥堵，提升道路通行效率和市民出行满意度，根据《泽安市综合交通运输发展“十四五”规划》和全市城市交通拥堵治理工作部署，结合我市实际，制定本方案。",
        "2025年，中心城区高峰时段平均车速提高到每小时24公里以上，交通拥堵指数控制在1.65以内，公共交通机动化出行分担率达到50%，新增公共停车泊位1.2万个，绿色出行比例达到72%。",
        "市城市交通拥堵治理工作领导小组统筹推进全市治堵工作，领导小组办公室负责日常调度。各项工作任务及责任分工详见附件。",
    ),
    annex_title_lines=("泽安市2025年城市交通拥堵综合治理工作任务清单",),
    annex_note="（责任单位中列在首位的为牵头单位）",
    columns=("序号", "工作任务", "具体举措", "责任单位", "完成时限"),
    widths=(6, 13, 47, 22, 12),
    text_column=2,
    rows=HELDOUT_TABLE_ROWS,
    landscape=True,
    min_table_pages=3,
)

# ---------------------------------------------------------------------------------------------
# Scanned plans: dev 宁岗市 水利 (6 pages), held-out 澄阳市 垃圾分类 (3-4 pages)
# ---------------------------------------------------------------------------------------------

DEV_SCAN_BODY = """
为加快补齐水利基础设施短板，全面提升防洪减灾、供水保障和水生态保护能力，确保《宁岗市水安全保障“十四五”规划（2021—2025年）》确定的目标任务如期完成，根据省水利厅关于推进水利基础设施建设的工作部署，结合我市实际，制定本方案。
一、总体要求
（一）指导思想。坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届二中、三中全会精神，完整、准确、全面贯彻新发展理念，坚持“节水优先、空间均衡、系统治理、两手发力”的治水思路，以推动水利高质量发展为主题，以补短板、强弱项为重点，加快构建系统完备、安全可靠、集约高效、绿色智能、循环通畅、调控有序的现代水网，为全市经济社会高质量发展提供坚实的水安全保障。
（二）工作目标。2025年，全市计划实施水利项目186个，完成水利投资52.6亿元，同比增长8%以上。新增和改善灌溉面积18.5万亩，新增供水能力3200万立方米/年，完成中小河流治理长度126公里，城乡供水一体化覆盖率达到92%，农村自来水普及率稳定在99%以上，重要江河湖泊水功能区水质达标率达到95%，全面完成“十四五”期间各项水利建设目标。
二、重点任务
（一）加快重大水利工程建设。全力推进青溪水库工程建设，年内完成大坝填筑量的60%以上，完成年度投资9.8亿元；开工建设北干渠引调水工程，力争2025年9月底前取得初步设计批复。加快宁岗灌区续建配套与现代化改造，年内完成干支渠衬砌85公里、渠系建筑物配套改造320座。（责任单位：市水利局、市发展和改革委员会、市自然资源和规划局、市财政局）
（二）提升防洪排涝能力。实施中小河流治理项目14个，治理河长126公里；完成37座小型病险水库除险加固，2025年汛前完成主体工程建设。推进城市内涝治理，新建改造雨水管网65公里，整治易涝积水点22处，中心城区防洪标准达到50年一遇、排涝标准达到20年一遇。（牵头单位：市水利局；配合单位：市住房和城乡建设局、市城市管理局，各县（市、区）人民政府）
（三）推进城乡供水一体化。新建、改扩建规模化供水工程9处，改造老旧供水管网420公里，新增城乡供水一体化受益人口16万人；农村供水工程水质检测合格率达到95%以上，2025年底前实现县域统管的农村供水工程覆盖率达到100%。推进城市供水管网漏损治理，城市公共供水管网漏损率控制在9%以内。（责任单位：市水利局、市住建局、市卫健委、市生态环境局）
（四）加强农田水利建设。结合高标准农田建设，新建和改造小型灌排泵站120座，清淤整治塘坝850口，新增高效节水灌溉面积3.2万亩。年内完成大中型灌区末级渠系改造，农田灌溉水有效利用系数提高到0.585。（牵头单位：市农业农村局；配合单位：市水利局、市财政局）
（五）强化水资源节约集约利用。严格落实用水总量和强度双控，全市用水总量控制在11.8亿立方米以内，万元地区生产总值用水量较2020年下降16%。创建县域节水型社会达标县2个、节水型企业35家、节水型高校1所。推进污水资源化利用，城市再生水利用率达到25%以上。（责任单位：市水利局、市发改委、市工业和信息化局、市住建局）
（六）推进河湖生态保护修复。深化河湖长制，开展河湖“清四乱”常态化规范化整治，年内排查问题整改销号率达到100%。实施宁江、白沙河生态修复工程，建设河湖生态缓冲带42公里，创建市级幸福河湖8条，重点河湖生态流量保障目标满足程度达到90%以上。（责任单位：市河长制办公室、市水利局、市生态环境局、市自然资源和规划局）
（七）加快数字孪生水利建设。建成全市水利“一张图”，对48座中型以上水库和重点河段实现雨水情监测全覆盖，新增自动监测站点210个；2025年6月底前完成青溪水库数字孪生工程先行先试，汛期水库调度方案实现在线会商。（牵头单位：市水利局；配合单位：市数据局、市气象局）
（八）深化水利投融资改革。用好地方政府专项债券、超长期特别国债等资金，全年争取上级水利资金不少于18亿元；推广项目法人招标、特许经营等模式，引入社会资本不少于10亿元，落实水利工程供水价格动态调整机制。（责任单位：市财政局、市发改委、市水利局、人民银行宁岗市分行）
（九）加强工程质量安全管理。严格执行项目法人责任制、招标投标制、建设监理制和合同管理制，在建水利工程质量抽检覆盖率达到100%，单元工程质量评定合格率达到100%；汛期前完成在建工程安全度汛方案审批和应急演练。（牵头单位：市水利局；配合单位：市住建局、市市场监督管理局、市应急管理局）
（十）推进水土流失综合治理。实施坡耕地水土流失综合治理、生态清洁小流域建设项目6个，新增水土流失治理面积85平方公里，全市水土保持率提高到91.2%。加强生产建设项目水土保持监管，遥感监管发现的问题图斑核查处置率达到100%。（责任单位：市水利局、市自然资源和规划局、市林业局、市农业农村局）
（十一）实施农村水系综合整治。以县域为单元推进水系连通及水美乡村建设，整治农村河塘320处，清淤疏浚农村河道180公里，年内打造水美乡村示范村25个，农村河道管护责任落实率达到100%。（牵头单位：市水利局；配合单位：市农业农村局、市财政局，各县（市、区）人民政府）
（十二）提升水旱灾害防御能力。修订完善超标准洪水防御预案和重点水库调度运用方案，2025年5月底前完成全市山洪灾害监测预警设施检修维护；充实防汛抗旱物资储备，市级储备编织袋50万条、救生衣8000件、抢险舟艇60艘，全年组织开展防汛应急演练不少于20场次。（牵头单位：市水利局；配合单位：市应急管理局、市气象局、市消防救援支队）
三、保障措施
（一）加强组织领导。成立由市政府分管副市长任组长的水利基础设施建设攻坚行动领导小组，领导小组办公室设在市水利局，统筹协调推进各项工作。各县（市、区）要建立相应工作机制，逐项目明确责任人和时间表。
（二）强化要素保障。自然资源、生态环境等部门为水利项目开辟审批“绿色通道”，用地预审、环评审批时限压缩30%以上；优先保障水利项目新增建设用地指标；市级财政安排水利发展专项资金不少于3亿元，重点支持中小河流治理和农村供水保障。
（三）严格督查考核。实行项目推进“月调度、季通报、年考核”制度，将攻坚行动完成情况纳入县（市、区）高质量发展综合绩效考核，对进度滞后的项目实行挂牌督办。
（四）营造良好氛围。充分利用报刊、广播电视和新媒体平台，广泛宣传水利基础设施建设的重要意义和工作成效，及时总结推广典型经验做法，引导社会各界关心支持水利建设，营造全社会共同参与的良好氛围。
"""

DEV_SCAN = TextPlan(
    stem="plan-scan",
    split="dev",
    out=HERE / "plan-scan.pdf",
    date="20250321",
    title_lines=("宁岗市2025年水利基础设施建设", "攻坚行动方案"),
    body=DEV_SCAN_BODY,
    pages=(6, 6),
    style="scan",
    seed=20250321,
)

HELDOUT_SCAN_BODY = """
为深入推进生活垃圾分类工作，巩固提升城市生活垃圾分类示范成果，根据《澄阳市生活垃圾分类三年攻坚行动计划（2023—2025年）》，结合我市实际，制定本方案。
一、工作目标
到2025年底，全市城市生活垃圾回收利用率达到38%以上，资源化利用率达到80%以上，原生生活垃圾实现零填埋；居民小区生活垃圾分类覆盖率达到100%，示范小区达标率达到85%以上；新增农村生活垃圾分类示范村60个。
二、主要任务
（一）完善分类投放设施。新建、改造定时定点投放亭1200座，撤桶并点小区覆盖率达到90%；在投放点同步配置洗手池、照明和视频监控，2025年6月底前完成老旧小区投放点提升改造。（责任单位：市城市管理局、各区人民政府）
（二）规范分类收集运输。按照“四分类”要求配齐分类运输车辆，其中厨余垃圾专用运输车辆不少于150辆，全部安装车载定位和称重系统；完成31座垃圾中转站分类改造，杜绝“先分后混”。（牵头单位：市城市管理局；配合单位：市交通运输局、市公安局交通警察支队）
（三）提升末端处理能力。建成东郊餐厨垃圾处理厂二期工程，新增厨余垃圾处理能力300吨/日，全市厨余垃圾处理能力达到1100吨/日；生活垃圾焚烧处理能力达到4500吨/日，飞灰安全处置率100%。（责任单位：市城管局、市发改委、市生态环境局）
（四）健全可回收物回收体系。推动再生资源回收网络与生活垃圾分类网络“两网融合”，建成再生资源分拣中心3个、社区回收服务点600个，全年可回收物回收量达到28万吨。（牵头单位：市商务局；配合单位：市供销合作社、市城市管理局）
（五）推动公共机构率先示范。党政机关、事业单位和国有企业全面实行垃圾分类，年内评选垃圾分类示范单位200家；全市中小学校、医疗机构分类覆盖率达到100%。（责任单位：市机关事务管理局、市教育局、市卫健委、市国资委）
（六）推进农村生活垃圾分类。按照“户分类、村收集、镇转运、县处理”模式，新增农村生活垃圾分类示范村60个，农村生活垃圾有效治理的行政村比例稳定在98%以上。（牵头单位：市农业农村局；配合单位：市城管局，各县人民政府）
（七）加强宣传教育和执法检查。每月第一个周六开展“垃圾分类宣传日”活动，将垃圾分类纳入中小学校课堂教学；全年开展执法检查不少于3000次，对拒不分类的单位依法予以处罚。（责任单位：市委宣传部、市城市管理局、市教育局）
三、保障措施
建立市生活垃圾分类工作联席会议制度，按季度通报各区工作进展，将垃圾分类工作纳入文明城市创建和城市管理考核，考核结果与垃圾处理费补贴挂钩。
"""

HELDOUT_SCAN = TextPlan(
    stem="plan-scan",
    split="heldout",
    out=HERE / "heldout" / "plan-scan.pdf",
    date="20250410",
    title_lines=("澄阳市2025年生活垃圾分类工作", "实施方案"),
    body=HELDOUT_SCAN_BODY,
    pages=(3, 4),
    style="scan",
    seed=20250410,
)

# ---------------------------------------------------------------------------------------------
# Two-line titles: dev 青禾市 托育 2024/2025, held-out 柳川市 青年就业 2024/2025
# ---------------------------------------------------------------------------------------------

DEV_CHILDCARE_2024 = """
为贯彻落实国家和省关于促进3岁以下婴幼儿照护服务发展的决策部署，加快构建普惠可及、覆盖城乡的托育服务体系，切实减轻家庭养育负担，结合我市实际，制定本方案。
一、工作目标
2024年底，全市新增普惠托位2400个，每千人口拥有3岁以下婴幼儿托位数达到3.6个，普惠托位占比达到60%以上；建成市级综合托育服务中心1个、县级综合托育服务中心3个，托育机构备案率达到100%。
二、重点任务
（一）扩大托育服务供给。支持公办幼儿园开设2至3岁托班，新增托班80个、托位1600个；新建居住区按每千人不少于10个托位的标准同步配建托育服务设施。（责任单位：市教育局、市卫生健康委员会、市自然资源和规划局、各县（区）人民政府）
（二）建设综合托育服务中心。建成市级综合托育服务中心1个、县级综合托育服务中心3个，每个中心提供托位不少于100个，承担指导、培训和示范功能。（责任单位：市卫健委、市发展和改革委员会、市财政局）
（三）发展社区嵌入式托育。利用社区党群服务中心、闲置用房等，建设社区嵌入式托育点30个，提供全日托、临时托、计时托服务，计时托收费不高于每小时20元。（责任单位：市民政局、市卫健委、各县（区）人民政府）
（四）支持用人单位办托。鼓励机关、企事业单位和产业园区为职工提供托育服务，新增用人单位办托点10家，对符合条件的按每个托位5000元给予一次性补助。（责任单位：市总工会、市卫健委、市人力资源和社会保障局）
（五）落实普惠托育支持政策。对新增普惠托位按每个1万元给予一次性建设补助，按每人每月300元给予运营补助；普惠托育机构全日托收费不高于每月1800元。（责任单位：市财政局、市发改委、市卫健委）
（六）加强从业人员队伍建设。开展保育师、育婴员职业技能培训1500人次，托育机构保育人员持证上岗率达到85%以上；支持青禾职业技术学院开设婴幼儿托育服务与管理专业。（责任单位：市人社局、市教育局、市卫健委）
（七）强化托育机构安全监管。按季度开展托育机构安全隐患排查，实现托育机构视频监控全覆盖并接入监管平台；年内完成全市托育机构质量评估，评估覆盖率达到100%。（责任单位：市卫健委、市市场监督管理局、市消防救援支队、市公安局）
三、保障措施
建立由市卫健委牵头的托育服务工作联席会议制度，每半年召开1次会议，研究解决托育服务发展中的重点难点问题；将托育服务体系建设纳入各县（区）年度民生实事考核。
"""

DEV_CHILDCARE_2025 = """
为进一步完善普惠托育服务体系，巩固2024年托育服务扩容成果，推动托育服务从“有托位”向“托得好”转变，结合我市实际，制定本方案。
一、工作目标
2025年底，全市新增普惠托位3000个，每千人口拥有3岁以下婴幼儿托位数达到4.5个，普惠托位占比达到70%以上；实现6个县（区）综合托育服务中心全覆盖，乡镇（街道）托育服务覆盖率达到80%。
二、重点任务
（一）扩大托育服务供给。新增幼儿园托班120个、托位2200个，公办幼儿园开设托班比例达到50%；新建居住区按每千人不少于15个托位的标准同步配建托育服务设施。（责任单位：市教育局、市卫生健康委员会、市自然资源和规划局、各县（区）人民政府）
（二）实现综合托育服务中心县域全覆盖。2025年9月底前新建县级综合托育服务中心3个，每个中心提供托位不少于120个，并向辖区托育机构开放培训、保健指导资源。（责任单位：市卫健委、市发展和改革委员会、市财政局）
（三）发展社区嵌入式托育。新建社区嵌入式托育点45个，计时托收费不高于每小时15元；推动托育点与社区养老服务设施共建共享。（责任单位：市民政局、市卫健委、各县（区）人民政府）
（四）支持用人单位办托。新增用人单位办托点15家，对符合条件的按每个托位8000元给予一次性补助。（责任单位：市总工会、市卫健委、市人力资源和社会保障局）
（五）落实普惠托育支持政策。新增普惠托位一次性建设补助提高到每个1.2万元，运营补助提高到每人每月400元；普惠托育机构全日托收费不高于每月1600元，对二孩、三孩家庭入托每月补贴200元。（责任单位：市财政局、市发改委、市卫健委）
（六）加强从业人员队伍建设。开展保育师、育婴员职业技能培训2000人次，托育机构保育人员持证上岗率达到95%以上。（责任单位：市人社局、市教育局、市卫健委）
（七）推进医育结合。依托基层医疗卫生机构为托育机构提供健康指导，签约服务覆盖率达到100%，每个托育机构每年接受卫生保健指导不少于2次。（责任单位：市卫健委、各县（区）人民政府）
（八）强化托育机构安全监管。按月开展托育机构安全隐患排查，年内完成全市托育机构质量评估，评估结果向社会公开。（责任单位：市卫健委、市市场监督管理局、市消防救援支队、市公安局）
三、保障措施
各县（区）要将托育服务体系建设纳入年度民生实事，市卫健委每季度通报工作进展。
"""

HELDOUT_JOBS_2024 = """
为做好高校毕业生等青年就业工作，促进青年高质量充分就业，吸引更多青年人才留柳来柳，结合我市实际，制定本方案。
一、工作目标
2024年，全市实现高校毕业生等青年留柳来柳就业创业2.6万人，离校未就业高校毕业生帮扶就业率达到90%以上，城镇调查失业率控制在5.5%以内。
二、主要举措
（一）拓宽市场化就业渠道。对招用毕业年度或离校2年内未就业高校毕业生、签订1年以上劳动合同并缴纳社会保险的企业，按每人1500元发放一次性吸纳就业补贴。（责任单位：市人力资源和社会保障局、市财政局、市税务局）
（二）稳定政策性岗位规模。全年事业单位公开招聘高校毕业生800人，市属国有企业招聘高校毕业生1200人，征集大学生入伍不少于500人。（责任单位：市委组织部、市人社局、市国资委、市征兵办公室）
（三）扩大就业见习规模。开发就业见习岗位3000个，见习补贴按当地最低工资标准的80%发放；对见习期满留用率达到50%以上的见习单位，按每人1000元给予留用奖励。（责任单位：市人社局、团市委、市财政局）
（四）支持青年自主创业。创业担保贷款个人最高额度30万元、小微企业最高300万元；新建青年创业园2个，对首次创业的青年发放一次性创业补贴每户5000元。（责任单位：市人社局、市财政局、人民银行柳川市分行）
（五）开展技能提升培训。组织青年职业技能培训1.2万人次，新增取得职业技能等级证书的青年6000人。（责任单位：市人社局、市教育局）
（六）强化招聘对接服务。举办线上线下招聘活动100场，提供就业岗位5万个以上；驻柳高校每月至少举办1场校园招聘会。（责任单位：市人社局、市教育局、市工商联）
（七）加强困难青年帮扶。离校未就业高校毕业生实名登记率达到100%，对脱贫家庭、低保家庭和残疾等困难毕业生实行“一人一策”帮扶，每人至少提供3个岗位信息。（责任单位：市人社局、市民政局、市残联）
三、保障措施
市就业工作领导小组统筹推进青年就业工作，各责任单位每月10日前报送工作进展；市财政局足额保障就业补助资金。
"""

HELDOUT_JOBS_2025 = """
为深入实施青年就业促进行动，持续扩大青年就业容量，在2024年工作基础上进一步提高补贴标准、扩大岗位规模，结合我市实际，制定本方案。
一、工作目标
2025年，全市实现高校毕业生等青年留柳来柳就业创业3万人，离校未就业高校毕业生帮扶就业率达到92%以上，城镇调查失业率控制在5.5%以内。
二、主要举措
（一）拓宽市场化就业渠道。对招用毕业年度或离校2年内未就业高校毕业生的企业，一次性吸纳就业补贴提高到每人2000元。（责任单位：市人力资源和社会保障局、市财政局、市税务局）
（二）稳定政策性岗位规模。全年事业单位公开招聘高校毕业生1000人，市属国有企业招聘高校毕业生1500人，征集大学生入伍不少于600人。（责任单位：市委组织部、市人社局、市国资委、市征兵办公室）
（三）扩大就业见习规模。开发就业见习岗位4000个，见习补贴按当地最低工资标准的100%发放；对留用率达到60%以上的见习单位，按每人1500元给予留用奖励。（责任单位：市人社局、团市委、市财政局）
（四）支持青年自主创业。创业担保贷款个人最高额度30万元、小微企业最高400万元；新建青年创业园3个，一次性创业补贴提高到每户8000元。（责任单位：市人社局、市财政局、人民银行柳川市分行）
（五）开展技能提升培训。组织青年职业技能培训1.5万人次，新增取得职业技能等级证书的青年8000人。（责任单位：市人社局、市教育局）
（六）强化招聘对接服务。举办线上线下招聘活动120场，提供就业岗位6万个以上。（责任单位：市人社局、市教育局、市工商联）
（七）加强困难青年帮扶。对困难毕业生实行“一人一策”帮扶，每人至少提供5个岗位信息，帮扶就业率达到95%以上。（责任单位：市人社局、市民政局、市残联）
（八）实施青年人才安居计划。对来柳就业的全日制本科及以上毕业生，3年内按本科每月800元、硕士每月1200元、博士每月2000元发放租房补贴；筹集青年人才公寓1500套。（责任单位：市住房和城乡建设局、市人社局、市财政局）
三、保障措施
各责任单位每月10日前报送工作进展，市人社局每季度通报完成情况。
"""


def _library_plan(stem: str, split: str, date: str, lines: tuple[str, str], body: str) -> TextPlan:
    folder = HERE / "library-twoline" if split == "dev" else HERE / "heldout" / "library-twoline"
    return TextPlan(
        stem=stem,
        split=split,
        out=folder / f"{stem}.pdf",
        date=date,
        title_lines=lines,
        body=body,
        pages=(2, 2),
        style="library",
    )


LIBRARY_PLANS = (
    _library_plan(
        "plan-2024-childcare",
        "dev",
        "20240226",
        ("青禾市2024年普惠托育服务体系建设", "工作方案"),
        DEV_CHILDCARE_2024,
    ),
    _library_plan(
        "plan-2025-childcare",
        "dev",
        "20250305",
        ("青禾市2025年普惠托育服务体系建设", "工作方案"),
        DEV_CHILDCARE_2025,
    ),
    _library_plan(
        "plan-2024-jobs",
        "heldout",
        "20240318",
        ("柳川市2024年高校毕业生等青年就业", "促进行动方案"),
        HELDOUT_JOBS_2024,
    ),
    _library_plan(
        "plan-2025-jobs",
        "heldout",
        "20250312",
        ("柳川市2025年高校毕业生等青年就业", "促进行动方案"),
        HELDOUT_JOBS_2025,
    ),
)

# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

# Page numbers as in GB/T 9704: "— 3 —", odd pages at the right, even pages at the left.
PAGE_CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 32mm 28mm; }}
@page :right {{ @bottom-right {{ content: "— " counter(page) " —"; font: 14pt {FONT};
  vertical-align: top; padding-top: 6mm; margin-right: 4mm; }} }}
@page :left {{ @bottom-left {{ content: "— " counter(page) " —"; font: 14pt {FONT};
  vertical-align: top; padding-top: 6mm; margin-left: 4mm; }} }}
html {{ font-family: {FONT}; color: #000; }}
body {{ margin: 0; font-size: 16pt; line-height: 28.9pt; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
h1 {{ font-size: 22pt; font-weight: bold; line-height: 1.5; text-align: center;
  margin: 0 0 28.9pt; }}
h1 span, div span {{ display: block; }}
h2 {{ font-size: 16pt; font-weight: bold; margin: 0; text-indent: 2em; }}
b {{ font-weight: bold; }}
"""

NOTICE_CSS = """
.notice { break-after: page; }
.red-header { color: #c8161d; font-size: 30pt; font-weight: bold; letter-spacing: 2pt;
  text-align: center; margin: 4mm 0 10mm; line-height: 1.2; }
.doc-number { text-align: center; margin: 0; }
.red-rule { border-top: 1.6pt solid #c8161d; margin: 3mm 0 9mm; }
.notice-title { font-size: 21pt; font-weight: bold; text-align: center; line-height: 1.5;
  margin: 0 0 14pt; }
.addressees { text-indent: 0; }
.signature { text-align: right; text-indent: 0; padding-right: 3em; margin-top: 20pt; }
.date { text-align: right; text-indent: 0; padding-right: 3.5em; }
.public { margin-top: 14pt; }
.plan-title { margin-top: 0; }
.annex-list { margin-top: 28.9pt; text-indent: 0; }
"""

TABLE_CSS = """
.annex { break-before: page; }
.annex-label { font-weight: bold; text-indent: 0; }
.annex-title { font-size: 20pt; font-weight: bold; text-align: center; line-height: 1.5;
  margin: 4mm 0 2mm; }
.annex-note { text-align: center; text-indent: 0; font-size: 13pt; margin-bottom: 3mm; }
table.tasks { width: 100%; border-collapse: collapse; table-layout: fixed;
  font-size: 12.5pt; line-height: 1.55; }
table.tasks th, table.tasks td { border: 0.8pt solid #000; padding: 1.6mm 1.8mm;
  vertical-align: middle; orphans: 1; widows: 1; }
table.tasks th { padding: 1.6mm 0.6mm; }
table.tasks thead { display: table-header-group; }
table.tasks th { font-weight: bold; text-align: center; font-size: 12.5pt; }
table.tasks tr { break-inside: auto; }
table.tasks td { text-align: left; }
table.tasks td.long { text-align: justify; }
table.tasks td.center { text-align: center; }
table.tasks tr.category td { font-weight: bold; text-align: left; padding-left: 3mm; }
"""

LANDSCAPE_CSS = """
@page annex { size: A4 landscape; margin: 26mm 28mm 24mm 28mm; }
.annex { page: annex; }
table.tasks { font-size: 12.5pt; }
"""

LIBRARY_CSS = """
body { font-size: 15pt; line-height: 27pt; }
h1 { font-size: 24pt; line-height: 1.45; margin-bottom: 24pt; }
h2 { font-size: 15pt; }
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _document(title: str, css: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f"{body}</body>\n</html>\n"
    )


def _lines_html(lines: Sequence[str]) -> str:
    return "".join(f"<span>{_esc(line)}</span>" for line in lines)


def _title(plan: TablePlan) -> str:
    return "".join(plan.title_lines)


def _annex_title(plan: TablePlan) -> str:
    return "".join(plan.annex_title_lines)


def _notice_title(plan: TablePlan) -> str:
    title = "".join(plan.notice.title_lines)
    if title != f"{plan.notice.issuer}关于印发《{_title(plan)}》的通知":
        raise ValueError(f"notice title does not name the plan: {title}")
    return title


def _notice_html(plan: TablePlan) -> str:
    n = plan.notice
    paragraphs = "".join(f"<p>{_esc(p)}</p>\n" for p in n.paragraphs)
    return (
        '<section class="notice">\n'
        f'<div class="red-header">{_esc(n.red_header)}</div>\n'
        f'<p class="doc-number">{_esc(n.doc_number)}</p>\n<div class="red-rule"></div>\n'
        f'<div class="notice-title">{_lines_html(n.title_lines)}</div>\n'
        f'<p class="addressees">{_esc(n.addressees)}</p>\n{paragraphs}'
        f'<p class="signature">{_esc(n.issuer)}</p>\n<p class="date">{_esc(n.signed)}</p>\n'
        '<p class="public">（此件公开发布）</p>\n</section>\n'
    )


def parse_rows(markup: str, width: int) -> list[Category | TaskRow]:
    """Parse table markup: categories, and task rows of `width` cells after 序号."""
    rows: list[Category | TaskRow] = []
    number = 0
    for raw in markup.strip().splitlines():
        line = raw.strip()
        if CELL_SEP not in line:
            rows.append(Category(line))
            continue
        cells = line.split(CELL_SEP)
        if len(cells) != width:
            raise ValueError(f"row needs {width} cells, has {len(cells)}: {line[:30]}")
        if MERGED in cells and (not rows or isinstance(rows[-1], Category)):
            raise ValueError(f"a merged cell needs a task row above it: {line[:30]}")
        number += 1
        rows.append(TaskRow(number, tuple(None if c == MERGED else c for c in cells)))
    return rows


def _rowspan(rows: Sequence[Category | TaskRow], index: int, column: int) -> int:
    span = 1
    for row in rows[index + 1 :]:
        if not isinstance(row, TaskRow) or row.cells[column] is not None:
            break
        span += 1
    return span


def _row_html(rows: Sequence[Category | TaskRow], index: int, plan: TablePlan) -> str:
    row = rows[index]
    if isinstance(row, Category):
        return (
            f'<tr class="category"><td colspan="{len(plan.columns)}">{_esc(row.text)}</td></tr>\n'
        )
    cells = [f'<td class="center">{row.number}</td>']
    for column, text in enumerate(row.cells):
        if text is None:
            continue
        span = _rowspan(rows, index, column)
        attrs = f' rowspan="{span}"' if span > 1 else ""
        if column + 1 == plan.text_column:
            css = ' class="long"'
        else:
            css = "" if len(text) > 12 else ' class="center"'
        cells.append(f"<td{attrs}{css}>{_esc(text)}</td>")
    return "<tr>" + "".join(cells) + "</tr>\n"


def _table_html(plan: TablePlan) -> str:
    rows = parse_rows(plan.rows, len(plan.columns) - 1)
    cols = "".join(f'<col style="width:{w}%">' for w in plan.widths)
    head = "".join(f"<th>{_esc(c)}</th>" for c in plan.columns)
    body = "".join(_row_html(rows, i, plan) for i in range(len(rows)))
    note = f'<p class="annex-note">{_esc(plan.annex_note)}</p>\n' if plan.annex_note else ""
    return (
        '<section class="annex">\n<p class="annex-label">附件</p>\n'
        f'<div class="annex-title">{_lines_html(plan.annex_title_lines)}</div>\n{note}'
        f'<table class="tasks">\n<colgroup>{cols}</colgroup>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n</section>\n"
    )


def table_plan_html(plan: TablePlan) -> str:
    """The whole document: notice page, plan title and preamble, annex table."""
    preamble = "".join(f"<p>{_esc(p)}</p>\n" for p in plan.preamble)
    plan_part = (
        f'<h1 class="plan-title">{_lines_html(plan.title_lines)}</h1>\n{preamble}'
        f'<p class="annex-list">附件：{_esc(_annex_title(plan))}</p>\n'
    )
    css = PAGE_CSS + NOTICE_CSS + TABLE_CSS + (LANDSCAPE_CSS if plan.landscape else "")
    body = _notice_html(plan) + plan_part + _table_html(plan)
    return _document(_notice_title(plan), css, body)


HEADING = re.compile(r"^[一二三四五六七八九十]+、")
NUMBERED = re.compile(r"^（[一二三四五六七八九十]+）")


def body_lines(markup: str) -> list[str]:
    """The non-empty lines of a text plan's body markup."""
    return [line.strip() for line in markup.strip().splitlines() if line.strip()]


def _body_line_html(line: str) -> str:
    if HEADING.match(line):
        return f"<h2>{_esc(line)}</h2>\n"
    if NUMBERED.match(line) and "。" in line:
        lead, rest = line.split("。", 1)
        return f"<p><b>{_esc(lead)}。</b>{_esc(rest)}</p>\n"
    return f"<p>{_esc(line)}</p>\n"


def text_plan_html(plan: TextPlan) -> str:
    """A running-text plan with its title set on one line per entry of title_lines."""
    title = "".join(f"<span>{_esc(t)}</span>" for t in plan.title_lines)
    body = f"<h1>{title}</h1>\n" + "".join(_body_line_html(x) for x in body_lines(plan.body))
    css = PAGE_CSS + (LIBRARY_CSS if plan.style == "library" else "")
    return _document("".join(plan.title_lines), css, body)


# ---------------------------------------------------------------------------------------------
# Plain-text renderings for the people who write questions
# ---------------------------------------------------------------------------------------------


def table_plan_text(plan: TablePlan) -> str:
    """What a reader sees (titles as set), table rows one per line, merged cells repeated."""
    n = plan.notice
    _notice_title(plan)
    lines = [n.red_header, n.doc_number, "", *n.title_lines, "", n.addressees, *n.paragraphs]
    lines += ["", n.issuer, n.signed, "", "（此件公开发布）", "", *plan.title_lines, ""]
    lines += [*plan.preamble, "", f"附件：{_annex_title(plan)}", "", "附件"]
    lines += plan.annex_title_lines
    if plan.annex_note:
        lines.append(plan.annex_note)
    lines.append(" | ".join(plan.columns))
    last: list[str] = [""] * (len(plan.columns) - 1)
    for row in parse_rows(plan.rows, len(plan.columns) - 1):
        if isinstance(row, Category):
            lines.append(row.text)
            continue
        last = [last[i] if c is None else c for i, c in enumerate(row.cells)]
        lines.append(" | ".join([str(row.number), *last]))
    return "\n".join(lines) + "\n"


def text_plan_text(plan: TextPlan) -> str:
    """What a reader sees: the title lines as set, then one paragraph per line."""
    return "\n".join([*plan.title_lines, "", *body_lines(plan.body)]) + "\n"


def task_count(plan: TablePlan | TextPlan) -> int:
    """Tasks in a plan: table rows, or numbered paragraphs naming responsible units."""
    if isinstance(plan, TablePlan):
        return sum(isinstance(r, TaskRow) for r in parse_rows(plan.rows, len(plan.columns) - 1))
    return sum(
        1 for line in body_lines(plan.body) if NUMBERED.match(line) and "单位：" in line[-80:]
    )


# ---------------------------------------------------------------------------------------------
# Printing and checking
# ---------------------------------------------------------------------------------------------

PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:[0-9]{14}[^)]*\)")


def pin_pdf_dates(path: Path, date: str) -> None:
    """Overwrite Chromium's wall-clock dates in place with `date` (same length, xref intact)."""
    stamp = f"D:{date}090000+08'00'".encode()

    def replace(match: re.Match[bytes]) -> bytes:
        new = b"/" + match.group(1) + b" (" + stamp + b")"
        if len(new) != len(match.group(0)):
            raise RuntimeError(f"cannot pin {match.group(0)!r} in {path}: length differs")
        return new

    data, count = PDF_DATE.subn(replace, path.read_bytes())
    if count == 0:
        raise RuntimeError(f"no dates found to pin in {path}")
    path.write_bytes(data)


def print_pdf(html_path: Path, out: Path, date: str) -> None:
    """Print an HTML page to PDF with headless Chromium, with the PDF dates pinned."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="layouts-chromium-") as profile:
        command = [
            CHROMIUM,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={out}",
            html_path.resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"chromium failed on {html_path}: {result.stderr[-2000:]}")
    log.debug("chromium: %s", result.stderr.strip().splitlines()[-1:])
    pin_pdf_dates(out, date)


def page_texts(path: Path) -> list[str]:
    """The extractable text of each page."""
    document = pdfium.PdfDocument(path)
    try:
        return [str(document[i].get_textpage().get_text_range()) for i in range(len(document))]
    finally:
        document.close()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def broken_rows(plan: TablePlan, pages: Sequence[str]) -> list[int]:
    """Task rows whose long cell starts on one page and ends on the next."""
    broken = []
    for row in parse_rows(plan.rows, len(plan.columns) - 1):
        if not isinstance(row, TaskRow):
            continue
        text = _squash(row.cells[plan.text_column - 1] or "")
        starts = [i for i, page in enumerate(pages) if text[:12] in page]
        if not starts:
            raise RuntimeError(f"{plan.out}: row {row.number} not found in the text")
        page = starts[0]
        kept = max(k for k in range(12, len(text) + 1) if text[:k] in pages[page])
        if kept == len(text):
            continue
        if page + 1 == len(pages) or text[kept:] not in pages[page + 1]:
            raise RuntimeError(f"{plan.out}: row {row.number} is not whole on two pages")
        broken.append(row.number)
    return broken


def check_table_pdf(plan: TablePlan, path: Path) -> tuple[int, list[int]]:
    """Check header repetition and broken rows; return (pages, rows broken across pages)."""
    pages = [_squash(t) for t in page_texts(path)]
    header = "".join(plan.columns)
    table_pages = [i for i, text in enumerate(pages) if header in text]
    if len(table_pages) < plan.min_table_pages or table_pages[-1] != len(pages) - 1:
        raise RuntimeError(f"{path}: header on pages {table_pages} of {len(pages)}")
    if table_pages != list(range(table_pages[0], len(pages))):
        raise RuntimeError(f"{path}: header not repeated on every table page: {table_pages}")
    if _squash(plan.notice.red_header) not in pages[0] or "（此件公开发布）" not in pages[0]:
        raise RuntimeError(f"{path}: the notice does not fit on page 1")
    broken = broken_rows(plan, [p if i in table_pages else "" for i, p in enumerate(pages)])
    if len(broken) < 2:
        raise RuntimeError(f"{path}: only rows {broken} break across pages")
    return len(pages), broken


def check_text_pdf(plan: TextPlan, path: Path) -> int:
    """Check the page count and that the title lines and every task's units are in the text."""
    texts = page_texts(path)
    low, high = plan.pages
    if not low <= len(texts) <= high:
        raise RuntimeError(f"{path}: {len(texts)} pages, wanted {low}-{high}")
    first = texts[0].splitlines()
    for title_line in plan.title_lines:
        if title_line not in (line.strip() for line in first):
            raise RuntimeError(f"{path}: title line {title_line!r} is not a line of page 1")
    folio = re.compile(r"^— \d+ —$")
    whole = _squash("".join(x for t in texts for x in t.splitlines() if not folio.match(x.strip())))
    for line in body_lines(plan.body):
        if _squash(line) not in whole:
            raise RuntimeError(f"{path}: text missing: {line[:30]}")
    return len(texts)


# ---------------------------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------------------------

SCAN_ANGLES = (0.31, -0.22, 0.17, -0.36, 0.26, -0.12)  # degrees, all within 0.4


def rasterize(path: Path) -> Iterator[Image.Image]:
    """Each page as a greyscale image at SCAN_DPI."""
    document = pdfium.PdfDocument(path)
    try:
        for i in range(len(document)):
            bitmap = document[i].render(scale=SCAN_DPI / 72, grayscale=True)
            image: Image.Image = bitmap.to_pil().convert("L")
            yield image
    finally:
        document.close()


def scan_effect(page: Image.Image, index: int, seed: int) -> Image.Image:
    """Make a clean page look scanned: paper tone, tilt, noise, dust, an edge shadow, blur."""
    rng = np.random.default_rng(seed + index)
    paper = 238 + index % 3
    toned = page.point(lambda v: 30 + v * (paper - 30) // 255)
    tilted = toned.rotate(
        SCAN_ANGLES[index % len(SCAN_ANGLES)],
        resample=Image.Resampling.BICUBIC,
        fillcolor=paper,
    )
    pixels = np.asarray(tilted, dtype=np.float32)
    pixels += rng.normal(0.0, 4.5, pixels.shape).astype(np.float32)
    shadow = np.linspace(38.0, 0.0, 28, dtype=np.float32)
    edge = slice(0, 28) if index % 2 == 0 else slice(-1, -29, -1)
    pixels[:, edge] -= shadow
    for _ in range(int(rng.integers(3, 9))):  # dust specks
        y = int(rng.integers(0, pixels.shape[0] - 3))
        x = int(rng.integers(0, pixels.shape[1] - 3))
        pixels[y : y + int(rng.integers(1, 4)), x : x + int(rng.integers(1, 4))] = 70.0
    scanned = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return scanned.filter(ImageFilter.GaussianBlur(radius=0.7))


def save_scan(images: Sequence[Image.Image], out: Path, plan: TextPlan) -> None:
    """Save page images as one image-only PDF with fixed metadata."""
    out.parent.mkdir(parents=True, exist_ok=True)
    stamp = time.strptime(plan.date + "090000", "%Y%m%d%H%M%S")
    images[0].save(
        out,
        format="PDF",
        save_all=True,
        append_images=list(images[1:]),
        resolution=float(SCAN_DPI),
        title=plan.stem,
        creationDate=stamp,
        modDate=stamp,
        quality=70,
    )


def check_scan_pdf(plan: TextPlan, path: Path) -> int:
    """Check the page count and that no page has any extractable text."""
    document = pdfium.PdfDocument(path)
    try:
        count = len(document)
        chars = sum(int(document[i].get_textpage().count_chars()) for i in range(count))
    finally:
        document.close()
    low, high = plan.pages
    if not low <= count <= high or chars:
        raise RuntimeError(f"{path}: {count} pages, {chars} text characters")
    return count


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


def _write_sources(name: str, html_text: str, text: str) -> Path:
    source = SRC / f"{name}.html"
    source.write_text(html_text, encoding="utf-8")
    (TEXTS / f"{name}.txt").write_text(text, encoding="utf-8")
    return source


def build_table_plan(plan: TablePlan) -> None:
    """Notice + plan + ruled annex table, printed by Chromium."""
    name = f"{plan.stem}-{plan.split}"
    source = _write_sources(name, table_plan_html(plan), table_plan_text(plan))
    print_pdf(source, plan.out, plan.date)
    pages, broken = check_table_pdf(plan, plan.out)
    log.info(
        "%s: %s | %d tasks, %d pages, rows %s broken across pages",
        plan.out.relative_to(HERE),
        _title(plan),
        task_count(plan),
        pages,
        broken,
    )


def build_scan_plan(plan: TextPlan) -> None:
    """Print the plan, then turn every page into a scanned-looking image; no text layer."""
    name = f"{plan.stem}-{plan.split}"
    source = _write_sources(name, text_plan_html(plan), text_plan_text(plan))
    with tempfile.TemporaryDirectory(prefix="layouts-scan-") as tmp:
        printed = Path(tmp) / "printed.pdf"
        print_pdf(source, printed, plan.date)
        check_text_pdf(plan, printed)
        images = [scan_effect(p, i, plan.seed) for i, p in enumerate(rasterize(printed))]
    save_scan(images, plan.out, plan)
    pages = check_scan_pdf(plan, plan.out)
    log.info(
        "%s: %s | %d tasks, %d pages, image only",
        plan.out.relative_to(HERE),
        "".join(plan.title_lines),
        task_count(plan),
        pages,
    )


def build_text_plan(plan: TextPlan) -> None:
    """A short text PDF whose title is set on two lines."""
    name = f"{plan.stem}-{plan.split}"
    source = _write_sources(name, text_plan_html(plan), text_plan_text(plan))
    print_pdf(source, plan.out, plan.date)
    pages = check_text_pdf(plan, plan.out)
    log.info(
        "%s: %s | %d tasks, %d pages",
        plan.out.relative_to(HERE),
        " / ".join(plan.title_lines),
        task_count(plan),
        pages,
    )


def main() -> None:
    """Build every document, its HTML source and its plain-text rendering."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    started = time.perf_counter()
    SRC.mkdir(parents=True, exist_ok=True)
    TEXTS.mkdir(parents=True, exist_ok=True)
    for table_plan in (DEV_TABLE, HELDOUT_TABLE):
        build_table_plan(table_plan)
    for scan_plan in (DEV_SCAN, HELDOUT_SCAN):
        build_scan_plan(scan_plan)
    for library_plan in LIBRARY_PLANS:
        build_text_plan(library_plan)
    log.info("built in %.1f s", time.perf_counter() - started)


if __name__ == "__main__":
    main()
