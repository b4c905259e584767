"""The ledger's download as the page builds it: `hazards.export_set` reads the filtered set from the store a
batch at a time while the file is written; the file is the one `export_rows`' whole frame gives."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dashboard import export, vocab
from dashboard import hazards as hz
from office_files import office_sheet, sheet_table, workbook

TODAY = date(2021, 5, 3)
AS_OF = datetime(2021, 5, 3, 17, 0)


def _cells(sheet) -> list[tuple]:
    return [(c.value, c.number_format, c.fill.fgColor.rgb, c.quotePrefix) for row in sheet.iter_rows() for c in row]


@pytest.mark.parametrize("selection", [hz.HazardFilter(), hz.HazardFilter(flags=(vocab.FLAG_OVERDUE,)),
                                       hz.HazardFilter(keyword="不存在的单位")], ids=["all", "overdue", "none"])
def test_the_streamed_export_is_the_file_of_the_whole_frame(demo_store, monkeypatch, selection):
    monkeypatch.setattr(export, "BATCH_ROWS", 500)  # several batches at scale 1
    rows = hz.export_set(demo_store, selection, TODAY)
    frame = hz.export_rows(demo_store, selection, TODAY)
    assert len(rows) == len(frame) and rows.overdue == int(frame["overdue"].fillna(False).sum())
    streamed = workbook(hz.export_xlsx(rows, title="安康市隐患台账", filter_text="f", as_of=AS_OF))
    whole = workbook(hz.export_xlsx(frame, title="安康市隐患台账", filter_text="f", as_of=AS_OF))
    assert streamed.sheetnames == whole.sheetnames == ["隐患台账", "全部字段"]
    for name in whole.sheetnames:
        office_sheet(streamed[name])
        assert sheet_table(streamed[name]) == sheet_table(whole[name])
        assert _cells(streamed[name]) == _cells(whole[name])
    assert hz.export_csv(rows) == hz.export_csv(frame)


def test_the_countdown_words_and_flags_of_the_streamed_rows(demo_store):
    """剩余天数 in words (已销号 once closed), 是否逾期 / 是否延期 as text, computed a batch at a time."""
    rows = hz.export_set(demo_store, hz.HazardFilter(), TODAY)
    seen = set()
    for batch in rows.batches():
        for r in batch.to_pylist():
            if r["status"] == vocab.ST_CLOSED:
                assert r["countdown"] == vocab.ST_CLOSED
            elif r["days_left"] is not None:
                days = r["days_left"]
                assert r["countdown"] == (f"逾期{-days}天" if days < 0 else "今日到期" if days == 0 else f"剩{days}天")
                seen.add("overdue" if days < 0 else "open")
            assert r["overdue_text"] == (vocab.FLAG_OVERDUE if r["overdue"] else "")
            assert r["extended_text"] == (vocab.FLAG_EXTENDED if r["extended"] else "")
    assert seen == {"overdue", "open"}
