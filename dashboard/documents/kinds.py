"""What each numbered document says: its kind, the record it concerns, and its text composed from the owning
domains' public functions (hazards.detail, fire_units.detail, groups.evaluation / group_info, duty.cells_between /
chase_list) — no SQL here. A `Content` is plain data (JSON in the register), laid out by `layout.render`.

The texts follow the office's own notices: 主送 the county government (a 功能区's 管委会) or the unit, the facts from
the store, numbered 要求 with a deadline, 抄送 where usual. Dates in the text are written 2021年5月3日 (GB/T 9704-2012
writes every date, the 成文日期 too, in Arabic numerals; Chinese numerals were the 1999 edition's).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from dashboard import clock, duty, groups, hazards, numbers, settings, units, vocab
from dashboard import fire_units as fu
from dashboard.db import Store, ValidationError
from dashboard.lifecycle import is_blank

__all__ = ["K_LISTING", "K_BULLETIN", "K_INTERVIEW", "K_CHASE", "KINDS", "Kind", "S_HAZARD", "S_FIRE_UNIT", "S_GROUP",
           "S_GROUPS", "S_COUNTY", "SUBJECT_NAMES", "Content", "compose", "group_occasion", "window_of",
           "government", "CN_ORDINALS", "ZONE_KIND"]

K_LISTING, K_BULLETIN, K_INTERVIEW, K_CHASE = "挂牌督办通知书", "督查通报", "约谈通知书", "催报通知"
S_HAZARD, S_FIRE_UNIT, S_GROUP, S_GROUPS, S_COUNTY = "hazard", "fire_unit", "group", "groups", "county"
SUBJECT_NAMES = {S_HAZARD: "隐患", S_FIRE_UNIT: "重大火灾隐患单位", S_GROUP: "督查组", S_GROUPS: "各督查组",
                 S_COUNTY: "县区"}
CN_ORDINALS = "一二三四五六七八九十"
ZONE_KIND = "功能区"  # units.csv's kind of the 高新区 and 示范区: run by a 管委会, not a 人民政府


@dataclass(frozen=True)
class Kind:
    name: str
    prefix_setting: str          # the setting holding its 发文机关代字
    subjects: tuple[str, ...]    # the records it can concern


KINDS = {
    K_LISTING: Kind(K_LISTING, "doc_prefix_listing", (S_HAZARD, S_FIRE_UNIT)),
    K_BULLETIN: Kind(K_BULLETIN, "doc_prefix_bulletin", (S_GROUP, S_GROUPS)),
    K_INTERVIEW: Kind(K_INTERVIEW, "doc_prefix_interview", (S_GROUP,)),
    K_CHASE: Kind(K_CHASE, "doc_prefix_chase", (S_COUNTY,)),
}


@dataclass
class Content:
    """A document's words: title, 主送, the opening paragraphs, the numbered items (lead in 黑体, text), the
    closing paragraphs, an optional table, 抄送; ``label`` names the record in the register's list."""

    kind: str
    title: str
    addressee: str
    opening: list[str]
    items: list[tuple[str, str]] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    table: dict | None = None    # {"headers": [...], "rows": [[...]], "widths_mm": [...]}
    copies: str | None = None
    label: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Content:
        data = json.loads(text)
        data["items"] = [tuple(i) for i in data.get("items", [])]
        return cls(**data)


# -- small words ------------------------------------------------------------------------------------------
def government(store: Store, unit_code: str) -> str:
    """The county's government as a notice addresses it: 旬阳市人民政府, 安康高新区管委会."""
    frame = units.all_units(store).set_index("code")
    if unit_code not in frame.index:
        raise ValidationError(f"没有县区代码“{unit_code}”。")
    name, kind = frame.loc[unit_code, "name"], frame.loc[unit_code, "kind"]
    return f"{name}管委会" if kind == ZONE_KIND else f"{name}人民政府"


def _you(unit_name: str) -> str:
    """你县 / 你区 / 你市: how a notice names the county it is sent to."""
    return "你" + (unit_name[-1] if unit_name[-1] in "县区市" else "单位")


def _cn(day) -> str:
    return clock.format_cn_date(clock.as_date(day))


def _text(value, default: str = "") -> str:
    return default if is_blank(value) else str(value).strip().rstrip("。；;")


def _pct(value) -> str:
    return numbers.percent_text(None if is_blank(value) else float(value))


def _items(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [(f"{CN_ORDINALS[i]}、{lead}", text) for i, (lead, text) in enumerate(pairs)]


def _reply_by(today: date) -> date:
    return clock.add_working_days(today, int(settings.get("doc_reply_working_days")))


# -- 挂牌督办通知书 ------------------------------------------------------------------------------------------
def _listable(record: dict | None, named: str, closed: str) -> dict:
    """The record, when a 挂牌督办通知书 can be issued for it: it exists, is listed and is not closed."""
    if record is None:
        raise ValidationError(f"找不到{named}。")
    if not record.get("listed"):
        raise ValidationError(f"{named}尚未挂牌督办：请先在“处理”中执行“挂牌督办”，再印发通知书。")
    if record["status"] == closed:
        raise ValidationError(f"{named}已{closed}，不再印发挂牌督办通知书。")
    return record


def _changed(record: dict | None, changes: Mapping[str, Any] | None) -> dict | None:
    """The record as the transaction composing the document is leaving it (a listing not yet committed): the
    stored record with ``changes`` over it, ``listed`` following the level."""
    if record is None or not changes:
        return record
    record = {**record, **changes}
    record["listed"] = record.get("listing_level") not in (None, vocab.NOT_LISTED)
    return record


def _cited(record: Mapping[str, Any], number: str | None) -> str:
    """The listing's 文号 as the notice cites it: a higher government's or one issued before ("" for the notice's own)."""
    doc = record.get("listing_doc")
    return "" if is_blank(doc) or str(doc).strip() == (number or "") else _text(doc)


def _hazard_listing(store: Store, hazard_id: str, as_of: datetime, changes: Mapping[str, Any] | None = None,
                    number: str | None = None) -> Content:
    today = as_of.date()
    h = _listable(_changed(hazards.detail(store, hazard_id, today), changes), f"隐患“{hazard_id}”", vocab.ST_CLOSED)
    gov = government(store, h["unit_code"])
    enterprise = _text(h.get("enterprise"), "该单位")
    major = h["level"] == vocab.LEVEL_MAJOR
    where = f"{h['unit']}{_text(h.get('township'))}{enterprise}"
    location = f"{_text(h.get('location'))}" if not is_blank(h.get("location")) else ""
    how = f"{_text(h['group_name'])}在暗访督查中发现" if not is_blank(h.get("group_name")) else \
        f"在{_text(h.get('source'), '检查')}中发现"
    found = f"{_cn(h['found_date'])}{how}，{where}" + (f"{location}" if location else "")
    countdown = clock.countdown(clock.as_date(h.get("deadline")), today)
    extended = "" if is_blank(h.get("original_deadline")) or clock.as_date(h["original_deadline"]) == clock.as_date(
        h.get("deadline")) else f"（原整改期限{_cn(h['original_deadline'])}，已延期）"
    left = "" if countdown.days is None else (f"距整改期限还有{countdown.days}天" if countdown.days > 0 else
                                              "今日到期" if countdown.days == 0 else f"已逾期{-countdown.days}天")
    deadline = (f"该隐患须于{_cn(h['deadline'])}前整改完毕{extended}，目前{left}。" if h.get("deadline") is not None
                else "请立即明确整改期限并报市安委办。")
    if countdown.days is not None and countdown.days < 0:
        deadline += "请立即查明逾期原因，落实整改。"
    funds = "" if is_blank(h.get("funds")) else f"，落实整改资金{float(h['funds']):g}万元"
    resp = (f"{_text(h.get('resp_unit'), enterprise)}为整改责任单位，{_text(h.get('resp_person'), '主要负责人')}为整改"
            f"责任人，要按照责任、措施、资金、时限和应急预案“五落实”的要求制定整改方案"
            + (f"（整改措施：{_text(h['measures'])}）" if not is_blank(h.get("measures")) else "") + f"{funds}。")
    interim = _text(h.get("interim_measures"))
    return Content(
        kind=K_LISTING,
        title=f"关于对{enterprise}{'重大事故隐患' if major else '事故隐患'}实行挂牌督办的通知",
        addressee=gov,
        opening=[f"{found}存在{h['level']}：{_text(h.get('description'))}（隐患编号{hazard_id}，行业领域：{_text(h.get('sector'), '其他')}）。"
                 f"根据《中华人民共和国安全生产法》和《安全生产事故隐患排查治理暂行规定》（国家安全生产监督管理总局令第16号），"
                 f"该隐患已列为{h['listing_level']}（督办单位：{_text(h.get('listing_unit'), '市安委办')}"
                 + (f"，督办文号：{_cited(h, number)}" if _cited(h, number) else "") + "）。现就有关事项通知如下："],
        items=_items(
            ("落实整改责任。", resp),
            ("严格整改期限。", deadline),
            ("落实临时管控措施。", (f"整改期间要落实{interim}等临时管控措施，" if interim else "整改期间要落实临时管控措施，")
             + "不能确保安全的，要停产停业或者停止使用相关设施设备，严防发生生产安全事故。"),
            ("及时复查销号。", f"整改完成后，{gov}要组织复查验收，并向市安委办书面申请销号；市安委办将在收到申请后"
                           f"{int(settings.get('review_working_days'))}个工作日内组织核查。"),
            ("按时报告进展。", f"请{gov}督促责任单位于{_cn(_reply_by(today))}前将整改方案报送市安委办，此后每月报告一次整改进展。"),
        ),
        copies=f"市安委会有关成员单位，{_text(h.get('resp_unit'), enterprise)}",
        label=f"{hazard_id} {enterprise}",
    )


def _fire_unit_listing(store: Store, unit_id: str, as_of: datetime, changes: Mapping[str, Any] | None = None,
                       number: str | None = None) -> Content:
    today = as_of.date()
    u = _listable(_changed(fu.detail(store, unit_id, today), changes), f"重大火灾隐患单位“{unit_id}”", vocab.FU_CLOSED)
    u["escalation_due"] = fu.escalation_due(clock.as_date(u.get("listing_date")))
    gov = government(store, u["unit_code"])
    name = u["name"]
    judged = f"依据《重大火灾隐患判定方法》（GB 35181-2017）{_text(u.get('clauses'))}{_text(u.get('judgement'))}"
    behind = int(u.get("milestones_behind") or 0)
    progress = (f"目前整改进度{int(u['progress'] or 0)}%" + (f"，{behind}个整改节点滞后" if behind else "")
                + f"，{u['countdown']}。")
    escalation = ""
    if u.get("escalation_due") is not None:
        escalation = f"挂牌督办满6个月（{_cn(u['escalation_due'])}）仍未销案的，将提请上一级人民政府督办。"
    return Content(
        kind=K_LISTING,
        title=f"关于对{name}重大火灾隐患实行挂牌督办的通知",
        addressee=f"{gov}，{name}",
        opening=[f"经{_text(u.get('fire_brigade'), '属地消防救援机构')}检查，{judged}，{name}（{_text(u.get('address'))}，"
                 f"{_text(u.get('place_type'))}）存在重大火灾隐患：{_text(u.get('description'))}。该单位于{_cn(u['filed_date'])}立案，"
                 f"已列为{u['listing_level']}" + (f"（{_cited(u, number)}）" if _cited(u, number) else "")
                 + "。现就有关事项通知如下："],
        items=_items(
            ("落实整改责任。", f"{_text(u.get('resp_unit'), name)}为整改责任单位，{_text(u.get('resp_person'), '法定代表人')}为整改责任人；"
                         f"{_text(u.get('supervising_dept'), '行业主管部门')}为行业督办部门，{_text(u.get('fire_brigade'), '属地消防救援机构')}负责指导和复查。"
                         "要按照倒排工期制定整改方案，逐项明确整改措施、资金和完成时间。"),
            ("严格整改期限。", f"须于{_cn(u['deadline'])}前整改完毕。{progress}"),
            ("落实临时防范措施。", f"整改期间要落实{_text(u.get('interim_measures'), '专人值守、增配消防器材')}等临时防范措施，"
                            "确保消防安全；不能保证安全的部位要停止使用。"),
            ("申请复查销案。", f"整改完成后，向{_text(u.get('fire_brigade'), '属地消防救援机构')}书面申请复查，复查合格后销案摘牌。{escalation}"),
            ("按时报告进展。", f"请{gov}督促该单位于{_cn(_reply_by(today))}前将整改方案报送市安委办，此后每月报告一次整改进展。"),
        ),
        copies=f"{_text(u.get('supervising_dept'), '市安委会有关成员单位')}，{_text(u.get('fire_brigade'), '市消防救援支队')}",
        label=f"{unit_id} {name}",
    )


# -- the groups: 督查通报 and 约谈通知书 ------------------------------------------------------------------------
def group_occasion(w: groups.EvaluationWindow) -> str:
    """The evaluation window a group document speaks of, as the register keeps it: 进驻以来|2021-01-04|2021-05-03."""
    return f"{w.name}|{w.start.isoformat()}|{w.end.isoformat()}"


def window_of(occasion: str) -> groups.EvaluationWindow:
    name, start, end = occasion.split("|")
    return groups.EvaluationWindow(name, date.fromisoformat(start), date.fromisoformat(end))


def _period_name(w: groups.EvaluationWindow) -> str:
    """The window as a document names it: 进驻以来, 2021年5月, 2021年第二季度, 2021年 (not 本月: a document outlives it)."""
    if w.name == groups.MONTH:
        return f"{w.end.year}年{w.end.month}月"
    if w.name == groups.QUARTER:
        return f"{w.end.year}年第{CN_ORDINALS[(w.end.month - 1) // 3]}季度"
    if w.name == groups.YEAR:
        return f"{w.end.year}年"
    return w.name


def _period_words(w: groups.EvaluationWindow) -> str:
    return f"{_cn(w.start)}至{_cn(w.end)}"


def _group_row(store: Store, group_id: str, w: groups.EvaluationWindow) -> dict:
    frame = groups.evaluation(store, w)
    row = frame[frame["group_id"].astype(str) == str(group_id)]
    if row.empty:
        raise ValidationError(f"没有督查组“{group_id}”的评价。")
    return row.iloc[0].to_dict()


def _figures_sentence(r: dict, w: groups.EvaluationWindow, handover_days: int, gov: str) -> str:
    weekly = "" if is_blank(r.get("visits_per_week")) else f"（每周{float(r['visits_per_week']):.1f}次）"
    return (f"{_period_words(w)}，{r['group']}（组长{r['leader']}，组长单位{r['lead_unit']}）在{r['unit']}共开展暗访检查"
            f"{int(r['visits'])}次{weekly}，检查企业{int(r['enterprises'])}家，发现隐患{int(r['hazards'])}条，其中重大隐患"
            f"{int(r['major'])}条。发现满{handover_days}天的隐患{int(r['due'])}条中，已书面移交{gov}{int(r['handed_county'])}条"
            f"（{_pct(r['county_handover_rate'])}），移交市安委办{int(r['handed_city'])}条"
            f"（{_pct(r['city_handover_rate'])}）。截至{_cn(w.end)}，{r['unit']}隐患整改率"
            f"{_pct(r['rectification_rate'])}，逾期未整改隐患{int(r['overdue'])}条。")


def _group_bulletin(store: Store, group_id: str, occasion: str, as_of: datetime) -> Content:
    w, rule = window_of(occasion), groups.thresholds(store)
    r = _group_row(store, group_id, w)
    gov = government(store, r["unit_code"])
    reasons = list(r["reasons"]) if hasattr(r["reasons"], "__len__") else []
    verdict = ("对照督查组评价规则（" + rule.describe() + "），该组存在以下问题：" + "；".join(reasons) + "，列为建议约谈。"
               if r["interview"] else "对照督查组评价规则，该组各项指标均达到要求。")
    today = as_of.date()
    return Content(
        kind=K_BULLETIN,
        title=f"关于{r['group']}{_period_name(w)}督查工作情况的通报",
        addressee=f"{gov}，{r['group']}",
        opening=[_figures_sentence(r, w, rule.handover_days, gov), verdict, "为推动隐患闭环管理、滚动清零，现提出如下要求："],
        items=_items(
            ("抓紧整改逾期隐患。", f"{gov}要对逾期未整改的{int(r['overdue'])}条隐患逐条督办，明确责任人和完成时限，"
                             "确保整改到位。" if int(r["overdue"]) else f"{gov}要对未销号隐患逐条跟踪督办，确保按期整改。"),
            ("及时书面移交隐患。", f"{r['group']}对发现的隐患要及时书面移交{gov}和市安委办，做到底数清、责任明。"),
            ("按时报告整改情况。", f"请{gov}和{r['group']}于{_cn(_reply_by(today))}前将整改落实情况书面报送市安委办。"),
        ),
        copies=f"{r['lead_unit']}，市安委会各成员单位",
        label=f"{r['group']} {_period_name(w)}",
    )


def _groups_bulletin(store: Store, occasion: str, as_of: datetime) -> Content:
    w, rule = window_of(occasion), groups.thresholds(store)
    frame = groups.flagged_first(groups.evaluation(store, w, (), rule)).reset_index(drop=True)
    if frame.empty:
        raise ValidationError("没有进驻的督查组，无法印发督查通报。")
    s = groups.summary(frame)
    flagged = frame[frame["interview"]]
    every = units.all_units(store)
    zones = list(every.loc[every["kind"] == ZONE_KIND, "name"])
    addressee = "各县（市、区）人民政府" + (f"，{'、'.join(zones)}管委会" if zones else "") + "，各暗访督查组"
    lines = [f"{_period_words(w)}，全市{s['groups']}个进驻式暗访督查组共开展暗访检查{s['visits']}次，检查企业{s['enterprises']}家，"
             f"发现隐患{s['hazards']}条，其中重大隐患{s['major']}条；发现满{rule.handover_days}天的隐患中，书面移交县区政府"
             f"{_pct(s['county_handover_rate'])}、移交市安委办{_pct(s['city_handover_rate'])}。各组情况见下表。"]
    if len(flagged):
        lines.append("对照督查组评价规则，以下督查组列为建议约谈：" + "；".join(
            f"{r.group}，{r.reason_text}" for r in flagged.itertuples()) + "。")
    else:
        lines.append("对照督查组评价规则，各督查组各项指标均达到要求。")
    rows = [[i, groups.short_name(r.group), int(r.visits), int(r.hazards),
             int(r.major), _pct(r.county_handover_rate), _pct(r.rectification_rate),
             int(r.overdue), "建议约谈" if r.interview else "达标"] for i, r in enumerate(frame.itertuples(), start=1)]
    return Content(
        kind=K_BULLETIN,
        title=f"关于进驻式暗访督查组{_period_name(w)}工作情况的通报",
        addressee=addressee,
        opening=lines,
        items=_items(
            ("压实整改责任。", "各县（市、区）要对督查组移交的隐患逐条建立台账，逾期未整改的要查明原因、挂账督办。"),
            ("规范督查工作。", "各督查组要严格落实“一组包一县、驻县全督查”要求，发现的隐患要及时书面移交县区政府和市安委办。"),
            ("按时报告情况。", f"列为建议约谈的督查组要于{_cn(_reply_by(as_of.date()))}前向市安委办书面说明情况并提出改进措施。"),
        ),
        table={"headers": ["序号", "督查组", "暗访检查", "发现隐患", "重大隐患", "移交县区", "县区整改率", "逾期", "评价"],
               "rows": rows, "widths_mm": [10, 36, 16, 16, 16, 16, 18, 12, 16]},
        copies="市安委会各成员单位",
        label=f"全市各督查组 {_period_name(w)}",
    )


def _interview(store: Store, group_id: str, occasion: str, as_of: datetime) -> Content:
    w = window_of(occasion)
    r = _group_row(store, group_id, w)
    if not r["interview"]:
        raise ValidationError(f"{r['group']}在{_period_name(w)}未列为建议约谈，不印发约谈通知书。")
    reasons = [str(x) for x in r["reasons"]]
    gov = government(store, r["unit_code"])
    day = clock.add_working_days(as_of.date(), int(settings.get("doc_interview_working_days")))
    before = clock.add_working_days(as_of.date(), max(int(settings.get("doc_interview_working_days")) - 1, 0))
    if len(reasons) > 1:
        problems = "存在以下问题：" + "；".join(f"（{CN_ORDINALS[i]}）{x}" for i, x in enumerate(reasons))
    else:
        problems = f"存在问题：{reasons[0]}"
    return Content(
        kind=K_INTERVIEW,
        title=f"关于约谈{r['group']}组长的通知",
        addressee=f"{r['lead_unit']}",
        opening=[f"{_period_words(w)}，{r['group']}（组长{r['leader']}）进驻{r['unit']}开展暗访督查，对照督查组评价规则，{problems}。",
                 f"根据督查组评价规则，经研究，决定对{r['group']}组长{r['leader']}进行约谈。现将有关事项通知如下："],
        items=_items(
            ("约谈时间。", f"{_cn(day)}上午9时。"),
            ("约谈地点。", f"{settings.get('doc_interview_place')}。"),
            ("参加人员。", f"{r['group']}组长{r['leader']}，{r['lead_unit']}分管负责同志。"),
            ("有关要求。", f"请{r['group']}对照上述问题认真查找原因，形成书面整改报告，约谈时提交；请{r['lead_unit']}于"
                       f"{_cn(before)}前将参加人员名单报市安委办。"),
        ),
        copies=f"{gov}",
        label=f"{r['group']} {_period_name(w)}",
    )


# -- 催报通知 ------------------------------------------------------------------------------------------------
def _chase(store: Store, unit_code: str, occasion: str, as_of: datetime) -> Content:
    day = date.fromisoformat(occasion)
    period = duty.period_on(store, day)
    if period is None:
        raise ValidationError(f"{_cn(day)}不在任何值班时段内，无需催报。")
    cells = duty.cells_between(store, period["start_date"], day, as_of, unit_code)
    if cells.empty:
        raise ValidationError(f"没有县区代码“{unit_code}”。")
    unit = cells["unit"].iloc[0]
    missing = [clock.as_date(d) for d in cells.loc[cells["state"] == duty.S_MISSING, "day"]]
    late = cells[cells["state"] == duty.S_LATE]
    if not missing:
        raise ValidationError(f"{unit}截至{clock.format_cn_datetime(as_of)}没有缺报的值班信息，无需催报。")
    cutoff = settings.report_cutoff()
    gov = government(store, unit_code)
    days = "、".join(f"{d.month}月{d.day}日" for d in missing)
    late_words = ""
    if len(late):
        late_words = "；" + "、".join(f"{clock.as_date(r.day).month}月{clock.as_date(r.day).day}日迟报"
                                     f"{duty.duration_text(int(r.minutes))}" for r in late.itertuples())
    people = duty.chase_list(store, day, as_of, (unit_code,))
    on_duty = ""
    if len(people):
        p = people.iloc[0]
        leader = _text(p["leader"]) + (f"（{_text(p['leader_title'])}）" if not is_blank(p["leader_title"]) else "")
        on_duty = (f"当日带班领导{leader or '未排班'}，值班人员{_text(p['officer'], '未排班')}，"
                   f"值班电话{_text(p['duty_phone'], '未报')}。")
    due = as_of + timedelta(hours=int(settings.get("doc_chase_hours")))
    return Content(
        kind=K_CHASE,
        title=f"关于催报{period['name']}值班信息的通知",
        addressee=gov,
        opening=[f"按照{settings.get('city_name')}{period['name']}安全生产值班值守工作要求，各县（市、区）须于每日{cutoff:%H:%M}前"
                 f"报送当日值班信息，实行“有事报情况、无事报平安”的零报告制度。截至{clock.format_cn_datetime(as_of)}，"
                 f"{_you(unit)}{days}的值班信息未报送（缺报{len(missing)}次）{late_words}。{on_duty}"],
        items=_items(
            ("立即补报。", f"请于{clock.format_cn_datetime(due)}前补报{days}的值班信息，并书面说明未按时报送的原因。"),
            ("严格值班制度。", "严格落实领导带班和24小时值班制度，确保值班电话有人接听、信息按时报送。"),
            ("严肃考核问责。", "市安委办将对缺报、迟报情况予以通报，并按规定在县区安全生产考核中扣分。"),
        ),
        copies=None,
        label=f"{unit} {day:%Y-%m-%d}",
    )


def compose(store: Store, kind: str, subject_type: str, subject_id: str, occasion: str, as_of: datetime, *,
            changes: Mapping[str, Any] | None = None, number: str | None = None) -> Content:
    """The content of a ``kind`` document about the record, from the store as of ``as_of``; refused
    (ValidationError, in Chinese) when the record does not call for it (not listed, not 建议约谈, nothing missing).

    A 挂牌督办通知书 only: ``changes``, the record's columns as the listing that issues it will leave them (composed
    before that transaction, which no other reader sees); ``number``, the 文号 it is (re)issued under, so the
    notice never cites itself as the listing's 文号."""
    if kind not in KINDS:
        raise ValidationError(f"没有“{kind}”这种文件。")
    if subject_type not in KINDS[kind].subjects:
        raise ValidationError(f"{kind}不适用于{SUBJECT_NAMES.get(subject_type, subject_type)}。")
    if kind == K_LISTING:
        return (_hazard_listing if subject_type == S_HAZARD else _fire_unit_listing)(store, subject_id, as_of, changes,
                                                                                     number)
    if kind == K_BULLETIN:
        return _group_bulletin(store, subject_id, occasion, as_of) if subject_type == S_GROUP else \
            _groups_bulletin(store, occasion, as_of)
    if kind == K_INTERVIEW:
        return _interview(store, subject_id, occasion, as_of)
    return _chase(store, subject_id, occasion, as_of)
