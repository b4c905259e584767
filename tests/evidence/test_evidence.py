"""Evidence as a clerk's phone makes it: a JPEG with the camera's orientation and GPS in its EXIF is kept upright
and without any EXIF; a renamed file of another kind is refused by its content; the size limit; which step needs
what, as a table of cases; a step refused for want of proof writes nothing; the files travel in every backup."""

from __future__ import annotations

import io
from datetime import date

import apptest
import duckdb
import pytest
from PIL import Image
from photos import GPS_TAG, phone_photo

from dashboard import backup, evidence, fire_units, hazards, roles, vocab
from dashboard.db import ValidationError
from dashboard.evidence import rules
from dashboard.lifecycle import EVIDENCE

OFFICE = roles.User("office", "陈建华", roles.OFFICE)
app_db = apptest.app_db
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_phone_photo_is_kept_upright_and_without_its_location():
    raw = phone_photo()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(GPS_TAG)  # the upload carries its location
    kept = evidence.prepare("IMG_0001.jpg", raw)
    stored = Image.open(io.BytesIO(kept.data))
    assert stored.size == (300, 400)  # orientation 6: turned upright
    assert not stored.getexif() and not stored.getexif().get_ifd(GPS_TAG) and b"PhoneMaker" not in kept.data
    assert kept.mime == evidence.files.JPEG and max(Image.open(io.BytesIO(kept.thumb)).size) <= evidence.files.THUMB_SIDE


def test_a_big_photo_is_scaled_and_a_pdf_kept_as_it_is():
    big = evidence.prepare("大图.png", _png(4000, 1000))
    assert Image.open(io.BytesIO(big.data)).size == (2000, 500)
    assert evidence.prepare("复查意见书.pdf", PDF_BYTES).data == PDF_BYTES


def _png(width, height) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("name, data, message", [
    ("现场照片.jpg", b"PK\x03\x04" + b"\0" * 100, "不是 JPEG、PNG 图片或 PDF 文件"),   # a Word file renamed .jpg
    ("照片.png", "整改完成".encode("utf-8"), "不是 JPEG、PNG 图片或 PDF 文件"),     # text renamed .png
    ("坏图.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 50, "无法作为图片读取"),           # a JPEG header and nothing else
    ("report.exe", b"MZ\x90\x00", "不是 JPEG、PNG 图片或 PDF 文件"),
])
def test_a_file_is_judged_by_its_content_not_its_name(name, data, message):
    with pytest.raises(ValidationError, match=message):
        evidence.prepare(name, data)


def test_the_size_limit(monkeypatch):
    monkeypatch.setenv("DASHBOARD_EVIDENCE_MAX_MB", "1")
    with pytest.raises(ValidationError, match="超过 1 MB 的上限"):
        evidence.prepare("大.pdf", PDF_BYTES + b"0" * 1_100_000)


class Up:
    def __init__(self, image: bool):
        self.is_image = image


MAJOR, GENERAL = {"level": vocab.LEVEL_MAJOR}, {"level": vocab.LEVEL_GENERAL}


@pytest.mark.parametrize("entity, action, record, uploads, held, expected", [
    ("hazard", "复核合格", MAJOR, [], [], "重大隐患复核合格须有整改后照片"),
    ("hazard", "复核合格", MAJOR, [Up(True)], [], None),                     # a photo now
    ("hazard", "复核合格", MAJOR, [], [(rules.AFTER, True)], None),           # the after photo came earlier
    ("hazard", "复核合格", MAJOR, [Up(False)], [], "重大隐患复核合格须有整改后照片"),  # a PDF is not a photo
    ("hazard", "复核合格", MAJOR, [], [(rules.AFTER, False)], "重大隐患复核合格须有整改后照片"),
    ("hazard", "复核合格", MAJOR, [], [(rules.REBOUND, True)], "重大隐患复核合格须有整改后照片"),  # another stage
    ("hazard", "复核合格", GENERAL, [], [], None),                           # a 一般隐患: optional
    ("hazard", "提交整改完成", MAJOR, [], [], None),
    ("hazard", "复查发现反弹", GENERAL, [], [], "复查发现反弹须上传反弹情况的照片或材料"),
    ("hazard", "复查发现反弹", GENERAL, [Up(False)], [], None),
    ("fire_unit", "复查合格", {}, [], [], "销案须上传复查记录"),
    ("fire_unit", "复查合格", {}, [], [(rules.RECORD, False)], "销案须上传复查记录"),  # this review's record, now
    ("fire_unit", "复查合格", {}, [Up(False)], [], None),
    ("fire_unit", "节点完成", {}, [], [], None),
    ("hazard", "延期", MAJOR, [], [], None),                                 # takes no evidence at all
])
def test_which_step_needs_what(entity, action, record, uploads, held, expected):
    found = rules.refusal(entity, action, record, uploads, held)
    assert (found is None) if expected is None else (expected in found)


def _awaiting_major(store) -> str:
    return store.rows("SELECT id FROM hazards WHERE status = ? AND level = ? ORDER BY id LIMIT 1",
                      [vocab.ST_AWAITING_REVIEW, vocab.LEVEL_MAJOR])[0][0]


def test_a_major_hazard_is_closed_only_with_its_after_photo(demo_store):
    hid = _awaiting_major(demo_store)
    review = {"verifier": "市安委办 王五", "verified_date": date(2021, 5, 3)}
    before = demo_store.scalar("SELECT count(*) FROM audit_events")
    with pytest.raises(ValidationError, match="重大隐患复核合格须有整改后照片"):
        hazards.act(demo_store, hid, hazards.A_REVIEW_PASS, review, OFFICE)
    assert demo_store.scalar("SELECT count(*) FROM audit_events") == before  # nothing written
    with pytest.raises(ValidationError, match="不是 JPEG、PNG 图片或 PDF 文件"):
        hazards.act(demo_store, hid, hazards.A_REVIEW_PASS, {**review, EVIDENCE: [("整改后.jpg", b"PK\x03\x04")]}, OFFICE)
    status = hazards.act(demo_store, hid, hazards.A_REVIEW_PASS,
                         {**review, EVIDENCE: [("整改后.jpg", phone_photo())]}, OFFICE)
    assert status == vocab.ST_CLOSED
    shown = evidence.for_record(demo_store, "hazard", hid)
    assert list(shown["stage"]) == [rules.REVIEW] and shown.iloc[0]["uploaded_by"] == "陈建华（市安委办）"
    last_event = demo_store.scalar("SELECT max(id) FROM audit_events WHERE entity = 'hazard' AND entity_id = ?", [hid])
    assert shown.iloc[0]["audit_id"] == last_event  # the photo is the proof of that step
    name, mime, data = evidence.file(demo_store, int(shown.iloc[0]["id"]))
    assert mime == "image/jpeg" and not Image.open(io.BytesIO(data)).getexif()


def test_an_earlier_rounds_photo_does_not_close_a_major_hazard(demo_store):
    """The after photo of a rectification the review rejected (or a 反弹 undid) is no proof of the next one."""
    hid = _awaiting_major(demo_store)
    review = {"verifier": "市安委办 王五", "verified_date": date(2021, 5, 3)}
    submit = {"completed_date": date(2021, 5, 3), "measures": "再次整改", "funds": 0.0}
    hazards.act(demo_store, hid, hazards.A_REVIEW_FAIL, {**review, "reason": "现场仍未整改到位"}, OFFICE)
    hazards.act(demo_store, hid, hazards.A_START, {}, OFFICE)
    hazards.act(demo_store, hid, hazards.A_SUBMIT, {**submit, EVIDENCE: [("整改后.jpg", phone_photo())]}, OFFICE)
    hazards.act(demo_store, hid, hazards.A_REVIEW_FAIL, {**review, "reason": "照片与现场不符"}, OFFICE)
    hazards.act(demo_store, hid, hazards.A_START, {}, OFFICE)
    hazards.act(demo_store, hid, hazards.A_SUBMIT, submit, OFFICE)  # no photo this time
    with pytest.raises(ValidationError, match="重大隐患复核合格须有整改后照片"):
        hazards.act(demo_store, hid, hazards.A_REVIEW_PASS, review, OFFICE)
    hazards.act(demo_store, hid, hazards.A_REVIEW_PASS, {**review, EVIDENCE: [("复查.jpg", phone_photo())]}, OFFICE)
    hazards.act(demo_store, hid, hazards.A_REOPEN, {"reason": "回头看发现反弹", "new_deadline": date(2021, 5, 20),
                                                    EVIDENCE: [("反弹.jpg", phone_photo())]}, OFFICE)
    hazards.act(demo_store, hid, hazards.A_START, {}, OFFICE)
    hazards.act(demo_store, hid, hazards.A_SUBMIT, submit, OFFICE)
    with pytest.raises(ValidationError, match="重大隐患复核合格须有整改后照片"):  # the photos before the 反弹 neither
        hazards.act(demo_store, hid, hazards.A_REVIEW_PASS, review, OFFICE)
    hazards.act(demo_store, hid, hazards.A_REVIEW_FAIL, {**review, "reason": "未整改"}, OFFICE)
    hazards.act(demo_store, hid, hazards.A_START, {}, OFFICE)
    hazards.act(demo_store, hid, hazards.A_SUBMIT, {**submit, EVIDENCE: [("整改后2.jpg", phone_photo())]}, OFFICE)
    assert hazards.act(demo_store, hid, hazards.A_REVIEW_PASS, review, OFFICE) == vocab.ST_CLOSED  # this round's


def test_the_files_travel_in_every_backup(demo_store, tmp_path):
    unit = demo_store.rows("SELECT id FROM fire_units WHERE status = ? LIMIT 1", [vocab.FU_REVIEW_REQUESTED])[0][0]
    fire_units.act(demo_store, unit, fire_units.A_REVIEW_PASS,
                   {"review_date": date(2021, 5, 3), "reviewer": "消防救援大队", EVIDENCE: [("复查意见书.pdf", PDF_BYTES)]},
                   OFFICE)
    made = backup.take(demo_store, tmp_path / "backups", evidence=None)
    con = duckdb.connect(str(made.path / backup.DB_FILE), read_only=True)
    try:
        assert con.execute("SELECT data FROM evidence WHERE entity_id = ?", [unit]).fetchone()[0] == PDF_BYTES
    finally:
        con.close()


def test_the_ledger_closes_a_major_hazard_with_its_photo_and_shows_it_in_the_timeline(app_db):
    hid = apptest.sql(app_db, "SELECT id FROM hazards WHERE status = ? AND level = ? ORDER BY id LIMIT 1",
                      [vocab.ST_AWAITING_REVIEW, vocab.LEVEL_MAJOR])[0][0]
    at = apptest.open_page("app_pages/hazards.py", {"hazards.id": hid})
    at.selectbox(key="hazards.action").select(hazards.A_REVIEW_PASS).run()
    form = f"hazards.f.{hid}.{hazards.A_REVIEW_PASS}"
    at.text_input(key=f"{form}.verifier").input("市安委办 王五")
    at.button(key=f"{form}.submit").click().run()
    assert any("重大隐患复核合格须有整改后照片" in e.value for e in at.error)  # refused, said, nothing written
    assert apptest.sql(app_db, "SELECT status FROM hazards WHERE id = ?", [hid])[0][0] == vocab.ST_AWAITING_REVIEW
    at.file_uploader(key=f"{form}.evidence").set_value(("复查现场.jpg", phone_photo(), "image/jpeg"))
    at.button(key=f"{form}.submit").click().run()
    assert not [e for e in at.error if "未执行" in e.value], [e.value for e in at.error]
    assert apptest.sql(app_db, "SELECT status FROM hazards WHERE id = ?", [hid])[0][0] == vocab.ST_CLOSED
    assert [b for b in at.button if b.key.startswith("evidence.open.")]  # its thumbnail opens full size
    assert at.get("image"), "the thumbnail under its step in the timeline"


@pytest.mark.parametrize("side", [40, 100])  # past the limit (a warning in Pillow) and past twice the limit (an error)
def test_an_image_too_large_to_decode_safely_is_refused(monkeypatch, side):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError, match="无法作为图片读取"):
        evidence.prepare("巨图.png", _png(side, side))


def test_a_role_that_may_not_take_the_step_has_its_files_refused_unread(demo_store):
    hid = _awaiting_major(demo_store)
    leader = roles.User("leader", "王建国", roles.LEADER)
    with pytest.raises(ValidationError, match="无权执行“复核合格”"):  # before any decoding, not "不是 JPEG…"
        hazards.act(demo_store, hid, hazards.A_REVIEW_PASS,
                    {"verifier": "x", "verified_date": date(2021, 5, 3), EVIDENCE: [("x.jpg", b"not an image")]}, leader)
