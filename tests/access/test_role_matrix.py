"""The role × action matrix (issue 16), in the domain: every write the rule table (roles.RULES) knows, taken by
every role (a 县区填报员 of the record's own county and of another, a 督查组 of the record's own group and of
another, the wall, and an actor that is no user at all) through the REAL domain function on a copy of the demo
store. Allowed: it succeeds and its audit line names the user. Refused: ValidationError with a Chinese reason
naming the role (未登录 for a non-user), and not one row of any table changed (db.table_digests).

The expected outcomes are written out here (EXPECTED, from the issue's roles), not read from roles.RULES: a rule
that changes, or a new one, fails the rule-level table until EXPECTED says so, and the coverage test
(``test_each_case_writes_what_it_says_and_together_they_take_every_rule``) fails until a domain case (WRITES) takes
it (or NO_WRITE_PATH says why there is none). Import kinds declared
in the domains (ingest.ImportKind) are found by themselves and imported from their own template.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import openpyxl
import pytest

from dashboard import documents, duty, fire_units, fires, groups, hazards, import_register, meeting, roles
from dashboard import stored_settings, tasks, units, vocab
from dashboard.access import accounts
from dashboard.db import Store, ValidationError, table_digests
from dashboard.ingest import kinds
from dashboard.lifecycle import EVIDENCE
from dashboard.notify import notices

ADMIN, OFFICE, DUTY, CLERK, GROUP, LEADER, WALL, ANY = (roles.ADMIN, roles.OFFICE, roles.DUTY, roles.CLERK, roles.GROUP,
                                                        roles.LEADER, roles.WALL, roles.ANY)
PEOPLE = (ADMIN, OFFICE, DUTY, CLERK, GROUP, LEADER)
OTHER_IMPORTS = ("导入重大火灾隐患单位", "导入重大火灾隐患整改节点", "导入火灾记录", "导入专项整治", "导入督查组", "导入督查检查记录",
                 "导入督查组人员变更备案", "导入督查组约谈记录")
ENTRIES = ("登记专项整治", "登记督查组", "登记督查检查记录", "登记督查组人员变更备案", "登记督查组约谈记录")  # one typed in a form

# Who may, as the issue says it (a scoped role here: only on its own county's / group's records). Keyed as
# roles.RULES is: (entity, action), ANY for every action of the entity without a line of its own.
EXPECTED: dict[tuple[str, str], set[str]] = {
    **{("hazard", a): {OFFICE, GROUP} for a in ("登记", "即查即改销号", "书面移交")},
    **{("hazard", a): {OFFICE, CLERK} for a in ("开始整改", "提交整改完成")},
    **{("hazard", a): {OFFICE} for a in ("复核合格", "复核不通过", "延期", "挂牌督办", "执法措施", "复查发现反弹")},
    **{("fire_unit", a): {OFFICE, CLERK} for a in ("更新进度", "节点完成", "申请复查")},
    ("fire_unit", ANY): {OFFICE},
    ("duty_report", ANY): {OFFICE, DUTY, CLERK},
    ("incident", ANY): {OFFICE, DUTY, CLERK},
    ("warning", ANY): {OFFICE, DUTY},
    ("dispatch", ANY): {OFFICE, DUTY},
    ("duty_roster", ANY): {OFFICE, DUTY},
    ("duty_period", ANY): {OFFICE},
    ("notification", ANY): {OFFICE, DUTY},
    ("task", ANY): {OFFICE},
    ("document", ANY): {OFFICE},
    ("group", ANY): {OFFICE},
    ("fire", ANY): {OFFICE},
    ("setting", ANY): {ADMIN, OFFICE},
    ("import", "导入隐患"): {OFFICE, GROUP},
    ("import", "导入值班表"): {OFFICE, DUTY},
    **{("import", a): {OFFICE} for a in OTHER_IMPORTS},
    **{("import", a): {OFFICE} for a in ENTRIES},
    ("import", ANY): {OFFICE},
    ("user", ANY): {ADMIN},
    **{("user", a): set(PEOPLE) for a in ("登录", "登录失败", "账号锁定", "退出登录", "修改密码")},
    ("wall_link", ANY): {ADMIN},
    ("units", ANY): {ADMIN},
    ("backup", ANY): {ADMIN, OFFICE},
    ("meeting_snapshot", ANY): {OFFICE, DUTY},
}

# Rules with no domain write to take them (asserted to be exactly these: a new write path must join WRITES).
NO_WRITE_PATH = {
    ("hazard", "书面移交"): "a lifecycle action (hazards.hand_over): its roles in tests/hazards (书面移交 tests)",
    ("hazard", "复查发现反弹"): "a lifecycle action needing its proof: the office only in tests/hazards/test_reopen.py",
    ("backup", ANY): "立即备份 writes no record: backup.take asks it of its actor (tests/backup/test_backup.py)",
    ("user", "登录"): "written as the person signing in: tests/access/test_accounts.py",
    ("user", "登录失败"): "written as the person (or 登录页): tests/access/test_accounts.py",
    ("user", "账号锁定"): "written as the person: tests/access/test_accounts.py",
}


def expected_roles(entity: str, action: str) -> set[str]:
    return EXPECTED.get((entity, action), EXPECTED.get((entity, ANY), set()))


# -- the actors: every role, the scoped ones of the record's county / group and of another ---------------------
HANBIN, XUNYANG = "610902", "610981"
TODAY = date(2021, 5, 3)  # the demo's as-of day
ACTORS = ("管理员", "市安委办", "值班员", "县区填报员·本县区", "县区填报员·外县区", "督查组·本组", "督查组·外组", "领导", "大屏",
          "未登录·文字", "未登录·None")
NOT_USERS = {"未登录·文字": "陈建华", "未登录·None": None}


@dataclass(frozen=True)
class Target:
    """What one attempt acts on: the record's county and group (the scoped actors are made of them) and what
    the write needs (an id, a number, fields)."""

    county: str | None = None
    group: int | None = None
    ctx: Any = None


def actor(key: str, target: Target) -> object:
    """The actor ``key`` for ``target``: a 县区填报员·本县区 of its county, ·外县区 of another, and so on."""
    if key in NOT_USERS:
        return NOT_USERS[key]
    own_county = target.county or HANBIN
    own_group = target.group or 1
    county = own_county if key.endswith("本县区") else (XUNYANG if own_county != XUNYANG else HANBIN)
    group = own_group if key.endswith("本组") else own_group % 12 + 1
    role = key.split("·")[0]
    login = f"t.{PEOPLE.index(role) if role in PEOPLE else 'wall'}.{county}.{group}"
    return roles.User(login=login, name="测试" + role, role=role,
                      unit_code=county if role == CLERK else None, group_id=group if role == GROUP else None)


def allowed(key: str, entity: str, action: str, *, own_always: bool = False) -> bool:
    """What EXPECTED says for actor ``key``: its role in the set, and a scoped one only on its own records
    (``own_always``: the write is on the actor's own account, its own county by construction)."""
    if key in NOT_USERS:
        return False
    role = key.split("·")[0]
    return role in expected_roles(entity, action) and (own_always or "·" not in key or key.endswith(("本县区", "本组")))


# -- the writes ---------------------------------------------------------------------------------------------
SYSTEM = roles.system("矩阵测试准备")  # makes what an attempt acts on (a pending hazard, a filed fire unit...)
SERIAL = itertools.count(1)  # the n of every prepare on the module's one store: names and dates never repeat


@dataclass(frozen=True)
class Write:
    """One write of the domain: ``prepare(store, n)`` makes (as SYSTEM) a record in the state it starts from,
    the n-th of the case; ``run(store, actor, target)`` is the domain call under test."""

    entity: str
    action: str
    run: Callable[[Store, object, Target], Any]
    prepare: Callable[[Store, int], Target] = lambda store, n: Target()
    own_always: bool = False
    name: str = ""

    @property
    def id(self) -> str:
        return self.name or f"{self.entity}:{self.action}"


NEW_HAZARD = {"found_date": date(2021, 4, 1), "unit_code": HANBIN, "source": vocab.SOURCE_GROUPS, "sector": "消防",
              "description": "疏散通道堵塞", "level": vocab.LEVEL_GENERAL, "treatment": vocab.TREAT_DEADLINE,
              "deadline": date(2021, 5, 20)}


def _hazard(store: Store, n: int, *steps: tuple[str, dict], **changes: Any) -> Target:
    """A new hazard of 汉滨区 (its group: 第一组), taken through ``steps`` (action, fields) as SYSTEM."""
    hid = hazards.create(store, {**NEW_HAZARD, "enterprise": f"矩阵单位{n}", **changes}, SYSTEM)
    for action, fields in steps:
        hazards.act(store, hid, action, fields, SYSTEM)
    row = hazards.detail(store, hid, TODAY)
    return Target(row["unit_code"], int(row["group_id"]), hid)


START = (hazards.A_START, {})
SUBMIT = (hazards.A_SUBMIT, {"completed_date": TODAY, "measures": "已清理"})
LIST_HAZARD = {"listing_level": vocab.LISTING_CITY, "listing_unit": "市安委办"}  # its notice issued with it
REVIEW = {"verifier": "复查员", "verified_date": TODAY}


def _act(action: str, fields: dict):
    return lambda store, who, t: hazards.act(store, t.ctx, action, fields, who)


FIRE_UNIT = {"clauses": "GB 35181-2017 第6.6条", "description": "旅馆未设置火灾自动报警系统", "filed_date": date(2021, 4, 1),
             "deadline": date(2021, 7, 31), "resp_person": "冯强", "place_type": "宾馆饭店"}
FIRE_REVIEW = {"review_date": TODAY, "reviewer": "汉滨区消防救援大队"}
REVIEW_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"  # 销案 needs it
FIRE_LIST = {"listing_level": vocab.LISTING_CITY, "listing_date": TODAY}  # its notice issued with it


def _fire_unit(store: Store, n: int, *steps: tuple[str, dict]) -> Target:
    """A new major fire-hazard unit of 汉滨区 (立案), taken through ``steps`` as SYSTEM."""
    unit_id = fire_units.register(store, {**FIRE_UNIT, "name": f"汉滨区矩阵宾馆{n}", "unit_code": HANBIN}, SYSTEM)
    for action, fields in steps:
        fire_units.act(store, unit_id, action, fields, SYSTEM)
    return Target(HANBIN, None, unit_id)


def _open_milestone(store: Store, n: int) -> Target:
    """An open 整改节点 of a 汉滨区 unit in 整改中 (the demo's ZDHZ-01/02/03/13 have several)."""
    found = store.rows("SELECT m.fire_unit_id, m.seq FROM fire_unit_milestones m"
                       " JOIN fire_units f ON f.id = m.fire_unit_id WHERE f.unit_code = ? AND f.status = ?"
                       " AND m.actual_date IS NULL ORDER BY 1, 2 LIMIT 1",
                       [HANBIN, vocab.FU_IN_PROGRESS])
    return Target(HANBIN, None, found[0])


def _fire_act(action: str, fields: dict):
    return lambda store, who, t: fire_units.act(store, t.ctx, action, fields, who)


REPORT = {"report_date": TODAY, "situation": vocab.REPORT_ZERO, "reporter": "黄海文", "leader": "沈彬学",
          "officer": "黄海文", "leader_phone": "18609158107"}


def _unreported(store: Store, n: int) -> Target:
    """A county without its report for 5月3日 (the demo has four: 岚皋、镇坪、白河、恒口)."""
    county = store.scalar("SELECT min(code) FROM units WHERE code NOT IN (SELECT unit_code FROM duty_reports"
                          " WHERE report_date = ?)", [TODAY])
    return Target(county)


INCIDENT = {"stage": "初报", "unit_code": HANBIN, "occurred_at": datetime(2021, 5, 3, 14, 0),
            "received_at": datetime(2021, 5, 3, 14, 20), "reported_at": datetime(2021, 5, 3, 15, 30),
            "place": "汉滨区某路口", "kind": "道路交通事故", "sector": "道路交通", "deaths": 1, "serious_injuries": 0,
            "injuries": 2, "direct_loss": 10}


def _incident(store: Store, n: int) -> Target:
    return Target(HANBIN, None, duty.record_incident(store, INCIDENT, SYSTEM))


def _follow_up(stage: str):
    return lambda store, who, t: duty.record_incident(
        store, {**INCIDENT, "stage": stage, "chain_id": t.ctx, "reported_at": datetime(2021, 5, 3, 16, 30)}, who)


WARNING = {"level": "蓝色预警(四级)", "kind": "大风", "units": [HANBIN], "valid_from": datetime(2021, 5, 3, 16),
           "valid_to": datetime(2021, 5, 4, 16), "issued_by": "市气象局", "content": "汉滨区将有大风"}
ROSTER = {"leader": "张三", "leader_phone": "13900000000", "officer": "李四", "officer_phone": "0915-5221234"}


def _roster_xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["值班日期", "县区", "带班领导", "带班领导电话", "值班人员", "值班人员电话"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HAZARD_CSV = "发现时间,来源,县区,单位名称,行业领域,隐患描述,隐患等级,治理类型,整改期限\n"


def _hazard_csv(n: int, county: str = "汉滨区") -> bytes:
    return (HAZARD_CSV + f"2021-04-20,{vocab.SOURCE_GROUPS},{county},矩阵导入商店{n},九小场所,灭火器过期,一般隐患,限期整改,"
            "2021-05-20\n").encode("utf-8-sig")


def _imported(store: Store, n: int) -> Target:
    done = hazards.import_file(store, _hazard_csv(n), "清单.csv", SYSTEM)
    assert done.ok, done.result.errors
    return Target(HANBIN, 1, done.import_id)


def _listed_hazard(store: Store, n: int) -> Target:
    """A hazard listed by the province (its 文号 typed): no notice of the office's yet, one may be issued."""
    return _hazard(store, n, (hazards.A_LIST, {"listing_level": vocab.LISTING_PROVINCE, "listing_unit": "省安委办",
                                               "outside_doc": "陕安委办督〔2021〕9号"}))


def _issued(store: Store, n: int) -> Target:
    target = _hazard(store, n)
    return Target(target.county, target.group,
                  documents.list_with_notice(store, documents.S_HAZARD, target.ctx, LIST_HAZARD, SYSTEM).number)


WEIGHT = "score_overdue_hazard"


def _another_weight(store: Store) -> int:
    """A value of the weight other than the one in force (0–100)."""
    return int(stored_settings.value(store, WEIGHT)) % 99 + 1


def _saved_setting(store: Store, n: int) -> Target:
    stored_settings.save(store, {WEIGHT: str(_another_weight(store))}, SYSTEM)
    return Target()


def _task(store: Store, n: int) -> Target:
    """专项整治 6-1 (0% in the demo) and a progress above its current one."""
    return Target(ctx=store.scalar("SELECT progress FROM tasks WHERE category_no = 6 AND item_no = 1") + 1)


def _account(store: Store, n: int, *, active: bool = True) -> Target:
    login = f"matrix{n}"
    accounts.add_user(store, SYSTEM, login=login, name="被管理的人", role=OFFICE, password=f"Matrix-{n}-pass-1")
    if not active:
        accounts.set_active(store, SYSTEM, login, False)
    return Target(ctx=login)


PASSWORD, NEW_PASSWORD = "Matrix-own-pass-1", "Matrix-new-pass-2"


def _own_account(store: Store, who: object) -> None:
    """The account ``who`` signs in with (a person's: not the wall's, not a non-user's), its password known."""
    if isinstance(who, roles.User) and who.role in PEOPLE and accounts.get_user(store, who.login) is None:
        accounts.add_user(store, SYSTEM, login=who.login, name=who.name, role=who.role, password=PASSWORD,
                          unit_code=who.unit_code, group_id=who.group_id, must_change=False)


def _change_password(store: Store, who: object, t: Target) -> None:
    _own_account(store, who)
    accounts.change_password(store, who, PASSWORD, NEW_PASSWORD)


def _notice(kind: str, subject: str, n: int) -> notices.Notice:
    return notices.Notice(kind, subject, HANBIN, TODAY, "冯强", f"1390000{n:04d}", "请按期完成整改")


FROZEN = meeting.Frozen.of("ranking", "县区排名", "全市", "2021年4月", datetime(2021, 5, 3, 17), [("参与排名", 12)])


def _wall_link(store: Store, n: int) -> Target:
    return Target(ctx=accounts.create_wall_link(store, SYSTEM, f"大屏{n}").id)


WRITES = [
    # hazards
    Write("hazard", "登记", lambda s, who, t: hazards.create(s, {**NEW_HAZARD, "enterprise": "矩阵登记单位"}, who),
          lambda s, n: Target(HANBIN, 1)),
    Write("hazard", "即查即改销号", _act(hazards.A_IMMEDIATE, REVIEW),
          lambda s, n: _hazard(s, n, treatment=vocab.TREAT_IMMEDIATE, deadline=None)),
    Write("hazard", "开始整改", _act(hazards.A_START, {}), _hazard),
    Write("hazard", "提交整改完成", _act(*SUBMIT), lambda s, n: _hazard(s, n, START)),
    Write("hazard", "复核合格", lambda s, who, t: hazards.review(s, t.ctx, True, REVIEW, who),
          lambda s, n: _hazard(s, n, START, SUBMIT)),
    Write("hazard", "复核不通过", lambda s, who, t: hazards.review(s, t.ctx, False, {**REVIEW, "reason": "仍有杂物"}, who),
          lambda s, n: _hazard(s, n, START, SUBMIT)),
    Write("hazard", "延期", _act(hazards.A_EXTEND, {"new_deadline": date(2021, 6, 30), "reason": "设备未到货"}), _hazard),
    Write("hazard", "挂牌督办", lambda s, who, t: documents.list_with_notice(s, documents.S_HAZARD, t.ctx, LIST_HAZARD, who),
          _hazard),
    Write("hazard", "执法措施", _act(hazards.A_ENFORCE, {"measure": "停产整顿"}), _hazard),
    # major fire-hazard units
    Write("fire_unit", "登记", lambda s, who, t: fire_units.register(
        s, {**FIRE_UNIT, "name": f"汉滨区矩阵登记宾馆{t.ctx}", "unit_code": HANBIN}, who), lambda s, n: Target(HANBIN, None, n)),
    Write("fire_unit", "更新进度", _fire_act(fire_units.A_PROGRESS, {"progress": 30}), _fire_unit),
    Write("fire_unit", "节点完成", lambda s, who, t: fire_units.act(
        s, t.ctx[0], fire_units.A_MILESTONE, {"seq": t.ctx[1], "actual_date": TODAY}, who), _open_milestone),
    Write("fire_unit", "申请复查", _fire_act(fire_units.A_REQUEST_REVIEW, {}),
          lambda s, n: _fire_unit(s, n, (fire_units.A_PROGRESS, {"progress": 90}))),
    Write("fire_unit", "复查合格", _fire_act(fire_units.A_REVIEW_PASS, {**FIRE_REVIEW, EVIDENCE: [("书.pdf", REVIEW_PDF)]}),
          lambda s, n: _fire_unit(s, n, (fire_units.A_PROGRESS, {"progress": 100}), (fire_units.A_REQUEST_REVIEW, {}))),
    Write("fire_unit", "复查不合格", _fire_act(fire_units.A_REVIEW_FAIL, {**FIRE_REVIEW, "reason": "出口宽度不足"}),
          lambda s, n: _fire_unit(s, n, (fire_units.A_PROGRESS, {"progress": 100}), (fire_units.A_REQUEST_REVIEW, {}))),
    Write("fire_unit", "挂牌督办", lambda s, who, t: documents.list_with_notice(s, documents.S_FIRE_UNIT, t.ctx, FIRE_LIST,
                                                                             who), _fire_unit),
    Write("fire_unit", "延期", _fire_act(fire_units.A_EXTEND, {"new_deadline": date(2021, 9, 30), "reason": "需结构鉴定"}),
          _fire_unit),
    # holiday duty
    Write("duty_report", "报送", lambda s, who, t: duty.submit_report(s, {**REPORT, "unit_code": t.county}, who),
          _unreported),
    Write("duty_report", "更正报送", lambda s, who, t: duty.submit_report(s, {**REPORT, "unit_code": t.county}, who),
          lambda s, n: Target(HANBIN)),
    Write("incident", "初报", lambda s, who, t: duty.record_incident(s, INCIDENT, who), lambda s, n: Target(HANBIN)),
    Write("incident", "续报", _follow_up("续报"), _incident),
    Write("incident", "终报", _follow_up("终报"), _incident),
    # a follow-up saying it is of the actor's own county is still of its chain's (a clerk of 旬阳 may not close
    # 汉滨区's incident by writing 旬阳 on its 终报)
    Write("incident", "终报", lambda s, who, t: duty.record_incident(s, {
        **INCIDENT, "stage": "终报", "chain_id": t.ctx, "unit_code": getattr(who, "unit_code", None) or HANBIN,
        "reported_at": datetime(2021, 5, 3, 16, 30)}, who), _incident, name="incident:终报·填本县区"),
    Write("warning", "发布预警", lambda s, who, t: duty.issue_warning(s, WARNING, who)),
    Write("dispatch", "调度", lambda s, who, t: duty.log_dispatch(s, {"to_units": [HANBIN], "content": "请报送"}, who)),
    Write("duty_roster", "排班", lambda s, who, t: duty.save_roster(
        s, {**ROSTER, "unit_code": HANBIN, "duty_date": t.ctx}, who),
          lambda s, n: Target(HANBIN, None, date(2021, 6, 1) + timedelta(days=n))),
    Write("duty_roster", "修改值班表", lambda s, who, t: duty.save_roster(
        s, {**ROSTER, "unit_code": HANBIN, "duty_date": date(2021, 5, 4)}, who), lambda s, n: Target(HANBIN)),
    Write("duty_period", "新增值班时段", lambda s, who, t: duty.add_period(
        s, {"name": f"矩阵假期{t.ctx:%m%d}", "short_name": f"假{t.ctx:%m%d}", "start_date": t.ctx,
            "end_date": t.ctx + timedelta(days=2)}, who),
          lambda s, n: Target(ctx=date(2022, 1, 1) + timedelta(days=5 * n))),
    Write("notification", notices.KIND_HAZARD, lambda s, who, t: notices.record_call(s, t.ctx, who),
          lambda s, n: Target(HANBIN, None, _notice(notices.KIND_HAZARD, "YH2021-000001", n))),
    Write("notification", notices.KIND_FIRE_UNIT, lambda s, who, t: notices.record_call(s, t.ctx, who),
          lambda s, n: Target(HANBIN, None, _notice(notices.KIND_FIRE_UNIT, "ZDHZ-01", n))),
    Write("dispatch", notices.KIND_CHASE, lambda s, who, t: notices.record_call(s, t.ctx, who),
          lambda s, n: Target(HANBIN, None, _notice(notices.KIND_CHASE, HANBIN, n))),
    # the task list, documents, settings
    Write("task", "更新进度", lambda s, who, t: tasks.update_progress(s, 6, 1, t.ctx, "", who), _task),
    Write("document", "印发", lambda s, who, t: documents.issue(s, documents.K_LISTING, documents.S_HAZARD, t.ctx, who),
          _listed_hazard),
    Write("document", "重新印发", lambda s, who, t: documents.reissue(s, t.ctx, who, "更正"), _issued),
    Write("setting", "修改设置", lambda s, who, t: stored_settings.save(s, {WEIGHT: str(t.ctx)}, who),
          lambda s, n: Target(ctx=_another_weight(s))),
    Write("setting", "恢复默认", lambda s, who, t: stored_settings.reset(s, WEIGHT, who), _saved_setting),
    # imports and their undo
    Write("import", "导入隐患", lambda s, who, t: _ok(hazards.import_file(s, _hazard_csv(t.ctx), "清单.csv", who)),
          lambda s, n: Target(HANBIN, 1, n)),
    Write("import", "导入值班表", lambda s, who, t: _ok(duty.import_roster(
        s, _roster_xlsx([[t.ctx, "汉滨区", "王五", "13900000001", "赵六", "13900000002"]]), "值班表.xlsx", who)),
          lambda s, n: Target(HANBIN, None, f"2021-05-0{n % 5 + 1}")),
    Write("import", "撤销导入", lambda s, who, t: import_register.undo(s, t.ctx, who, "导错了"), _imported),
    # people, the wall, the units
    Write("user", "新增用户", lambda s, who, t: accounts.add_user(
        s, who, login=f"new{t.ctx}", name="新同事", role=DUTY, password="Matrix-new-1234"), lambda s, n: Target(ctx=n)),
    Write("user", "修改用户", lambda s, who, t: accounts.edit_user(s, who, t.ctx, name="改名", role=DUTY), _account),
    Write("user", "停用用户", lambda s, who, t: accounts.set_active(s, who, t.ctx, False, "离职"), _account),
    Write("user", "启用用户", lambda s, who, t: accounts.set_active(s, who, t.ctx, True),
          lambda s, n: _account(s, n, active=False)),
    Write("user", "重置密码", lambda s, who, t: accounts.reset_password(s, who, t.ctx, "Matrix-reset-9876"), _account),
    Write("user", "退出登录", lambda s, who, t: accounts.sign_out(s, who), own_always=True),
    Write("user", "修改密码", _change_password, own_always=True),
    Write("wall_link", "新增大屏链接", lambda s, who, t: accounts.create_wall_link(s, who, "指挥中心大屏")),
    Write("wall_link", "停用大屏链接", lambda s, who, t: accounts.revoke_wall_link(s, who, t.ctx), _wall_link),
    Write("units", "载入县区名录", lambda s, who, t: s.write(lambda tx: units.load_units(tx, who))),
    Write("meeting_snapshot", "冻结快照", lambda s, who, t: meeting.take(s, FROZEN, who)),
]


def _ok(outcome):
    assert outcome.ok, outcome.result.errors  # a file refused by its rows would prove nothing about the role
    return outcome


def _import_kinds() -> list[kinds.ImportKind]:
    """Every import kind the domains declare (their public faces), but the two with their own cases above."""
    found = {}
    for module in (fire_units, fires, tasks, groups):
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name, None)
            if isinstance(value, kinds.ImportKind):
                found[value.kind] = value
    return [k for k in found.values() if k.action not in ("导入隐患", "导入值班表")]


# Templates whose example row the demo refuses (reported to the kinds' owners): the cells put right here.
TEMPLATE_FIXES = {"fire_unit_plans": {"D2": datetime(2021, 4, 15)},  # after ZDHZ-01's deadline 2021-04-30
                  "group_changes": {"D2": "李四"}}                    # a 组长变更 names the one replaced


def _template(kind: kinds.ImportKind, store: Store) -> bytes:
    data = kinds.template(kind, store)
    if kind.kind not in TEMPLATE_FIXES:
        return data
    book = openpyxl.load_workbook(io.BytesIO(data))
    for cell, value in TEMPLATE_FIXES[kind.kind].items():
        book.worksheets[0][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _template_import(kind: kinds.ImportKind):
    def run(store: Store, who: object, t: Target):
        return _ok(kinds.run(kind, store, _template(kind, store), f"{kind.label}模板.xlsx", who))
    return run


WRITES += [Write("import", k.action, _template_import(k), name=f"import:{k.kind}") for k in _import_kinds()]


# One record typed in each kind's form (kinds.enter), the n-th of its case a record of its own (the same one again
# adds nothing and is refused as such, whoever types it).
ENTRY_VALUES: dict[str, Callable[[int], dict]] = {
    "tasks": lambda n: {"category": "危险化学品安全专项整治", "item": f"矩阵登记子项{n}", "lead_dept": "市应急管理局"},
    "groups": lambda n: {"group": "第一组", "name": f"矩阵成员{n}", "role": "成员"},
    "group_visits": lambda n: {"group": "第一组", "visit_date": TODAY, "enterprise": f"矩阵暗访单位{n}", "sector": "消防"},
    "group_changes": lambda n: {"group": "第一组", "change_date": TODAY, "kind": "成员增补", "new_value": f"矩阵增补{n}"},
    "group_interviews": lambda n: {"group": "第一组", "interview_date": TODAY - timedelta(days=n), "reasons": "矩阵约谈"},
}


def _form_kinds() -> list[kinds.ImportKind]:
    """Every import kind with a form (a record typed one at a time)."""
    return [k for k in _import_kinds() if k.form is not None]


def _entry(kind: kinds.ImportKind):
    return lambda store, who, t: kinds.enter(kind, store, ENTRY_VALUES[kind.kind](t.ctx), who)


WRITES += [Write("import", k.entry_action, _entry(k), lambda s, n: Target(ctx=n), name=f"entry:{k.kind}")
           for k in _form_kinds()]


# -- running them ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store(module_demo_store):
    """One copy of the demo for the module: every attempt acts on a record prepared for it."""
    return module_demo_store


def _last_audit_id(store: Store) -> int:
    return store.scalar("SELECT coalesce(max(id), 0) FROM audit_events")


def _refused(store: Store, case: Write, key: str, target: Target) -> str | None:
    """Actor ``key`` (one EXPECTED refuses) takes ``case`` on ``target``: None when refused as it should be
    (ValidationError naming the role, no write committed), else what went wrong (one line)."""
    who = actor(key, target)
    generation = store.generation
    try:
        case.run(store, who, target)
    except ValidationError as exc:
        names = "未登录" if key in NOT_USERS else who.role
        if names not in str(exc):
            return f"{key}: the refusal does not name {names}: {exc}"
        if store.generation != generation:
            return f"{key}: refused after committing a write"
        return None
    except Exception as exc:  # noqa: BLE001 - a traceback instead of a refusal is the finding
        return f"{key}: {type(exc).__name__} instead of a Chinese refusal: {exc}"
    return f"{key}: allowed although EXPECTED refuses it"


def _allowed(store: Store, case: Write, key: str, target: Target) -> str | None:
    """Actor ``key`` (one EXPECTED allows) takes ``case`` on ``target``: None when it succeeds with its audit
    line naming the user, else what went wrong."""
    who = actor(key, target)
    since = _last_audit_id(store)
    try:
        case.run(store, who, target)
    except Exception as exc:  # noqa: BLE001 - reported with the others
        return f"{key}: refused although allowed: {type(exc).__name__}: {exc}"
    lines = store.rows("SELECT entity, action, actor, actor_login FROM audit_events WHERE id > ?", [since])
    if (case.entity, case.action, who.label, who.login) not in lines:
        return f"{key}: no audit line ({case.entity}, {case.action}) naming {who.label}: {lines[:3]}"
    return None


@pytest.mark.parametrize("case", WRITES, ids=lambda c: c.id)
def test_every_role_takes_the_real_write_as_the_rules_say(store, case):
    """The refused actors first, one after the other on one prepared record (a refusal leaves it as it was: the
    tables' digests are compared once all have tried, the commit counter after each); then each allowed actor
    on a record prepared for it."""
    may = {key: allowed(key, case.entity, case.action, own_always=case.own_always) for key in ACTORS}
    assert any(may.values()) and not all(may.values())  # the case can fail both ways
    target = case.prepare(store, next(SERIAL))
    before = table_digests(store._con)
    problems = [p for key in ACTORS if not may[key] and (p := _refused(store, case, key, target))]
    changed = {t for t, d in table_digests(store._con).items() if before.get(t) != d}
    if changed:
        problems.append(f"the refused attempts changed {sorted(changed)}")
    for key in (k for k in ACTORS if may[k]):
        problems.append(_allowed(store, case, key, case.prepare(store, next(SERIAL))))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


def test_each_case_writes_what_it_says_and_together_they_take_every_rule(demo_store):
    """Every case run once as SYSTEM (on a store of its own: an import taken twice adds no rows) writes its
    (entity, action); the lines written cover every rule of roles.RULES but NO_WRITE_PATH, and NO_WRITE_PATH is
    exactly what no case writes."""
    store, written = demo_store, set()
    for case in WRITES:
        since = _last_audit_id(store)
        case.run(store, _signed_up(store) if case.own_always else SYSTEM, case.prepare(store, next(SERIAL)))
        lines = set(store.rows("SELECT entity, action FROM audit_events WHERE id > ?", [since]))
        assert (case.entity, case.action) in lines, (case.id, lines)
        written |= lines
    uncovered = {key for key in roles.RULES
                 if not any(e == key[0] and (a == key[1] or key[1] == ANY) for e, a in written)}
    assert uncovered == set(NO_WRITE_PATH), "a rule without a domain case (add one to WRITES): " + str(
        uncovered - set(NO_WRITE_PATH)) + "; a case now writes: " + str(set(NO_WRITE_PATH) - uncovered)
    unknown = {line for line in written if not expected_roles(*line)}
    assert not unknown, f"written actions EXPECTED does not know (nobody but 系统 may): {unknown}"


def _signed_up(store: Store) -> roles.User:
    """An office account with its password known, for the writes a person makes on their own account."""
    who = roles.User(login="t.self", name="本人", role=OFFICE)
    _own_account(store, who)
    return who


# -- the same at the rule's level: every line of roles.RULES, every role, own and other ------------------------
def test_the_rule_table_is_the_expected_one():
    assert set(roles.RULES) == set(EXPECTED), (
        f"rules not in EXPECTED: {set(roles.RULES) - set(EXPECTED)}; expected but not ruled: "
        f"{set(EXPECTED) - set(roles.RULES)}")


@pytest.mark.parametrize("rule, key", list(itertools.product(sorted(roles.RULES), ACTORS)),
                         ids=lambda v: "/".join(v) if isinstance(v, tuple) else v)
def test_refusal_for_every_rule_and_actor(rule, key):
    entity, action = rule
    action = "某操作" if action == ANY else action  # an action of the entity without a line of its own
    target = Target(HANBIN, 1)
    who = actor(key, target)
    reason = roles.refusal(who, entity, action, county=HANBIN, group=1)
    if allowed(key, entity, action):
        assert reason is None and roles.allowed(who, entity, action, county=HANBIN, group=1)
    else:
        assert reason and ("未登录" in reason if key in NOT_USERS else who.role in reason), reason
        assert not roles.allowed(who, entity, action, county=HANBIN, group=1)
    assert roles.refusal(roles.system(), entity, action) is None  # 系统 (the CLI, jobs) may do every write
