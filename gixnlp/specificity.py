"""TAXONOMY §4's checkable specifics, as patterns: what separates a unit about this agency's year from 套话.

One table used twice: the boilerplate classifier counts each kind as a feature, and the B4xx rules
and the score measure a section's specificity. Named bodies (市住房城乡建设局, 潭城镇) are only
approximated by a suffix pattern, so the rules leave them to the classifier (``RULE_KINDS``).
"""

from __future__ import annotations

import re

KINDS: dict[str, re.Pattern] = {
    # counts, amounts, shares with a unit (479条, 12.11万元, 100%); not statutory 20个工作日
    "count": re.compile(r"\d+(?:\.\d+)?\s*(?:余|多)?(?:万|亿)?(?:条|件|次|个(?!工作日)|项|篇|期|场|人次|人|元|%|％|份|家|"
                        r"户|名|批|起|宗|天|小时|分钟|栏|类|部|台|套|处|所|组|轮)"),
    "ordinal": re.compile(r"第\s*\d+\s*[期次批届]"),
    "date": re.compile(r"\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|第[一二三四]季度|[上下]半年"),
    "docno": re.compile(r"[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*\d+\s*号"),
    # quoted local names; national laws, the 条例 and national slogans do not count
    "document": re.compile(r"《(?!中华人民共和国)(?!(?:政府信息公开)?条例》)(?!办法》)[^》]{2,40}》"),
    "quoted": re.compile(r"[“「\"](?!(?:五公开|三审三校|谁公开、?谁负责|放管服|互联网\+政务服务)[”」\"])[^”」\"]{2,16}[”」\"]"),
    # nil statements the tables can confirm
    "nil": re.compile(r"(?:未|没有|无)(?:收到|接到|受理|发生|收取)[^。；，]{0,20}?(?:申请|信息处理费|行政复议|行政诉讼)"),
    "body": re.compile(r"[\u4e00-\u9fff]{2,12}?(?:局|委员会|办公室|中心|镇|乡|街道|区|县|市|省|厅|村|社区)"
                       r"(?![\u4e00-\u9fff]{0,2}(?:工作|领导|政府信息))"),
}
RULE_KINDS = tuple(kind for kind in KINDS if kind != "body")
_RULE_PATTERN = re.compile("|".join(f"(?:{KINDS[kind].pattern})" for kind in RULE_KINDS))


def counts(text: str) -> dict[str, int]:
    """How many specifics of each kind ``text`` has."""
    return {kind: len(pattern.findall(text)) for kind, pattern in KINDS.items()}


def specifics(text: str) -> list[str]:
    """The specifics the rules count (every kind but named bodies), as they stand in ``text``."""
    return [m.group(0) for m in _RULE_PATTERN.finditer(text)]
