"""Each normalisation step on its own."""

from gixnlp import normalize as n


def test_halfwidth_digits_kept_chinese_punctuation():
    assert n.to_halfwidth("２０２１年，共３件（含⼀件）") == "2021年，共3件（含一件）"


def test_page_numbers_dropped():
    text = "上文\n- 1 -\n— 6 —\n第2页 共5页\n下文"
    assert n.drop_page_numbers(text).split() == ["上文", "下文"]


def test_conversion_junk_dropped():
    text = '公开情况。\n[image: image2.png]25 | TEEM "HEHRIGE" B\n（二）申请情况'
    assert n.drop_conversion_junk(text) == "公开情况。\n（二）申请情况"


def test_spaces_between_cjk_and_digits():
    assert n.join_cjk_digit_spaces("共 3 件，2023 年 0 0 1") == "共3件，2023年0 0 1"
    assert n.join_cjk_digit_spaces("推进 1.主动公开") == "推进 1.主动公开"  # an enumerator keeps its space


def test_broken_pdf_lines_rejoined_headings_kept():
    line = "根据《中华人民共和国政府信息公开条例》要求编制本报告，报告中所列数据统计期限自"
    text = "\n".join([line, "", "2023年1月1日起至12月31日止。", "一、总体情况"] + [line + "。"] * 12)
    out = n.rejoin_broken_lines(text)
    assert line + "2023年1月1日起至12月31日止。" in out
    assert "\n一、总体情况\n" in out


def test_whitespace():
    assert n.unify_whitespace("a\u3000b\r\n\n\n\nc  \n") == "a b\n\nc\n"
