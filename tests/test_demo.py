"""The demo dataset: every promised fact is checked from the store with SQL, plus determinism, scale and the CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from dashboard import demo, hazards, roles, vocab
from dashboard.db import Store, StoreError

ROOT = Path(__file__).resolve().parents[1]
AS_OF = datetime(2021, 5, 3, 17, 0)
AS_OF_DATE = date(2021, 5, 3)
HEAVY_SECTORS = {"消防", "建筑施工", "道路交通", "九小场所", "人员密集场所", "工贸", "危险化学品"}


@pytest.fixture(scope="module")
def con(demo_db_path):
    connection = duckdb.connect(str(demo_db_path), read_only=True)
    yield connection
    connection.close()


def rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def one(con, sql, *params):
    return con.execute(sql, list(params)).fetchone()[0]


def code_of(con, name):
    return one(con, "SELECT code FROM units WHERE name = ?", name)


# -- meta, units, groups ----------------------------------------------------------------------------

def test_meta_pins_the_as_of_time_and_marks_the_demo(demo_store, monkeypatch):
    monkeypatch.delenv("DASHBOARD_AS_OF", raising=False)
    assert demo_store.meta("as_of") == "2021-05-03 17:00:00"
    assert demo_store.meta("demo") == "true"
    assert demo_store.meta("demo_scale") == "1"
    assert demo_store.is_demo()
    assert demo_store.as_of() == AS_OF


def test_units_and_one_group_per_unit(con):
    assert one(con, "SELECT count(*) FROM units") == 12
    assert one(con, "SELECT count(*) FROM unit_aliases WHERE alias = '旬阳县'") == 1
    groups = rows(con, """
        SELECT g.id, g.name, u.name, g.leader, g.leader_rank, g.leader_org, g.leader_phone, g.lead_unit, g.stationed_on
        FROM groups g JOIN units u ON u.code = g.unit_code ORDER BY g.id""")
    assert [g[0] for g in groups] == list(range(1, 13))
    for gid, name, unit, leader, rank, org, phone, lead_unit, stationed in groups:
        assert re.fullmatch(r"第[一二三四五六七八九十]+暗访督查组（驻.+）", name) and unit in name
        assert leader and rank == "副县级" and org and lead_unit.startswith("市")
        assert re.fullmatch(r"1\d{2}0915\d{4}", phone)
        assert stationed == date(2021, 1, 4)
    lead_units = {g[7] for g in groups}
    assert {"市应急管理局", "市住建局", "市交通运输局", "市消防救援支队"} <= lead_units


def test_group_members_and_filed_changes(con):
    sizes = rows(con, "SELECT group_id, count(*) FROM group_members GROUP BY 1 ORDER BY 1")
    assert len(sizes) == 12 and all(3 <= n <= 5 for _, n in sizes)
    assert {r[0] for r in rows(con, "SELECT DISTINCT role FROM group_members")} <= {"组长", "副组长", "成员", "联络员"}
    # exactly one 组长 per group, and it is the group's leader, with the same phone
    assert one(con, """
        SELECT count(*) FROM groups g
        WHERE (SELECT count(*) FROM group_members m WHERE m.group_id = g.id AND m.role = '组长') <> 1
           OR NOT EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.role = '组长'
                          AND m.name = g.leader AND m.phone = g.leader_phone)
    """) == 0
    changes = rows(con, "SELECT group_id, change_date, kind, old_value, new_value, reason, filed_on FROM group_changes")
    assert 3 <= len(changes) <= 8
    for gid, changed, kind, old, new, reason, filed in changes:
        assert kind in ("组长变更", "成员调整", "成员增补") and new and reason
        assert changed <= filed <= AS_OF_DATE
        assert (old is None) == (kind == "成员增补")
        if kind == "组长变更":
            assert one(con, "SELECT leader FROM groups WHERE id = ?", gid) == new
        else:
            assert one(con, "SELECT count(*) FROM group_members WHERE group_id = ? AND name = ?", gid, new) == 1
    assert one(con, "SELECT count(*) FROM audit_events WHERE entity = 'group' AND action = '备案'") == len(changes)


def test_inspections_are_the_groups_visits(con):
    assert one(con, "SELECT count(*) FROM inspections") > 500
    assert rows(con, "SELECT min(visit_date), max(visit_date) FROM inspections") == [(date(2021, 1, 4), AS_OF_DATE)]
    assert one(con, """SELECT count(*) FROM inspections i JOIN groups g ON g.id = i.group_id
                       WHERE g.unit_code <> i.unit_code""") == 0
    assert one(con, "SELECT count(*) FROM inspections WHERE group_id IS NULL OR NOT covert") == 0
    assert one(con, "SELECT count(*) FROM inspections WHERE sector NOT IN (SELECT unnest(?))", list(vocab.SECTORS)) == 0
    # every hazard the groups found belongs to a visit; some visits found nothing
    assert one(con, "SELECT sum(hazards_found) FROM inspections") == one(
        con, "SELECT count(*) FROM hazards WHERE source = ?", vocab.SOURCE_GROUPS)
    assert one(con, "SELECT count(*) FROM inspections WHERE hazards_found = 0") > 0
    assert one(con, """
        SELECT count(*) FROM inspections i
        WHERE i.hazards_found <> (SELECT count(*) FROM hazards h WHERE h.group_id = i.group_id
                                  AND h.found_date = i.visit_date AND h.enterprise = i.enterprise)""") == 0


# -- hazards ----------------------------------------------------------------------------------------

def test_hazard_volume_spread_and_ids(con):
    total = one(con, "SELECT count(*) FROM hazards")
    assert total == demo.BASE_HAZARDS >= 1500
    ids = [r[0] for r in rows(con, "SELECT id FROM hazards ORDER BY found_date, created_at, id")]
    assert len(set(ids)) == total and all(re.fullmatch(r"YH2021-\d{6}", i) for i in ids)
    assert ids == sorted(ids), "numbers follow the registration order"
    assert rows(con, "SELECT min(found_date), max(found_date) FROM hazards") == [(date(2021, 1, 4), AS_OF_DATE)]
    by_sector = rows(con, "SELECT sector, count(*) FROM hazards GROUP BY 1 ORDER BY 2 DESC, 1")
    assert {s for s, _ in by_sector} == set(vocab.SECTORS)
    assert {s for s, _ in by_sector[:7]} == HEAVY_SECTORS
    by_unit = rows(con, "SELECT u.name, count(h.id) FROM units u LEFT JOIN hazards h ON h.unit_code = u.code "
                        "GROUP BY 1 ORDER BY 2 DESC")
    assert len(by_unit) == 12 and all(n > 30 for _, n in by_unit) and by_unit[0][0] == "汉滨区"
    major = one(con, "SELECT round(100.0 * count(*) FILTER (WHERE level = ?) / count(*), 1) FROM hazards",
                vocab.LEVEL_MAJOR)
    assert 4.0 <= major <= 6.5
    assert {r[0] for r in rows(con, "SELECT DISTINCT level FROM hazards")} == set(vocab.HAZARD_LEVELS)
    assert {r[0] for r in rows(con, "SELECT DISTINCT treatment FROM hazards")} == set(vocab.TREATMENTS)
    assert {r[0] for r in rows(con, "SELECT DISTINCT source FROM hazards")} <= set(vocab.SOURCES)


def test_hazard_ids_stay_zero_padded_at_scale():
    assert list(demo.hazard_ids(3)) == ["YH2021-000001", "YH2021-000002", "YH2021-000003"]
    big = demo.hazard_ids(1_268_400)
    assert big[0] == "YH2021-0000001" and big[-1] == "YH2021-1268400" and len({len(i) for i in big[::1000]}) == 1


def test_group_sources_carry_the_units_group(con):
    share = one(con, "SELECT round(100.0 * count(*) FILTER (WHERE source = ?) / count(*), 1) FROM hazards",
                vocab.SOURCE_GROUPS)
    assert 55.0 <= share <= 65.0
    assert one(con, """SELECT count(*) FROM hazards h LEFT JOIN groups g ON g.id = h.group_id
                       WHERE h.source = ? AND (g.id IS NULL OR g.unit_code <> h.unit_code)""", vocab.SOURCE_GROUPS) == 0
    assert one(con, "SELECT count(*) FROM hazards WHERE source <> ? AND group_id IS NOT NULL", vocab.SOURCE_GROUPS) == 0


def test_hazard_fields_are_filled(con):
    assert one(con, """
        SELECT count(*) FROM hazards WHERE township IS NULL OR enterprise IS NULL OR location IS NULL
            OR description IS NULL OR measures IS NULL OR resp_unit IS NULL OR resp_person IS NULL
            OR resp_phone IS NULL OR funds IS NULL OR funds < 0 OR created_at IS NULL OR updated_at IS NULL
            OR length(credit_code) <> 18 OR NOT regexp_full_match(resp_phone, '1\\d{2}0915\\d{4}')""") == 0
    assert one(con, "SELECT count(*) FROM hazards WHERE level = ? AND interim_measures IS NULL", vocab.LEVEL_MAJOR) == 0
    assert one(con, "SELECT count(*) FROM hazards WHERE description = '消防通道被杂物堵塞'") > 0
    assert one(con, "SELECT count(*) FROM hazards WHERE description = '配电箱未设置漏电保护装置'") > 0
    assert one(con, "SELECT count(DISTINCT description) FROM hazards") > 100
    assert one(con, "SELECT count(*) FROM hazards WHERE enterprise LIKE '安康市%有限公司'") > 0


def _inside(lon, lat, ring):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[-1:] + ring[:-1]):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def test_hazard_points_lie_near_the_seat_and_inside_the_county(con):
    share = one(con, "SELECT round(100.0 * count(lat) / count(*), 1) FROM hazards")
    assert 65.0 <= share <= 75.0
    assert one(con, "SELECT count(*) FROM hazards WHERE (lat IS NULL) <> (lon IS NULL)") == 0
    far = one(con, """SELECT max(sqrt((h.lat - u.lat) ^ 2 + (h.lon - u.lon) ^ 2)) FROM hazards h
                      JOIN units u ON u.code = h.unit_code WHERE h.lat IS NOT NULL""")
    assert far <= 0.0601
    geo = json.loads((ROOT / "data" / "ankang_counties.geojson").read_text(encoding="utf-8"))
    rings = {}
    for feature in geo["features"]:
        g = feature["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        rings[feature["properties"]["name"]] = [[tuple(p) for p in poly[0]] for poly in polys]
    points = rows(con, """SELECT DISTINCT u.name, h.lon, h.lat FROM hazards h JOIN units u ON u.code = h.unit_code
                          WHERE h.lat IS NOT NULL""")
    outside = [(n, lon, lat) for n, lon, lat in points
               if not any(_inside(lon, lat, r) for r in rings.get(n, rings["汉滨区"]))]
    assert not outside, outside[:5]


def test_hazard_dates_follow_the_lifecycle(con):
    imm, ddl, closed = vocab.TREAT_IMMEDIATE, vocab.TREAT_DEADLINE, vocab.ST_CLOSED
    assert {r[0] for r in rows(con, "SELECT DISTINCT status FROM hazards")} == set(vocab.HAZARD_STATUSES)
    # 即查即改: deadline is the found date; almost all closed the same or the next day
    assert one(con, "SELECT count(*) FROM hazards WHERE treatment = ? AND (deadline <> found_date "
                    "OR original_deadline <> found_date)", imm) == 0
    quick = one(con, "SELECT round(100.0 * count(*) FILTER (WHERE status = ? AND closed_date - found_date <= 1) "
                     "/ count(*), 1) FROM hazards WHERE treatment = ?", closed, imm)
    assert quick >= 95.0
    # 限期整改: original deadline set; found + 7..90 days, major ones 30..180
    assert one(con, "SELECT count(*) FROM hazards WHERE treatment = ? AND (original_deadline IS NULL "
                    "OR deadline < original_deadline)", ddl) == 0
    assert rows(con, "SELECT min(original_deadline - found_date), max(original_deadline - found_date) FROM hazards "
                     "WHERE treatment = ? AND level = ?", ddl, vocab.LEVEL_GENERAL) == [(7, 90)]
    lo, hi = rows(con, "SELECT min(original_deadline - found_date), max(original_deadline - found_date) FROM hazards "
                       "WHERE level = ?", vocab.LEVEL_MAJOR)[0]
    assert 30 <= lo and hi <= 180
    # closed: completed <= verified = closed <= as-of, verified by someone, 合格
    assert one(con, """SELECT count(*) FROM hazards WHERE status = ? AND NOT (
        completed_date IS NOT NULL AND completed_date >= found_date AND completed_date <= verified_date
        AND verified_date = closed_date AND closed_date <= DATE '2021-05-03' AND verifier IS NOT NULL
        AND verify_result = '合格')""", closed) == 0
    # open: nothing closed; awaiting review has a completion and no review; 复核不通过 has the failed review
    assert one(con, "SELECT count(*) FROM hazards WHERE status <> ? AND closed_date IS NOT NULL", closed) == 0
    assert one(con, "SELECT count(*) FROM hazards WHERE status = ? AND (completed_date IS NULL OR verified_date "
                    "IS NOT NULL)", vocab.ST_AWAITING_REVIEW) == 0
    assert one(con, "SELECT count(*) FROM hazards WHERE status = ? AND verify_result IS DISTINCT FROM '不合格'",
               vocab.ST_REVIEW_FAILED) == 0
    assert one(con, "SELECT count(*) FROM hazards WHERE status = ?", vocab.ST_REVIEW_FAILED) >= 2
    # older hazards are mostly closed, recent ones mostly open
    old = one(con, "SELECT round(100.0 * count(*) FILTER (WHERE status = ?) / count(*), 1) FROM hazards "
                   "WHERE found_date < DATE '2021-03-01'", closed)
    recent = one(con, "SELECT round(100.0 * count(*) FILTER (WHERE status = ?) / count(*), 1) FROM hazards "
                      "WHERE treatment = ? AND found_date >= DATE '2021-04-20'", closed, ddl)
    assert old >= 90.0 and recent <= 30.0


def test_overdue_hazards_are_a_minority_concentrated_in_a_few_units(con):
    open_, overdue = rows(con, """SELECT count(*), count(*) FILTER (WHERE deadline < DATE '2021-05-03')
                                  FROM hazards WHERE status <> '已销号'""")[0]
    assert 5.0 <= round(100.0 * overdue / open_, 1) <= 12.0
    # the meeting's example view "汉滨区, 消防, 逾期" (issue 3) has rows to show
    assert one(con, """SELECT count(*) FROM hazards h JOIN units u ON u.code = h.unit_code
                       WHERE u.name = '汉滨区' AND h.sector = '消防' AND h.status <> '已销号'
                         AND h.deadline < DATE '2021-05-03'""") >= 1
    per_unit = [n for (n,) in rows(con, """
        SELECT count(h.id) FILTER (WHERE h.status <> '已销号' AND h.deadline < DATE '2021-05-03')
        FROM units u LEFT JOIN hazards h ON h.unit_code = u.code GROUP BY u.code ORDER BY 1 DESC""")]
    assert sum(per_unit[:3]) > overdue / 2
    assert len(set(per_unit)) >= 4, "county rankings differ"
    rates = rows(con, """SELECT u.name, round(100.0 * count(*) FILTER (WHERE h.status <> '已销号' AND h.deadline < DATE
                         '2021-05-03') / count(*) FILTER (WHERE h.status <> '已销号'), 1) AS r
                         FROM hazards h JOIN units u ON u.code = h.unit_code GROUP BY 1 ORDER BY r DESC, 1""")
    assert {name for name, _ in rates[:3]} & {"白河县", "紫阳县", "恒口示范区"}


def test_extended_listed_and_enforced_hazards(con):
    extended = rows(con,
                    "SELECT id, original_deadline, deadline, level FROM hazards WHERE deadline <> original_deadline")
    assert 3 <= len(extended) <= 40
    for hid, original, deadline, level in extended:
        assert deadline > original
        events = rows(con, "SELECT reason, detail FROM audit_events WHERE entity = 'hazard' AND entity_id = ? "
                           "AND action = '延期'", hid)
        assert len(events) == 1 and events[0][0]
        detail = json.loads(events[0][1])
        assert detail["old_deadline"] == original.isoformat() and detail["new_deadline"] == deadline.isoformat()
        assert detail.get("approval") or level != vocab.LEVEL_MAJOR
    listed = rows(con, """SELECT id, listing_level, listing_unit, listing_doc, listing_date, found_date, level
                          FROM hazards WHERE listing_level <> '未挂牌'""")
    assert 8 <= len(listed) <= 15
    assert {r[1] for r in listed} == {vocab.LISTING_CITY, vocab.LISTING_COUNTY}
    for hid, lvl, unit, doc, listed_on, found, level in listed:
        assert level == vocab.LEVEL_MAJOR and unit and re.fullmatch(r".+〔2021〕\d+号", doc)
        assert found <= listed_on <= AS_OF_DATE
        (detail,) = [json.loads(d) for (d,) in rows(
            con, "SELECT detail FROM audit_events WHERE entity = 'hazard' AND entity_id = ? AND action = '挂牌督办'", hid)]
        assert (detail["level"], detail["unit"], detail["doc"]) == (lvl, unit, doc)
    assert one(con, "SELECT count(*) FROM hazards WHERE listing_level = '未挂牌' AND (listing_doc IS NOT NULL "
                    "OR listing_date IS NOT NULL)") == 0
    enforced = rows(con, "SELECT id, enforcement FROM hazards WHERE enforcement IS NOT NULL")
    assert 5 <= len(enforced) <= 40 and {e for _, e in enforced} <= set(vocab.ENFORCEMENT_MEASURES)
    assert "停产整顿" in {e for _, e in enforced}
    for hid, measure in enforced:
        (detail,) = [json.loads(d) for (d,) in rows(
            con, "SELECT detail FROM audit_events WHERE entity = 'hazard' AND entity_id = ? AND action = '执法措施'", hid)]
        assert detail["measure"] == measure


# -- the audit trail --------------------------------------------------------------------------------

def test_every_hazard_is_registered_once_and_its_events_end_in_its_status(con):
    assert one(con, """
        SELECT count(*) FROM hazards h LEFT JOIN (
            SELECT entity_id, count(*) AS n, min(happened_at) AS at FROM audit_events
            WHERE entity = 'hazard' AND action = '登记' AND from_status IS NULL AND to_status = '待整改' GROUP BY 1
        ) r ON r.entity_id = h.id
        WHERE r.n IS DISTINCT FROM 1 OR r.at <> h.created_at""") == 0
    assert one(con, """
        WITH e AS (SELECT entity_id, to_status, happened_at,
                          row_number() OVER (PARTITION BY entity_id ORDER BY happened_at DESC, id DESC) AS k,
                          max(happened_at) OVER (PARTITION BY entity_id) AS last_at
                   FROM audit_events WHERE entity = 'hazard')
        SELECT count(*) FROM hazards h LEFT JOIN e ON e.entity_id = h.id AND e.k = 1
        WHERE e.to_status IS DISTINCT FROM h.status OR e.last_at <> h.updated_at""") == 0


def test_hazard_events_chain_and_follow_the_lifecycle_rules(con):
    # each event starts from the status the previous one left, and the first is 登记
    assert one(con, """
        WITH e AS (SELECT action, from_status, to_status,
                          lag(to_status) OVER (PARTITION BY entity_id ORDER BY happened_at, id) AS prev,
                          row_number() OVER (PARTITION BY entity_id ORDER BY happened_at, id) AS k
                   FROM audit_events WHERE entity = 'hazard')
        SELECT count(*) FROM e
        WHERE (k = 1 AND action <> '登记') OR (k > 1 AND from_status IS DISTINCT FROM prev)""") == 0
    triples = rows(con, """SELECT DISTINCT e.action, e.from_status, e.to_status, h.treatment FROM audit_events e
                           JOIN hazards h ON h.id = e.entity_id WHERE e.entity = 'hazard'""")
    actions = {t[0] for t in triples}
    assert actions == {"登记", "开始整改", "提交整改完成", "复核不通过", "复核合格", "即查即改销号", "延期", "挂牌督办", "执法措施"}
    for action, from_status, to_status, treatment in triples:
        if action == "登记":
            assert (from_status, to_status) == (None, vocab.ST_PENDING)
            continue
        rule = hazards.TRANSITIONS[action]
        assert from_status in rule.from_statuses, (action, from_status)
        assert to_status == (rule.to_status or from_status), (action, from_status, to_status)
        assert not rule.immediate_only or treatment == vocab.TREAT_IMMEDIATE
    assert one(con, "SELECT count(*) FROM audit_events WHERE entity = 'hazard' AND action = '复核不通过' "
                    "AND reason IS NULL") == 0
    # events happen between the found date and the as-of time; closing matches the ledger's dates
    assert one(con, """SELECT count(*) FROM audit_events e JOIN hazards h ON h.id = e.entity_id
                       WHERE e.entity = 'hazard' AND (e.happened_at::DATE < h.found_date
                             OR e.happened_at > TIMESTAMP '2021-05-03 17:00:00')""") == 0
    assert one(con, """SELECT count(*) FROM hazards h WHERE h.status = '已销号' AND h.closed_date <> (
                           SELECT max(happened_at)::DATE FROM audit_events e WHERE e.entity = 'hazard'
                           AND e.entity_id = h.id AND e.action IN ('复核合格', '即查即改销号'))""") == 0
    assert one(con, """SELECT count(*) FROM hazards h WHERE h.treatment = '限期整改' AND h.completed_date IS NOT NULL
                       AND h.completed_date <> (SELECT max(happened_at)::DATE FROM audit_events e
                           WHERE e.entity = 'hazard'
                           AND e.entity_id = h.id AND e.action = '提交整改完成')""") == 0


def test_audit_event_ids_are_dense_and_the_sequences_continue(demo_store):
    count, low, high = demo_store.rows("SELECT count(*), min(id), max(id) FROM audit_events")[0]
    assert (low, high) == (1, count)
    demo_store.write(lambda tx: tx.audit("test", "x", "测试", roles.system("测试员")))
    assert demo_store.scalar("SELECT max(id) FROM audit_events") == count + 1
    for table, columns, values in (
        ("inspections", "unit_code, visit_date, enterprise, sector", "'610902', DATE '2021-05-03', '测试单位', '消防'"),
        ("dispatch_log", "sent_at, actor, to_units, content", "TIMESTAMP '2021-05-03 16:59:00', '测试', '610902', '测试'"),
        ("group_changes", "group_id, change_date, kind", "1, DATE '2021-05-03', '成员调整'"),
    ):
        top = demo_store.scalar(f"SELECT max(id) FROM {table}")
        demo_store.write(lambda tx: tx.execute(f"INSERT INTO {table} ({columns}) VALUES ({values})"),
                         require_audit=False)
        assert demo_store.scalar(f"SELECT max(id) FROM {table}") == top + 1


TIMES = {  # things that happened: none may lie after the as-of time
    "audit_events": ["happened_at"],
    "hazards": ["found_date", "completed_date", "verified_date", "closed_date", "listing_date", "created_at",
                "updated_at"],
    "inspections": ["visit_date"],
    "groups": ["stationed_on"],
    "group_changes": ["change_date", "filed_on"],
    "fire_incidents": ["occurred_at"],
    "fire_units": ["filed_date", "listing_date", "announced_date", "review_requested_date", "closed_date",
                   "updated_at"],
    "fire_unit_milestones": ["actual_date"],
    "duty_reports": ["report_date", "submitted_at"],
    "incidents": ["occurred_at", "received_at", "reported_at"],
    "warnings": ["valid_from"],
    "dispatch_log": ["sent_at"],
}


@pytest.mark.parametrize("table", sorted(TIMES))
def test_nothing_is_dated_after_the_as_of_time(con, table):
    for column in TIMES[table]:
        latest = one(con, f"SELECT max({column}) FROM {table}")
        if latest is None:
            continue
        if isinstance(latest, datetime):
            assert latest <= AS_OF, (table, column, latest)
        else:
            assert latest <= AS_OF_DATE, (table, column, latest)


# -- fires ------------------------------------------------------------------------------------------

def test_2020_fires_match_the_published_figures(con):
    n, deaths, injuries, loss, home, electric, careless, central = rows(con, """
        SELECT count(*), sum(deaths), sum(injuries), round(sum(direct_loss), 2),
               round(100.0 * count(*) FILTER (WHERE place_type = '住宅') / count(*), 1),
               round(100.0 * count(*) FILTER (WHERE cause = '电气火灾') / count(*), 1),
               round(100.0 * count(*) FILTER (WHERE cause = '生活用火不慎') / count(*), 1),
               round(100.0 * count(*) FILTER (WHERE central_city) / count(*), 1)
        FROM fire_incidents WHERE year(occurred_at) = 2020""")[0]
    assert (n, deaths, injuries, loss) == (878, 3, 4, 1925.0)
    assert (home, electric, careless, central) == (37.6, 32.0, 35.5, 42.0)
    # losses are whole 0.01 万元 steps
    assert one(con, "SELECT count(*) FROM fire_incidents WHERE round(direct_loss, 2) <> direct_loss") == 0


def test_fire_years_records_and_places(con):
    by_year = dict((y, (n, loss)) for y, n, loss in rows(
        con, "SELECT year(occurred_at), count(*), sum(direct_loss) FROM fire_incidents GROUP BY 1"))
    assert set(by_year) == {2019, 2020, 2021}
    assert by_year[2019][0] < by_year[2020][0] and by_year[2019][1] < by_year[2020][1]
    assert 1000 < by_year[2019][1] < 1925
    assert rows(con,
                "SELECT min(occurred_at) >= TIMESTAMP '2021-01-01', max(occurred_at) <= TIMESTAMP '2021-05-03 17:00' "
                     "FROM fire_incidents WHERE year(occurred_at) = 2021") == [(True, True)]
    hb = code_of(con, "汉滨区")
    baoye = rows(con, "SELECT occurred_at::DATE, place_type, unit_code FROM fire_incidents WHERE name LIKE '%宝业市场%'")
    assert baoye == [(date(2020, 6, 11), "商场市场", hb)]
    xinghua = rows(con, "SELECT occurred_at::DATE FROM fire_incidents WHERE name LIKE '%兴华建材市场东区商铺%'")
    assert xinghua == [(date(2021, 4, 2),)]
    assert one(con, """SELECT count(*) FROM fire_incidents f JOIN units u ON u.code = f.unit_code
                       WHERE f.central_city AND u.name NOT IN ('汉滨区', '安康高新区')""") == 0
    assert one(con, "SELECT count(*) FROM fire_incidents WHERE place_type NOT IN (SELECT unnest(?)) "
                    "OR cause NOT IN (SELECT unnest(?))", list(vocab.FIRE_PLACES), list(vocab.FIRE_CAUSES)) == 0
    assert one(con, "SELECT count(DISTINCT unit_code) FROM fire_incidents") == 12


def test_fourteen_unresolved_major_fire_hazard_units(con):
    units = rows(con, """SELECT id, status, listing_level, listing_doc, listing_date, announced_date, filed_date,
                                original_deadline, deadline, progress, judgement, clauses, resp_unit, resp_person,
                                supervising_dept, fire_brigade, interim_measures, place_type, description, address,
                                funds
                         FROM fire_units ORDER BY id""")
    assert [u[0] for u in units] == [f"ZDHZ-{k:02d}" for k in range(1, 15)]
    assert {u[1] for u in units} <= {vocab.FU_FILED, vocab.FU_IN_PROGRESS, vocab.FU_REVIEW_REQUESTED}
    listed = [u for u in units if u[2] == vocab.LISTING_CITY]
    assert len(listed) == 5 and sum(u[2] == vocab.NOT_LISTED for u in units) == 9
    for u in listed:
        assert re.fullmatch(r".+〔2021〕\d+号", u[3]) and u[6] <= u[4] <= u[5] <= AS_OF_DATE
    for u in units:
        (fid, status, level, doc, listed_on, announced, filed, original, deadline, progress, judgement, clauses,
         *filled) = u
        assert 0 <= progress <= 95 and judgement in vocab.JUDGEMENTS and clauses.startswith("GB 35181-2017 第")
        assert all(v is not None for v in filled) and filed < deadline and deadline >= original
        assert (level == vocab.NOT_LISTED) == (doc is None)
    days = [(u[8] - AS_OF_DATE).days for u in units]
    assert sum(d < 0 for d in days) >= 2 and sum(0 <= d <= 30 for d in days) >= 2 and sum(d > 30 for d in days) >= 2
    assert sum(u[8] > u[7] for u in units) == 1
    assert one(con, """SELECT max(sqrt((f.lat - u.lat) ^ 2 + (f.lon - u.lon) ^ 2)) FROM fire_units f
                       JOIN units u ON u.code = f.unit_code""") <= 0.06
    assert one(con, "SELECT count(*) FROM fire_units WHERE status = '申请复查' AND review_requested_date IS NULL") == 0


def test_fire_unit_milestones_and_events(con):
    counts = rows(con, "SELECT fire_unit_id, count(*) FROM fire_unit_milestones GROUP BY 1")
    assert len(counts) == 14 and all(3 <= n <= 6 for _, n in counts)
    assert one(con, """SELECT count(*) FROM fire_unit_milestones m JOIN fire_units f ON f.id = m.fire_unit_id
                       WHERE m.planned_date < f.filed_date OR m.planned_date > f.deadline
                          OR m.actual_date < f.filed_date OR m.actual_date > DATE '2021-05-03'""") == 0
    assert one(con, "SELECT count(*) FROM fire_unit_milestones WHERE actual_date IS NOT NULL") >= 10
    behind = one(con, "SELECT count(DISTINCT fire_unit_id) FROM fire_unit_milestones "
                      "WHERE actual_date IS NULL AND planned_date < DATE '2021-05-03'")
    assert 2 <= behind < 14
    names = {n for (n,) in rows(con, "SELECT DISTINCT name FROM fire_unit_milestones")}
    assert {"制定整改方案", "拆除违章搭建", "增设室内消火栓系统", "完善自动喷水灭火系统", "组织复查验收"} <= names
    assert one(con, """
        WITH e AS (SELECT entity_id, to_status, action,
                          row_number() OVER (PARTITION BY entity_id ORDER BY happened_at DESC, id DESC) AS k
                   FROM audit_events WHERE entity = 'fire_unit')
        SELECT count(*) FROM fire_units f LEFT JOIN e ON e.entity_id = f.id AND e.k = 1
        WHERE e.to_status IS DISTINCT FROM f.status""") == 0
    assert one(con,
               "SELECT count(DISTINCT entity_id) FROM audit_events WHERE entity = 'fire_unit' AND action = '立案'") == 14
    assert one(con, "SELECT count(*) FROM audit_events WHERE entity = 'fire_unit' AND action = '挂牌督办'") == 5
    assert one(con, "SELECT count(*) FROM audit_events WHERE entity = 'fire_unit' AND action = '更新进度'") > 0


# -- May Day duty -----------------------------------------------------------------------------------

def test_duty_period_and_roster(con):
    assert rows(con, "SELECT * FROM duty_periods") == [
        ("2021-labour-day", "2021年“五一”假期", "五一", date(2021, 5, 1), date(2021, 5, 5))]
    assert one(con, "SELECT count(*) FROM duty_roster") == 60
    assert one(con, "SELECT count(DISTINCT unit_code) FROM duty_roster") == 12
    assert rows(con, "SELECT min(duty_date), max(duty_date) FROM duty_roster") == [(date(2021, 5, 1), date(2021, 5, 5))]
    assert one(con, """SELECT count(*) FROM duty_roster WHERE leader IS NULL OR officer IS NULL
                       OR NOT regexp_full_match(duty_phone, '0915-\\d{7}')
                       OR leader_title NOT SIMILAR TO '.*副(县|区|市)长|管委会副主任'
                       OR NOT regexp_full_match(leader_phone, '1\\d{2}0915\\d{4}')""") == 0


def test_daily_reports_with_zero_reports_late_and_missing(con):
    per_day = dict((d, n) for d, n in rows(con,
                                           "SELECT report_date, count(DISTINCT unit_code) FROM duty_reports "
                                           "GROUP BY 1"))
    assert per_day == {date(2021, 5, 1): 12, date(2021, 5, 2): 12, date(2021, 5, 3): 8}
    missing = {n for (n,) in rows(con, """SELECT name FROM units WHERE code NOT IN
                                         (SELECT unit_code FROM duty_reports WHERE report_date = DATE '2021-05-03')""")}
    assert missing == {"岚皋县", "镇坪县", "白河县", "恒口示范区"}
    zero = rows(con, "SELECT report_date, count(*) FROM duty_reports WHERE situation = ? GROUP BY 1", vocab.REPORT_ZERO)
    assert all(n >= 2 for _, n in zero) and len(zero) == 3
    assert one(con, """SELECT count(*) FROM duty_reports WHERE situation = '零报告' AND (accidents + fires + deaths +
                       injuries + inspections + hazards_found + hazards_fixed) <> 0""") == 0
    assert one(con,
               "SELECT count(*) FROM duty_reports WHERE situation = '有情况' "
               "AND (details IS NULL OR inspections = 0)") == 0
    assert one(con, "SELECT count(*) FROM duty_reports WHERE situation NOT IN ('零报告', '有情况')") == 0
    late = rows(con, "SELECT report_date, submitted_at::TIME FROM duty_reports WHERE version = 1 "
                     "AND submitted_at::TIME > TIME '16:00' ORDER BY 1, 2")
    assert len([d for d, _ in late if d < AS_OF_DATE]) >= 2 and any(d == AS_OF_DATE for d, _ in late)
    assert one(con, "SELECT count(*) FROM duty_reports WHERE submitted_at::DATE <> report_date") == 0
    (unit, day, v1_at, v2_at), = rows(con, """
        SELECT r2.unit_code, r2.report_date, r1.submitted_at, r2.submitted_at FROM duty_reports r2
        JOIN duty_reports r1 ON r1.unit_code = r2.unit_code AND r1.report_date = r2.report_date AND r1.version = 1
        WHERE r2.version = 2""")
    assert day == date(2021, 5, 2) and v1_at < v2_at and one(con, "SELECT max(version) FROM duty_reports") == 2
    # what the reports say matches the roster and the ledger
    assert one(con, """SELECT count(*) FROM duty_reports r JOIN duty_roster d ON d.unit_code = r.unit_code
                       AND d.duty_date = r.report_date
                       WHERE r.leader <> d.leader OR r.duty_phone <> d.duty_phone""") == 0
    assert one(con, """SELECT count(*) FROM duty_reports r WHERE r.situation = '有情况' AND r.hazards_found <>
                       (SELECT count(*) FROM hazards h
                        WHERE h.unit_code = r.unit_code AND h.found_date = r.report_date)""") == 0
    assert one(con, "SELECT count(*) FROM audit_events WHERE entity = 'duty_report'") == one(
        con, "SELECT count(*) FROM duty_reports")


def _incident_level(deaths, serious, loss_wan):
    if deaths >= 30 or serious >= 100 or loss_wan >= 10000:
        return "特别重大事故"
    if deaths >= 10 or serious >= 50 or loss_wan >= 5000:
        return "重大事故"
    if deaths >= 3 or serious >= 10 or loss_wan >= 1000:
        return "较大事故"
    return "一般事故"


def test_incident_chains(con):
    chains = rows(con, "SELECT chain_id, count(*), count(*) FILTER (WHERE stage = '初报' AND id = chain_id) "
                       "FROM incidents GROUP BY 1 HAVING min(occurred_at) >= DATE '2021-05-01'")
    assert 3 <= len(chains) <= 4 and all(first == 1 for _, _, first in chains)
    # before the holiday (for the ranking's 同比 rules): each accident a 初报 and its 终报
    past = rows(con, "SELECT count(*), count(*) FILTER (WHERE stage = '初报' AND id = chain_id), "
                     "count(*) FILTER (WHERE stage = '终报') FROM incidents WHERE occurred_at < DATE '2021-05-01' GROUP BY chain_id")
    assert len(past) >= 50 and all(p == (2, 1, 1) for p in past)
    assert any(n >= 2 for _, n, _ in chains)
    assert one(con, "SELECT count(*) FROM incidents WHERE stage NOT IN ('初报', '续报', '终报')") == 0
    assert one(con,
               """SELECT count(*) FROM incidents WHERE NOT (occurred_at <= received_at AND received_at <= reported_at
                       AND reported_at <= TIMESTAMP '2021-05-03 17:00')""") == 0
    crash = rows(con, """SELECT occurred_at::DATE, deaths, serious_injuries, direct_loss FROM incidents
                         WHERE kind = '道路交通事故' ORDER BY reported_at DESC LIMIT 1""")[0]
    assert crash[0] == date(2021, 5, 2) and crash[1] == 3
    assert _incident_level(crash[1], crash[2], crash[3]) == "较大事故"
    late = one(con,
               "SELECT count(*) FROM incidents WHERE stage = '初报' AND reported_at > occurred_at + INTERVAL 60 MINUTE")
    assert late >= 1
    fire = rows(con, "SELECT max(injuries), max(direct_loss) FROM incidents WHERE kind = '火灾事故'")[0]
    assert fire[0] > 0 and fire[1] > 0
    assert one(con, "SELECT count(*) FROM incidents WHERE unit_code NOT IN (SELECT code FROM units)") == 0


def test_warnings_and_dispatch(con):
    in_force = rows(con, "SELECT level, kind FROM warnings WHERE valid_from <= TIMESTAMP '2021-05-03 17:00' "
                         "AND valid_to > TIMESTAMP '2021-05-03 17:00' ORDER BY 1")
    assert ("黄色预警(三级)", "暴雨") in in_force and ("蓝色预警(四级)", "地质灾害") in in_force
    assert one(con, "SELECT count(*) FROM warnings WHERE valid_to < TIMESTAMP '2021-05-03 17:00' "
                    "AND valid_to >= TIMESTAMP '2021-05-01'") >= 1
    assert one(con, "SELECT count(*) FROM warnings WHERE level NOT IN (SELECT unnest(?))",
               list(vocab.WARNING_LEVELS)) == 0
    codes = {c for (c,) in rows(con, "SELECT code FROM units")}
    for (units,) in rows(con, "SELECT units FROM warnings UNION ALL SELECT to_units FROM dispatch_log"):
        assert set(units.split(",")) <= codes
    rainstorm_units = one(con, "SELECT units FROM warnings WHERE kind = '暴雨'").split(",")
    assert len(rainstorm_units) >= 3
    n = one(con, "SELECT count(*) FROM dispatch_log")
    assert 6 <= n <= 10 and one(con, "SELECT max(id) FROM dispatch_log") == n
    assert one(con, "SELECT count(*) FROM dispatch_log WHERE content IS NULL OR actor IS NULL") == 0


# -- the task list ----------------------------------------------------------------------------------

def test_twenty_five_categories_and_sixty_one_items(con):
    assert rows(con, "SELECT count(DISTINCT category_no), count(DISTINCT category), count(*) FROM tasks") == [(25, 25,
                                                                                                               61)]
    assert rows(con, "SELECT min(category_no), max(category_no) FROM tasks") == [(1, 25)]
    assert one(con,
               "SELECT count(*) FROM (SELECT category_no FROM tasks GROUP BY 1 HAVING max(item_no) <> count(*))") == 0
    assert {s for (s,) in rows(con, "SELECT DISTINCT status FROM tasks")} == {"未启动", "推进中", "已完成"}
    assert one(con, """SELECT count(*) FROM tasks WHERE (status = '已完成' AND progress <> 100)
                       OR (status = '未启动' AND progress <> 0) OR (status = '推进中' AND NOT progress BETWEEN 1 AND 99)
                       OR lead_dept IS NULL OR deadline IS NULL""") == 0
    assert {"危险化学品安全专项整治", "消防安全专项整治"} <= {c for (c,) in rows(con, "SELECT DISTINCT category FROM tasks")}


# -- determinism, scale, the CLI -------------------------------------------------------------------

# Not the same twice by design: the demo accounts' one random password (their hashes; the password is beside
# each file) and the real time their creation was written (the accounts' times, their audit lines' recorded_at).
BY_DESIGN_RANDOM = {"users": ("password_hash", "created_at", "updated_at"), "audit_events": ("recorded_at",)}


def _tables(path):
    connection = duckdb.connect(str(path), read_only=True)
    try:
        names = [n for (n,) in connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_name <> 'schema_version' "
            "ORDER BY 1").fetchall()]
        left_out = {n: f" EXCLUDE ({', '.join(c)})" for n, c in BY_DESIGN_RANDOM.items()}
        return {n: connection.execute(f"SELECT *{left_out.get(n, '')} FROM {n} ORDER BY ALL").fetchall() for n in names}
    finally:
        connection.close()


def test_same_arguments_give_identical_tables(demo_db_path, tmp_path):
    from dashboard.access import accounts

    again = tmp_path / "again.duckdb"
    demo.build(again)
    first, second = _tables(demo_db_path), _tables(again)
    assert sorted(first) == sorted(second) and len(first) >= 20
    for table in first:
        assert first[table] == second[table], table
    for n, built in enumerate((demo_db_path, again)):  # what was left out is only the accounts' and right in each
        path = tmp_path / f"copy{n}.duckdb"  # (the session's demo file is read-only: signing in writes)
        shutil.copy(built, path)
        store = Store.open(path)
        try:
            assert {e for (e,) in store.rows("SELECT DISTINCT entity FROM audit_events WHERE recorded_at IS NOT NULL"
                                             )} == {"user"}
            password = accounts.demo_password_file(built).read_text(encoding="utf-8").strip()
            assert accounts.sign_in(store, "office", password).user.role == "市安委办"
        finally:
            store.close()


def test_scale_two_doubles_the_hazards(tmp_path, con):
    path = tmp_path / "scale2.duckdb"
    summary = demo.build(path, scale=2)
    store = Store.open(path)
    try:
        assert store.meta("demo_scale") == "2"
        assert store.scalar("SELECT count(*) FROM hazards") == 2 * one(con, "SELECT count(*) FROM hazards")
        ratio = store.scalar("SELECT count(*) FROM audit_events WHERE entity = 'hazard'") / one(
            con, "SELECT count(*) FROM audit_events WHERE entity = 'hazard'")
        assert 1.8 <= ratio <= 2.2
        assert store.scalar("SELECT count(*) FROM fire_units") == 14
        loss = store.scalar("SELECT round(sum(direct_loss), 2) FROM fire_incidents WHERE year(occurred_at) = 2020")
        assert loss == 1925.0
    finally:
        store.close()
    assert "3,624 条隐患" in summary and summary.startswith("12 个县区")


def test_build_refuses_an_existing_file_and_a_bad_scale(demo_db_path, tmp_path):
    with pytest.raises(StoreError):
        demo.build(demo_db_path)
    with pytest.raises(ValueError):
        demo.build(tmp_path / "zero.duckdb", scale=0)


def test_a_failed_build_leaves_no_file(tmp_path, monkeypatch):
    path = tmp_path / "broken.duckdb"

    def broken_summary(store):
        raise RuntimeError("boom")

    monkeypatch.setattr(demo, "summary", broken_summary)
    with pytest.raises(RuntimeError):
        demo.build(path)
    assert not path.exists() and not Path(str(path) + ".wal").exists()


def test_cli_builds_once_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "cli.duckdb"
    command = [sys.executable, "-m", "dashboard", "demo", "--out", str(out)]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert out.exists() and "演示数据已生成" in first.stdout and "1,812 条隐患" in first.stdout
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 2 and "--force" in second.stderr
    kept = subprocess.run(command + ["--if-missing"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert kept.returncode == 0
