"""Chinese numerals as used in headings: 一 … 九十九."""

from __future__ import annotations

_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_NUMERAL_CHARS = "一二三四五六七八九十"


def chinese_to_int(numeral: str) -> int | None:
    """Return the value of a numeral such as ``十九``, or ``None`` if it is not one."""
    if not numeral or any(ch not in CHINESE_NUMERAL_CHARS for ch in numeral):
        return None
    if "十" not in numeral:
        return _DIGITS[numeral] if len(numeral) == 1 else None
    tens, _, ones = numeral.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    value = (_DIGITS[tens] if tens else 1) * 10
    return value + (_DIGITS[ones] if ones else 0)


def int_to_chinese(value: int) -> str:
    """Return the numeral for ``1 <= value <= 99`` (``19`` -> ``十九``)."""
    if not 1 <= value <= 99:
        raise ValueError(f"cannot write {value} as a heading numeral (1-99)")
    names = "零一二三四五六七八九"
    tens, ones = divmod(value, 10)
    if tens == 0:
        return names[ones]
    prefix = "" if tens == 1 else names[tens]
    return prefix + "十" + (names[ones] if ones else "")
