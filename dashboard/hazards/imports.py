"""Importing a hazard list (Excel / WPS / CSV as the groups keep it): the ledger's columns on the general
machinery of ``dashboard.ingest``. Every row is checked against the new-hazard rules; a file is written whole
(one transaction: an ``imports`` record, the hazards, a 登记 event each) or not at all; re-importing adds
nothing twice (same 隐患编号, or the same natural key when the file has no number).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from dashboard import clock, ingest, jobs, vocab
from dashboard.db import Store, Tx, ValidationError
from dashboard.hazards import search
from dashboard.hazards.lifecycle import A_REGISTER, HAZARD_ENTITY
from dashboard.hazards.queries import groups
from dashboard.hazards.rules import new_hazard_problems
from dashboard.hazards.writes import next_ids
from dashboard.lifecycle import is_blank

__all__ = ["LEVEL_ALIASES", "TREATMENT_ALIASES", "SOURCE_ALIASES", "SECTOR_ALIASES", "import_fields",
           "store_import_fields", "natural_key", "ImportOutcome", "IMPORT_KIND", "parse_import", "import_file",
           "template"]

LEVEL_ALIASES = {"一般": vocab.LEVEL_GENERAL, "一般事故隐患": vocab.LEVEL_GENERAL, "重大": vocab.LEVEL_MAJOR,
                 "重大事故隐患": vocab.LEVEL_MAJOR}
TREATMENT_ALIASES = {"立即整改": vocab.TREAT_IMMEDIATE, "当场整改": vocab.TREAT_IMMEDIATE, "现场整改": vocab.TREAT_IMMEDIATE,
                     "立查立改": vocab.TREAT_IMMEDIATE, "限期": vocab.TREAT_DEADLINE, "限期治理": vocab.TREAT_DEADLINE}
SOURCE_ALIASES = {"暗访督查": vocab.SOURCE_GROUPS, "督查组": vocab.SOURCE_GROUPS, "执法检查": "部门执法检查",
                  "企业自查": "企业自查自报", "举报": "群众举报"}
SECTOR_ALIASES = {"危化品": "危险化学品", "危化": "危险化学品", "建筑": "建筑施工", "燃气": "城镇燃气", "交通": "道路交通",
                  "道路运输": "道路交通", "非煤": "非煤矿山", "九小": "九小场所", "工商贸": "工贸"}


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
    return [
        F("id", "隐患编号", aliases=("编号", "序号编号"), max_len=40, note="可不填：不填时由系统编号，按“发现时间+县区+单位名称+隐患部位+隐患描述”识别重复"),
        F("found_date", "发现时间", ingest.DATE, required=True, aliases=("发现日期", "检查时间", "检查日期"), example=date(2021, 4, 14)),
        F("group", "检查组", ingest.ENUM, aliases=("督查组", "暗访组", "检查组名称"), choices=group_names,
          choice_aliases=group_aliases, note="来源为进驻式暗访督查且未填时，按县区对应的督查组"),
        F("source", "来源", ingest.ENUM, required=True, aliases=("隐患来源",), choices=vocab.SOURCES,
          choice_aliases=SOURCE_ALIASES, example=vocab.SOURCE_GROUPS),
        F("unit", "县区", ingest.ENUM, required=True, aliases=("县（区）", "县(市、区)", "县市区", "所属县区", "区县"),
          choices=tuple(units["name"]), choice_aliases=unit_aliases, example=units["name"].iloc[0]),
        F("township", "乡镇", aliases=("乡镇（街道）", "乡镇街道", "镇办"), max_len=50, example="老城街道"),
        F("enterprise", "单位名称", required=True, aliases=("企业名称", "被检查单位", "生产经营单位", "单位"), max_len=200,
          example="安康市示例商贸有限公司"),
        F("credit_code", "统一社会信用代码", ingest.CODE, aliases=("信用代码", "社会信用代码")),
        F("sector", "行业领域", ingest.ENUM, required=True, aliases=("行业", "所属行业", "行业类别"), choices=vocab.SECTORS,
          choice_aliases=SECTOR_ALIASES, example="消防"),
        F("location", "隐患部位", aliases=("部位", "隐患地点", "隐患位置"), max_len=200, example="一层仓库"),
        F("description", "隐患描述", required=True, aliases=("隐患内容", "问题描述", "存在问题", "隐患情况"), max_len=1000,
          example="疏散通道堆放杂物，安全出口被锁闭"),
        F("level", "隐患等级", ingest.ENUM, required=True, aliases=("等级", "隐患级别"), choices=vocab.HAZARD_LEVELS,
          choice_aliases=LEVEL_ALIASES, example=vocab.LEVEL_GENERAL),
        F("treatment", "治理类型", ingest.ENUM, required=True, aliases=("整改类型", "整改方式", "治理方式"),
          choices=vocab.TREATMENTS, choice_aliases=TREATMENT_ALIASES, example=vocab.TREAT_DEADLINE),
        F("measures", "整改措施", aliases=("整改要求",), max_len=1000, example="清理杂物，打开安全出口"),
        F("resp_unit", "整改责任单位", aliases=("责任单位",), max_len=200, example="安康市示例商贸有限公司"),
        F("resp_person", "整改责任人", aliases=("责任人",), max_len=50, example="张三"),
        F("resp_phone", "责任人电话", ingest.PHONE, aliases=("联系电话", "电话", "整改责任人电话", "联系方式"),
          example="13800000000"),
        F("deadline", "整改期限", ingest.DATE, aliases=("整改时限", "完成时限", "整改期限日期"), example=date(2021, 4, 30),
          note="限期整改必填；即查即改不填时为发现时间"),
        F("funds", "整改资金(万元)", ingest.NUMBER, aliases=("整改资金", "资金(万元)", "整改资金（万元）", "资金"), example=0.5),
        F("interim_measures", "临时管控措施", aliases=("临时措施", "防范措施"), max_len=500),
        F("handed_county_on", "移交县区日期", ingest.DATE, aliases=("移交县区政府日期", "书面移交县区日期"),
          note="督查组书面移交县区政府的日期；未移交不填"),
        F("handed_city_on", "移交市安委办日期", ingest.DATE, aliases=("书面移交市安委办日期", "报送市安委办日期"),
          note="督查组书面移交市安委办的日期；未移交不填"),
        F("remark", "备注", max_len=500),
    ]


def store_import_fields(store: Store) -> list[ingest.Field]:
    from dashboard import units as unit_names

    return import_fields(unit_names.all_units(store), unit_names.alias_map(store), groups(store))


def natural_key(values: Mapping[str, Any]) -> str:
    """How a hazard without a number is recognised on re-import: found date, unit, enterprise, location,
    description (normalized)."""
    parts = [str(clock.as_date(values.get("found_date"))), values.get("unit") or values.get("unit_code") or ""]
    parts += [ingest.normalize_choice(values.get(k) or "") for k in ("enterprise", "location", "description")]
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()


def _row_key(values: Mapping[str, Any]) -> str:
    return f"id:{values['id']}" if values.get("id") else f"nk:{natural_key(values)}"


@dataclass
class ImportOutcome:
    """What an import did: the parse result (errors: nothing written), rows added, rows already present."""

    result: ingest.ParseResult
    added: int = 0
    skipped: int = 0
    import_id: int | None = None
    ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def errors(self) -> pd.DataFrame:
        return self.result.errors


IMPORT_KIND = "hazards"


def parse_import(store: Store, data: bytes, file_name: str,
                 progress: Callable[[float, str], None] | None = None) -> ingest.ParseResult:
    """Read and validate a hazard list; every row is checked, nothing is written."""
    fields = store_import_fields(store)
    today = store.as_of().date()
    headers = {f.key: f.header for f in fields}
    headers["unit_code"] = headers["unit"]

    def row_check(values: dict) -> list[tuple[str, str]]:
        candidate = {**values, "unit_code": values.get("unit")}
        return [(headers.get(key, key), reason) for key, reason in new_hazard_problems(candidate, today)]

    return ingest.parse_file(data, file_name, fields, row_check=row_check, key=_row_key, progress=progress)


def import_file(store: Store, data: bytes, file_name: str, actor: str,
                progress: Callable[[float, str], None] | None = None) -> ImportOutcome:
    """Validate a whole file, then write every new hazard in ONE transaction with an ``imports`` record,
    an import audit event and a 登记 event per hazard. Rows already in the ledger (same 隐患编号, or the
    same natural key when the file has no number) are skipped. Any bad row: nothing is written. The file is
    read within the import limits (``ingest.Limits``) and as one of ``heavy_jobs_max`` heavy jobs."""
    if ingest.is_blank(actor):
        raise ValidationError("请填写导入人")
    with jobs.heavy("导入"):  # jobs.Busy (a ValidationError) when heavy_jobs_max imports/exports already run
        return _import_file(store, data, file_name, actor, progress)


def _import_file(store: Store, data: bytes, file_name: str, actor: str,
                 progress: Callable[[float, str], None] | None) -> ImportOutcome:
    parse_progress = (lambda f, text: progress(0.9 * f, text)) if progress else None
    result = parse_import(store, data, file_name, parse_progress)
    outcome = ImportOutcome(result)
    if not result.ok:
        return outcome
    if progress:
        progress(0.92, f"正在写入 {len(result.rows)} 行……")
    unit_codes = {name: code for code, name in store.rows("SELECT code, name FROM units")}
    group_ids = dict(store.rows("SELECT name, id FROM groups"))
    unit_groups = dict(store.rows("SELECT unit_code, id FROM groups"))
    frame = pd.DataFrame(result.rows, dtype=object)  # object: blanks stay None, never NaN
    frame["unit_code"] = frame["unit"].map(unit_codes)
    frame["group_id"] = frame["group"].map(group_ids)
    default_group = frame["unit_code"].map(unit_groups)
    use_default = frame["group_id"].isna() & (frame["source"] == vocab.SOURCE_GROUPS)
    frame.loc[use_default, "group_id"] = default_group[use_default]
    frame["group_id"] = pd.array(frame["group_id"], dtype="Int64")
    frame["deadline"] = [d if d is not None else f for d, f in zip(frame["deadline"], frame["found_date"])]
    frame["nk"] = [natural_key({**row, "unit": row["unit_code"]}) for row in frame.to_dict("records")]
    frame["row_no"] = result.row_numbers

    def run(tx: Tx) -> ImportOutcome:
        existing_ids = {r[0] for r in tx.execute(
            "SELECT id FROM hazards WHERE id IN (SELECT unnest(?::VARCHAR[]))", [[i for i in frame["id"] if i]])}
        keys = tx.query(
            "SELECT found_date, unit_code, enterprise, location, description FROM hazards"
            " WHERE unit_code IN (SELECT unnest(?::VARCHAR[])) AND found_date BETWEEN ? AND ?",
            [sorted(set(frame["unit_code"])), min(frame["found_date"]), max(frame["found_date"])],
        )
        existing_keys = {natural_key({"found_date": r.found_date, "unit": r.unit_code, "enterprise": r.enterprise,
                                      "location": None if is_blank(r.location) else r.location,
                                      "description": r.description})
                         for r in keys.itertuples()}
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
        import_id = tx.one(
            "INSERT INTO imports (kind, file_name, actor, imported_at, rows_total, rows_added)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [IMPORT_KIND, file_name, actor.strip(), tx.at, len(frame), len(new)],
        )[0]
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
                "happened_at": tx.at, "actor": actor.strip(), "entity": HAZARD_ENTITY, "entity_id": new["id"],
                "action": A_REGISTER, "to_status": vocab.ST_PENDING,
                "reason": [f"导入：{file_name}（第{n}行）" for n in new["row_no"]],
            })
            tx.insert_df("audit_events", events)
        tx.audit("import", str(import_id), "导入隐患", actor.strip(),
                 detail={"file": file_name, "rows": len(frame), "added": len(new), "skipped": len(frame) - len(new)})
        return ImportOutcome(result, added=len(new), skipped=len(frame) - len(new), import_id=import_id, ids=new_ids)

    done = store.write(run)
    if progress:
        progress(1.0, f"导入完成：新增 {done.added} 条")
    return done


def template(store: Store) -> bytes:
    """The import template (.xlsx): headers, one example row, dropdowns, an instruction sheet."""
    fields = store_import_fields(store)
    return ingest.template_xlsx(
        fields,
        title="隐患清单导入模板 填写说明",
        instructions=(
            "1. 在“数据”工作表中每行填写一条隐患，第2行是示例，导入前请删除或改写。",
            "2. 表头为红色的列必须填写；带下拉箭头的列请从下拉列表中选择。",
            "3. 日期可写 2021-04-14、2021/4/14 或 2021年4月14日。",
            "4. 有一行不合格时整个文件都不会导入，系统会列出每个问题所在的行号、列和原因，可下载后对照修改。",
            "5. 同一文件重复导入不会重复登记：有隐患编号的按编号识别，没有编号的按发现时间、县区、单位名称、隐患部位和隐患描述识别。",
            "6. 请填写数值，不要使用公式。",
        ),
    )
