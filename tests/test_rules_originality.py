"""O501/O502/D308 across a batch: real reports, one defect built in, from fingerprints alone."""

import json
import random

from gixnlp.pipeline import analyse
from gixnlp.rules import cross_report, fingerprint
from gixnlp.rules.originality import agency_key, same_agency

from .labelled import codes, edited, labelled, raw


def _prints(*reports):
    return [fingerprint(analyse(r)) for r in reports]


def _section(stem, start, end):
    text = raw(stem)
    return text[text.index(start):text.index(end)]


def test_copied_problems_section_names_the_other_agency():
    source = labelled("2022-pingtan-caijinju")
    problems = _section("2022-pingtan-caijinju", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
    own = _section("2022-pingtan-gonganju", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
    copier = edited("2022-pingtan-gonganju", (own, problems))
    found = cross_report(_prints(source, copier))
    assert ("O502", source.source) in codes(found[copier.source])
    hit = next(f for f in found[copier.source] if f["code"] == "O502")
    assert hit["section"] == "problems" and "%" in hit["message_en"]
    clean = cross_report(_prints(source, labelled("2022-pingtan-gonganju")))
    assert not any(f["code"] == "O502" for f in clean.get(copier.source, []))


def test_previous_year_copy_matches_despite_title_wording():
    last = labelled("2021-pingtan-gonganju")
    overview_21 = _section("2021-pingtan-gonganju", "一、总体情况", "二、主动公开政府信息情况")
    overview_22 = _section("2022-pingtan-gonganju", "一、总体情况", "二、主动公开政府信息情况")
    this = edited("2022-pingtan-gonganju", (overview_22, overview_21.replace("2021年", "2022年")),
                  ("平潭综合实验区公安局2022年", "福建省平潭综合实验区公安局2022年"))
    found = cross_report(_prints(last, this))
    assert ("O501", last.source) in codes(found[this.source])
    assert not any(f["code"] == "O502" for f in found[this.source])
    clean = cross_report(_prints(last, labelled("2022-pingtan-gonganju")))
    assert not any(f["code"] == "O501" for f in clean.get(this.source, []))


def test_carry_over_must_continue_last_year():
    last, this = labelled("2021-pingtan-gonganju"), labelled("2022-pingtan-gonganju")
    assert not any(f["code"] == "D308" for fs in cross_report(_prints(last, this)).values() for f in fs)
    changed = edited("2022-pingtan-gonganju", ("二、上年结转政府信息公开申请数量1000001", "二、上年结转政府信息公开申请数量3000003"))
    found = cross_report(_prints(last, changed))
    assert codes(found[changed.source]) >= {("D308", "requests:自然人"), ("D308", "requests:总计")}


def test_deterministic_select_and_compact():
    prints = _prints(labelled("2021-pingtan-gonganju"), labelled("2022-pingtan-gonganju"),
                     labelled("2023-pingtan-guoziju"), labelled("2024-pingtan-touzi-cujinju"))
    assert cross_report(prints) == cross_report(list(reversed(prints)))
    assert cross_report(prints, select=["D308"]) == {}
    assert all(f["code"] == "O502" for fs in cross_report(prints, ignore=["O501", "D"]).values() for f in fs)
    assert max(len(json.dumps(p)) for p in prints) < 4000


def test_agency_key_survives_title_changes():
    assert same_agency(agency_key("重庆市合川区土场镇人民政府"), agency_key("合川区土场镇"))
    assert agency_key("平潭综合实验区管委会") == agency_key("平潭综合实验区")
    assert agency_key("平潭综合实验区苏平片区管理局关于报送") == agency_key("平潭综合实验区苏平片区管理局")
    assert agency_key(None, "2019年上海市人民政府办公厅政府信息公开工作年度报告") == agency_key("上海市人民政府办公厅")
    assert agency_key("平潭综合实验区公安局") != agency_key("平潭综合实验区管委会办公室")
    assert same_agency(agency_key("威海市环翠区羊亭镇"), agency_key("羊亭镇"))
    assert not same_agency(agency_key("紫阳县高桥镇"), agency_key("旬阳县高桥镇"))


def test_verbatim_copies_beyond_a_bucket_still_meet_their_previous_year(monkeypatch) -> None:
    """Identical sections are grouped before LSH; a copy past the first MAX_BUCKET of its group must
    still be paired with a near-copy in another group (here: its own agency's report of the year before)."""
    from gixnlp.rules import originality

    monkeypatch.setattr(originality, "MAX_BUCKET", 2)
    rng = random.Random(7)
    template = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(600))
    edited = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) if i % 60 == 0 else c for i, c in enumerate(template))

    def fp(source, agency, year, text):
        return {"source": source, "agency": agency, "year": year, "chars": {"overview": len(text)},
                "sections": {"overview": originality.encode(originality.signature(text))},
                "carry_in": None, "carry_out": None}

    prints = [fp(f"c{i}.txt", f"某市/第{i}区", 2022, template) for i in range(5)]
    prints.append(fp("z-last-year.txt", "某市/第4区", 2021, edited))
    found = cross_report(prints)
    assert [f["target"] for f in found["c4.txt"] if f["code"] == "O501"] == ["z-last-year.txt"]
    assert [f["target"] for f in found["c0.txt"] if f["code"] == "O502"] == ["c1.txt"]  # identical: similarity 1
    assert all(f["target"] == "c0.txt" for i in range(1, 5) for f in found[f"c{i}.txt"] if f["code"] == "O502")
