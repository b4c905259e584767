"""Fires in: the fire brigade's export (one row per fire) imported (``FIRES``, a kind of ``ingest.kinds``), and
one fire entered by hand (``record``). The figures of 火灾统计 are computed from these records.

How an export is read:
- headers in the brigade's words (起火时间, 行政区划, 起火场所, 起火原因, 过火面积（平方米）, 死亡人数, 受伤人数,
  直接财产损失（元）…); a column the office does not keep (火灾等级, 报警时间…) is shown and left out;
- the county from its column (“陕西省安康市汉滨区”, “旬阳县” read as the unit), else the title (“2020年火灾统计
  （汉滨区）”), else the one chosen at upload;
- the loss in 元 or in 万元, as its header says (stored in 万元); a bare “直接财产损失” is asked on the preview;
  an export with no loss, deaths or injuries column is refused (a missing column is not a zero); a blank cell
  in those columns is 0;
- 中心城区 from its column (是/否), else by the stated rule ``CENTRAL_RULE``;
- a fire is known again by its 火灾编号, or by its time (to the minute), county and address (a fire entered
  by hand, then exported by the brigade under its number): re-importing the same export adds nothing. A fire without a number gets ``HZ<year>-<n>``, the next of its year.
Each new fire gets a 登记 event.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pandas as pd

from dashboard import import_register, ingest, roles, vocab
from dashboard.db import Store, Tx, ValidationError
from dashboard.ingest.kinds import Batch, ImportKind, Reading, Written, audit_rows, county_given, the_one
from dashboard.lifecycle import is_blank

__all__ = ["ENTITY", "A_RECORD", "FIRES", "CENTRAL_STREETS", "CENTRAL_RULE", "is_central", "fire_fields", "record",
           "next_ids"]

ENTITY = "fire"  # the audit events' entity
A_RECORD = "登记"
CENTRAL_STREETS = ("老城街道", "新城街道", "江北街道", "建民街道")  # 汉滨区's streets in the 中心城区
CENTRAL_ZONE = "安康高新区"
CENTRAL_RULE = "中心城区：文件未写，按地址推断（安康高新区，及汉滨区老城、新城、江北、建民街道为中心城区）"
_YES, _NO = "是", "否"
_ID = re.compile(r"^HZ(\d{4})-(\d+)$")


def is_central(unit: str | None, address: str | None) -> bool:
    """The 中心城区 rule for a fire whose record does not say: anywhere in 安康高新区, or in 汉滨区 in one of
    ``CENTRAL_STREETS`` (named in the address)."""
    if unit == CENTRAL_ZONE:
        return True
    text = ingest.normalize_choice(address or "")
    return unit == "汉滨区" and any(street in text for street in CENTRAL_STREETS)


def fire_fields(units: pd.DataFrame, aliases: Mapping[str, str]) -> list[ingest.Field]:
    """A fire's columns. ``units`` (code, name) and ``aliases`` (alias -> code) give the county choices, with the
    administrative names an export writes (陕西省安康市汉滨区)."""
    F = ingest.Field
    names = dict(zip(units["code"], units["name"]))
    unit_aliases = {a: names[c] for a, c in aliases.items() if c in names}
    for alias, name in list(unit_aliases.items()) + [(n, n) for n in names.values()]:
        for prefix in ("安康市", "陕西省安康市", "陕西安康"):
            unit_aliases.setdefault(prefix + alias, name)
    return [
        F("id", "火灾编号", aliases=("编号", "火灾档案号", "案件编号", "警情编号", "火灾序号"), max_len=40,
          note="可不填：不填时由系统编号（HZ年份-序号），按起火时间、县区和起火地点识别重复"),
        F("occurred_at", "起火时间", ingest.DATETIME, required=True, example=datetime(2021, 3, 2, 14, 30),
          aliases=("起火日期", "发生时间", "火灾发生时间", "发生日期", "起火时间（年月日时分）", "起火日期时间")),
        F("unit", "县区", ingest.ENUM, required=True, choices=tuple(units["name"]), choice_aliases=unit_aliases,
          example=units["name"].iloc[0],
          aliases=("行政区划", "行政区域", "辖区", "所属县区", "县（市、区）", "县(市、区)", "发生地区", "区县", "所属辖区", "县市区"),
          note="文件没有此列时取自标题（如“（汉滨区）”）或导入时的选择"),
        F("address", "起火地点", aliases=("地址", "起火地址", "发生地点", "详细地址", "火灾地点", "地点", "起火单位（地址）"),
          max_len=200, example="汉滨区老城街道兴安路18号"),
        F("name", "火灾名称", aliases=("名称", "火灾简称", "起火单位"), max_len=200, note="有名称的火灾（如“宝业市场火灾”）单独列出"),
        F("place_type", "起火场所", ingest.ENUM, required=True, choices=vocab.FIRE_PLACES,
          choice_aliases=vocab.FIRE_PLACE_ALIASES, example="住宅",
          aliases=("场所类型", "起火场所类别", "火灾场所", "场所", "起火场所类型", "场所类别")),
        F("cause", "起火原因", ingest.ENUM, required=True, choices=vocab.FIRE_CAUSES, choice_aliases=vocab.FIRE_CAUSE_ALIASES,
          example="电气火灾", aliases=("火灾原因", "原因", "起火原因分类", "起火原因类别")),
        F("area", "过火面积(平方米)", ingest.NUMBER, aliases=("过火面积", "过火面积（平方米）", "过火面积(㎡)", "过火面积（㎡）",
                                                         "过火面积(m2)", "燃烧面积", "过火面积㎡"), example=20),
        F("deaths", "死亡人数", ingest.NUMBER, aliases=("死亡", "亡人数", "死亡（人）", "死亡人数（人）", "死亡(人)"), example=0,
          note="空白为0"),
        F("injuries", "受伤人数", ingest.NUMBER, aliases=("受伤", "伤人数", "受伤（人）", "受伤人数（人）", "受伤(人)"), example=0,
          note="空白为0"),
        F("loss", "直接经济损失(万元)", ingest.NUMBER, example=1.2, note="空白为0；以元为单位时请用“直接财产损失(元)”列",
          aliases=("直接经济损失（万元）", "直接财产损失（万元）", "直接财产损失(万元)", "直接损失（万元）", "损失（万元）",
                   "经济损失（万元）", "直接损失(万元)")),
        F("loss_yuan", "直接财产损失(元)", ingest.NUMBER, note="以元为单位的损失（消防救援机构导出表的写法），导入时换算为万元",
          aliases=("直接财产损失（元）", "直接经济损失（元）", "直接经济损失(元)", "直接损失（元）", "损失（元）", "财产损失（元）",
                   "直接财产损失（单位：元）")),
        F("central", "中心城区", ingest.ENUM, choices=(_YES, _NO), aliases=("是否中心城区", "是否城区", "区域"),
          choice_aliases={"中心城区": _YES, "城区": _YES, "其他地区": _NO, "农村": _NO, "非中心城区": _NO},
          note="可不填：安康高新区，及汉滨区老城、新城、江北、建民街道为中心城区"),
    ]


def _key(values: dict[str, Any]) -> tuple:
    if values.get("id"):
        return ("id", values["id"])
    return ("nk", *_natural(values.get("occurred_at"), values.get("unit"), values.get("address")))


def _natural(at: Any, unit: Any, address: Any) -> tuple:
    moment = pd.Timestamp(at).floor("min").to_pydatetime() if at is not None else None
    return (moment, unit or "", ingest.normalize_choice(address or ""))


def _whole(value: Any) -> bool:
    return value is not None and float(value).is_integer() and value >= 0


def _problems(values: dict[str, Any], now: datetime) -> list[tuple[str, str]]:
    """(field key, reason) for a fire's values: not after ``now``, whole counts, nothing negative."""
    problems = []
    if values.get("occurred_at") is not None and values["occurred_at"] > now:
        problems.append(("occurred_at", "起火时间不能晚于数据截至时间"))
    for key, label in (("deaths", "死亡人数"), ("injuries", "受伤人数")):
        if not _whole(values.get(key)):
            problems.append((key, f"{label}应为不小于0的整数"))
    for key, label in (("loss", "直接经济损失"), ("area", "过火面积")):
        if values.get(key) is not None and values[key] < 0:
            problems.append((key, f"{label}不能为负数"))
    return problems


def _completed(values: dict[str, Any]) -> list[tuple[str, str]]:
    """Blank counts as 0, the loss in 万元, 中心城区 by the rule; (key, reason) when the two loss columns disagree."""
    for key in ("deaths", "injuries"):
        if values.get(key) is None:
            values[key] = 0
    yuan = values.pop("loss_yuan", None)
    if yuan is not None:
        wan = round(yuan / 10000, 6)
        if values.get("loss") is not None and abs(values["loss"] - wan) > 0.005:
            return [("loss", f"直接经济损失 {values['loss']:g} 万元与直接财产损失 {yuan:g} 元不一致")]
        values["loss"] = wan
    if values.get("loss") is None:
        values["loss"] = 0.0
    return []


# -- one fire by hand ------------------------------------------------------------------------------------
def next_ids(tx: Tx, year: int, count: int) -> list[str]:
    """The next ``count`` numbers of ``year`` (HZ2021-0298 …), read as max()+1 inside the write."""
    rows = tx.execute("SELECT id FROM fire_incidents WHERE id LIKE ?", [f"HZ{year}-%"])
    top = max((int(m.group(2)) for (i,) in rows if (m := _ID.match(str(i)))), default=0)
    return [f"HZ{year}-{n:04d}" for n in range(top + 1, top + 1 + count)]


def record(store: Store, values: Mapping[str, Any], actor: roles.User) -> str:
    """A fire from the form (``unit_code`` for the county; the other keys as ``fire_fields``, the loss in 万元,
    ``central`` True / False / None for the rule): checked as the import checks a row, written with its 登记
    event; returns its number. ValidationError (Chinese, nothing written) when a rule refuses it or the same
    fire (time, county, address) is already recorded."""
    from dashboard import units as unit_names

    codes = dict(zip(unit_names.all_units(store)["code"], unit_names.all_units(store)["name"]))
    fire = {k: (None if is_blank(v) else (v.strip() if isinstance(v, str) else v)) for k, v in values.items()}
    if fire.get("unit_code") not in codes:
        raise ValidationError("请选择县区")
    for key, label in (("occurred_at", "起火时间"), ("place_type", "起火场所"), ("cause", "起火原因")):
        if fire.get(key) is None:
            raise ValidationError(f"请填写{label}")
    if fire["place_type"] not in vocab.FIRE_PLACES or fire["cause"] not in vocab.FIRE_CAUSES:
        raise ValidationError("起火场所或起火原因不是可选值之一")
    unit = codes[fire["unit_code"]]
    _completed(fire)
    central = fire.get("central")
    fire["central"] = is_central(unit, fire.get("address")) if central is None else bool(central)

    def write(tx: Tx) -> str:
        problems = _problems(fire, tx.at)
        if problems:
            raise ValidationError("；".join(why for _, why in problems))
        same = tx.execute("SELECT occurred_at, address FROM fire_incidents WHERE unit_code = ? AND occurred_at = ?",
                          [fire["unit_code"], pd.Timestamp(fire["occurred_at"]).floor("min").to_pydatetime()])
        if any(_natural(a, unit, d) == _natural(fire["occurred_at"], unit, fire.get("address")) for a, d in same):
            raise ValidationError(f"{unit}{fire.get('address') or ''} {fire['occurred_at']:%Y-%m-%d %H:%M} 的火灾已登记，不能重复登记")
        fire["id"] = next_ids(tx, fire["occurred_at"].year, 1)[0]
        _insert(tx, pd.DataFrame([{**fire, "unit_code": fire["unit_code"]}]))
        tx.audit(ENTITY, fire["id"], A_RECORD, actor, county=fire["unit_code"],
                 detail={"occurred_at": fire["occurred_at"], "place_type": fire["place_type"], "cause": fire["cause"]})
        return fire["id"]

    return store.write(write)


def _insert(tx: Tx, frame: pd.DataFrame) -> None:
    rows = pd.DataFrame({
        "id": frame["id"], "occurred_at": pd.to_datetime(frame["occurred_at"]), "unit_code": frame["unit_code"],
        "central_city": frame["central"].astype(bool), "place_type": frame["place_type"], "cause": frame["cause"],
        "name": frame.get("name"), "address": frame.get("address"), "deaths": frame["deaths"].astype(int),
        "injuries": frame["injuries"].astype(int), "direct_loss": frame["loss"].astype(float),
        "burned_area": pd.array(frame["area"] if "area" in frame else [None] * len(frame), dtype="Float64"),
    })
    tx.insert_df("fire_incidents", rows)


# -- an export ------------------------------------------------------------------------------------------
def _reading(store: Store, options: Mapping[str, Any]) -> Reading:
    from dashboard import units as unit_names

    frame = unit_names.all_units(store)
    aliases = unit_names.alias_map(store)
    code_to_name = dict(zip(frame["code"], frame["name"]))
    reading = Reading(fire_fields(frame, aliases), key=_key, needs=(("loss", "loss_yuan"), ("deaths",), ("injuries",)))
    now = store.as_of()
    header = {f.key: f.header for f in reading.fields}

    def infer(values: dict[str, Any], raw: dict[str, Any]) -> list[tuple[str, str]]:
        if "loss_yuan" in raw and values.get("loss_yuan") is not None:
            reading.inferred["直接经济损失：按“元”换算为万元"] += 1
        problems = _completed(values)
        if problems:
            return problems
        central = values.pop("central", None)
        if central is None:
            values["central"] = is_central(values.get("unit"), values.get("address"))
            reading.inferred[CENTRAL_RULE + ("，是" if values["central"] else "，否")] += 1
        else:
            values["central"] = central == _YES
        return []

    def row_check(values: dict[str, Any]) -> list[tuple[str, str]]:
        return [(header.get(k, k), why) for k, why in _problems(values, now)]

    reading.fixed = county_given(reading, aliases, code_to_name, options.get("county"))
    reading.infer, reading.row_check = infer, row_check
    reading.hints = {"unit": "文件中没有“县区”列：请在标题中写明县区（如“2020年火灾统计表（汉滨区）”），或在导入时选择县区。"}
    return reading


def _write(tx: Tx, batch: Batch) -> Written:
    codes = dict(tx.execute("SELECT name, code FROM units"))
    frame = pd.DataFrame(batch.rows, dtype=object)
    frame["unit_code"] = frame["unit"].map(codes)
    frame["reason"] = [batch.reason(i) for i in range(len(frame))]
    if "id" not in frame:
        frame["id"] = None
    known_ids = {i for (i,) in tx.execute("SELECT id FROM fire_incidents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                          [[i for i in frame["id"] if i]])}
    times = pd.to_datetime(frame["occurred_at"])
    on_file = tx.execute("SELECT occurred_at, unit_code, address FROM fire_incidents WHERE occurred_at BETWEEN ? AND ?",
                         [times.min().floor("min").to_pydatetime(), times.max().ceil("min").to_pydatetime()])
    names = {c: n for n, c in codes.items()}
    known = {_natural(a, names.get(u), d) for a, u, d in on_file}
    present = [bool(i and i in known_ids) or _natural(a, u, d) in known  # the same number, or the same fire
               for i, a, u, d in zip(frame["id"], frame["occurred_at"], frame["unit"], frame.get("address", [None] * len(frame)))]
    new = frame[[not p for p in present]].copy()
    if new.empty:
        return Written()
    for year, rows in new[new["id"].isna() | (new["id"] == "")].groupby(pd.to_datetime(new["occurred_at"]).dt.year):
        new.loc[rows.index, "id"] = next_ids(tx, int(year), len(rows))
    audit_before = tx.one("SELECT coalesce(max(id), 0) FROM audit_events")[0]
    _insert(tx, new)
    ids = list(new["id"])
    audit_rows(tx, batch.actor, ENTITY, A_RECORD, ids, list(new["unit_code"]), list(new["reason"]))
    import_register.track(tx, batch.import_id, "fire_incidents", ("id",), "id IN (SELECT unnest(?::VARCHAR[]))",
                          [ids], entity=ENTITY)
    import_register.track(tx, batch.import_id, "audit_events", ("id",), "id > ?", [audit_before])
    return Written(added=len(new), ids=ids, county=the_one(new["unit_code"]))


FIRES = ImportKind(
    kind="fires", label="火灾记录", reading=_reading, write=_write, unit="起", options=("county",),
    template_title="火灾记录导入模板 填写说明",
    instructions=(
        "1. 每行一起火灾，可直接导入消防救援机构导出的火灾记录表（标题、表头写法不同均可），第2行是示例，导入前请删除或改写。",
        "2. 表头为红色的列必须填写；起火场所、起火原因请从下拉列表中选择（导出表的常见写法也能识别，如“电气线路故障”）。",
        "3. 起火时间可写 2021-03-02 14:30 或 2021年3月2日14时30分；损失以万元或元为单位均可，看列名（“直接财产损失（元）”）。",
        "4. 死亡人数、受伤人数、损失须有列，空白为0；中心城区可不填，按地址推断。",
        "5. 有一行不合格时整个文件都不会导入；同一文件重复导入不会重复登记（按火灾编号，或起火时间、县区和起火地点识别）。",
    ),
)
