"""挂牌督办's 文号 rule (dashboard/listing.py) as a table: 省级 typed (the province's), 市级 / 县级 the number of the
notice issued with the listing, never typed."""

from __future__ import annotations

import pytest

from dashboard import listing, vocab

PROVINCE, CITY, COUNTY = vocab.LISTING_PROVINCE, vocab.LISTING_CITY, vocab.LISTING_COUNTY
TYPED, ISSUED = listing.TYPED, listing.ISSUED


@pytest.mark.parametrize("level, fields, refusal, number", [
    (PROVINCE, {TYPED: " 陕安委办督〔2021〕12号 "}, None, "陕安委办督〔2021〕12号"),
    (PROVINCE, {TYPED: "陕安委办督〔2021〕12号", ISSUED: "安安委办督〔2021〕1号"}, None, "陕安委办督〔2021〕12号"),
    (PROVINCE, {}, "省级挂牌督办请填写上级督办文号（按省级督办文件填写，如 陕安委办督〔2021〕12号）", None),
    (PROVINCE, {TYPED: "\u3000"}, "省级挂牌督办请填写上级督办文号（按省级督办文件填写，如 陕安委办督〔2021〕12号）", None),
    (PROVINCE, {TYPED: "文" * 101}, "上级督办文号过长（不超过 100 字）", None),
    (CITY, {ISSUED: "安安委办督〔2021〕1号"}, None, "安安委办督〔2021〕1号"),
    (COUNTY, {ISSUED: "安安委办督〔2021〕2号", TYPED: ""}, None, "安安委办督〔2021〕2号"),
    (CITY, {}, "市级挂牌督办须同时印发挂牌督办通知书，文号由通知书编号（请在记录的“处理”中办理挂牌督办）", None),
    (COUNTY, {TYPED: "旬政安办发〔2021〕3号", ISSUED: "安安委办督〔2021〕2号"},
     "县级挂牌督办的文号由本次印发的挂牌督办通知书按年度顺序编号，请清空“上级督办文号”（仅省级挂牌督办填写）", None),
])
def test_where_the_listings_number_comes_from(level, fields, refusal, number):
    assert listing.number_refusal(level, fields) == refusal
    if refusal is None:
        assert listing.number_of(level, fields) == number


@pytest.mark.parametrize("level, typed", [(PROVINCE, True), (CITY, False), (COUNTY, False), (vocab.NOT_LISTED, False)])
def test_only_a_higher_governments_listing_is_typed(level, typed):
    assert listing.typed_here(level) is typed
