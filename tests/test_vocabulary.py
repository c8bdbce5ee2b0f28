"""Everyday words and abbreviations of government work, read as the plan's own words."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from index.settings import SettingsError, stack_settings
from qa.vocabulary import WORDS_FILE, PlanVocabulary, read_groups

_PLAN = "年内新开工改造老旧小区36个,全年新认定高新技术企业150家,动工建设公厕20座,开工项目12个。"
_GROUPS = [
    ("老旧小区", "老小区", "旧小区"),
    ("开工", "动工", "开搞"),
    ("高新技术企业", "高企"),
    ("公共厕所", "公厕"),
]


def _words(split: dict[str, list[str]]) -> PlanVocabulary:
    def splitter(text: str) -> Iterable[str]:
        return split.get(text, list(text))

    return PlanVocabulary([_PLAN], _GROUPS, splitter)


def test_a_word_the_plan_lacks_is_read_as_the_word_it_uses() -> None:
    vocabulary = _words({})
    # 旧小区 is inside the plan's 老旧小区: the longer word the plan uses is taken
    assert vocabulary.rewrite("老小区今年开搞几个") == "老旧小区今年开工几个"
    assert vocabulary.rewrite("高企新认定多少家") == "高新技术企业新认定多少家"
    # a word the plan uses stays, whatever its group holds (公厕, 动工)
    assert vocabulary.rewrite("公厕动工多少座") == "公厕动工多少座"


def test_a_listed_word_inside_another_word_of_the_question_is_left() -> None:
    vocabulary = _words({"提高企业效益": ["提高", "企业", "效益"]})
    assert vocabulary.rewrite("提高企业效益") == "提高企业效益"


def test_word_files_take_notes_and_the_shipped_list_reads() -> None:
    groups = read_groups([WORDS_FILE])
    assert ("社会消费品零售总额", "社零", "社零额") in groups
    assert not any(word.startswith("#") for group in groups for word in group)


def test_a_city_word_file_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "words.txt"
    with pytest.raises(SettingsError, match=r"POLICY_QA_WORDS: no such file .*words\.txt"):
        stack_settings({"POLICY_QA_WORDS": str(missing)})
    missing.write_text("# 本市简称\n暖心驿站 户外劳动者服务站\n", "utf-8")
    assert stack_settings({"POLICY_QA_WORDS": str(missing)}).words == missing
    assert read_groups([missing]) == [("暖心驿站", "户外劳动者服务站")]
