"""Build six government plans set in layouts that real Chinese plans are published in.

Plans are not always a bare "一、（一）… 牵头单位：" document. They arrive wrapped in the
notice that issued them (letterhead, document number, addressees, signature, then the plan),
as 2010s work plans numbered 1. 2. 3. straight through groups (where a task title that
itself begins with digits, "12.12345政务热线……", is glued to its number), or as a Word
table of tasks written in traditional characters, with merged category rows and cells.
This script writes one development and one held-out plan of each layout:

* ``eval/layouts/plan-notice.txt`` and ``eval/layouts/heldout/plan-notice.docx``
* ``eval/layouts/plan-numbered.txt`` and ``eval/layouts/heldout/plan-numbered.txt``
* ``eval/layouts/plan-trad.docx`` and ``eval/layouts/heldout/plan-trad.docx``

and, for people writing questions about them, a plain rendering of what a reader sees in
each one under ``/tmp/layout-texts/<stem>-<dev|heldout>.txt`` (table rows as cells joined
by " | ", merged category rows on a line of their own, a vertically merged cell repeated
in each row it spans).

All content is invented. Output is deterministic: the same bytes on every run (the .docx
files get fixed core properties and fixed zip timestamps).

Run: ``python -m eval.layouts.make_text_plans``
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

log = logging.getLogger(__name__)

LAYOUTS = Path(__file__).resolve().parent
HELDOUT = LAYOUTS / "heldout"
TEXTS = Path("/tmp/layout-texts")

# python-docx objects are untyped (mypy override in pyproject.toml).
DocxObj = Any

# ---------------------------------------------------------------------------------------
# 1. A plan published inside the notice that issued it.
# ---------------------------------------------------------------------------------------

NOTICE_DEV = """\
云溪市人民政府办公室文件

云政办发〔2025〕7号

云溪市人民政府办公室关于印发《云溪市城镇老旧小区改造和背街小巷整治提升三年行动实施方案（2025—2027年）》的通知

各县（市、区）人民政府，云溪高新技术产业开发区管委会，市政府各部门、各直属机构：
《云溪市城镇老旧小区改造和背街小巷整治提升三年行动实施方案（2025—2027年）》已经市政府第四十二次常务会议研究同意，现印发给你们，请结合实际认真抓好落实。
城镇老旧小区改造和背街小巷整治是惠民生、扩内需、推进城市更新的重要抓手。各地各有关部门要把这项工作摆在突出位置，主要负责同志亲自研究部署，细化年度计划，落实资金和要素保障，确保各项任务按时保质完成。
各牵头单位要于每季度结束后5个工作日内，将任务推进情况报送市城市更新工作领导小组办公室（设在市住房和城乡建设局）。工作中遇到的重大问题，请及时向市政府报告。

云溪市人民政府办公室
2025年3月12日

（此件公开发布）

云溪市城镇老旧小区改造和背街小巷整治提升三年行动实施方案（2025—2027年）

为深入实施城市更新行动，加快补齐老旧小区和背街小巷在基础设施、公共服务、环境品质等方面的短板，持续改善群众居住条件，根据国家和省关于推进城市更新、城镇老旧小区改造的部署要求，结合我市实际，制定本方案。
一、总体目标
2025年至2027年，全市计划改造城镇老旧小区612个、涉及居民7.8万户、建筑面积646万平方米，整治背街小巷420条，到2027年底基本完成2000年底前建成且居民改造意愿强烈的老旧小区改造任务。其中，2025年改造老旧小区186个、惠及居民2.4万户，整治背街小巷150条。通过三年努力，老旧小区水电气路信等基础设施明显改善，社区养老、托育、助餐、停车等服务设施有效补齐，形成一批可复制可推广的“云溪样板”。
二、全面推进老旧小区改造提升
（一）科学编制改造计划。以2000年底前建成、失养失修失管的住宅小区为重点，全面摸清小区建成年代、房屋结构、设施短板和居民意愿，建立“一区一档”改造项目库。2025年4月底前完成全市老旧小区底数复核，每年10月底前确定下一年度改造计划并向社会公示。
牵头单位：市住房和城乡建设局
责任单位：市发展和改革委员会、市财政局、市自然资源和规划局，各县（市、区）人民政府
（二）加快地下管网更新改造。结合老旧小区改造同步实施供水、排水、燃气、供热管网更新，2025年完成老化燃气管道更新改造120公里、供水管网改造86公里。严格落实“先地下、后地上”要求，老旧小区雨污分流改造项目2025年底前全部开工，避免道路反复开挖。
牵头单位：市住房和城乡建设局
责任单位：市城市管理局、市水务局、云溪燃气集团有限公司、云溪水务集团有限公司
（三）有序推进既有住宅加装电梯。简化加装电梯审批流程，推行“一窗受理、并联审批、限时办结”，审批时限压缩至15个工作日以内。2025年全市新增既有住宅加装电梯300部，三年累计完成900部，对加装电梯项目按每部15万元标准给予财政补助。
牵头单位：市住建局
配合单位：市自然资源和规划局、市市场监督管理局、市财政局
（四）推动建筑节能和外观提升。对具备条件的老旧住宅同步实施外墙保温、门窗节能改造和屋面防水，统一规范空调外机、防盗窗和晾衣架设置。2025年完成建筑节能改造面积120万平方米，三年累计不低于350万平方米。
牵头单位：市住房和城乡建设局
责任单位：市自然资源和规划局、市城市管理局
（五）同步完善消防和安防设施。改造中同步整治消防通道堵塞、电动自行车“飞线充电”等问题，老旧小区消防车通道标识化管理实现全覆盖。2025年6月底前完成改造小区智能门禁、视频监控等智慧安防设施建设方案编制，年内建成智慧安防小区100个。
牵头单位：市公安局
责任单位：市消防救援支队、市住房和城乡建设局
三、深入开展背街小巷整治
（六）实施背街小巷“微更新”。按照“一街一策”要求，对路面破损、雨污混流、线缆杂乱的背街小巷实施系统整治，2025年完成整治150条，三年累计整治420条。每条背街小巷的整治方案须征求沿街居民和商户意见，公示时间不少于7天。
牵头单位：市城市管理局
责任单位：市住房和城乡建设局、市自然资源和规划局，各县（市、区）人民政府
（七）推进架空线缆规范整治。对背街小巷和老旧小区内杂乱架空线缆实施“清、拆、理、改”，具备条件的实施入地改造。2025年9月底前完成中心城区主要背街小巷线缆整治，全年清理废弃线缆800公里。
责任单位：市通信发展管理办公室、国网云溪供电公司、中国电信云溪分公司、中国移动云溪分公司、中国联通云溪分公司、广电网络云溪分公司
（八）提升街巷环境卫生品质。全面推行背街小巷“街巷长制”，落实门前“三包”责任，2025年底前背街小巷机械化清扫率达到85%以上。新建改建背街小巷公厕40座，全部达到二类以上标准。
牵头单位：市城管局
责任单位：各县（市、区）人民政府
（九）打造特色街巷和口袋公园。深入挖掘历史文化资源，在古城片区打造“书院巷”“盐仓街”等特色文化街巷10条，利用边角地、闲置地新建改建口袋公园30个，2025年11月底前全部建成开放。
牵头单位：市自然资源和规划局
责任单位：市城市管理局、市文化广电和旅游局
四、补齐社区服务设施短板
（十）建设社区嵌入式服务设施。以老旧小区集中片区为重点，统筹利用闲置用房和腾退空间，2025年建成社区嵌入式服务设施25个，重点提供养老托育、社区助餐、家政便民、健康服务等功能。
牵头单位：市发展和改革委员会
责任单位：市民政局、市卫生健康委员会、市商务局
（十一）完善社区老年助餐服务。在改造小区内新建改建社区老年助餐点50个，对80周岁以上老年人就餐给予每餐不低于3元的补贴。2025年6月底前出台社区老年助餐点建设运营指引。
责任单位：市民政局
（十二）增加停车和充电设施供给。通过挖潜、共享、新建等方式增加停车泊位，2025年新增老旧小区及周边停车泊位6000个，其中配建充电设施的泊位不少于1200个。推动周边机关企事业单位停车场夜间向居民错时开放。
牵头单位：市城市管理局
责任单位：市公安局、市住房和城乡建设局、国网云溪供电公司
（十三）打造便民生活圈。在改造片区同步布局便利店、菜市场、早餐店、维修点等便民商业网点，2025年新建“15分钟便民生活圈”12个，三年累计建成35个，实现中心城区老旧小区全覆盖。
牵头单位：市商务局
配合单位：市自然资源和规划局、市市场监督管理局
五、创新改造实施机制
（十四）建立多元资金共担机制。按照“居民出一点、企业投一点、政府补一点”的原则合理确定各方出资比例，居民可通过住宅专项维修资金、住房公积金等方式出资。积极争取中央预算内投资和超长期特别国债资金，2025年争取上级补助资金不少于6亿元。
牵头单位：市财政局
责任单位：市发改委、市住房和城乡建设局、市住房公积金管理中心
（十五）推行“改造+物业”长效管理。改造完成的小区同步建立物业管理机制，可采取专业化物业服务、社区托管、居民自治等方式。到2025年底，改造小区物业管理覆盖率达到90%以上，2027年底前实现全覆盖。
牵头单位：市住房和城乡建设局
责任单位：市民政局，各县（市、区）人民政府
（十六）强化工程质量和安全监管。落实建设、勘察、设计、施工、监理五方主体质量责任，推行改造项目“居民监督员”制度，每个项目聘请居民监督员不少于3名。每年12月底前对当年完工项目开展联合验收和群众满意度测评，满意度不低于90%。
牵头单位：市住房和城乡建设局
责任单位：市市场监督管理局，各县（市、区）人民政府
六、保障措施
（一）加强组织领导。市城市更新工作领导小组统筹推进全市老旧小区改造和背街小巷整治工作，领导小组办公室负责日常调度、督促指导和考核评价。各县（市、区）要建立相应工作机制，落实属地主体责任。
（二）强化资金保障。市、县两级财政按规定统筹安排老旧小区改造和背街小巷整治资金，2025年市级财政安排专项资金3.2亿元，对各县（市、区）实行“以奖代补”。
（三）压实工作责任。各牵头单位要会同责任单位制定具体推进措施，明确时间表和路线图。本方案所列任务中，未明确牵头单位的，责任单位即为牵头单位；列有多个责任单位的，排在第一位的为牵头单位。
（四）严格督查考核。将老旧小区改造和背街小巷整治工作纳入市政府重点工作督查和县（市、区）高质量发展综合考核，对工作推进滞后的，由市政府约谈有关负责同志。
"""

# The held-out notice, one block a line: TAG|text. Tags: LH letterhead, NO document number
# (red rule below), BL blank line, TT notice title line, AD addressees, P body paragraph,
# SG signature, DT date, PUB publication note, AT attachment label (new page), PT plan title,
# PT+ the plan title's next line (a line break in the same paragraph), H1 part heading,
# H2 numbered item (heading up to the first "。" set in 楷体), U unit line.
NOTICE_HELDOUT = """\
LH|潇阳市人民政府办公室文件
BL|
NO|潇政办发〔2025〕11号
BL|
TT|潇阳市人民政府办公室关于印发《潇阳市县域商业体系
TT|建设和农村寄递物流提质行动实施方案》的通知
BL|
AD|各县（市、区）人民政府，市政府各部门、各直属机构：
P|《潇阳市县域商业体系建设和农村寄递物流提质行动实施方案》已经市政府同意，现印发给你们，请认真组织实施。
P|县域商业体系和农村寄递物流是畅通城乡经济循环、促进农民增收和扩大农村消费的重要基础。各地要结合本地实际制定具体工作方案，明确年度目标和项目清单，于2025年4月30日前报市商务局备案。
P|市县域商业体系建设联席会议办公室要加强跟踪调度，每半年将实施情况汇总报市政府。
BL|
BL|
SG|潇阳市人民政府办公室
DT|2025年4月3日
BL|
PUB|（此件公开发布）
AT|附件
PT|潇阳市县域商业体系建设和农村寄递物流
PT+|提质行动实施方案
BL|
P|为加快完善县域商业网络，补齐农村寄递物流短板，推动工业品下乡和农产品进城双向流通，根据国家关于加快县域商业体系建设的有关部署，结合我市实际，制定本方案。
H1|一、工作目标
P|到2027年，全市6个县（市）全部达到县域商业“基本型”以上标准，其中3个达到“增强型”、1个达到“提升型”；县级物流配送中心实现全覆盖，乡镇商贸中心改造提升率达到90%以上，具备条件的行政村村级寄递物流综合服务站覆盖率达到100%，农村快递平均投递时限缩短至48小时以内。2025年，全市农村网络零售额增长12%以上，农产品网络零售额突破45亿元。
H1|二、健全县域商业网络
H2|（一）改造提升县城商业中心。支持每个县（市）改造升级1至2个县城综合商贸服务中心，引导大型连锁商超向县城下沉布局。2025年完成县城商业中心改造提升5个，2026年底前实现每个县（市）至少有1个达标县城商业中心。
U|牵头单位：市商务局
U|责任单位：各县（市）人民政府
H2|（二）建设乡镇商贸中心。以中心镇、重点镇为依托，新建或改造乡镇商贸中心，配套建设生鲜超市、农资店、餐饮和便民服务网点。2025年改造提升乡镇商贸中心40个，到2027年底累计改造110个。
U|牵头单位：市商务局
U|责任单位：市供销合作社、市自然资源和规划局
H2|（三）发展新型农村便民商店。推动连锁企业、供销社、邮政等市场主体对村级夫妻店进行数字化、标准化改造，统一门头标识，提供代收代缴、快递收发等便民服务。2025年改造提升农村便民商店600家。
U|责任单位：市供销合作社、市商务局、中国邮政集团有限公司潇阳市分公司
H2|（四）完善农贸市场设施。对县乡两级农贸市场实施标准化改造，重点完善冷链、检测、消防、排污设施。2025年10月底前完成农贸市场标准化改造28个。
U|牵头单位：市市场监督管理局
U|配合单位：市商务局、市住房和城乡建设局
H1|三、完善农村寄递物流体系
H2|（一）建设县级物流配送中心。每个县（市）整合邮政、快递、供销、商贸物流资源，建设或改造1个县级物流配送中心。2025年6月底前完成选址和建设方案，2025年12月底前4个县（市）建成投运，2026年底前实现全覆盖。
U|牵头单位：市交通运输局
U|责任单位：市商务局、市邮政管理局、市供销合作社
H2|（二）推进乡镇快递共同配送。推广“邮快合作”“快快合作”“交邮融合”等模式，在乡镇建设寄递物流共同配送中心。2025年乡镇快递共同配送覆盖率达到80%以上，快递进村比例达到95%以上。
U|牵头单位：市邮政管理局
U|责任单位：市交通运输局、中国邮政集团有限公司潇阳市分公司
H2|（三）加密农村客货邮融合线路。利用城乡客运班线代运邮件快件，2025年新开通客货邮融合线路30条、建设客货邮综合服务站120个，覆盖行政村1200个以上。
U|牵头单位：市交通运输局
U|配合单位：市邮政管理局、潇阳公交集团有限公司
H2|（四）补齐农产品冷链物流短板。在农产品主产区布局建设产地冷藏保鲜设施，2025年新增冷库库容5万立方米、冷藏车80辆，果蔬产后损耗率降低3个百分点。
U|牵头单位：市农业农村局
U|责任单位：市发展和改革委员会、市商务局、市供销合作社
H1|四、促进农产品上行和消费品下行
H2|（一）培育农产品网销品牌。围绕“潇阳脐橙”“白水香芋”“紫云茶油”等特色产品，2025年培育年网络销售额超千万元的区域公用品牌5个，新增“二品一标”认证农产品20个。
U|牵头单位：市农业农村局
U|责任单位：市商务局、市市场监督管理局
H2|（二）开展直播电商助农行动。建设县级电商直播基地6个，2025年培训农村电商带头人和直播人才3000人次，组织“潇阳好物”产销对接活动不少于20场。
U|牵头单位：市商务局
U|配合单位：市人力资源和社会保障局、团市委、市妇联
H2|（三）扩大农村消费品供给。鼓励家电、汽车、家居等企业开展下乡促销活动，落实消费品以旧换新政策。2025年在县乡举办汽车、家电下乡活动不少于50场，农村社会消费品零售总额增长6%以上。
U|责任单位：市商务局、市财政局，各县（市）人民政府
H1|五、培育多元商业主体
H2|（一）壮大县域商贸流通企业。支持本土商贸流通企业连锁化发展，2025年新增限额以上批发零售企业80家，培育年销售额超10亿元的县域龙头流通企业2家。
U|牵头单位：市商务局
U|责任单位：市统计局、市市场监督管理局
H2|（二）加大金融支持力度。引导金融机构创新“商户贷”“物流贷”等信贷产品，2025年全市县域商贸流通和寄递物流领域新增贷款不低于15亿元，对符合条件的项目给予贷款贴息。
U|牵头单位：市委金融办
U|责任单位：人民银行潇阳市分行、国家金融监督管理总局潇阳监管分局、市财政局
H2|（三）规范农村市场秩序。开展农村假冒伪劣食品专项整治，重点打击“山寨”食品和过期食品销售行为，2025年抽检农村食品样品不少于4000批次，问题产品核查处置率达到100%。
U|牵头单位：市市场监督管理局
U|责任单位：市公安局、市商务局、市农业农村局
H1|六、保障措施
H2|（一）加强统筹协调。建立由分管副市长任召集人的县域商业体系建设联席会议制度，联席会议办公室设在市商务局，每半年召开一次会议，协调解决重大问题。
H2|（二）强化要素保障。将县域商业和寄递物流设施用地纳入国土空间规划统筹保障，市级财政每年统筹安排资金8000万元，对重点项目给予支持。
H2|（三）压实工作责任。各牵头单位要会同责任单位、配合单位细化工作措施，每季度末向联席会议办公室报送进展情况。只列明责任单位的任务，由所列第一家责任单位牵头落实。
"""

# ---------------------------------------------------------------------------------------
# 2. 2010s work plans numbered 1. 2. 3. straight through their groups.
# ---------------------------------------------------------------------------------------

NUMBERED_DEV = """\
安澄市2016年民生实事项目工作方案
为进一步保障和改善民生，切实解决群众最关心最直接最现实的利益问题，经广泛征求意见和市政府常务会议研究，确定2016年实施医疗卫生、就业和社会保障、教育文化体育、养老助残、城乡建设、交通出行、生态环境、公共安全等8个方面40项民生实事。具体如下：
（一）医疗卫生
1.基层医疗卫生机构标准化建设。完成15个乡镇卫生院和60个村卫生室标准化改造，每个乡镇卫生院至少配备1台DR和1台彩超。（牵头单位：市卫生和计划生育委员会；参与单位：市发展和改革委员会、市财政局）
2.家庭医生签约服务。全面推行家庭医生签约服务，组建家庭医生团队320个，重点人群签约服务覆盖率达到60%以上。（责任单位：市卫生和计划生育委员会、市人力资源和社会保障局）
3.120急救站点建设。新建城区急救站点6个、乡镇急救站点10个，新购置负压救护车12辆，城区急救平均反应时间缩短至12分钟以内。（牵头单位：市卫生和计划生育委员会；参与单位：市财政局、市机构编制委员会办公室）
4.孕产妇和新生儿免费筛查。为全市孕产妇免费提供唐氏综合征产前筛查，为新生儿免费提供遗传代谢性疾病和听力筛查，全年筛查2.6万人次。（责任单位：市卫生和计划生育委员会、市财政局）
5.食品快速检测室建设。在全市农贸市场和大型超市新建食品快速检测室30个，全年完成食用农产品快速检测12万批次。（牵头单位：市食品药品监督管理局；参与单位：市商务局、市农业委员会）
（二）就业和社会保障
6.城镇新增就业。全年城镇新增就业4.2万人，城镇登记失业率控制在3.5%以内，帮助1.2万名失业人员实现再就业，其中就业困难人员3000人。（责任单位：市人力资源和社会保障局）
7.创业担保贷款扶持。发放创业担保贷款5亿元，扶持创业1600人以上，带动就业5000人。（牵头单位：市人社局；参与单位：市财政局、人民银行安澄市中心支行）
8.城乡居民基础养老金提标。城乡居民基础养老金最低标准由每人每月75元提高到85元，惠及参保老年人28万人。（牵头单位：市人力资源和社会保障局；参与单位：市财政局）
9.城乡低保提标。城市低保标准由每人每月480元提高到520元，农村低保标准由每人每年3300元提高到3600元。（责任单位：市民政局、市财政局）
10.困难群众大病救助。对城乡低保对象、特困供养人员经基本医保和大病保险报销后的个人自付费用，按不低于70%的比例给予救助，年度救助限额提高到8万元。（牵头单位：市民政局；参与单位：市人力资源和社会保障局、市卫生和计划生育委员会）
（三）教育文化体育
11.24小时自助图书馆建设。在城区人流密集区域建设24小时自助图书馆8座，每座藏书不少于3000册，实现与市图书馆通借通还。（牵头单位：市文化广电新闻出版局；参与单位：市财政局、各区人民政府）
12.公办幼儿园建设。新建、改扩建公办幼儿园18所，新增学位5400个，公办幼儿园在园幼儿占比提高到50%。（牵头单位：市教育局；参与单位：市发展和改革委员会、市城乡规划局、市国土资源局）
13.农村义务教育学校薄弱环节改造。完成42所农村义务教育学校校舍、运动场和食堂改造，新建学生宿舍1.8万平方米。（责任单位：市教育局、市财政局）
14.农村学生营养改善计划。为农村义务教育阶段学生提供营养膳食补助，每生每天4元，惠及学生6.5万人。（责任单位：市教育局、市财政局、市食品药品监督管理局）
15.送戏送电影下乡。全年送戏下乡600场，放映农村公益电影2.1万场，实现每村每月放映1场。（责任单位：市文化广电新闻出版局）
16.农家书屋提质。为全市1300个农家书屋补充更新图书、报刊和音像制品，每个书屋新增图书不少于100册。（牵头单位：市文化广电新闻出版局；参与单位：市财政局）
17.15分钟健身圈建设。新建社区多功能运动场40个、健身路径120条，城区基本形成15分钟健身圈。（牵头单位：市体育局；参与单位：市城乡规划局、市住房和城乡建设委员会、各区人民政府）
（四）养老助残
18.居家养老服务中心建设。新建城市社区居家养老服务中心30个、农村幸福院50个。（牵头单位：市民政局；参与单位：市财政局、市住房和城乡建设委员会）
19.高龄津贴发放。为80周岁以上老年人发放高龄津贴，80至89周岁每人每月50元，90至99周岁每人每月100元，100周岁以上每人每月300元。（责任单位：市民政局、市财政局）
20.65岁以上老年人健康管理。为65岁以上老年人免费开展健康体检和健康评估，全年体检12万人，老年人健康管理率达到70%。（牵头单位：市卫计委；参与单位：市民政局）
21.残疾儿童康复救助。为1200名0至6岁残疾儿童提供康复训练补助，为2000名贫困残疾人适配辅助器具。（牵头单位：市残疾人联合会；参与单位：市民政局、市卫生和计划生育委员会）
22.贫困残疾人家庭无障碍改造。为500户贫困残疾人家庭实施无障碍改造，每户补助不超过6000元。（责任单位：市残疾人联合会、市住房和城乡建设委员会）
（五）城乡建设
23.棚户区改造。开工建设棚户区改造安置住房8600套，基本建成6200套，完成1.5万户棚户区居民征收补偿工作。（牵头单位：市住房和城乡建设委员会；参与单位：市国土资源局、市城乡规划局、各区人民政府）
24.老旧小区综合整治。完成45个老旧小区综合整治，涉及居民1.1万户，重点解决屋面漏水、道路破损、管网老化等问题。（牵头单位：市住房和城乡建设委员会；参与单位：市城市管理行政执法局、各区人民政府）
25.农村危房改造。完成农村危房改造2400户，优先解决建档立卡贫困户、低保户、分散供养特困人员和贫困残疾人家庭的住房安全问题。（牵头单位：市住房和城乡建设委员会；参与单位：市民政局、市扶贫开发办公室、市残疾人联合会）
26.12319城建服务热线整合。将城管、市政、园林、供水、燃气等8条服务热线整合至12319城建服务热线，实行24小时受理，群众诉求办结率达到95%以上。（牵头单位：市城市管理行政执法局；参与单位：市住房和城乡建设委员会、市水务局）
27.城市道路和背街小巷改造。改造城区道路12条、背街小巷60条，打通断头路5条、总长2.3公里。（责任单位：市住房和城乡建设委员会、市城市管理行政执法局）
28.城市公厕建设。新建改建城市公厕80座，实现主城区步行5分钟范围内有公厕。（责任单位：市城管执法局、各区人民政府）
（六）交通出行
29.公交线网优化。新开和优化调整公交线路15条，新增和更新新能源公交车200辆，城区公交站点500米覆盖率达到90%。（牵头单位：市交通运输局；参与单位：市公安局、市财政局）
30.公共自行车系统扩容。新增公共自行车站点100个、自行车3000辆，累计建成站点400个。（牵头单位：市交通运输局；参与单位：市城市管理行政执法局、市城乡规划局）
31.农村公路建设。新改建农村公路300公里，完成县乡道危桥改造25座，具备条件的建制村通客车率达到100%。（责任单位：市交通运输局）
32.停车设施建设。新建公共停车场12个，新增停车泊位4500个，在医院、学校、商圈周边设置临时停车泊位1000个。（牵头单位：市城乡规划局；参与单位：市公安局、市住房和城乡建设委员会、市城市管理行政执法局）
（七）生态环境
33.黄标车和老旧车辆淘汰。全年淘汰黄标车和老旧车辆6800辆，城区PM2.5年均浓度较2015年下降5%。（牵头单位：市环境保护局；参与单位：市公安局、市商务局）
34.城市污水管网建设。新建改造城市污水管网45公里，城市生活污水集中处理率达到92%。（牵头单位：市住房和城乡建设委员会；参与单位：市水务局）
35.农村饮水安全巩固提升。新建和改造农村集中供水工程40处，解决11.6万农村居民饮水安全问题。（责任单位：市水务局）
36.城乡绿化。新增城市绿地160公顷，建成街头游园20个，完成植树造林3.5万亩。（牵头单位：市林业局；参与单位：市住房和城乡建设委员会、市城市管理行政执法局）
（八）公共安全
37.城乡视频监控建设。新建高清视频监控点位3000个，实现城区主要街道、重点部位和乡镇（街道）政府所在地全覆盖。（牵头单位：市公安局；参与单位：市财政局、各区人民政府）
38.110社会联动服务。将水电气暖、城管、民政等32家单位纳入110社会联动体系，非警务类求助分流处置率达到100%。（牵头单位：市公安局；参与单位：市城市管理行政执法局、市民政局、市住房和城乡建设委员会）
39.校车安全保障。新增标准化校车120辆，农村中小学生乘坐标准化校车比例达到85%。（牵头单位：市教育局；参与单位：市公安局、市交通运输局）
40.消防安全设施建设。新建小型消防站4个，为城区老旧小区增设室外消火栓600个，实现乡镇专职消防队全覆盖。（牵头单位：市公安消防支队；参与单位：市住房和城乡建设委员会、市水务局）
各责任单位要按照本方案要求，细化工作措施，明确完成时限，于2016年3月底前将具体实施计划报市政府督查室。牵头单位负责组织协调，参与单位要积极配合，形成工作合力。
市政府将民生实事项目完成情况纳入年度目标考核，每季度通报一次进展情况，年底组织人大代表、政协委员和群众代表进行评议。
"""

# Published as copied from a web page: every line but the title is indented with two
# ideographic spaces (added when the file is written).
NUMBERED_HELDOUT = """\
宜陵市2018年新型智慧城市建设工作方案
为加快推进新型智慧城市建设，提升城市治理和公共服务智能化水平，根据《宜陵市新型智慧城市建设总体规划（2017—2020年）》，制定本方案。2018年全市计划实施信息基础设施、智慧政务、智慧治理、智慧民生、智慧产业5个方面38项重点任务，具体如下：
（一）信息基础设施
1.光纤宽带网络提速。推进城区光纤到户改造，新增光纤入户3.4万户，城区家庭宽带接入能力普遍达到100Mbps以上，农村地区达到50Mbps以上。（牵头单位：市经济和信息化委员会；参与单位：市通信发展管理办公室、中国电信宜陵分公司、中国移动宜陵分公司、中国联通宜陵分公司）
2.公共场所免费无线网络覆盖。在市民中心、火车站、汽车客运站、三甲医院、主要景区等120处公共场所实现免费WiFi覆盖。（牵头单位：市经济和信息化委员会；参与单位：市旅游发展委员会、市交通运输局、市卫生和计划生育委员会）
3.电子政务外网升级。完成市级电子政务外网核心节点扩容，带宽提升至10Gbps，实现市、县、乡、村四级全覆盖，接入单位达到1860家。（责任单位：市电子政务办公室）
4.4G网络深度覆盖。新建4G基站650个，重点解决城区地下空间、高层楼宇和农村偏远地区信号盲区，4G网络行政村覆盖率达到100%。（牵头单位：市通信发展管理办公室；参与单位：市国土资源局、市规划局、市住房和城乡建设局）
5.城市地下综合管廊建设。结合新区道路建设推进城市地下综合管廊建设，全年建成管廊6.2公里，同步敷设通信管线和感知设备。（牵头单位：市住房和城乡建设局；参与单位：市规划局、市通信发展管理办公室）
6.物联网感知设施布设。在主城区道路、桥梁、井盖、消火栓等城市部件布设物联网感知终端2万个，全部接入城市物联网统一管理平台。（牵头单位：市经济和信息化委员会；参与单位：市城市管理局、市公安局）
7.5G试验网建设。支持基础电信企业在高新区、市民中心等区域开展5G试验网建设，年内建成5G试验基站30个，开展车联网、高清视频等应用试点。（牵头单位：市经济和信息化委员会；参与单位：市通信发展管理办公室、宜陵高新技术产业开发区管委会）
8.政务云平台扩容。市政务云平台新增计算资源2000核、存储容量1PB，市级部门非涉密业务系统迁移上云率达到80%。（责任单位：市电子政务办公室、市财政局）
（二）智慧政务
9.“互联网+政务服务”平台建设。完善市网上政务服务大厅，市级行政审批事项网上可办率达到90%以上，“最多跑一次”事项占比达到80%。（牵头单位：市政务服务管理办公室；参与单位：市编办、市法制办）
10.政务信息资源共享交换。建成市政务信息资源共享交换平台，编制政务信息资源目录，年内实现45个市级部门1200类数据共享。（牵头单位：市经信委；参与单位：市级各部门）
11.基础数据库建设。完善人口、法人单位、自然资源和空间地理、宏观经济四大基础数据库，人口库数据准确率达到98%以上。（牵头单位：市经济和信息化委员会；参与单位：市公安局、市工商行政管理局、市国土资源局、市统计局）
12.12345政务服务热线整合。将全市38条政务服务热线整合并入12345热线，实行“一号对外、统一受理、按责转办、限时办结”，热线接通率达到95%以上。（牵头单位：市政府办公室；参与单位：市政务服务管理办公室、市级各相关部门）
13.电子证照库建设。建设全市统一电子证照库，年内归集营业执照、身份证、户口簿等高频证照60类，在政务服务中共享应用。（牵头单位：市政务服务管理办公室；参与单位：市公安局、市工商行政管理局）
14.公共资源交易全流程电子化。全面推行工程建设、政府采购、土地和矿业权出让等公共资源交易全流程电子化，电子化交易率达到100%。（责任单位：市公共资源交易中心）
15.社会信用信息平台建设。完善市公共信用信息平台，归集各类信用信息800万条，实现与省平台互联互通，在行政审批、政府采购等领域全面实行信用核查。（牵头单位：市发展和改革委员会；参与单位：人民银行宜陵市中心支行、市工商行政管理局）
16.政务服务移动端上线。开发“宜陵通”政务服务APP，上线社保、公积金、不动产、交通违法处理等便民服务事项150项。（牵头单位：市政务服务管理办公室；参与单位：市人力资源和社会保障局、市住房公积金管理中心、市国土资源局、市公安局）
（三）智慧治理
17.城市综合管理服务平台升级。升级数字化城市管理平台，将网格化管理由主城区拓展到3个县城，城市管理问题按期结案率达到95%。（牵头单位：市城市管理局；参与单位：各县人民政府）
18.“雪亮工程”建设。新建公共视频监控点位5000个，完成已有8000个点位高清化改造，重点公共区域视频监控覆盖率和联网率均达到100%。（牵头单位：市公安局；参与单位：市委政法委、市财政局）
19.智能交通信号控制。对城区120个路口信号灯实施智能化改造，在10条主干道实现“绿波带”协调控制，高峰时段平均通行速度提升10%。（牵头单位：市公安局；参与单位：市交通运输局、市城市管理局）
20.智慧环保监测。建设大气环境网格化监测系统，新增空气质量微型监测站150个，实现重点污染源在线监测全覆盖。（责任单位：市环境保护局）
21.110、119、120应急联动平台建设。整合公安、消防、急救等应急指挥资源，建设市级应急联动指挥平台，实现“三台合一”、统一调度，应急事件平均响应时间缩短20%。（牵头单位：市公安局；参与单位：市公安消防支队、市卫生和计划生育委员会、市安全生产监督管理局）
22.智慧水务建设。建设城市供水管网压力、水质在线监测系统，供水管网漏损率降低到12%以内，在城区易涝点布设积水监测设备60套。（牵头单位：市水务局；参与单位：宜陵水务集团有限公司）
23.建筑工地智慧监管。在全市在建房屋建筑和市政工程工地推广扬尘在线监测、视频监控和实名制考勤系统，覆盖率达到90%。（牵头单位：市住房和城乡建设局；参与单位：市环境保护局、市人力资源和社会保障局）
24.食品药品智慧监管。推进“明厨亮灶”工程，全市学校食堂和大中型餐饮单位“互联网+明厨亮灶”覆盖率达到80%，建设药品零售企业远程监管系统。（责任单位：市食品药品监督管理局、市教育局）
25.智慧社区建设。在主城区建成智慧社区示范点40个，推行“一格一员”，网格事件处置率达到98%。（牵头单位：市民政局；参与单位：市委政法委、各区人民政府）
（四）智慧民生
26.智慧医疗建设。建成市全民健康信息平台，实现全市二级以上医院电子病历共享调阅，推广分时段预约诊疗，预约诊疗率达到50%。（牵头单位：市卫生和计划生育委员会；参与单位：市人力资源和社会保障局）
27.居民电子健康卡应用。发放居民电子健康卡50万张，实现全市二级以上公立医院和社区卫生服务中心“一卡通用”。（责任单位：市卫计委）
28.智慧教育建设。推进“宽带网络校校通、优质资源班班通、网络学习空间人人通”，全市中小学数字化校园建设达标率达到85%，建设智慧教室300间。（牵头单位：市教育局；参与单位：市财政局）
29.社会保障卡一卡通。新发放金融社会保障卡60万张，推动社会保障卡在就医结算、公共交通、图书借阅等领域应用。（牵头单位：市人力资源和社会保障局；参与单位：市交通运输局、市文化广电新闻出版局）
30.智慧停车系统建设。建设市级智慧停车管理平台，接入城区公共停车场和道路停车泊位2.6万个，实现车位查询、预约和无感支付。（牵头单位：市城市管理局；参与单位：市公安局、市交通运输局）
31.智慧公交建设。全市公交车辆全部安装智能调度终端，建成电子站牌200块，实现公交“一码通乘”。（牵头单位：市交通运输局；参与单位：宜陵公交集团有限公司）
32.智慧旅游建设。建设全域旅游智慧服务平台，全市4A级以上景区实现在线预订、电子票务和客流实时监测全覆盖。（牵头单位：市旅游发展委员会）
33.智慧养老服务。建设市级居家养老服务信息平台，为5000名空巢、独居老人配备智能呼叫终端，提供紧急救助、生活照料等服务。（牵头单位：市民政局；参与单位：市卫生和计划生育委员会、市财政局）
（五）智慧产业
34.大数据产业园建设。加快宜陵大数据产业园二期建设，年内新入驻大数据企业40家，产业园主营业务收入突破30亿元。（牵头单位：宜陵高新技术产业开发区管委会；参与单位：市发展和改革委员会、市经济和信息化委员会）
35.3D打印创新中心建设。依托本地装备制造企业和高校，建设市级3D打印创新中心，年内引进增材制造企业5家，建成公共服务平台1个。（牵头单位：市科学技术局；参与单位：市经济和信息化委员会、宜陵理工学院）
36.工业互联网应用推广。实施“企业上云”行动，全年新增上云企业1000家，培育智能制造示范企业20家、数字化车间30个。（牵头单位：市经济和信息化委员会）
37.电子商务发展。新建县级电子商务公共服务中心3个、村级电商服务站300个，全年电子商务交易额增长25%以上。（牵头单位：市商务局；参与单位：市农业委员会、市邮政管理局）
38.智慧城市标准和安全体系建设。制定数据共享、物联网感知设施等智慧城市地方标准5项，开展关键信息基础设施网络安全检查，重要信息系统等级保护测评率达到100%。（牵头单位：市经济和信息化委员会；参与单位：市质量技术监督局、市公安局、市委网信办）
各牵头单位要会同参与单位制定具体实施计划，明确进度安排，于2018年4月15日前报市智慧城市建设领导小组办公室（设在市经济和信息化委员会）。
市智慧城市建设领导小组办公室每季度对任务推进情况进行调度通报，年底组织考核评估，考核结果纳入市直部门年度绩效考评。
"""

# ---------------------------------------------------------------------------------------
# 3. Plans in traditional characters whose tasks are a Word table.
# Rows: cells separated by "|"; a line starting with "#" is a category row merged across
# the table; a cell "^" is merged vertically with the cell above it.
# ---------------------------------------------------------------------------------------

TRAD_DEV_ROWS = """\
#一、提升政務服務效能
1|深化「高效辦成一件事」改革，年內推出企業開辦、項目開工、員工招聘等重點事項「一件事」套餐30項，平均減少辦事環節60%以上。|李華秘書長|市政務服務和數據管理局、市市場監督管理局、市人力資源和社會保障局|2025年12月底前
2|推行政務服務「一網通辦」，依申請政務服務事項網上可辦率穩定在98%以上，全程網辦率達到85%。|李華秘書長|市政務服務和數據管理局|長期堅持
3|深化工程建設項目審批制度改革，一般社會投資項目從立項到取得施工許可審批時間壓縮至30個工作日以內，全面推行「拿地即開工」。|王明副市長|市住房和城鄉建設局、市自然資源和規劃局、市發展和改革委員會|2025年6月底前
4|優化不動產登記服務，一般登記、抵押登記業務1個工作日內辦結，新建商品房「交房即交證」覆蓋率達到90%以上。|王明副市長|市自然資源和規劃局、市稅務局|年內
5|建立12345熱線涉企訴求快速響應機制，企業訴求按時辦結率達到98%，滿意率達到95%以上。|李華秘書長|市政務服務和數據管理局|長期堅持
6|開展「政策找企業」行動，依託「嘉澤惠企通」平台實現惠企政策「免申即享」事項不少於50項，全年兌現惠企資金不低於8億元。|周立群常務副市長|市發改委、市財政局、市工業和信息化局|2025年9月底前
#二、優化市場准入和監管環境
7|全面落實市場准入負面清單制度，清理妨礙統一市場和公平競爭的政策措施，完成存量政策文件審查100%。|周立群常務副市長|市發展和改革委員會、市市場監督管理局、市司法局|2025年10月底前
8|推行「綜合查一次」聯合檢查，跨部門聯合抽查比例提高到40%以上，對守信企業「無事不擾」，涉企現場檢查頻次同比下降30%。|陳曉紅副市長|市市場監督管理局、市司法局|2025年11月底前
9|推廣包容審慎監管，動態調整輕微違法行為不予行政處罰和減輕處罰事項清單，清單覆蓋領域擴展到20個以上。|陳曉紅副市長|市司法局、市市場監督管理局、市生態環境局|2025年8月底前
10|加強企業信用修復服務，推行信用修復「一口受理、協同辦理」，信用修復平均辦理時間壓縮至3個工作日。|周立群常務副市長|市發展和改革委員會、人民銀行嘉澤市分行|年內
11|開展涉企違規收費專項整治，重點整治水電氣暖、行業協會商會、中介機構違規收費行為，全年為企業減負不少於1.2億元。|陳曉紅副市長|市市場監督管理局、市發改委、市民政局|2025年12月底前
#三、強化要素保障和企業服務
12|保障重點項目用地需求，新增工業用地全部按「標準地」出讓，年內盤活閒置低效用地3000畝。|王明副市長|市自然資源和規劃局、市工業和信息化局|2025年12月底前
13|緩解企業融資難融資貴，普惠小微貸款餘額增速不低於各項貸款增速，新增首貸戶2000戶，政府性融資擔保年化擔保費率降至1%以下。|周立群常務副市長|市委金融辦、人民銀行嘉澤市分行、市財政局|長期堅持
14|優化水電氣報裝服務，低壓小微企業用電報裝實現「零上門、零審批、零投資」，用水、用氣報裝時間分別壓縮至3個和4個工作日以內。|王明副市長|市城市管理局、國網嘉澤供電公司、嘉澤水務集團有限公司|2025年6月底前
15|強化人才和用工保障，舉辦「嘉聚英才」春風行動等招聘活動100場以上，全年新增技能人才1.5萬人。|趙永剛副市長|市人力資源和社會保障局、市教育局|年內
16|健全常態化政企溝通機制，每季度召開1次企業家座談會，落實市級領導聯繫重點企業制度，企業反映問題辦結率達到95%以上。|李華秘書長|市工業和信息化局、市工商業聯合會|長期堅持
17|依法保護企業合法權益，開展拖欠企業賬款專項清理，2025年6月底前完成無分歧欠款清償，建立防止拖欠企業賬款長效機制。|周立群常務副市長、王明副市長|市工業和信息化局、市財政局、市國資委|2025年6月底前
"""

TRAD_HELDOUT_ROWS = """\
1|豐富夜間文旅消費|打造「溪岸夜巷」等夜間文旅消費集聚區5個，重點景區延長開放時間至22時，全年舉辦夜間演藝、市集活動不少於200場。|市文化廣電和旅遊局|市商務局、市城市管理局、市公安局|2025年9月底前|鄭雅琴副市長
2|推進景區提質升級|支持青螺山景區創建國家5A級旅遊景區，年內完成遊客中心、智慧導覽系統和停車場改造，新增3A級以上景區4家。|市文化廣電和旅遊局|市自然資源和規劃局、市交通運輸局、青螺山景區管委會|2025年12月底前|鄭雅琴副市長
3|發放文旅消費券|統籌市級資金1500萬元，分批次發放文旅消費券，重點向住宿、演出、景區門票傾斜，帶動文旅消費不少於1.5億元。|市文化廣電和旅遊局|市財政局、市商務局|2025年10月底前|鄭雅琴副市長
4|培育體育賽事經濟|舉辦臨溪馬拉松、環青螺湖自行車賽、鄉村籃球邀請賽等體育賽事20項以上，帶動賽事綜合消費3億元。|市體育局|市文化廣電和旅遊局、市公安局、市衛生健康委員會|2025年11月底前|黃海濤副市長
5|擴大非遺和文創產品供給|建設非遺工坊15個，開發「臨溪有禮」文創產品200款以上，在重點景區和交通樞紐設立文創產品銷售專櫃30個。|市文化廣電和旅遊局|市商務局、市交通運輸局|年內|鄭雅琴副市長
6|提升住宿餐飲品質|新增星級酒店和品牌連鎖酒店8家，培育等級民宿50家，評選「臨溪名菜」「臨溪名小吃」各20道。|市商務局|市文化廣電和旅遊局、市市場監督管理局|2025年12月底前|孫立新副市長
7|建設特色消費街區|改造提升老城區步行街、美食街等特色街區6條，完成「古渡口」歷史文化街區商業業態佈局。|^|市住房和城鄉建設局、市自然資源和規劃局|2025年8月底前|孫立新副市長
8|推動鄉村旅遊發展|打造鄉村旅遊精品線路10條，創建省級鄉村旅遊重點村6個，支持農家樂提檔升級，全年鄉村旅遊接待遊客增長15%。|市農業農村局|市文化廣電和旅遊局，各縣（市、區）人民政府|年內|黃海濤副市長
9|完善旅遊交通接駁|開通高鐵站至主要景區旅遊直通車線路8條，在青螺山、臨溪古城等景區新增停車泊位2000個。|市交通運輸局|市公安局、市文化廣電和旅遊局|2025年7月底前|孫立新副市長
10|優化入境旅遊支付服務|在主要景區、酒店和商圈推廣境外銀行卡受理和移動支付，年內改造外卡受理商戶500戶，主要景區實現中英文標識全覆蓋。|人民銀行臨溪市分行|市商務局、市文化廣電和旅遊局、市外事辦|2025年9月底前|孫立新副市長
11|落實帶薪休假制度|鼓勵機關、企事業單位安排職工錯峰休假，探索實施中小學春秋假，春秋假期間全市A級景區對學生實行門票減免。|市人力資源和社會保障局|市教育局、市總工會、市文化廣電和旅遊局|長期堅持|黃海濤副市長
12|加強文旅市場監管|開展文旅市場「清風」專項整治，重點查處不合理低價遊、強迫購物等行為，旅遊投訴按時辦結率達到100%。|市文化廣電和旅遊局|市市場監督管理局、市公安局|長期堅持|鄭雅琴副市長
13|加大金融支持力度|鼓勵銀行機構開發「文旅貸」產品，全年新增文旅企業貸款5億元，對符合條件的貸款給予年化1個百分點貼息。|市委金融辦|人民銀行臨溪市分行、市財政局、市文化廣電和旅遊局|2025年12月底前|孫立新副市長
14|強化文旅宣傳推廣|在長三角、珠三角等重點客源地開展「山水臨溪」城市形象推介活動不少於12場，全年接待遊客突破4500萬人次。|市文化廣電和旅遊局|市委宣傳部、市融媒體中心|年內|鄭雅琴副市長
"""


@dataclass(frozen=True)
class TablePlan:
    """A plan whose tasks are a Word table: title, preamble and rows."""

    title: str
    preamble: str
    header: tuple[str, ...]
    rows: str
    widths_cm: tuple[float, ...]
    author: str
    when: datetime
    landscape: bool


TRAD_DEV = TablePlan(
    title="嘉澤市2025年優化營商環境重點任務分工方案",
    preamble=(
        "為深入貫徹國家和省關於持續優化營商環境的決策部署，加快打造市場化、法治化、"
        "國際化一流營商環境，經市政府研究同意，現將2025年全市優化營商環境重點任務分工如下。"
        "各責任單位要對照任務清單細化工作舉措，每季度末將推進情況報送市優化營商環境工作"
        "領導小組辦公室。責任單位有多個的，排在第一位的為牽頭單位。"
    ),
    header=("序號", "工作任務", "牽頭領導", "責任單位", "完成時限"),
    rows=TRAD_DEV_ROWS,
    widths_cm=(1.2, 7.0, 2.4, 3.8, 2.2),
    author="嘉澤市人民政府辦公室",
    when=datetime(2025, 2, 20, 9, 30, 0),
    landscape=False,
)

TRAD_HELDOUT = TablePlan(
    title="臨溪市促進文化和旅遊消費若干措施重點任務分工方案",
    preamble=(
        "為推動《臨溪市促進文化和旅遊消費若干措施》落地見效，現將重點任務分解如下。"
        "各牽頭單位要會同配合單位制定具體工作計劃，每月25日前將上月進展情況報送市文化廣電"
        "和旅遊局，由市文化廣電和旅遊局匯總後報分管市領導。"
    ),
    header=("序號", "重點任務", "具體措施", "牽頭單位", "配合單位", "完成時限", "分管領導"),
    rows=TRAD_HELDOUT_ROWS,
    widths_cm=(1.2, 3.0, 9.0, 3.0, 4.6, 2.4, 2.4),
    author="臨溪市文化廣電和旅遊局",
    when=datetime(2025, 5, 8, 10, 0, 0),
    landscape=True,
)

# ---------------------------------------------------------------------------------------
# Writing.
# ---------------------------------------------------------------------------------------

ZIP_TIME = (2025, 1, 1, 0, 0, 0)
RED = RGBColor(0xE6, 0x00, 0x12)
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
BODY_PT = 16.0


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    log.info("wrote %s", path)


def _style_run(
    run: DocxObj, font: str, size: float, *, bold: bool = False, red: bool = False
) -> None:
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    if red:
        run.font.color.rgb = RED
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _paragraph(doc: DocxObj, *, align: Any = None, indent: bool = False) -> DocxObj:
    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if align is not None:
        para.alignment = align
    if indent:
        fmt.first_line_indent = Pt(BODY_PT * 2)
    return para


def _red_rule_below(para: DocxObj) -> None:
    """The red rule of a 红头 document, drawn as the paragraph's bottom border."""
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6")):
        bottom.set(qn(key), value)
    bottom.set(qn("w:color"), "E60012")
    borders.append(bottom)
    ppr.append(borders)


def _fix_core(doc: DocxObj, title: str, author: str, when: datetime) -> None:
    core = doc.core_properties
    core.title = title
    core.author = author
    core.last_modified_by = author
    core.created = when
    core.modified = when
    core.revision = 1
    core.comments = ""
    core.keywords = ""
    core.subject = ""
    core.category = ""


def _save_docx(doc: DocxObj, path: Path) -> None:
    """Save with fixed zip timestamps so that every run writes the same bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    log.info("wrote %s", path)


def _a4(doc: DocxObj, *, landscape: bool, margins_cm: tuple[float, float, float, float]) -> None:
    section = doc.sections[0]
    short, long_ = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long_, short
    else:
        section.page_width, section.page_height = short, long_
    top, bottom, left, right = margins_cm
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)


# --- the held-out notice (.docx) --------------------------------------------------------


def _centred(doc: DocxObj, text: str, font: str, size: float, *, red: bool = False) -> DocxObj:
    para = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style_run(para.add_run(text), font, size, red=red)
    return para


def _body(doc: DocxObj, text: str) -> None:
    _style_run(_paragraph(doc, indent=True).add_run(text), FANGSONG, BODY_PT)


def _blank(doc: DocxObj, text: str) -> None:
    _paragraph(doc).add_run(text)


def _letterhead(doc: DocxObj, text: str) -> None:
    para = _centred(doc, text, XIAOBIAOSONG, 36.0, red=True)
    para.paragraph_format.line_spacing = Pt(56)


def _doc_number(doc: DocxObj, text: str) -> None:
    _red_rule_below(_centred(doc, text, FANGSONG, BODY_PT))


def _notice_title(doc: DocxObj, text: str) -> None:
    para = _centred(doc, text, XIAOBIAOSONG, 22.0)
    para.paragraph_format.line_spacing = Pt(36)


def _addressees(doc: DocxObj, text: str) -> None:
    _style_run(_paragraph(doc).add_run(text), FANGSONG, BODY_PT)


def _right(doc: DocxObj, text: str) -> None:
    para = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para.paragraph_format.right_indent = Pt(BODY_PT * 4)
    _style_run(para.add_run(text), FANGSONG, BODY_PT)


def _attachment(doc: DocxObj, text: str) -> None:
    para = _paragraph(doc)
    para.paragraph_format.page_break_before = True
    _style_run(para.add_run(text), HEITI, BODY_PT)


def _plan_title(doc: DocxObj, text: str) -> None:
    para = _centred(doc, text, XIAOBIAOSONG, 22.0)
    para.paragraph_format.line_spacing = Pt(36)
    para.paragraph_format.space_before = Pt(12)


def _plan_title_next(doc: DocxObj, text: str) -> None:
    run = doc.paragraphs[-1].add_run()
    run.add_break()
    run.add_text(text)
    _style_run(run, XIAOBIAOSONG, 22.0)


def _part_heading(doc: DocxObj, text: str) -> None:
    _style_run(_paragraph(doc, indent=True).add_run(text), HEITI, BODY_PT)


def _item(doc: DocxObj, text: str) -> None:
    head, sep, rest = text.partition("。")
    para = _paragraph(doc, indent=True)
    _style_run(para.add_run(head + sep), KAITI, BODY_PT, bold=True)
    if rest:
        _style_run(para.add_run(rest), FANGSONG, BODY_PT)


NOTICE_HANDLERS: dict[str, Callable[[DocxObj, str], None]] = {
    "LH": _letterhead,
    "NO": _doc_number,
    "BL": _blank,
    "TT": _notice_title,
    "AD": _addressees,
    "P": _body,
    "SG": _right,
    "DT": _right,
    "PUB": _body,
    "AT": _attachment,
    "PT": _plan_title,
    "PT+": _plan_title_next,
    "H1": _part_heading,
    "H2": _item,
    "U": _body,
}


def _notice_blocks(source: str) -> list[tuple[str, str]]:
    blocks = []
    for line in source.splitlines():
        tag, _, text = line.partition("|")
        if tag not in NOTICE_HANDLERS:
            raise ValueError(f"unknown block tag {tag!r} in line {line!r}")
        blocks.append((tag, text))
    return blocks


def build_notice_docx(path: Path) -> str:
    """Write the held-out notice-wrapped plan; return what a reader sees, line by line."""
    blocks = _notice_blocks(NOTICE_HELDOUT)
    doc = Document()
    _a4(doc, landscape=False, margins_cm=(3.7, 3.5, 2.8, 2.6))
    # Document() starts with no paragraphs; every block adds or extends one.
    for tag, text in blocks:
        NOTICE_HANDLERS[tag](doc, text)
    title = "".join(text for tag, text in blocks if tag == "TT")
    _fix_core(doc, title, "潇阳市人民政府办公室", datetime(2025, 4, 3, 16, 20, 0))
    _save_docx(doc, path)
    return "".join(text + "\n" for _, text in blocks)


# --- the traditional-character tables (.docx) -------------------------------------------


@dataclass(frozen=True)
class Row:
    """A table row: a category heading merged across the table, or the task cells."""

    category: str | None
    cells: tuple[str, ...]


def _table_rows(plan: TablePlan) -> list[Row]:
    rows = []
    for line in plan.rows.splitlines():
        if line.startswith("#"):
            rows.append(Row(category=line[1:], cells=()))
            continue
        cells = tuple(line.split("|"))
        if len(cells) != len(plan.header):
            raise ValueError(f"row has {len(cells)} cells, header {len(plan.header)}: {line}")
        rows.append(Row(category=None, cells=cells))
    return rows


def _cell_text(cell: DocxObj, text: str, *, bold: bool = False, centre: bool = False) -> None:
    para = cell.paragraphs[0]
    if centre:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _style_run(para.add_run(text), "新細明體", 10.5, bold=bold)


def _mark_header(row: DocxObj) -> None:
    """Repeat the header row at the top of every page, as Word's own option does."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _fill_table(table: DocxObj, plan: TablePlan, rows: list[Row]) -> None:
    for col, name in enumerate(plan.header):
        _cell_text(table.cell(0, col), name, bold=True, centre=True)
    for index, row in enumerate(rows, start=1):
        cells = table.rows[index].cells
        if row.category is not None:
            merged = cells[0].merge(cells[-1])
            _cell_text(merged, row.category, bold=True)
            continue
        for col, text in enumerate(row.cells):
            if text == "^":
                table.cell(index - 1, col).merge(table.cell(index, col))
                continue
            _cell_text(cells[col], text, centre=col == 0)


def _render_table(plan: TablePlan, rows: list[Row]) -> str:
    lines = [plan.title, "", plan.preamble, "", " | ".join(plan.header)]
    previous: tuple[str, ...] = ()
    for row in rows:
        if row.category is not None:
            lines.append(row.category)
            continue
        cells = tuple(previous[col] if text == "^" else text for col, text in enumerate(row.cells))
        lines.append(" | ".join(cells))
        previous = cells
    return "\n".join(lines) + "\n"


def build_table_docx(plan: TablePlan, path: Path) -> str:
    """Write a traditional-character table plan; return what a reader sees, line by line."""
    rows = _table_rows(plan)
    doc = Document()
    _a4(doc, landscape=plan.landscape, margins_cm=(2.5, 2.5, 2.0, 2.0))
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    _style_run(title.add_run(plan.title), "標楷體", 18.0, bold=True)
    preamble = doc.add_paragraph()
    preamble.paragraph_format.first_line_indent = Pt(24)
    preamble.paragraph_format.space_after = Pt(6)
    _style_run(preamble.add_run(plan.preamble), "新細明體", 12.0)
    table = doc.add_table(rows=len(rows) + 1, cols=len(plan.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, width in enumerate(plan.widths_cm):
        for cell in table.columns[col].cells:
            cell.width = Cm(width)
    _mark_header(table.rows[0])
    _fill_table(table, plan, rows)
    _fix_core(doc, plan.title, plan.author, plan.when)
    _save_docx(doc, path)
    return _render_table(plan, rows)


# --- main -----------------------------------------------------------------------------


def _indented(text: str) -> str:
    """Every line but the first (the title) indented by two ideographic spaces."""
    title, _, rest = text.partition("\n")
    return title + "\n" + "".join("\u3000\u3000" + line + "\n" for line in rest.splitlines())


def main() -> None:
    """Write the six plans and their readings."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    numbered_heldout = _indented(NUMBERED_HELDOUT)
    readings = {
        "plan-notice-dev": NOTICE_DEV,
        "plan-numbered-dev": NUMBERED_DEV,
        "plan-numbered-heldout": numbered_heldout,
    }
    _write_text(LAYOUTS / "plan-notice.txt", NOTICE_DEV)
    _write_text(LAYOUTS / "plan-numbered.txt", NUMBERED_DEV)
    _write_text(HELDOUT / "plan-numbered.txt", numbered_heldout)
    readings["plan-notice-heldout"] = build_notice_docx(HELDOUT / "plan-notice.docx")
    readings["plan-trad-dev"] = build_table_docx(TRAD_DEV, LAYOUTS / "plan-trad.docx")
    readings["plan-trad-heldout"] = build_table_docx(TRAD_HELDOUT, HELDOUT / "plan-trad.docx")
    for stem, text in sorted(readings.items()):
        _write_text(TEXTS / f"{stem}.txt", text)


if __name__ == "__main__":
    main()
