"""Major fire-hazard units in: a unit entered by hand (``register``), a list of units imported (``UNITS``: the
GB 35181 fields), and the units' milestone plans (倒排工期, ``PLANS``: one row per node), on the general import
machinery (``dashboard.ingest.kinds``: preview, all-or-nothing write, the register and its undo).

How the lists people keep are read:
- the units: headers in other words (重大火灾隐患内容, 判定依据, 立案时间, 行业主管部门, 属地消防救援大队…);
  the 县区 from its column, else the file's title (“……重大火灾隐患单位清单（旬阳县）”), else the one chosen
  at upload; 判定方式 when not written from the clauses (chapter 6 of GB 35181-2017 → 直接判定, chapter 7 →
  综合判定); 是否挂牌督办 是/否 beside a 督办级别; the status when not written from the dates and the progress
  (销案日期 → 已销案摘牌, 申请复查日期 → 申请复查, progress above 0 → 整改中, else 立案); a progress “60%”;
  the 责任单位 when blank is the unit itself. A unit is known again by its 编号, else by its name and 立案日期.
- the plans: one node a row, the unit's name written once over its nodes (a merged cell) or on every row;
  the unit found among those on file by its 编号 or its name; a node known again by its unit and its name;
  完成情况 “已完成” needs the date it was done.
Each new unit gets a 登记 event (its history's first line), each unit whose plan was imported one 倒排工期 event.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from dashboard import ingest, roles, vocab
from dashboard.db import Store, Tx, ValidationError
from dashboard.fire_units import rules
from dashboard.fire_units.queries import ENTITY
from dashboard.ingest.kinds import Batch, ImportKind, Reading, Written, county_given, the_one
from dashboard.lifecycle import is_blank

__all__ = ["A_REGISTER", "A_PLAN", "UNITS", "PLANS", "unit_fields", "register", "next_id"]

A_REGISTER = "登记"
A_PLAN = "倒排工期"
_ID = re.compile(r"^ZDHZ-(\d+)$")
_DONE, _NOT_DONE = "已完成", "未完成"

_LISTING_ALIASES = {"省级": vocab.LISTING_PROVINCE, "省挂牌": vocab.LISTING_PROVINCE, "省政府挂牌督办": vocab.LISTING_PROVINCE,
                    "市级": vocab.LISTING_CITY, "市挂牌": vocab.LISTING_CITY, "市政府挂牌督办": vocab.LISTING_CITY,
                    "县级": vocab.LISTING_COUNTY, "县挂牌": vocab.LISTING_COUNTY, "县政府挂牌督办": vocab.LISTING_COUNTY,
                    "无": vocab.NOT_LISTED, "否": vocab.NOT_LISTED, "未": vocab.NOT_LISTED, "/": vocab.NOT_LISTED}
_STATUS_ALIASES = {"已立案": vocab.FU_FILED, "未整改": vocab.FU_FILED, "正在整改": vocab.FU_IN_PROGRESS,
                   "整改阶段": vocab.FU_IN_PROGRESS, "已申请复查": vocab.FU_REVIEW_REQUESTED, "待复查": vocab.FU_REVIEW_REQUESTED,
                   "已销案": vocab.FU_CLOSED, "销案": vocab.FU_CLOSED, "已摘牌": vocab.FU_CLOSED, "已销案摘牌": vocab.FU_CLOSED,
                   "销案摘牌": vocab.FU_CLOSED}
_YES_NO = ("是", "否")
_YES_NO_ALIASES = {"已挂牌": "是", "挂牌": "是", "√": "是", "未挂牌": "否", "无": "否", "×": "否", "/": "否"}


def unit_fields(units: pd.DataFrame, aliases: Mapping[str, str]) -> list[ingest.Field]:
    """A unit's columns (the GB 35181 fields the office keeps). ``units`` (code, name) and ``aliases`` (alias ->
    code) give the county choices with the spellings people use."""
    F = ingest.Field
    names = dict(zip(units["code"], units["name"]))
    return [
        F("id", "编号", aliases=("隐患编号", "单位编号", "立案编号", "编码"), max_len=40,
          note="可不填：不填时由系统编号（ZDHZ-序号），按单位名称和立案日期识别重复"),
        F("name", "单位名称", required=True, max_len=200, example="安康市示例商贸有限公司",
          aliases=("单位（场所）名称", "场所名称", "重大火灾隐患单位", "重大火灾隐患单位名称", "隐患单位名称", "单位全称", "社会单位名称")),
        F("unit", "县区", ingest.ENUM, required=True, choices=tuple(units["name"]),
          choice_aliases={a: names[c] for a, c in aliases.items() if c in names}, example=units["name"].iloc[0],
          aliases=("所在县区", "所属县区", "县（市、区）", "县(市、区)", "县市区", "辖区", "行政区域", "区县", "县区名称"),
          note="文件没有此列时取自标题（如“（旬阳县）”）或导入时的选择"),
        F("address", "地址", aliases=("单位地址", "详细地址", "场所地址", "地点", "所在地址"), max_len=200, example="汉滨区老城街道金州路1号"),
        F("lon", "经度", ingest.NUMBER), F("lat", "纬度", ingest.NUMBER),
        F("place_type", "场所类型", ingest.ENUM, choices=vocab.FIRE_PLACES, choice_aliases=vocab.FIRE_PLACE_ALIASES, example="商场市场",
          aliases=("单位类别", "场所类别", "单位性质", "建筑类别", "单位类型", "场所性质", "使用性质")),
        F("judgement", "判定方式", ingest.ENUM, choices=vocab.JUDGEMENTS, example=vocab.JUDGEMENT_DIRECT,
          choice_aliases={"直接": vocab.JUDGEMENT_DIRECT, "综合": vocab.JUDGEMENT_COMBINED, "直接判定法": vocab.JUDGEMENT_DIRECT,
                          "综合判定法": vocab.JUDGEMENT_COMBINED},
          aliases=("判定方法", "判定类型"), note="可不填：判定条款为第6章（6.1–6.10）的为直接判定，第7章的为综合判定"),
        F("clauses", "判定条款", max_len=300, example="GB 35181-2017 第6.5条",
          aliases=("判定依据", "依据条款", "判定标准条款", "对应条款", "判定条款（GB35181-2017）", "判定依据条款")),
        F("description", "隐患描述", required=True, max_len=1000, example="安全出口数量不足，疏散通道被占用",
          aliases=("重大火灾隐患内容", "隐患内容", "主要隐患", "存在的主要问题", "重大火灾隐患", "隐患情况", "主要火灾隐患", "存在问题",
                   "重大火灾隐患情况", "隐患问题")),
        F("filed_date", "立案日期", ingest.DATE, required=True, example=date(2021, 1, 5),
          aliases=("立案时间", "判定日期", "认定时间", "认定日期", "立案督办时间", "判定时间")),
        F("listed", "是否挂牌督办", ingest.ENUM, choices=_YES_NO, choice_aliases=_YES_NO_ALIASES,
          aliases=("是否挂牌", "是否挂牌督办单位"), note="可不填；填“是”时须填写督办级别"),
        F("listing_level", "督办级别", ingest.ENUM, choices=vocab.LISTING_LEVELS, choice_aliases=_LISTING_ALIASES,
          aliases=("挂牌级别", "挂牌督办级别", "督办层级"), example=vocab.NOT_LISTED, note="不填为未挂牌"),
        F("listing_doc", "督办文号", aliases=("挂牌文号", "挂牌督办文号", "文号"), max_len=100),
        F("listing_date", "挂牌日期", ingest.DATE, aliases=("挂牌时间", "挂牌督办时间", "督办日期")),
        F("announced_date", "媒体公告日期", ingest.DATE, aliases=("公告日期", "公告时间", "媒体公布时间", "媒体公告时间")),
        F("deadline", "整改期限", ingest.DATE, required=True, example=date(2021, 6, 30), year_from="filed_date",
          aliases=("整改时限", "完成时限", "要求完成时间", "整改完成时限", "限期整改时间", "整改期限日期"),
          note="可写“2021年6月30日前”“6月底”（年份同立案日期）"),
        F("original_deadline", "原整改期限", ingest.DATE, aliases=("原定整改期限", "原期限"), note="延期过的单位填写原来的期限；不填同整改期限"),
        F("resp_unit", "责任单位", aliases=("整改责任单位",), max_len=200, note="不填为单位本身"),
        F("resp_person", "责任人", required=True, max_len=50, example="张三",
          aliases=("整改责任人", "单位负责人", "法定代表人", "主要负责人", "消防安全责任人")),
        F("resp_phone", "联系电话", ingest.PHONE, aliases=("责任人电话", "电话", "联系方式", "手机号码", "联系电话（手机）"),
          example="13800000000"),
        F("supervising_dept", "行业督办部门", aliases=("行业主管部门", "督办部门", "主管部门", "行业部门", "行业监管部门"),
          max_len=100, example="市商务局"),
        F("fire_brigade", "属地消防大队", aliases=("消防救援大队", "属地消防救援大队", "辖区消防大队", "消防大队", "辖区消防救援大队"),
          max_len=100),
        F("progress", "整改进度", ingest.PERCENT, aliases=("整改进度（%）", "整改进度(%)", "进度", "完成进度", "整改进度%"),
          example="0%", note="不填为0"),
        F("funds", "整改资金(万元)", ingest.NUMBER, aliases=("整改资金", "资金（万元）", "投入资金", "整改资金（万元）", "投入资金（万元）")),
        F("interim_measures", "临时防范措施", aliases=("临时措施", "防范措施", "整改期间防范措施", "临时管控措施", "整改期间安全防范措施"),
          max_len=500),
        F("status", "状态", ingest.ENUM, choices=(vocab.FU_FILED, vocab.FU_IN_PROGRESS, vocab.FU_REVIEW_REQUESTED, vocab.FU_CLOSED),
          choice_aliases=_STATUS_ALIASES, aliases=("整改状态", "当前状态", "办理状态", "整改情况"),
          note="可不填：有销案日期的为已销案摘牌，有申请复查日期的为申请复查，进度大于0的为整改中，否则为立案"),
        F("review_requested_date", "申请复查日期", ingest.DATE, aliases=("申请复查时间", "复查申请日期")),
        F("closed_date", "销案日期", ingest.DATE, aliases=("销案时间", "摘牌日期", "销案摘牌日期", "销案摘牌时间")),
    ]


def next_id(tx: Tx, count: int = 1) -> list[str]:
    """The next ``count`` unit numbers (ZDHZ-15, ZDHZ-16 …), read as max()+1 inside the write."""
    rows = tx.execute("SELECT id FROM fire_units")
    top = max((int(m.group(1)) for (i,) in rows if (m := _ID.match(str(i)))), default=0)
    return [f"ZDHZ-{n:02d}" for n in range(top + 1, top + 1 + count)]


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """A checked unit as stored (the status, responsible unit and original deadline filled in)."""
    unit = dict(values)
    unit["progress"] = int(unit.get("progress") or 0)
    if unit.get("status") == vocab.FU_CLOSED and values.get("progress") is None:
        unit["progress"] = 100
    unit["listing_level"] = unit.get("listing_level") or vocab.NOT_LISTED
    unit["resp_unit"] = unit.get("resp_unit") or unit.get("name")
    unit["original_deadline"] = unit.get("original_deadline") or unit.get("deadline")
    return unit


def _natural(name: Any, filed: Any) -> tuple:
    return (ingest.normalize_choice(name or ""), filed)


def _key(values: dict[str, Any]) -> tuple:
    return ("id", values["id"]) if values.get("id") else ("nk", *_natural(values.get("name"), values.get("filed_date")))


_COLUMNS = ("id", "name", "unit_code", "address", "lat", "lon", "place_type", "judgement", "clauses", "description",
            "filed_date", "listing_level", "listing_doc", "listing_date", "announced_date", "original_deadline",
            "deadline", "resp_unit", "resp_person", "resp_phone", "supervising_dept", "fire_brigade", "progress",
            "funds", "interim_measures", "status", "review_requested_date", "closed_date", "updated_at")


def _insert(tx: Tx, units: list[dict[str, Any]], actor: roles.User, reasons: list[str | None]) -> None:
    """Insert checked units (``unit_code`` and ``id`` set) with a 登记 event each."""
    for unit, reason in zip(units, reasons):
        row = {**unit, "updated_at": tx.at}
        tx.execute(f"INSERT INTO fire_units ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                   [row.get(c) for c in _COLUMNS])
        tx.audit(ENTITY, unit["id"], A_REGISTER, actor, county=unit["unit_code"], to_status=unit["status"], reason=reason,
                 detail={"judgement": unit["judgement"], "clauses": unit.get("clauses"), "deadline": unit["deadline"]})


# -- one unit by hand ---------------------------------------------------------------------------------
def register(store: Store, values: Mapping[str, Any], actor: roles.User) -> str:
    """A new unit from the form (``unit_code`` for the county; the other keys as ``unit_fields``): checked by
    the import's rules, written with its 登记 event; returns its number. ValidationError (Chinese, nothing
    written) when a rule refuses it or the same unit (name and 立案日期) is already on file."""
    from dashboard import units as unit_names

    frame = unit_names.all_units(store)
    fields = unit_fields(frame, unit_names.alias_map(store))
    unit = {k: (None if is_blank(v) else (v.strip() if isinstance(v, str) else v)) for k, v in values.items()}
    if unit.get("unit_code") not in set(frame["code"]):
        raise ValidationError("请选择县区")
    if unit.get("judgement") is None:
        unit["judgement"] = rules.judgement_from(unit.get("clauses"))
    progress = unit.get("progress")
    if unit.get("status") is None:
        unit["status"] = rules.status_from(progress, unit.get("review_requested_date"), unit.get("closed_date"))
    for spec in fields:
        if spec.key == "unit":
            continue
        if spec.required and unit.get(spec.key) is None:
            raise ValidationError(f"请填写{spec.header}")
        if spec.key == "judgement" and unit.get("judgement") is None:
            raise ValidationError("请填写判定方式（或写明判定条款）")
        if isinstance(unit.get(spec.key), str) and len(unit[spec.key]) > spec.max_len:
            raise ValidationError(f"{spec.header}最多{spec.max_len}字")
    header = {f.key: f.header for f in fields}

    def write(tx: Tx) -> str:
        problems = rules.new_unit_problems(unit, tx.at.date())
        if problems:
            raise ValidationError("；".join(f"{header.get(k, k)}：{why}" for k, why in problems))
        same_day = tx.execute("SELECT name FROM fire_units WHERE filed_date = ?", [unit["filed_date"]])
        if any(_natural(n, None) == _natural(unit["name"], None) for (n,) in same_day):
            raise ValidationError(f"{unit['name']}（立案日期 {unit['filed_date']:%Y-%m-%d}）已登记，不能重复登记")
        stored = _stored(unit)
        stored["id"] = next_id(tx)[0]
        _insert(tx, [stored], actor, [None])
        return stored["id"]

    return store.write(write)


# -- a list of units ----------------------------------------------------------------------------------
def _units_reading(store: Store, options: Mapping[str, Any]) -> Reading:
    from dashboard import units as unit_names

    frame = unit_names.all_units(store)
    aliases = unit_names.alias_map(store)
    code_to_name = dict(zip(frame["code"], frame["name"]))
    reading = Reading(unit_fields(frame, aliases), key=_key)
    today = store.as_of().date()
    header = {f.key: f.header for f in reading.fields}

    def infer(values: dict[str, Any], raw: dict[str, Any]) -> list[tuple[str, str]]:
        if values.get("judgement") is None:
            found = rules.judgement_from(values.get("clauses"))
            if found is None:
                return [("judgement", "未填判定方式，判定条款也看不出是第6章（直接判定）还是第7章（综合判定），请填写其中一项")]
            values["judgement"] = found
            reading.inferred[f"判定方式：文件未写，按判定条款推断为“{found}”"] += 1
        listed, level = values.pop("listed", None), values.get("listing_level")
        if listed == "是" and level in (None, vocab.NOT_LISTED):
            return [("listing_level", "“是否挂牌督办”为是，请填写督办级别（省级/市级/县级挂牌督办）")]
        if listed == "否" and level not in (None, vocab.NOT_LISTED):
            return [("listing_level", f"“是否挂牌督办”为否，督办级别却是“{level}”")]
        if values.get("status") is None:
            values["status"] = rules.status_from(values.get("progress"), values.get("review_requested_date"),
                                                 values.get("closed_date"))
            reading.inferred[f"状态：文件未写，按进度和日期推断为“{values['status']}”"] += 1
        return []

    def row_check(values: dict[str, Any]) -> list[tuple[str, str]]:
        return [(header.get(k, k), why) for k, why in rules.new_unit_problems(values, today)]

    reading.fixed = county_given(reading, aliases, code_to_name, options.get("county"))
    reading.infer, reading.row_check = infer, row_check
    reading.hints = {"unit": "文件中没有“县区”列：请在标题中写明县区（如“重大火灾隐患单位清单（旬阳县）”），或在导入时选择县区。"}
    reading.shown = _stored
    return reading


def _units_write(tx: Tx, batch: Batch) -> Written:
    codes = dict(tx.execute("SELECT name, code FROM units"))
    on_file = tx.execute("SELECT id, name, filed_date FROM fire_units")
    ids = {str(i) for i, _, _ in on_file}
    keys = {_natural(n, f) for _, n, f in on_file}
    new, reasons = [], []
    for index, values in enumerate(batch.rows):
        if (values.get("id") and values["id"] in ids) or _natural(values["name"], values["filed_date"]) in keys:
            continue  # on file: the same number, or the same unit filed the same day under another number
        unit = _stored(values)
        unit["unit_code"] = codes[values["unit"]]
        new.append(unit)
        reasons.append(batch.reason(index))
    missing = [u for u in new if not u.get("id")]
    for unit, number in zip(missing, next_id(tx, len(missing))):
        unit["id"] = number
    audit_before = tx.one("SELECT coalesce(max(id), 0) FROM audit_events")[0]
    _insert(tx, new, batch.actor, reasons)
    if new:
        from dashboard import import_register

        new_ids = [u["id"] for u in new]
        import_register.track(tx, batch.import_id, "fire_units", ("id",), "id IN (SELECT unnest(?::VARCHAR[]))",
                              [new_ids], entity=ENTITY)
        import_register.track(tx, batch.import_id, "audit_events", ("id",), "id > ?", [audit_before])
    return Written(added=len(new), ids=[u["id"] for u in new], county=the_one(u["unit_code"] for u in new))


UNITS = ImportKind(
    kind="fire_units", label="重大火灾隐患单位", reading=_units_reading, write=_units_write, unit="家", options=("county",),
    template_title="重大火灾隐患单位导入模板 填写说明",
    instructions=(
        "1. 在“数据”工作表中每行填写一家重大火灾隐患单位（GB 35181-2017），第2行是示例，导入前请删除或改写。",
        "2. 表头为红色的列必须填写；带下拉箭头的列请从下拉列表中选择。列名可用各地习惯的写法（如“重大火灾隐患内容”“判定依据”“立案时间”）。",
        "3. 日期可写 2021-04-14、2021/4/14、2021年4月14日，整改期限也可写“2021年6月30日前”。",
        "4. 判定方式、状态可不填：按判定条款和进度、日期推断，预览中会列出推断结果。",
        "5. 有一行不合格时整个文件都不会导入，系统会列出每个问题所在的行号、列和原因。",
        "6. 同一文件重复导入不会重复登记：有编号的按编号识别，没有编号的按单位名称和立案日期识别。",
        "7. 整改节点（倒排工期）请用“重大火灾隐患整改节点”模板另行导入。",
    ),
)


# -- the milestone plans (倒排工期) ----------------------------------------------------------------------
def _plan_fields() -> list[ingest.Field]:
    F = ingest.Field
    return [
        F("unit_id", "编号", aliases=("单位编号", "隐患编号", "立案编号"), carry=True, max_len=40,
          note="可不填：按单位名称对应已登记的重大火灾隐患单位"),
        F("unit_name", "单位名称", carry=True, max_len=200, example="恒口示范区兴隆综合市场",
          aliases=("单位（场所）名称", "场所名称", "重大火灾隐患单位", "重大火灾隐患单位名称", "隐患单位名称", "单位"),
          note="同一单位的各节点可只在第一行填写（合并单元格亦可）"),
        F("name", "整改节点", required=True, max_len=200, example="制定整改方案",
          aliases=("节点名称", "整改任务", "工作节点", "整改事项", "节点内容", "工作任务", "任务名称", "整改步骤", "主要节点")),
        F("planned_date", "计划完成日期", ingest.DATE, required=True, example=date(2021, 5, 15),
          aliases=("计划完成时间", "完成时限", "计划日期", "时间节点", "计划时间", "计划完成时限", "时限要求")),
        F("actual_date", "实际完成日期", ingest.DATE, aliases=("实际完成时间", "完成日期", "完成时间")),
        F("done", "完成情况", ingest.ENUM, choices=(_DONE, _NOT_DONE),
          choice_aliases={"完成": _DONE, "已完成整改": _DONE, "是": _DONE, "√": _DONE, "未完成": _NOT_DONE, "否": _NOT_DONE,
                          "进行中": _NOT_DONE, "推进中": _NOT_DONE, "正在推进": _NOT_DONE, "未开始": _NOT_DONE},
          note="可不填；填“已完成”时须填写实际完成日期"),
    ]


def _plans_reading(store: Store, options: Mapping[str, Any]) -> Reading:
    frame = store.query("SELECT id, name, filed_date, deadline, status FROM fire_units ORDER BY id")
    by_id = {str(r.id): r for r in frame.itertuples()}
    by_name: dict[str, list] = {}
    for r in frame.itertuples():
        by_name.setdefault(ingest.normalize_choice(r.name), []).append(r)
    today = store.as_of().date()
    reading = Reading(_plan_fields())
    reading.key = lambda v: (v.get("fire_unit_id"), ingest.normalize_choice(v.get("name") or ""))

    def infer(values: dict[str, Any], raw: dict[str, Any]) -> list[tuple[str, str]]:
        typed_id, typed_name = values.get("unit_id"), values.get("unit_name")
        if typed_id:
            unit = by_id.get(typed_id)
            if unit is None:
                return [("unit_id", f"没有编号为“{typed_id}”的重大火灾隐患单位（请先导入或登记该单位）")]
        elif typed_name:
            found = by_name.get(ingest.normalize_choice(typed_name), [])
            open_ones = [u for u in found if u.status != vocab.FU_CLOSED]
            if not found:
                return [("unit_name", f"没有名为“{typed_name}”的重大火灾隐患单位（请先导入或登记该单位，或填写编号）")]
            if len(open_ones if open_ones else found) > 1:
                return [("unit_name", f"名为“{typed_name}”的单位有多家，请填写编号")]
            unit = (open_ones or found)[0]
        else:
            return [("unit_name", "请填写单位名称或编号（同一单位的节点可只在第一行填写）")]
        values["fire_unit_id"] = str(unit.id)
        values["_filed"], values["_deadline"] = _day(unit.filed_date), _day(unit.deadline)
        if values.get("done") == _DONE and values.get("actual_date") is None:
            return [("actual_date", "完成情况为已完成，请填写实际完成日期")]
        if values.get("done") == _NOT_DONE and values.get("actual_date") is not None:
            return [("done", "填写了实际完成日期，完成情况却是未完成")]
        return []

    def row_check(values: dict[str, Any]) -> list[tuple[str, str]]:
        header = {f.key: f.header for f in reading.fields}
        return [(header[k], why) for k, why in rules.milestone_problems(
            values.get("planned_date"), values.get("actual_date"), values.pop("_filed", None),
            values.pop("_deadline", None), today)]

    reading.infer, reading.row_check = infer, row_check
    reading.hints = {"name": "文件中没有“整改节点”列：请对照模板，每行填写一个整改节点。"}
    reading.shown = lambda row: {**row, "unit_id": row.get("fire_unit_id")}
    return reading


def _day(value: Any) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _plans_write(tx: Tx, batch: Batch) -> Written:
    from dashboard import import_register

    on_file = tx.query("SELECT fire_unit_id, seq, name FROM fire_unit_milestones")
    known = {(r.fire_unit_id, ingest.normalize_choice(r.name)) for r in on_file.itertuples()}
    top = on_file.groupby("fire_unit_id")["seq"].max().to_dict() if len(on_file) else {}
    counties = dict(tx.execute("SELECT id, unit_code FROM fire_units"))
    added: dict[str, list[str]] = {}
    keys = []
    for values in batch.rows:
        unit_id = values["fire_unit_id"]
        if (unit_id, ingest.normalize_choice(values["name"])) in known:
            continue
        seq = int(top.get(unit_id, 0)) + 1
        top[unit_id] = seq
        tx.execute("INSERT INTO fire_unit_milestones (fire_unit_id, seq, name, planned_date, actual_date)"
                   " VALUES (?, ?, ?, ?, ?)", [unit_id, seq, values["name"], values["planned_date"], values.get("actual_date")])
        added.setdefault(unit_id, []).append(values["name"])
        keys.append(f"{unit_id}|{seq}")
    audit_before = tx.one("SELECT coalesce(max(id), 0) FROM audit_events")[0]
    for unit_id, names in added.items():
        tx.audit(ENTITY, unit_id, A_PLAN, batch.actor, county=counties.get(unit_id),
                 reason=f"导入：{batch.file_name}", detail={"milestones": "、".join(names)})
    if keys:
        import_register.track(tx, batch.import_id, "fire_unit_milestones", ("fire_unit_id", "seq"),
                              "fire_unit_id || '|' || seq IN (SELECT unnest(?::VARCHAR[]))", [keys], entity=ENTITY,
                              entity_id="t.fire_unit_id")
        import_register.track(tx, batch.import_id, "audit_events", ("id",), "id > ?", [audit_before])
    return Written(added=len(keys), county=the_one(counties.get(u) for u in added))


PLANS = ImportKind(
    kind="fire_unit_plans", label="重大火灾隐患整改节点", reading=_plans_reading, write=_plans_write,
    template_title="重大火灾隐患整改节点（倒排工期）导入模板 填写说明",
    instructions=(
        "1. 每行填写一个整改节点；同一单位的各节点可只在第一行写单位名称（合并单元格亦可）。",
        "2. 单位须已登记（先导入重大火灾隐患单位清单）；按编号或单位名称对应。",
        "3. 计划完成日期应在立案日期与整改期限之间；已完成的节点填写实际完成日期。",
        "4. 同一单位同名的节点已登记的不会重复导入；新的节点排在该单位已有节点之后。",
        "5. 有一行不合格时整个文件都不会导入，系统会列出每个问题所在的行号、列和原因。",
    ),
)
