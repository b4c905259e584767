"""The groups and their members in (``ROSTER``, a kind of ``ingest.kinds``): the roster as the office keeps it —
one person a row, the group (组别, 驻点县区, 组长单位, 进驻日期) written once over its people (merged cells) or as a
heading line (“第三组（驻石泉县）”), each person's 组内职务 (组长 / 副组长 / 成员 / 联络员), 工作单位, 职级 and phone.

- A group on file is found by its number, name or county (one group per county: 一组包一县); a group not on
  file is added under its number (“第十三组” → 13, or the next free) as 第N暗访督查组（驻<county>）, its leader the
  row whose 组内职务 is 组长 (its 职级 副县级 when not written), and must name its county and 组长单位.
- A person not on file is added to the group; one on file is updated with what the roster says differently
  (职务, 单位, 电话); the group's leader, 组长单位 and 进驻日期 follow the roster likewise. Nobody is removed: a
  change of people is filed as a change (``imports.CHANGES``). The same roster again changes nothing.
Each group added gets its 进驻 event, each group changed one 更新名单 event; what was updated is kept for the undo.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard import import_register, ingest
from dashboard.db import Store, Tx, ValidationError
from dashboard.groups.imports import ENTITY, _day, _group_reading, group_field, group_number
from dashboard.groups.queries import ROLE_ORDER
from dashboard.ingest.kinds import Batch, Form, ImportKind, Offer, Reading, Written, the_one, unit_in_title

__all__ = ["A_STATIONED", "A_ROSTER", "ROSTER", "DEFAULT_RANK", "group_name"]

A_STATIONED, A_ROSTER = "进驻", "更新名单"
LEADER = ROLE_ORDER[0]
DEFAULT_RANK = "副县级"
_ROLE_ALIASES = {"组员": "成员", "队员": "成员", "联系人": "联络员", "联络人": "联络员", "队长": "组长", "常务副组长": "副组长"}
_MEMBER = ("role", "org", "phone")


def group_name(number: int, county: str) -> str:
    """第三暗访督查组（驻石泉县）: how the office names a group."""
    return f"第{ingest.chinese_numeral(number)}暗访督查组（驻{county}）"


def _fields(units: pd.DataFrame, aliases: Mapping[str, str]) -> list[ingest.Field]:
    F = ingest.Field
    names = dict(zip(units["code"], units["name"]))
    return [
        group_field(),
        F("unit", "驻点县区", ingest.ENUM, choices=tuple(units["name"]), carry=True, example=units["name"].iloc[0],
          choice_aliases={a: names[c] for a, c in aliases.items() if c in names},
          aliases=("所驻县区", "进驻县区", "驻县", "县区", "包抓县区", "联系县区", "驻点", "进驻县（区）"),
          note="新的督查组必填；同一组可只写在第一行"),
        F("lead_unit", "组长单位", carry=True, max_len=100, aliases=("牵头单位", "组长单位（牵头单位）", "组长派出单位"),
          example="市应急管理局", note="新的督查组必填"),
        F("stationed_on", "进驻日期", ingest.DATE, carry=True, aliases=("进驻时间", "进驻日期（时间）")),
        F("name", "姓名", required=True, max_len=50, aliases=("成员姓名", "人员姓名", "组员姓名"), example="张三"),
        F("role", "组内职务", ingest.ENUM, required=True, choices=ROLE_ORDER, choice_aliases=_ROLE_ALIASES, example=LEADER,
          aliases=("组内分工", "分工", "担任职务", "在组内职务", "组内职责", "组内岗位")),
        F("org", "工作单位", max_len=200, aliases=("单位", "工作单位及职务", "所在单位", "单位及职务", "派出单位", "现工作单位")),
        F("rank", "职级", max_len=20, aliases=("级别", "职级（级别）"), note="组长的职级；不填为副县级"),
        F("phone", "联系电话", ingest.PHONE, aliases=("电话", "手机", "手机号码", "联系方式")),
    ]


def _reading(store: Store, options: Mapping[str, Any]) -> Reading:
    from dashboard import units as unit_names

    frame = unit_names.all_units(store)
    code_of = dict(zip(frame["name"], frame["code"]))
    aliases = unit_names.alias_map(store)
    reading = Reading(_fields(frame, aliases))
    index, reading.fixed = _group_reading(store, options, reading.fields, reading.notes)
    reading.offers["group"] = Offer(tuple(index.frame["name"]), new=True)  # or a new one: 第十三组
    by_unit = dict(zip(index.frame["unit"], index.frame["id"]))
    reading.key = lambda v: (v.get("group_id") or ("new", v.get("number")), ingest.normalize_choice(v["name"]))

    def infer(values: dict[str, Any], raw: dict[str, Any]) -> list[tuple[str, str]]:
        text, unit = values.get("group"), values.get("unit")
        if ingest.is_blank(text):
            return [("group", "请填写督查组（可写在第一行、分组标题行或标题中）")]
        if unit is None:  # “第三组（驻石泉县）”: the county its name says
            named = unit_in_title([text], aliases, dict(zip(frame["code"], frame["name"])))
            values["unit"] = unit = named[0] if named else None
        found = index.find(text)
        if found is None and unit in by_unit and not group_number(text):
            found = by_unit[unit]
        if found is not None:
            if unit is not None and index.unit_of(found) != code_of[unit]:
                return [("unit", f"{index.name_of(found)}已驻{index.frame.set_index('id').at[found, 'unit']}，"
                                 f"与驻点县区“{unit}”不符")]
            values["group_id"] = found
            return []
        number = group_number(text)
        if number is None:
            return [("group", f"“{text}”不是在册的督查组；新的督查组请写明组别（如“第十三组”）")]
        if unit is None:
            return [("unit", f"新的督查组（{text}）须填写驻点县区")]
        if unit in by_unit:
            return [("unit", f"{unit}已有{index.name_of(by_unit[unit])}（一组包一县），与“{text}”不符")]
        if ingest.is_blank(values.get("lead_unit")):
            return [("lead_unit", f"新的督查组（{text}）须填写组长单位")]
        values["number"], values["unit_code"] = number, code_of[unit]
        return []

    reading.infer = infer
    reading.hints = {"name": "文件中没有“姓名”列：请对照模板，每行填写一名成员。"}
    return reading


def _same(old: Any, new: Any) -> bool:
    if new is None or (isinstance(new, str) and ingest.is_blank(new)):
        return True  # a blank says nothing
    if hasattr(new, "year") and not isinstance(new, str):
        return _day(old) == new
    return ingest.normalize_choice("" if old is None or (not isinstance(old, str) and pd.isna(old)) else old) == \
        ingest.normalize_choice(new)


def _write(tx: Tx, batch: Batch) -> Written:
    groups = {int(r["id"]): r for r in tx.query("SELECT * FROM groups").to_dict("records")}
    members = {(int(r["group_id"]), ingest.normalize_choice(r["name"])): r
               for r in tx.query("SELECT * FROM group_members").to_dict("records")}
    by_group: dict[Any, list[dict]] = {}
    for row in batch.rows:
        by_group.setdefault(row.get("group_id") or ("new", row["number"]), []).append(row)
    audit_before = tx.one("SELECT coalesce(max(id), 0) FROM audit_events")[0]
    touched_groups, touched_members, added, replaced = [], [], 0, 0
    for ident, rows in by_group.items():
        leaders = [r for r in rows if r["role"] == LEADER]
        if len(leaders) > 1:
            raise ValidationError(f"{rows[0]['group']}有 {len(leaders)} 名组长（{'、'.join(r['name'] for r in leaders)}），"
                                  "一个督查组只有一名组长")
        if isinstance(ident, tuple):  # a group not on file
            if not leaders:
                raise ValidationError(f"新的督查组“{rows[0]['group']}”没有组长：请在其名单中写明组内职务为组长的一行")
            number, code = ident[1], rows[0]["unit_code"]
            group_id = number if number not in groups else max(groups) + 1
            county = tx.one("SELECT name FROM units WHERE code = ?", [code])[0]
            leader = leaders[0]
            record = {"id": group_id, "unit_code": code, "name": group_name(number, county), "leader": leader["name"],
                      "leader_rank": leader.get("rank") or DEFAULT_RANK, "leader_org": leader.get("org"),
                      "leader_phone": leader.get("phone"), "lead_unit": rows[0]["lead_unit"],
                      "stationed_on": rows[0].get("stationed_on")}
            tx.execute(f"INSERT INTO groups ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})",
                       list(record.values()))
            groups[group_id] = record
            for row in rows:
                tx.execute("INSERT INTO group_members (group_id, name, role, org, phone) VALUES (?, ?, ?, ?, ?)",
                           [group_id, row["name"], row["role"], row.get("org"), row.get("phone")])
            added += len(rows)
            touched_groups.append(group_id)
            touched_members += [(group_id, row["name"]) for row in rows]
            tx.audit(ENTITY, str(group_id), A_STATIONED, batch.actor, county=code, reason=batch.source,
                     detail={"name": record["name"], "leader": record["leader"], "lead_unit": record["lead_unit"],
                             "members": len(rows)})
            continue
        group_id, group = ident, groups[ident]
        new_names, changed = [], []
        for row in rows:
            on_file = members.get((group_id, ingest.normalize_choice(row["name"])))
            if on_file is None:
                tx.execute("INSERT INTO group_members (group_id, name, role, org, phone) VALUES (?, ?, ?, ?, ?)",
                           [group_id, row["name"], row["role"], row.get("org"), row.get("phone")])
                new_names.append(row["name"])
                touched_members.append((group_id, row["name"]))
                continue
            sets = {k: row.get(k) for k in _MEMBER if not _same(on_file.get(k), row.get(k))}
            if sets:
                where = "group_id = ? AND name = ?", [group_id, on_file["name"]]
                import_register.keep_before(tx, batch.import_id, "group_members", ("group_id", "name"), *where)
                tx.execute(f"UPDATE group_members SET {', '.join(f'{k} = ?' for k in sets)} WHERE {where[0]}",
                           [*sets.values(), *where[1]])
                changed.append(on_file["name"])
                touched_members.append((group_id, on_file["name"]))
        wanted = {"lead_unit": rows[0].get("lead_unit"), "stationed_on": rows[0].get("stationed_on")}
        if leaders:
            leader = leaders[0]
            wanted.update(leader=leader["name"], leader_org=leader.get("org"), leader_phone=leader.get("phone"),
                          leader_rank=leader.get("rank"))
        sets = {k: v for k, v in wanted.items() if not _same(group.get(k), v)}
        if sets:
            import_register.keep_before(tx, batch.import_id, "groups", ("id",), "id = ?", [group_id])
            tx.execute(f"UPDATE groups SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?", [*sets.values(), group_id])
            touched_groups.append(group_id)
        if new_names or changed or sets:
            tx.audit(ENTITY, str(group_id), A_ROSTER, batch.actor, county=group["unit_code"],
                     reason=batch.source,
                     detail={"added": "、".join(new_names) or None, "changed": "、".join(changed) or None,
                             **{k: v for k, v in sets.items() if k in ("leader", "lead_unit", "stationed_on")}})
        added += len(new_names)
        replaced += len(changed) + (1 if sets else 0)
    if touched_groups:
        import_register.track(tx, batch.import_id, "groups", ("id",), "id IN (SELECT unnest(?::INTEGER[]))",
                              [touched_groups], entity=ENTITY)
    if touched_members:
        keys = [f"{g}|{n}" for g, n in touched_members]
        import_register.track(tx, batch.import_id, "group_members", ("group_id", "name"),
                              "CAST(group_id AS VARCHAR) || '|' || name IN (SELECT unnest(?::VARCHAR[]))", [keys],
                              entity=ENTITY, entity_id="CAST(t.group_id AS VARCHAR)")
    if touched_groups or touched_members:
        import_register.track(tx, batch.import_id, "audit_events", ("id",), "id > ?", [audit_before])
    touched = {g for g, _ in touched_members} | set(touched_groups)
    return Written(added=added, replaced=replaced, county=the_one(groups[g]["unit_code"] for g in touched))


ROSTER = ImportKind(
    kind="groups", label="督查组", reading=_reading, write=_write, unit="人",
    form=Form(required=("group",), hints={"group": "选择在册的督查组，或输入新的组别（如“第十三组”）",
                                          "unit": "新的督查组必填", "lead_unit": "新的督查组必填",
                                          "rank": "组长的职级；不填为副县级"}),
    template_title="督查组名单导入模板 填写说明",
    instructions=(
        "1. 每行一名成员：督查组（如“第一组”）、驻点县区、组长单位、进驻日期、姓名、组内职务（组长/副组长/成员/联络员）、工作单位、职级、电话。",
        "2. 同一组的督查组、驻点县区、组长单位、进驻日期可只写在第一行（合并单元格亦可），或写在其上方的分组标题行（如“第一组（驻汉滨区）”）。",
        "3. 新的督查组须写明驻点县区和组长单位，并有一名组长；一组包一县。",
        "4. 已在册的人员按文件更新职务、单位、电话；不在文件中的人员不会删除（人员变更请导入变更备案记录）。同一文件重复导入不会改动。",
    ),
)
