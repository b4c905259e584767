"""The groups' records in: their visits (暗访检查), their changes on file (人员变更备案) and their 约谈 records, each a
kind of ``ingest.kinds`` (``VISITS``, ``CHANGES``, ``INTERVIEWS``); the groups themselves and their members are
``roster.ROSTER``. What they share is here: which group a row is of.

A row's group is read from its column (“第三组”, “第3督查组”, “三组”, the full name, or the county it is stationed
in — a group written once over its rows, merged, or as a heading line “第三组（驻石泉县）”), else from the file's
title (“……第三组暗访检查台账”), else the one chosen at upload. A row is known again by its group, date and what
it is about (the enterprise visited, the change's kind and person, the 约谈's day): re-importing adds nothing.
A change and a 约谈 each get their group's audit event (备案 / 人员变更 / 约谈), shown in its history; a visit is
a record of the group's work, not an act on the group, and is written under the import's own event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard import hazards, import_register, ingest, vocab
from dashboard.db import Store, Tx
from dashboard.ingest.kinds import Batch, Form, ImportKind, Offer, Reading, Written

__all__ = ["ENTITY", "A_FILED", "A_CHANGED", "A_INTERVIEW", "CHANGE_KINDS", "VISITS", "CHANGES", "INTERVIEWS",
           "GroupIndex", "group_number", "group_field", "interviews"]

ENTITY = "group"
A_FILED, A_CHANGED, A_INTERVIEW = "备案", "人员变更", "约谈"
CHANGE_KINDS = (vocab.GROUP_LEADER_CHANGE, "成员调整", "成员增补")
_COVERT, _OPEN = "暗访", "明查"
_BARE_GROUP = re.compile(r"^([0-9]+|[一二三四五六七八九十]+)(?:督查|检查)?组$")


def group_number(text: Any) -> int | None:
    """The group's number a cell names: 3 for “第三组”, “第3督查组”, “第三暗访督查组（驻石泉县）” (``ingest.group_number``)
    and, written alone in its cell, “三组” or “3组”; else None."""
    found = ingest.group_number(text or "")
    if found is None and (match := _BARE_GROUP.match(ingest.normalize_choice(text or ""))):
        found = ingest.chinese_number(match.group(1))
    return found


def group_field(**extra: Any) -> ingest.Field:
    """The group's column: written on every row, once over its rows (merged) or as a heading line."""
    return ingest.Field("group", "督查组", heading=True, max_len=100, example="第一组",
                        aliases=("组别", "检查组", "暗访组", "督查组名称", "组名", "暗访督查组", "所在组", "组次"),
                        note="可写“第三组”“3”、组的全称或所驻县区；同一组的各行可只写在第一行或其上方的分组标题行；"
                             "文件没有此列时取自标题（如“第三组暗访检查台账”）或导入时的选择", **extra)


@dataclass
class GroupIndex:
    """The groups on file: id, name, unit_code, unit (name); a text resolved to a group's id."""

    frame: pd.DataFrame
    aliases: Mapping[str, str]  # a county's name or alias -> its code (units.alias_map)

    @classmethod
    def of(cls, store: Store) -> GroupIndex:
        from dashboard import units

        return cls(store.query("SELECT g.id, g.name, g.unit_code, u.name AS unit FROM groups g"
                               " JOIN units u ON u.code = g.unit_code ORDER BY g.id"), units.alias_map(store))

    def find(self, text: Any) -> int | None:
        """The id of the group ``text`` names (its number, its name, or its county by any of the county's names),
        or None."""
        if ingest.is_blank(text):
            return None
        name = hazards.resolve_group(self.frame, str(text))
        if name is not None:
            return int(self.frame.loc[self.frame["name"] == name, "id"].iloc[0])
        number = group_number(text)
        by_number = self.frame[[group_number(n) == number for n in self.frame["name"]]] if number else self.frame.iloc[:0]
        code = self.aliases.get(ingest.normalize_choice(text))
        hit = by_number if len(by_number) == 1 else self.frame[self.frame["unit_code"] == code]
        return int(hit["id"].iloc[0]) if len(hit) == 1 else None

    def unit_of(self, group_id: int) -> str:
        return str(self.frame.loc[self.frame["id"] == group_id, "unit_code"].iloc[0])

    def name_of(self, group_id: int) -> str:
        return str(self.frame.loc[self.frame["id"] == group_id, "name"].iloc[0])


def _group_reading(store: Store, options: Mapping[str, Any], fields: list[ingest.Field],
                   reading_notes: list[str]) -> tuple[GroupIndex, Callable[[ingest.Layout], dict[str, Any]]]:
    """The groups on file, and the ``fixed`` hook giving a file without a group column the group its title names
    or the one chosen at upload."""
    index = GroupIndex.of(store)
    chosen = options.get("group")

    def fixed(layout: ingest.Layout) -> dict[str, Any]:
        for line in layout.above:
            found = index.find(line) if group_number(line) else None
            if found is not None:
                reading_notes.append(f"督查组：取自标题“{line}” → {index.name_of(found)}"
                                     + ("（文件中未填的行）" if "group" in layout.mapped() else ""))
                return {"group": index.name_of(found)}
        if chosen:
            reading_notes.append(f"督查组：导入时选择“{chosen}”（文件中未填的行）")
            return {"group": chosen}
        return {}

    return index, fixed


def _resolve_group(index: GroupIndex, values: dict[str, Any]) -> list[tuple[str, str]]:
    """Set ``group_id`` from the row's group text; (key, reason) when it names none."""
    if ingest.is_blank(values.get("group")):
        return [("group", "请填写督查组（可写在第一行、分组标题行或标题中，或在导入时选择）")]
    found = index.find(values["group"])
    if found is None:
        return [("group", f"找不到督查组“{values['group']}”（可写“第三组”“3”、组的全称或所驻县区；新的督查组请先导入督查组名单）")]
    values["group_id"] = found
    return []


def _day(value: Any) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _present(tx: Tx, sql: str, key: Callable[[tuple], tuple]) -> set[tuple]:
    return {key(row) for row in tx.execute(sql)}


def _track(tx: Tx, batch: Batch, table: str, ids: list[int], audit_before: int | None, entity: str | None) -> None:
    if not ids:
        return
    import_register.track(tx, batch.import_id, table, ("id",), "id IN (SELECT unnest(?::BIGINT[]))", [ids],
                          entity=entity, entity_id="CAST(t.group_id AS VARCHAR)" if entity else None)
    if audit_before is not None:
        import_register.track(tx, batch.import_id, "audit_events", ("id",), "id > ?", [audit_before])


# -- visits (暗访检查记录) ------------------------------------------------------------------------------------
def _visit_fields() -> list[ingest.Field]:
    F = ingest.Field
    return [
        group_field(),
        F("visit_date", "检查日期", ingest.DATE, required=True, example=date(2021, 4, 20),
          aliases=("检查时间", "暗访日期", "暗访时间", "督查日期", "督查时间", "日期", "检查日期（时间）")),
        F("enterprise", "被检查单位", required=True, max_len=200, example="安康市示例商贸有限公司",
          aliases=("检查单位", "单位名称", "企业名称", "被检查单位名称", "检查对象", "被检查企业", "被检查单位（场所）")),
        F("sector", "行业领域", ingest.ENUM, required=True, choices=vocab.SECTORS, choice_aliases=vocab.SECTOR_ALIASES,
          example="消防", aliases=("行业", "所属行业", "行业类别", "所属领域")),
        F("covert", "检查方式", ingest.ENUM, choices=(_COVERT, _OPEN), aliases=("方式", "检查形式", "是否暗访"),
          choice_aliases={"暗查": _COVERT, "四不两直": _COVERT, "是": _COVERT, "否": _OPEN, "明察": _OPEN, "公开检查": _OPEN},
          note="不填为暗访"),
        F("hazards_found", "发现隐患数", ingest.NUMBER, example=2,
          aliases=("发现隐患", "隐患数", "发现问题数", "问题数", "发现隐患（条）", "发现隐患数（条）", "隐患数量"), note="空白为0"),
    ]


def _visits_reading(store: Store, options: Mapping[str, Any]) -> Reading:
    reading = Reading(_visit_fields())
    index, reading.fixed = _group_reading(store, options, reading.fields, reading.notes)
    reading.offers["group"] = Offer(tuple(index.frame["name"]))
    today = store.as_of().date()
    reading.key = lambda v: (v.get("group_id"), v["visit_date"], ingest.normalize_choice(v["enterprise"]))

    def infer(values: dict[str, Any], raw: dict[str, Any]) -> list[tuple[str, str]]:
        problems = _resolve_group(index, values)
        if problems:
            return problems
        if values.get("covert") is None:
            values["covert"] = _COVERT
            reading.inferred["检查方式：文件未写，记为暗访"] += 1
        found = values.get("hazards_found")
        values["hazards_found"] = 0 if found is None else found
        if not (float(values["hazards_found"]).is_integer() and values["hazards_found"] >= 0):
            return [("hazards_found", "发现隐患数应为不小于0的整数")]
        if values["visit_date"] > today:
            return [("visit_date", "检查日期不能晚于今天")]
        return []

    reading.infer = infer
    reading.hints = {"enterprise": "文件中没有“被检查单位”列：请对照模板，每行填写一次检查。"}
    return reading


def _visits_write(tx: Tx, batch: Batch) -> Written:
    units = dict(tx.execute("SELECT id, unit_code FROM groups"))
    known = _present(tx, "SELECT group_id, visit_date, enterprise FROM inspections",
                     lambda r: (int(r[0]) if r[0] is not None else None, _day(r[1]), ingest.normalize_choice(r[2])))
    ids = []
    for row in batch.rows:
        if (row["group_id"], row["visit_date"], ingest.normalize_choice(row["enterprise"])) in known:
            continue
        ids.append(tx.one("INSERT INTO inspections (group_id, unit_code, visit_date, enterprise, sector, covert,"
                          " hazards_found) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          [row["group_id"], units[row["group_id"]], row["visit_date"], row["enterprise"], row["sector"],
                           row["covert"] == _COVERT, int(row["hazards_found"])])[0])
    _track(tx, batch, "inspections", ids, None, None)
    return Written(added=len(ids), ids=[str(i) for i in ids])


VISITS = ImportKind(
    kind="group_visits", label="督查检查记录", reading=_visits_reading, write=_visits_write, unit="次", options=("group",),
    form=Form(required=("group",), hints={"covert": "不填为暗访", "hazards_found": "不填为0"}),
    template_title="督查组暗访检查记录导入模板 填写说明",
    instructions=(
        "1. 每行一次检查：督查组、检查日期、被检查单位、行业领域、检查方式（暗访/明查，不填为暗访）、发现隐患数。",
        "2. 督查组可写“第三组”“3”或所驻县区，也可只写在标题中（如“第三组暗访检查台账”）或在导入时选择。",
        "3. 同一组同一天检查同一单位只记一次；同一文件重复导入不会重复登记。",
    ),
)


# -- changes on file (人员变更备案) ---------------------------------------------------------------------------
def _change_fields() -> list[ingest.Field]:
    F = ingest.Field
    return [
        group_field(),
        F("change_date", "变更日期", ingest.DATE, required=True, aliases=("变更时间", "调整日期", "调整时间"),
          example=date(2021, 3, 8)),
        F("kind", "变更类型", ingest.ENUM, required=True, choices=CHANGE_KINDS, example=vocab.GROUP_LEADER_CHANGE,
          aliases=("变更事项", "调整类型", "类型", "变更情况", "调整事项"),
          choice_aliases={"更换组长": vocab.GROUP_LEADER_CHANGE, "组长调整": vocab.GROUP_LEADER_CHANGE,
                          "成员变更": "成员调整", "人员调整": "成员调整", "更换成员": "成员调整", "增补成员": "成员增补",
                          "新增成员": "成员增补", "增加成员": "成员增补", "人员增补": "成员增补"}),
        F("old_value", "原人员", max_len=100, aliases=("变更前", "原组长", "原成员", "调整前人员", "原任", "调整前"),
          example="李四", note="组长变更、成员调整必填；成员增补不填"),
        F("new_value", "现人员", max_len=100, aliases=("变更后", "新组长", "新成员", "调整后人员", "现任", "新任", "调整后"),
          example="张三"),
        F("reason", "变更原因", max_len=500, aliases=("原因", "调整原因", "变更事由", "事由")),
        F("filed_on", "备案日期", ingest.DATE, aliases=("备案时间", "报备日期", "报市安委办备案日期", "备案情况"),
          note="已报市安委办备案的填写备案日期；未备案不填"),
    ]


def _changes_reading(store: Store, options: Mapping[str, Any]) -> Reading:
    reading = Reading(_change_fields())
    index, reading.fixed = _group_reading(store, options, reading.fields, reading.notes)
    reading.offers["group"] = Offer(tuple(index.frame["name"]))
    today = store.as_of().date()
    reading.key = lambda v: (v.get("group_id"), v["change_date"], v["kind"], ingest.normalize_choice(v.get("new_value") or ""))

    def infer(values: dict[str, Any], raw: dict[str, Any]) -> list[tuple[str, str]]:
        problems = _resolve_group(index, values)
        if problems:
            return problems
        changed, filed = values["change_date"], values.get("filed_on")
        if changed > today:
            return [("change_date", "变更日期不能晚于今天")]
        if filed is not None and not changed <= filed <= today:
            return [("filed_on", "备案日期应在变更日期与今天之间")]
        if ingest.is_blank(values.get("new_value")):
            return [("new_value", "请填写现人员（变更后的组长或成员）")]
        if values["kind"] != "成员增补" and ingest.is_blank(values.get("old_value")):
            return [("old_value", f"{values['kind']}须填写原人员")]
        if filed is None:
            reading.inferred["备案：文件未写备案日期，记为未备案"] += 1
        return []

    reading.infer = infer
    return reading


def _changes_write(tx: Tx, batch: Batch) -> Written:
    units = dict(tx.execute("SELECT id, unit_code FROM groups"))
    known = _present(tx, "SELECT group_id, change_date, kind, new_value FROM group_changes",
                     lambda r: (int(r[0]), _day(r[1]), r[2], ingest.normalize_choice(r[3] or "")))
    audit_before = tx.one("SELECT coalesce(max(id), 0) FROM audit_events")[0]
    ids = []
    for index, row in enumerate(batch.rows):
        if (row["group_id"], row["change_date"], row["kind"], ingest.normalize_choice(row["new_value"])) in known:
            continue
        ids.append(tx.one("INSERT INTO group_changes (group_id, change_date, kind, old_value, new_value, reason, filed_on)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          [row["group_id"], row["change_date"], row["kind"], row.get("old_value"), row["new_value"],
                           row.get("reason"), row.get("filed_on")])[0])
        tx.audit(ENTITY, str(row["group_id"]), A_FILED if row.get("filed_on") else A_CHANGED, batch.actor,
                 county=units[row["group_id"]], reason=row.get("reason") or batch.reason(index),
                 detail={"kind": row["kind"], "old_value": row.get("old_value"), "new_value": row["new_value"],
                         "change_date": row["change_date"], "filed_on": row.get("filed_on")})
    _track(tx, batch, "group_changes", ids, audit_before, ENTITY)
    return Written(added=len(ids), ids=[str(i) for i in ids])


CHANGES = ImportKind(
    kind="group_changes", label="督查组人员变更备案", reading=_changes_reading, write=_changes_write, options=("group",),
    form=Form(required=("group", "new_value"), hints={"old_value": "组长变更、成员调整必填；成员增补不填",
                                                      "filed_on": "已报市安委办备案的填写备案日期；未备案不填"}),
    template_title="督查组人员变更备案导入模板 填写说明",
    instructions=(
        "1. 每行一次组长或成员变更：督查组、变更日期、变更类型（组长变更/成员调整/成员增补）、原人员、现人员、原因、备案日期。",
        "2. 已报市安委办备案的填写备案日期，未备案的不填（督查组评价将其列为未备案）。",
        "3. 同一组同一天同类变更同一人只记一次；同一文件重复导入不会重复登记。",
    ),
)


# -- 约谈 records --------------------------------------------------------------------------------------------
def _interview_fields() -> list[ingest.Field]:
    F = ingest.Field
    return [
        group_field(),
        F("interview_date", "约谈日期", ingest.DATE, required=True, aliases=("约谈时间", "日期"), example=date(2021, 4, 26)),
        F("interviewer", "约谈人", max_len=100, aliases=("约谈单位", "约谈领导", "主持约谈", "约谈主持人"), example="市安委办副主任"),
        F("interviewees", "被约谈人", max_len=200, aliases=("约谈对象", "被约谈对象", "被约谈人员"), example="组长、联络员"),
        F("reasons", "约谈事由", required=True, max_len=1000, aliases=("约谈原因", "事由", "主要问题", "存在问题", "约谈事项"),
          example="书面移交市安委办比例低于90%"),
        F("requirements", "整改要求", max_len=1000, aliases=("要求", "整改措施", "约谈要求")),
        F("doc_no", "文号", max_len=100, aliases=("约谈通知书文号", "通知书文号", "约谈文号")),
        F("feedback_on", "整改反馈日期", ingest.DATE, aliases=("反馈日期", "整改情况反馈日期", "反馈时间")),
    ]


def _interviews_reading(store: Store, options: Mapping[str, Any]) -> Reading:
    reading = Reading(_interview_fields())
    index, reading.fixed = _group_reading(store, options, reading.fields, reading.notes)
    reading.offers["group"] = Offer(tuple(index.frame["name"]))
    today = store.as_of().date()
    reading.key = lambda v: (v.get("group_id"), v["interview_date"])

    def infer(values: dict[str, Any], raw: dict[str, Any]) -> list[tuple[str, str]]:
        problems = _resolve_group(index, values)
        if problems:
            return problems
        if values["interview_date"] > today:
            return [("interview_date", "约谈日期不能晚于今天")]
        feedback = values.get("feedback_on")
        if feedback is not None and not values["interview_date"] <= feedback <= today:
            return [("feedback_on", "整改反馈日期应在约谈日期与今天之间")]
        return []

    reading.infer = infer
    return reading


def _interviews_write(tx: Tx, batch: Batch) -> Written:
    units = dict(tx.execute("SELECT id, unit_code FROM groups"))
    known = _present(tx, "SELECT group_id, interview_date FROM group_interviews", lambda r: (int(r[0]), _day(r[1])))
    audit_before = tx.one("SELECT coalesce(max(id), 0) FROM audit_events")[0]
    ids = []
    columns = ("group_id", "interview_date", "interviewer", "interviewees", "reasons", "requirements", "doc_no",
               "feedback_on")
    for index, row in enumerate(batch.rows):
        if (row["group_id"], row["interview_date"]) in known:
            continue
        ids.append(tx.one(f"INSERT INTO group_interviews ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                          " RETURNING id", [row.get(c) for c in columns])[0])
        tx.audit(ENTITY, str(row["group_id"]), A_INTERVIEW, batch.actor, county=units[row["group_id"]],
                 reason=row["reasons"], detail={"interview_date": row["interview_date"], "doc_no": row.get("doc_no"),
                                                "from": batch.reason(index)})
    _track(tx, batch, "group_interviews", ids, audit_before, ENTITY)
    return Written(added=len(ids), ids=[str(i) for i in ids])


INTERVIEWS = ImportKind(
    kind="group_interviews", label="督查组约谈记录", reading=_interviews_reading, write=_interviews_write,
    options=("group",), form=Form(required=("group",)),
    template_title="督查组约谈记录导入模板 填写说明",
    instructions=(
        "1. 每行一次约谈：督查组、约谈日期、约谈人、被约谈人、约谈事由、整改要求、约谈通知书文号、整改反馈日期。",
        "2. 同一组同一天的约谈只记一次；同一文件重复导入不会重复登记。",
    ),
)


def interviews(store: Store, group_id: int) -> pd.DataFrame:
    """The group's 约谈 on file, newest first: interview_date, interviewer, interviewees, reasons, requirements,
    doc_no, feedback_on."""
    return store.query("SELECT interview_date, interviewer, interviewees, reasons, requirements, doc_no, feedback_on"
                       " FROM group_interviews WHERE group_id = ? ORDER BY interview_date DESC, id DESC", [int(group_id)])
