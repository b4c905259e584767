"""Importing a hazard list (Excel / WPS / CSV as the groups keep it): the ledger's columns on the general
machinery of ``dashboard.ingest``. Every row is checked against the new-hazard rules; a file is written whole
(one transaction: the hazards, a 登记 event each, and the import's record in the register,
``dashboard.import_register``: the original file and the rows it added, so it can be undone whole) or not at
all; re-importing adds nothing twice (same 隐患编号, or the same natural key when the file has no number).

A group's own list is read as it is (``preview_import`` shows how, before anything is written):
- headers by meaning (``ingest.headers``); an unknown or ambiguous one mapped by hand (``mapping``: file header
  -> field header or None), and that mapping remembered for the sender (table ``import_mappings``, keyed by
  the header row's signature) and applied to its next file;
- what the file does not say: 检查组 and 县区 from its title (“……第三组隐患问题清单（汉阴县）”), or 检查组 and 来源
  chosen once for the whole file at upload (``group``, ``source``; the CLI's ``--group`` / ``--source``); a
  file naming a 督查组 (title, column or choice) and saying no 来源 is 进驻式暗访督查; the 县区 of a file without
  that column is the one its title or its group names;
- 治理类型, when the file has no such column or leaves it blank, by this rule: 立即 / 当场 / 现场整改 / 立行立改 /
  即查即改 written in 整改期限 or 整改措施 → 即查即改 (整改期限 then the day of the find); otherwise a 整改期限
  date → 限期整改; neither → the row is refused (fill in one of them). The preview counts each;
- a deadline without its year (“5月底”, “5月28日前”) is the first such day on or after the row's 发现时间.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import pandas as pd

from dashboard import clock, import_register, ingest, roles, vocab
from dashboard.db import Store, Tx, ValidationError
from dashboard.ingest import kinds
from dashboard.hazards import search
from dashboard.hazards.lifecycle import A_REGISTER, HAZARD_ENTITY
from dashboard.hazards.queries import groups
from dashboard.hazards.rules import new_hazard_problems
from dashboard.hazards.writes import next_ids
from dashboard.lifecycle import is_blank

__all__ = ["IMPORT", "IMMEDIATE_WORDS", "ImportPreview", "preview_import", "title_facts", "resolve_group", "saved_mapping",
           "read_mapping_file", "LEVEL_ALIASES", "TREATMENT_ALIASES", "SOURCE_ALIASES", "SECTOR_ALIASES", "import_fields",
           "store_import_fields", "natural_key", "ImportOutcome", "IMPORT_KIND", "IMPORT_ACTION", "parse_import",
           "import_file", "template"]

LEVEL_ALIASES = {"一般": vocab.LEVEL_GENERAL, "一般事故隐患": vocab.LEVEL_GENERAL, "重大": vocab.LEVEL_MAJOR,
                 "重大事故隐患": vocab.LEVEL_MAJOR}
TREATMENT_ALIASES = {"立即整改": vocab.TREAT_IMMEDIATE, "当场整改": vocab.TREAT_IMMEDIATE, "现场整改": vocab.TREAT_IMMEDIATE,
                     "立查立改": vocab.TREAT_IMMEDIATE, "限期": vocab.TREAT_DEADLINE, "限期治理": vocab.TREAT_DEADLINE}
SOURCE_ALIASES = {"暗访督查": vocab.SOURCE_GROUPS, "督查组": vocab.SOURCE_GROUPS, "执法检查": "部门执法检查",
                  "企业自查": "企业自查自报", "举报": "群众举报"}
SECTOR_ALIASES = vocab.SECTOR_ALIASES


IMMEDIATE_WORDS = ("立即", "当场", "现场整改", "立行立改", "即查即改", "马上整改")
_NUMERALS = "零一二三四五六七八九十"


def import_fields(units: pd.DataFrame, aliases: Mapping[str, str], group_frame: pd.DataFrame) -> list[ingest.Field]:
    """The ledger's importable columns. ``units`` (code, name), ``aliases`` (alias -> code) and the groups
    give the unit and group choices with the spellings people use."""
    F = ingest.Field
    code_to_name = dict(zip(units["code"], units["name"]))
    unit_aliases = {alias: code_to_name[code] for alias, code in aliases.items() if code in code_to_name}
    group_names = tuple(group_frame["name"])
    group_aliases = {}
    for name, code in zip(group_frame["name"], group_frame["unit_code"]):
        group_aliases[name.split("（")[0]] = name
        if code in code_to_name:
            group_aliases[f"驻{code_to_name[code]}督查组"] = name
        number = ingest.group_number(name)
        if number is not None:
            for shown in {str(number), ingest.chinese_numeral(number)}:
                for form in ("第{}组", "第{}督查组", "第{}暗访督查组", "第{}检查组"):
                    group_aliases.setdefault(form.format(shown), name)
    return [
        F("id", "隐患编号", aliases=("编号", "序号编号", "隐患编码"), max_len=40,
          note="可不填：不填时由系统编号，按“发现时间+县区+单位名称+隐患部位+隐患描述”识别重复"),
        F("found_date", "发现时间", ingest.DATE, required=True,
          aliases=("发现日期", "检查时间", "检查日期", "督查时间", "督查日期", "排查时间", "排查日期", "暗访时间", "暗访日期"),
          example=date(2021, 4, 14)),
        F("group", "检查组", ingest.ENUM, aliases=("督查组", "暗访组", "检查组名称", "督查组名称", "暗访督查组"),
          choices=group_names, choice_aliases=group_aliases,
          note="不填时取自标题（如“第三组隐患问题清单”）或导入时的选择；来源为进驻式暗访督查且仍未知时，按县区对应的督查组"),
        F("source", "来源", ingest.ENUM, required=True, aliases=("隐患来源", "问题来源"), choices=vocab.SOURCES,
          choice_aliases=SOURCE_ALIASES, example=vocab.SOURCE_GROUPS,
          note="文件没有此列时在导入时选择；文件标题或列中有督查组时为进驻式暗访督查"),
        F("unit", "县区", ingest.ENUM, required=True,
          aliases=("县（区）", "县(市、区)", "县市区", "所属县区", "区县", "所在县区", "县（市、区）", "县区名称"),
          choices=tuple(units["name"]), choice_aliases=unit_aliases, example=units["name"].iloc[0],
          note="文件没有此列时取自标题（如“（汉阴县）”）或检查组所驻县区"),
        F("township", "乡镇", aliases=("乡镇（街道）", "乡镇街道", "镇办", "所在乡镇", "镇（街道）"), max_len=50, example="老城街道"),
        F("enterprise", "单位名称", required=True,
          aliases=("企业名称", "被检查单位", "生产经营单位", "单位", "被检查单位名称", "检查对象", "企业（单位）名称", "单位（场所）名称",
                   "场所名称"), max_len=200, example="安康市示例商贸有限公司"),
        F("credit_code", "统一社会信用代码", ingest.CODE, aliases=("信用代码", "社会信用代码")),
        F("sector", "行业领域", ingest.ENUM, required=True, aliases=("行业", "所属行业", "行业类别", "行业（领域）", "所属领域"),
          choices=vocab.SECTORS, choice_aliases=SECTOR_ALIASES, example="消防"),
        F("location", "隐患部位", aliases=("部位", "隐患地点", "隐患位置", "具体部位", "隐患所在部位"), max_len=200, example="一层仓库"),
        F("description", "隐患描述", required=True,
          aliases=("隐患内容", "问题描述", "存在问题", "隐患情况", "存在的问题", "隐患问题", "问题隐患", "主要问题", "发现问题",
                   "检查发现的问题", "隐患问题描述", "存在的主要问题"), max_len=1000, example="疏散通道堆放杂物，安全出口被锁闭"),
        F("level", "隐患等级", ingest.ENUM, required=True, aliases=("等级", "隐患级别"), choices=vocab.HAZARD_LEVELS,
          choice_aliases=LEVEL_ALIASES, example=vocab.LEVEL_GENERAL),
        F("treatment", "治理类型", ingest.ENUM, aliases=("整改类型", "整改方式", "治理方式"),
          choices=vocab.TREATMENTS, choice_aliases=TREATMENT_ALIASES, example=vocab.TREAT_DEADLINE,
          note="可不填：整改期限或整改措施写“立即/当场整改”的为即查即改，填了整改期限（日期）的为限期整改"),
        F("measures", "整改措施", aliases=("整改要求", "整改措施及要求", "整改意见", "整改建议"), max_len=1000,
          example="清理杂物，打开安全出口"),
        F("resp_unit", "整改责任单位", aliases=("责任单位",), max_len=200, example="安康市示例商贸有限公司"),
        F("resp_person", "整改责任人", aliases=("责任人", "整改负责人"), max_len=50, example="张三"),
        F("resp_phone", "责任人电话", ingest.PHONE, aliases=("联系电话", "电话", "整改责任人电话", "联系方式"),
          example="13800000000"),
        F("deadline", "整改期限", ingest.DATE,
          aliases=("整改时限", "完成时限", "整改期限日期", "整改时间", "完成期限", "要求整改时限", "限改时间", "整改完成时限"),
          example=date(2021, 4, 30), markers=IMMEDIATE_WORDS, year_from="found_date",
          note="限期整改必填；即查即改不填时为发现时间；可写“2021年5月28日前”“5月底”（年份同发现时间）或“立即整改”"),
        F("funds", "整改资金(万元)", ingest.NUMBER, aliases=("整改资金", "资金(万元)", "整改资金（万元）", "资金"), example=0.5),
        F("interim_measures", "临时管控措施", aliases=("临时措施", "防范措施"), max_len=500),
        F("handed_county_on", "移交县区日期", ingest.DATE, aliases=("移交县区政府日期", "书面移交县区日期"),
          note="督查组书面移交县区政府的日期；未移交不填"),
        F("handed_city_on", "移交市安委办日期", ingest.DATE, aliases=("书面移交市安委办日期", "报送市安委办日期"),
          note="督查组书面移交市安委办的日期；未移交不填"),
        F("remark", "备注", aliases=("说明",), max_len=500),
    ]


def store_import_fields(store: Store) -> list[ingest.Field]:
    from dashboard import units as unit_names

    return import_fields(unit_names.all_units(store), unit_names.alias_map(store), groups(store))


def natural_key(values: Mapping[str, Any]) -> str:
    """How a hazard without a number is recognised on re-import: found date, unit, enterprise, location,
    description (normalized): ``_nk``'s parts, hashed."""
    parts = _nk(values.get("found_date"), values.get("unit") or values.get("unit_code"), values.get("enterprise"),
                values.get("location"), values.get("description"))
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()


def _nk(found: Any, unit: Any, enterprise: Any, location: Any, description: Any) -> tuple:
    """``natural_key``'s parts as a tuple (no hashing: compared within one import and against the store)."""
    norm = ingest.normalize_choice
    return (clock.as_date(found), unit or "", norm(enterprise or ""), norm(location or ""), norm(description or ""))


def _row_key(values: Mapping[str, Any]) -> tuple:
    if values.get("id"):
        return ("id", values["id"])
    return ("nk", *_nk(values.get("found_date"), values.get("unit") or values.get("unit_code"), values.get("enterprise"),
                       values.get("location"), values.get("description")))


ImportOutcome = kinds.ImportOutcome  # what an import did (the same for every kind)


IMPORT_KIND = "hazards"
IMPORT_LABEL = "隐患"  # the kind as the import register shows it
IMPORT_ACTION = "导入隐患"  # the import's audit action (entity import; its line in roles.RULES)


def resolve_group(group_frame: pd.DataFrame, text: str | None) -> str | None:
    """The group's full name for a name, “第三组”, “3”, or its county's name as typed; None when none fits."""
    if ingest.is_blank(text):
        return None
    typed = ingest.normalize_choice(text)
    for name in group_frame["name"]:
        if ingest.normalize_choice(name) == typed or ingest.normalize_choice(name.split("（")[0]) == typed:
            return name
    number = (ingest.chinese_number(typed) if typed.isdigit() or all(ch in _NUMERALS for ch in typed)
              else ingest.group_number(typed))
    if number is not None:
        for name in group_frame["name"]:
            if ingest.group_number(name) == number:
                return name
    for name in group_frame["name"]:  # 驻汉阴县 / 汉阴县
        inside = name.split("（")[-1].rstrip("）").removeprefix("驻")
        if inside and (ingest.normalize_choice(inside) == typed or ingest.normalize_choice(inside) == "驻" + typed):
            return name
    return None


def title_facts(lines: list[str], group_frame: pd.DataFrame, aliases: Mapping[str, str],
                unit_names: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """What the rows above the header say: {"group": (group name, the line), "unit": (unit name, the line)}.
    The group by its number (“第三组”, “第3督查组”); the county by a name or alias, the one in brackets first
    (“……隐患问题清单（汉阴县）”: ``ingest.kinds.unit_in_title``)."""
    facts: dict[str, tuple[str, str]] = {}
    for line in lines:
        number = ingest.group_number(line)
        name = resolve_group(group_frame, f"第{number}组") if number is not None else None
        if name:
            facts["group"] = (name, line)
            break
    unit = kinds.unit_in_title(lines, aliases, unit_names)
    if unit is not None:
        facts["unit"] = unit
    return facts


def saved_mapping(store: Store, signature: str) -> dict[str, str | None] | None:
    """The mapping saved for hazard lists with this header row, or None (``import_register.saved_mapping``)."""
    return import_register.saved_mapping(store, IMPORT_KIND, signature)


read_mapping_file = kinds.read_mapping_file  # a --mapping file, checked against the fields (the same for every kind)


_TREATMENT_NOTES = {vocab.TREAT_IMMEDIATE: "治理类型：文件未写，按规则推断为“即查即改”{n} 条（整改期限或整改措施写明立即/当场整改）",
                    vocab.TREAT_DEADLINE: "治理类型：文件未写，按规则推断为“限期整改”{n} 条（填有整改期限）"}


def _reading(store: Store, options: Mapping[str, Any]) -> kinds.Reading:
    """How a hazard list is read (see the module's docstring); ``options``: ``group`` and ``source`` chosen once
    for the whole file."""
    from dashboard import units as unit_names

    unit_frame = unit_names.all_units(store)
    aliases = unit_names.alias_map(store)
    group_frame = groups(store)
    fields = import_fields(unit_frame, aliases, group_frame)
    today = store.as_of().date()
    headers = {f.key: f.header for f in fields}
    headers["unit_code"] = headers["unit"]
    code_to_name = dict(zip(unit_frame["code"], unit_frame["name"]))
    group_units = {name: code_to_name.get(code) for name, code in zip(group_frame["name"], group_frame["unit_code"])}
    reading = kinds.Reading(fields, key=_row_key, shown=_as_stored)
    group, source = options.get("group"), options.get("source")
    if group is not None and not ingest.is_blank(group):
        chosen = resolve_group(group_frame, group)
        if chosen is None:
            raise ValidationError(f"找不到检查组“{group}”（可写组名、“第三组”或序号）")
        group = chosen

    def fixed(layout: ingest.Layout) -> dict[str, Any]:
        facts = title_facts(layout.above, group_frame, aliases, code_to_name)
        mapped = layout.mapped()
        given: dict[str, Any] = {}
        chosen_group = group
        if chosen_group:
            given["group"] = chosen_group
            reading.notes.append(f"检查组：导入时选择“{chosen_group}”（文件中未填的行）")
        elif "group" in facts:
            chosen_group = given["group"] = facts["group"][0]
            reading.notes.append(f"检查组：取自标题“{facts['group'][1]}” → {chosen_group}")
        if source:
            given["source"] = source
            reading.notes.append(f"来源：导入时选择“{source}”（文件中未填的行）")
        elif "source" not in mapped and (chosen_group or "group" in mapped):
            given["source"] = vocab.SOURCE_GROUPS
            reading.notes.append(f"来源：文件没有来源列，清单出自督查组 → {vocab.SOURCE_GROUPS}")
        if "unit" in facts:
            given["unit"] = facts["unit"][0]
            reading.notes.append(f"县区：取自标题“{facts['unit'][1]}” → {facts['unit'][0]}"
                              + ("（文件中未填的行）" if "unit" in mapped else ""))
        elif "unit" not in mapped and chosen_group and group_units.get(chosen_group):
            given["unit"] = group_units[chosen_group]
            reading.notes.append(f"县区：文件没有县区列，取检查组所驻县区 → {given['unit']}")
        return given

    def infer(values: dict, raw: dict) -> list[tuple[str, str]]:
        deadline = values.get("deadline")
        said_now = isinstance(deadline, ingest.Marker) or any(
            word in ingest.normalize_choice(values.get("measures") or "") for word in IMMEDIATE_WORDS)
        if values.get("treatment") is None:
            if said_now:
                values["treatment"] = vocab.TREAT_IMMEDIATE
            elif deadline is not None:
                values["treatment"] = vocab.TREAT_DEADLINE
            else:
                return [("treatment", "未填治理类型，也没有整改期限：无法判断是即查即改还是限期整改，请填写其中一项")]
            reading.inferred[_TREATMENT_NOTES[values["treatment"]]] += 1
        if isinstance(deadline, ingest.Marker):
            if values["treatment"] != vocab.TREAT_IMMEDIATE:
                return [("deadline", f"整改期限写的是“{deadline.text}”，不是日期；{values['treatment']}须填写整改期限（日期）")]
            values["deadline"] = None
        return []

    clean_shapes: set[tuple] = set()

    def row_check(values: dict) -> list[tuple[str, str]]:
        # The rules (rules.new_hazard_problems) compare these dates with each other and today, and look at the
        # choices and whether the texts are there: a row of a shape already found clean is clean.
        found, deadline = values.get("found_date"), values.get("deadline")
        funds = values.get("funds")
        shape = (found is None, found is not None and found > today, deadline is None,
                 deadline is not None and found is not None and deadline < found, values.get("treatment"),
                 values.get("level"), funds is not None and funds < 0, values.get("source"), values.get("sector"),
                 values.get("unit"), ingest.is_blank(values.get("enterprise")), ingest.is_blank(values.get("description")),
                 *((h is None, h is not None and found is not None and (h < found or h > today))
                   for h in (values.get("handed_county_on"), values.get("handed_city_on"))))
        if shape in clean_shapes:
            return []
        candidate = {**values, "unit_code": values.get("unit")}
        problems = [(headers.get(key, key), reason) for key, reason in new_hazard_problems(candidate, today)]
        if not problems:
            clean_shapes.add(shape)
        return problems

    hints = {"source": "文件中没有“来源”列：请在导入时选择来源（命令行 --source），或在标题中写明督查组（如“第三组隐患问题清单”）。",
             "unit": "文件中没有“县区”列：请在标题中写明县区（如“隐患问题清单（汉阴县）”），或在导入时选择检查组（命令行 --group）。"}
    reading.fixed, reading.infer, reading.row_check, reading.hints = fixed, infer, row_check, hints
    return reading


def _write(tx: Tx, batch: kinds.Batch) -> kinds.Written:
    """Every new hazard of a checked list, with a 登记 event each, tracked for the undo; those already in the
    ledger (same 隐患编号, or the same natural key when the file has no number) left alone."""
    actor, import_id, file_name = batch.actor, batch.import_id, batch.file_name
    unit_codes = {name: code for code, name in tx.execute("SELECT code, name FROM units")}
    group_ids = dict(tx.execute("SELECT name, id FROM groups"))
    unit_groups = dict(tx.execute("SELECT unit_code, id FROM groups"))
    frame = pd.DataFrame(batch.rows, dtype=object)  # object: blanks stay None, never NaN
    frame["unit_code"] = frame["unit"].map(unit_codes)
    frame["group_id"] = frame["group"].map(group_ids)
    default_group = frame["unit_code"].map(unit_groups)
    use_default = frame["group_id"].isna() & (frame["source"] == vocab.SOURCE_GROUPS)
    frame.loc[use_default, "group_id"] = default_group[use_default]
    frame["group_id"] = pd.array(frame["group_id"], dtype="Int64")
    frame["deadline"] = [_stored_deadline(d, f) for d, f in zip(frame["deadline"], frame["found_date"])]
    frame["nk"] = [_nk(*parts) for parts in zip(frame["found_date"], frame["unit_code"], frame["enterprise"],
                                                frame["location"], frame["description"])]
    frame["row_no"] = batch.row_numbers
    existing_ids = {r[0] for r in tx.execute(
        "SELECT id FROM hazards WHERE id IN (SELECT unnest(?::VARCHAR[]))", [[i for i in frame["id"] if i]])}
    keys = tx.query(
        "SELECT found_date, unit_code, enterprise, location, description FROM hazards"
        " WHERE unit_code IN (SELECT unnest(?::VARCHAR[])) AND found_date BETWEEN ? AND ?",
        [sorted(set(frame["unit_code"])), min(frame["found_date"]), max(frame["found_date"])],
    )
    existing_keys = {_nk(r.found_date, r.unit_code, r.enterprise, None if is_blank(r.location) else r.location,
                         r.description) for r in keys.itertuples()}
    present = [bool((i and i in existing_ids) or (not i and k in existing_keys))
               for i, k in zip(frame["id"], frame["nk"])]
    new = frame[[not p for p in present]].copy()
    if new.empty:
        new_ids: list[str] = []
    else:
        missing = new["id"].isna() | (new["id"] == "")
        generated = next_ids(tx, tx.at.year, int(missing.sum()))
        new.loc[missing, "id"] = generated
        new_ids = list(new["id"])
    for county, group_id in set(zip(new["unit_code"], new["group_id"])):  # a 督查组 imports its own only
        tx.authorize(actor, HAZARD_ENTITY, A_REGISTER, county=county, group=None if pd.isna(group_id) else group_id)
    audit_before = tx.one("SELECT coalesce(max(id), 0) FROM audit_events")[0]
    if not new.empty:
        rows = pd.DataFrame({
            "id": new["id"], "found_date": new["found_date"], "group_id": new["group_id"], "source": new["source"],
            "unit_code": new["unit_code"], "township": new["township"], "enterprise": new["enterprise"],
            "credit_code": new["credit_code"], "sector": new["sector"], "location": new["location"],
            "description": new["description"], "level": new["level"], "treatment": new["treatment"],
            "measures": new["measures"], "resp_unit": new["resp_unit"], "resp_person": new["resp_person"],
            "resp_phone": new["resp_phone"], "original_deadline": new["deadline"], "deadline": new["deadline"],
            "funds": pd.array(new["funds"], dtype="Float64"), "interim_measures": new["interim_measures"],
            "handed_county_on": new["handed_county_on"], "handed_city_on": new["handed_city_on"],
            "status": vocab.ST_PENDING, "listing_level": vocab.NOT_LISTED, "remark": new["remark"],
            "import_id": import_id, "created_at": tx.at, "updated_at": tx.at,
        })
        for column in ("found_date", "original_deadline", "deadline", "handed_county_on", "handed_city_on"):
            rows[column] = pd.to_datetime(rows[column])
        tx.insert_df("hazards", rows)
        search.fill(tx)  # the keyword's column (hazards/search.py)
        events = pd.DataFrame({
            "happened_at": tx.at, "actor": actor.label, "actor_login": actor.login, "entity": HAZARD_ENTITY, "entity_id": new["id"],
            "action": A_REGISTER, "to_status": vocab.ST_PENDING,
            "reason": [f"导入：{file_name}（第{n}行）" for n in new["row_no"]],
        })
        tx.insert_df("audit_events", events)
    if not new.empty:  # what undo takes back (import_register): the hazards and their 登记 events
        import_register.track(tx, import_id, "hazards", ("id",), "import_id = ?", [import_id], entity=HAZARD_ENTITY)
        import_register.track(tx, import_id, "audit_events", ("id",), "id > ?", [audit_before])
    return kinds.Written(added=len(new), ids=new_ids,
                         group=kinds.the_one(None if pd.isna(g) else int(g) for g in frame["group_id"]))


IMPORT = kinds.ImportKind(
    kind=IMPORT_KIND, label=IMPORT_LABEL, reading=_reading, write=_write, template_title="隐患清单导入模板 填写说明",
    options=("group", "source"),
    instructions=(
            "1. 在“数据”工作表中每行填写一条隐患，第2行是示例，导入前请删除或改写。",
            "2. 表头为红色的列必须填写；带下拉箭头的列请从下拉列表中选择。",
            "3. 日期可写 2021-04-14、2021/4/14 或 2021年4月14日。",
            "4. 有一行不合格时整个文件都不会导入，系统会列出每个问题所在的行号、列和原因，可下载后对照修改。",
            "5. 同一文件重复导入不会重复登记：有隐患编号的按编号识别，没有编号的按发现时间、县区、单位名称、隐患部位和隐患描述识别。",
            "6. 请填写数值，不要使用公式。",
            "7. 也可直接导入各组自己的清单：标题中写明组别和县区（如“第三组隐患问题清单（汉阴县）”）即可不填检查组、县区列；"
            "没有来源列时在导入时选择；治理类型可不填（写明“立即/当场整改”的为即查即改，填了整改期限的为限期整改）。"
            "导入前会先预览每一列的读法，认不出的列可手工指定。",
    ),
)
assert IMPORT.action == IMPORT_ACTION


def _options(group: str | None, source: str | None) -> dict[str, Any]:
    return {"group": group, "source": source}


def parse_import(store: Store, data: bytes, file_name: str,
                 progress: Callable[[float, str], None] | None = None, *, group: str | None = None,
                 source: str | None = None, mapping: Mapping[str, str | None] | None = None) -> ingest.ParseResult:
    """Read and validate a hazard list; every row is checked, nothing is written."""
    return kinds.parse(IMPORT, store, data, file_name, options=_options(group, source), mapping=mapping,
                       progress=progress)[0]


ImportPreview = kinds.ImportPreview  # how a file will be read, before anything is written (the same for every kind)


def preview_import(store: Store, data: bytes, file_name: str, *, group: str | None = None, source: str | None = None,
                   mapping: Mapping[str, str | None] | None = None,
                   progress: Callable[[float, str], None] | None = None) -> ImportPreview:
    """The whole file read and checked as ``import_file`` would, and shown (``ImportPreview``); nothing written."""
    return kinds.preview(IMPORT, store, data, file_name, options=_options(group, source), mapping=mapping,
                         progress=progress)


def _as_stored(row: dict[str, Any]) -> dict[str, Any]:
    """A row as the preview shows it stored: 即查即改 without a deadline is due the day it was found."""
    return {**row, "deadline": _stored_deadline(row.get("deadline"), row.get("found_date"))}


def _stored_deadline(deadline: Any, found: Any) -> Any:
    """The deadline a hazard is stored with: 即查即改 without one is due the day it was found."""
    return deadline if deadline is not None else found


def import_file(store: Store, data: bytes, file_name: str, actor: roles.User,
                progress: Callable[[float, str], None] | None = None, *, group: str | None = None,
                source: str | None = None, mapping: Mapping[str, str | None] | None = None) -> ImportOutcome:
    """Validate a whole file, then write every new hazard in ONE transaction with an ``imports`` record,
    an import audit event and a 登记 event per hazard (``ingest.kinds.run``). Rows already in the ledger (same
    隐患编号, or the same natural key when the file has no number) are skipped. Any bad row: nothing is written.
    The file is read within the import limits (``ingest.Limits``) and as one of ``heavy_jobs_max`` heavy jobs.

    ``group`` / ``source``: chosen once for the whole file (rows that leave them blank, or a file without the
    column); ``mapping``: file header -> field header (None: not imported), saved for the sender's next
    file with the same header row; without one, a mapping saved earlier for this header row is used."""
    return kinds.run(IMPORT, store, data, file_name, actor, progress, options=_options(group, source), mapping=mapping)


def template(store: Store) -> bytes:
    """The import template (.xlsx): headers, one example row, dropdowns, an instruction sheet."""
    return kinds.template(IMPORT, store)
