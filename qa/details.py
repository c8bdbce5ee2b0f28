"""Details a question may ask for that plans rarely state: a contact, a procedure, a place.

A plan names tasks, units, targets and deadlines; "找谁报名", "咋申请", "建在哪个村" ask for
something else. Such a question is answered only when the item itself states that kind of
detail; otherwise it is declined with the closest clauses, instead of quoting a sentence
that merely names the programme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.traditional import simplified_chars


@dataclass(frozen=True)
class Detail:
    """A kind of detail: how a question asks for it, how a plan would state it."""

    name: str
    asked: re.Pattern[str]
    stated: re.Pattern[str]
    # Asked instead of the 责任单位 ("院长是谁", "哪家公司中的标"), not beside them.
    instead_of_units: bool = False


DETAILS = (
    Detail(
        "联系方式或具体负责人",
        re.compile(
            r"联系方式|联系电话|电话|热线|联系人|负责人是谁|谁是负责人|负责人叫|找谁(?:报|办|问|联系)"
            r"|哪位(?:市|区|县)?领导|哪个领导|领导是谁|分管领导"
            # a person by title: "院长是谁", "局长叫什么"; not "谁负责", which asks for units
            r"|(?:长|书记|主任|经理|领导)(?:是谁|是哪位|叫什么|叫啥|姓什么)|叫什么名字"
        ),
        re.compile(r"电话|热线|联系人|领导|同志|\d{7,}"),
        instead_of_units=True,
    ),
    Detail(
        "具体名单",
        # "有完整清单吗" asks for the list; "负面清单" names a topic
        re.compile(r"名单|完整的?(?:清单|列表)|(?:有没有|有)清单|清单(?:吗|在哪|呢)"),
        re.compile(r"名单|清单"),
        instead_of_units=True,
    ),
    Detail(
        "考核或验收办法",
        re.compile(
            r"(?:怎么|咋|如何)(?:考核|验收|评比)|(?:考核|验收|评比)(?:办法|结果|标准|条件|细则)"
            r"|(?:考核|验收|评比)(?:几|多少)次"
        ),
        re.compile(r"考核|验收|评比"),
    ),
    Detail(
        "办理流程或申请条件",
        re.compile(
            # "怎么办" asks what is done about it, not how to apply: not a procedure.
            r"(?:怎么|咋|如何|去哪|在哪|到哪)(?:个窗口)?(?:申请|报名|办理|申报|申领|领取)"
            r"|(?:去哪|在哪|到哪|哪里)(?:个窗口)?(?:办|报|领)|报名|哪个窗口|什么窗口|"
            r"申请条件|申请流程|手续"
        ),
        re.compile(r"申请|报名|申报|材料|流程|手续|办理|窗口"),
    ),
    Detail(
        # the papers to bring: "协同办理" states a procedure, not its papers
        "所需材料",
        re.compile(r"要交啥|交什么材料|(?:啥|什么|哪些)(?:材料|资料|文件|证件|证明)"),
        re.compile(r"材料|资料|文件|证件|证明|清单"),
    ),
    Detail(
        "奖励、优惠或补助标准",
        re.compile(r"奖励|奖补|奖金|优惠|减免|补贴|补助|补偿|赔偿|津贴"),
        re.compile(r"奖励|奖补|奖金|优惠|减免|补贴|补助|补偿|赔偿|津贴"),
    ),
    Detail(
        "费用或收费标准",
        # yes/no questions about paying; "多少钱" is a number question (qa.numbers)
        re.compile(
            r"(?:要不要|用不用|需不需要)(?:自己)?(?:掏|出|交|花|付)钱|(?:掏|出|交)不(?:掏|出|交)钱|"
            r"收不收费|收费吗|要钱吗|免费吗|免不免费"
            # how much is charged: a fee schedule, which plans rarely state
            r"|(?:怎么|咋|如何)收费|收费标准|收多少钱|多少钱一(?:小时|次|个|天|月|年)"
        ),
        re.compile(r"元|费用|收费|免费|资金|补助|补贴|奖补"),
    ),
    Detail(
        "期限或时长",
        re.compile(r"(?:干|当|任|做|用|管)(?:几|多少)年|多长时间|多久|任期|有效期"),
        # a period, a deadline, a time limit ("1个工作日内办结"), or how often ("每季度召开1次"
        # answers "多久开一次")
        re.compile(
            r"\d+年|[一二三四五六七八九十两]年|年内|年底|月底|期限|任期|有效期"
            r"|\d个?(?:工作日|日|天|小时|分钟|周|星期|个月)"
            r"|[每按](?:年|半年|季度|季|月|周|旬|学期)"
        ),
    ),
    Detail(
        "具体地点",
        re.compile(
            # not "在哪几个县": a plan names its counties, rarely a site
            r"(?:建|设|选|落|盖)在哪|在哪个(?:村|镇|乡|街道|地方|位置)|在哪条(?:街|路)"
            r"|什么地方|具体位置|地址|具体在哪|选址"
        ),
        # or a named place after 在: "在龙泉镇（茶叶）、青峰镇…各建设1个" (not "在各乡镇")
        re.compile(
            r"位于|选址|地址|设在|建在|落户"
            r"|在(?![全各每本该])[\u4e00-\u9fff]{2,6}(?:镇|乡|村|街道|社区|路|街|园区|开发区)"
        ),
    ),
    Detail(
        # what happens to whoever falls short: plans state rules, rarely their sanctions
        "处罚或追责办法",
        re.compile(
            r"处罚|罚款|怎么罚|咋罚|罚不罚|追责|问责|处分|惩罚|惩戒"
            r"|(?:受到|给予|面临)(?:什么|何种|怎样|哪些|啥)(?:处理|后果)"
        ),
        re.compile(r"处罚|罚款|罚没|追究|问责|处分|惩戒|约谈|通报|吊销|取消|扣减|记分|黑名单"),
    ),
    Detail(
        # when work starts, not when it is due: a 完成时限 is no start date
        "开工或启动时间",
        re.compile(
            r"(?:何时|什么时候|啥时候|啥时|多会儿?|哪天|哪个月|几月份?)(?:能|会|才|要|可以|正式)?"
            r"(?:开工|动工|开建|开始建|开始修|启动|开始)"
        ),
        re.compile(r"开工|动工|开建|启动|开始"),
    ),
    Detail(
        "具体时刻",
        re.compile(r"几点"),
        re.compile(r"\d{1,2}(?:点|时|:\d\d)"),
    ),
    Detail(
        "承建或中标单位",
        re.compile(
            r"哪家公司|哪个公司|中标|中的标|承建单位|施工单位|施工队|承包商|哪家企业|谁家(?:的|干|承包)"
        ),
        re.compile(r"中标|承建|施工单位"),
        instead_of_units=True,
    ),
)


def asked_detail(question: str) -> Detail | None:
    """The kind of detail the question asks for, if it is one plans rarely state."""
    return next((detail for detail in DETAILS if detail.asked.search(question)), None)


def unstated(question: str, text: str) -> Detail | None:
    """The detail the question asks for when ``text`` does not state that kind of detail.

    ``text`` is read in simplified characters: a plan printed in traditional ones states
    "1個工作日內辦結" as plainly.
    """
    detail = asked_detail(question)
    if detail is None or detail.stated.search(simplified_chars(text)):
        return None
    return detail
