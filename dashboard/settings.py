"""Every setting, declared once with its default and a one-line help.

Values come from, in order of precedence: an environment variable ``DASHBOARD_<NAME>`` (upper case),
the file ``dashboard.toml`` next to the entry script (or the path in ``DASHBOARD_CONFIG``), then the
default. The README's settings table and the tests are generated from / checked against ``SETTINGS``.

They are read once into a validated ``Snapshot`` (``snapshot()``, re-read only when a ``DASHBOARD_*``
variable or the config file changes); a value that cannot be used raises ``SettingsError`` naming the
variable, which the entry script and the CLI show at start instead of a ValueError deep inside a page.
Refused too: a file named by ``DASHBOARD_CONFIG`` that does not exist, a key in the file that is no
setting (a typo would otherwise be ignored), and a yellow band shorter than the orange one.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

__all__ = ["Setting", "SETTINGS", "SettingsError", "Snapshot", "load", "snapshot", "get", "convert", "by_name",
           "db_path", "report_cutoff", "map_center", "current", "PROJECT_ROOT", "DATA_DIR", "CONFIG_VAR",
           "SERVER_PATHS", "SERVER_INTERNALS"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Setting:
    """One setting. ``label`` is its Chinese name on the 设置 page. A setting with a ``group`` is also
    editable there, within [minimum, maximum]; the edited value is kept in the store (see
    dashboard/stored_settings.py)."""

    name: str
    default: Any
    help: str
    label: str = ""
    group: str = ""
    minimum: float | None = None
    maximum: float | None = None

    @property
    def editable(self) -> bool:
        return bool(self.group)

    @property
    def env_var(self) -> str:
        return "DASHBOARD_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", str(DATA_DIR / "dashboard.duckdb"), "Path of the DuckDB file; built with the demo data if missing",
            label="数据库文件位置"),
    Setting("as_of", "", "Pin 'now' to this Asia/Shanghai time (e.g. 2021-05-03 17:00); empty = the store's pin or the clock",
            label="固定的“数据截至”时间（空表示使用数据库中的时间或当前时间）"),
    Setting("city_name", "安康市", "City name shown in titles and documents", label="标题和文件中的城市名称"),
    Setting("office_name", "安康市安全生产委员会办公室", "Issuing office shown on exported documents", label="导出文件的发文单位"),
    Setting("units_csv", str(DATA_DIR / "units.csv"), "The county-level units (code, name, kind, seat, aliases)",
            label="县区名单文件"),
    Setting("geojson", str(DATA_DIR / "ankang_counties.geojson"), "County boundary polygons (GeoJSON, lon/lat)",
            label="县区边界文件"),
    Setting("map_center", "32.75,108.95", "Initial map centre as 'lat,lon'", label="地图初始中心（纬度,经度）"),
    Setting("map_zoom", 8, "Initial map zoom level", label="地图初始缩放级别"),
    Setting("tile_url", "", "Intranet map tile URL template ({z}/{x}/{y}); empty = no basemap, polygons only",
            label="内网地图瓦片地址（空表示不加载底图）"),
    Setting("tile_attribution", "", "Attribution text for the configured tiles", label="底图版权说明"),
    Setting("urgency_orange_days", 7, "Days left at or below which a deadline is orange", label="剩余天数不超过此值时显示橙色"),
    Setting("urgency_yellow_days", 30, "Days left at or below which a deadline is yellow", label="剩余天数不超过此值时显示黄色"),
    # -- KPI tiles' state colours (dashboard/ui/tiles.py); 0 of a kind is green
    Setting("tile_red_overdue", 1,
            "KPI tiles: a count of overdue items (hazards, fire-hazard units, milestones behind, escalations due, tasks) at or above this is red, fewer orange, none green",
            label="指标卡：逾期项达到此数显示红色（少于此数为橙色，0为绿色）", minimum=1),
    Setting("tile_red_missing", 1,
            "KPI tiles: missing daily duty reports (past the cut-off) at or above this are red, fewer orange, none green",
            label="指标卡：值班缺报达到此数显示红色（少于此数为橙色，0为绿色）", minimum=1),
    Setting("report_cutoff", "16:00", "Daily duty report cut-off time (Asia/Shanghai)", label="值班信息每日报送截止时间"),
    Setting("incident_report_minutes", 60, "Minutes allowed from an incident's occurrence to its first report",
            label="事故（事件）事发至初报的时限（分钟）"),
    Setting("review_working_days", 10, "Working days allowed for the on-site review of a major hazard",
            label="申请复查后组织复查的时限（工作日）"),
    Setting("escalation_months", 6, "Months a listed major hazard may stay open before it must be escalated",
            label="挂牌督办后应提级督办的月数"),
    # -- limits on what one job may take (dashboard/ingest, dashboard/jobs.py)
    Setting("import_max_mb", 20, "Largest file accepted for import, in MB; keep server.maxUploadSize in .streamlit/config.toml the same",
            label="导入文件大小上限（MB）", minimum=1),
    Setting("import_max_rows", 200_000, "Most data rows one import may hold; reading stops and the file is refused past it",
            label="单次导入行数上限", minimum=1),
    Setting("import_max_errors", 1000, "Most problems listed for a refused import; checking stops there",
            label="导入问题清单最多列出的问题数", minimum=1),
    Setting("export_max_rows", 200_000, "Most rows in one CSV export (and in any export)", label="单次导出行数上限", minimum=1),
    Setting("export_xlsx_max_rows", 200_000, "Most rows in one Excel export (108,720 rows take about 5 s and 300 MB)",
            label="单次 Excel 导出行数上限", minimum=1),
    Setting("heavy_jobs_max", 2, "Imports and large exports that may run at once; another is told 系统正忙 and to try again",
            label="同时进行的导入、大批量导出数上限", minimum=1),
    # -- the wall screen (?kiosk=1, dashboard/kiosk.py)
    Setting("kiosk_playlist", "overview:60,fire_units:30,duty:30,ranking:30,map:30",
            "Wall screen: the views shown in turn, each 'view:seconds' (views: overview, fire_units, duty, ranking, map); ?views= overrides",
            label="大屏轮播的页面及停留秒数"),
    Setting("kiosk_refresh_seconds", 60, "Wall screen: seconds between refreshes of the figures (no page reload); ?refresh= overrides",
            label="大屏数据刷新间隔（秒）"),
    Setting("kiosk_exceptions_first", True, "Wall screen: jump to the view of anything new that needs eyes and mark it 新; ?exceptions=0 turns it off",
            label="大屏有新情况时优先切换并标“新”"),
    Setting("kiosk_new_minutes", 30, "Wall screen: minutes a new item stays marked 新", label="新情况标“新”的分钟数"),
    Setting("kiosk_stale_minutes", 60, "Wall screen: minutes without any change to the store before it says 数据未更新",
            label="多少分钟无数据更新时大屏提示“数据未更新”"),
    # -- 县区排名: 100 minus these deductions, floored at 0 (dashboard/ranking/rules.py); editable on 设置
    Setting("score_overdue_hazard", 2.0, "Ranking: points deducted per overdue hazard",
            "每条逾期未整改隐患", "县区排名扣分", 0, 100),
    Setting("score_open_major", 1.0, "Ranking: points deducted per open major hazard (重大隐患)",
            "每条未销号重大隐患", "县区排名扣分", 0, 100),
    Setting("score_listed_open", 3.0, "Ranking: points deducted per listed (挂牌督办) hazard not closed",
            "每条挂牌督办未销号隐患", "县区排名扣分", 0, 100),
    Setting("score_fire_unit_open", 2.0, "Ranking: points deducted per unresolved major fire-hazard unit",
            "每家未销案重大火灾隐患单位", "县区排名扣分", 0, 100),
    Setting("score_report_missing", 1.0, "Ranking: points deducted per missed daily duty report",
            "每次值班缺报", "县区排名扣分", 0, 100),
    Setting("score_report_late", 0.5, "Ranking: points deducted per late daily duty report",
            "每次值班迟报", "县区排名扣分", 0, 100),
    Setting("score_accident_increase", 2.0, "Ranking: points per accident above the same period last year",
            "事故起数同比每增加1起", "县区排名扣分", 0, 100),
    Setting("score_death_increase", 3.0, "Ranking: points per death above the same period last year",
            "死亡人数同比每增加1人", "县区排名扣分", 0, 100),
    # -- 督查组评价: a group is flagged 建议约谈 when any of these fails (dashboard/groups/rules.py); editable on 设置
    Setting("interview_min_visits_per_week", 4.0, "Group evaluation: fewest inspection visits per week before 建议约谈",
            "每周暗访检查不少于（次）", "督查组约谈规则", 0, 100),
    Setting("interview_min_handover_rate", 0.9,
            "Group evaluation: lowest share of the group's due hazards handed in writing to the county government, and to the city office",
            "书面移交县区政府、市安委办比例均不低于", "督查组约谈规则", 0, 1),
    Setting("interview_handover_days", 7, "Group evaluation: days a group has to hand a hazard it found over in writing; younger hazards are not yet due",
            "发现后应在几日内书面移交（天）", "督查组约谈规则", 0, 60),
    Setting("interview_min_rectification_rate", 0.7, "Group evaluation: lowest rectification rate of the group's county",
            "所驻县区隐患整改率不低于", "督查组约谈规则", 0, 1),
    # -- running it for the office: backups (dashboard/backup), the server (scripts/serve.py, deploy/)
    Setting("backup_dir", "", "Directory of the backups; empty = backups/ beside the database file",
            label="备份目录（空：数据库文件旁的 backups）"),
    Setting("backup_time", "02:00", "Daily backup time (Asia/Shanghai), taken by the running app; empty = no scheduled backups",
            label="每日自动备份时间"),
    Setting("backup_keep_daily", 7, "Backups kept: the newest of each of this many most recent days",
            label="保留最近几天的每日备份"),
    Setting("backup_keep_weekly", 4, "Backups kept: the newest of each of this many most recent weeks",
            label="保留最近几周的每周备份"),
    Setting("backup_keep_monthly", 12, "Backups kept: the newest of each of this many most recent months",
            label="保留最近几个月的每月备份"),
    Setting("backup_keep_hours", 24, "Backups kept: every backup younger than this many hours (e.g. one taken by hand before a change)",
            label="最近多少小时内的备份全部保留"),
    Setting("evidence_dir", "", "Directory of evidence files (photos, documents) copied into every backup; empty = none",
            label="佐证材料目录（随备份复制）"),
    Setting("sms_gateway_url", "", "HTTP endpoint of the SMS / 政务短信 gateway (POST); empty = none: chases and reminders"
            " are shown ready to be phoned and logged per call", label="短信网关地址（空 = 不发短信，电话通知）"),
    Setting("sms_gateway_body", '{"mobile": "{phone}", "content": "{message}"}',
            "The POST body sent to the gateway (JSON), {phone} and {message} filled in per message",
            label="短信网关请求模板"),
    Setting("sms_retries", 2, "Times a failed send is tried again (then it is flagged 发送失败)", label="短信发送失败重试次数",
            maximum=10),
    Setting("sms_timeout_seconds", 5, "Seconds to wait for the gateway's answer", label="短信网关超时（秒）", minimum=1,
            maximum=120),
    Setting("sms_test_gateway", False, "The gateway is a test one (a rehearsal, the tests): 发送短信 hands messages over"
            " even while the store's time is not today (the demo, a pinned as-of; the app's own check still sends only"
            " for today); never with the real gateway: a past day's chases would reach real phones",
            label="短信网关为测试网关（演示数据也可发送）"),
    Setting("reminder_time", "09:00", "Daily time (Asia/Shanghai) of the reminders to the persons responsible for a"
            " hazard or fire unit reaching its deadline; the chases of counties go at the report cut-off",
            label="整改到期提醒的发送时间"),
    Setting("chart_timeout_seconds", 60, "Seconds a meeting snapshot's chart may take to draw (kaleido and chromium in a"
            " child process, killed then); past it the briefing is made without the chart and says so",
            label="会议快照图表绘制超时（秒）", minimum=1, maximum=600),
    Setting("evidence_max_mb", 10, "Largest photo or file accepted as evidence, in MB (keep server.maxUploadSize at least"
            " import_max_mb and this)", label="佐证材料单个文件大小上限（MB）", minimum=1, maximum=200),
    Setting("session_idle_minutes", 30.0, "Minutes without any use after which a signed-in session ends (sign in again)",
            label="登录会话空闲超时（分钟）", minimum=0.05, maximum=24 * 60),
    Setting("clerk_shared_pages", "overview", "Pages a 县区填报员 sees besides its own 县区填报 and 我的账号: comma-separated"
            " (overview, map, ranking, …; empty = none): the city figures the office shares with the counties",
            label="县区填报员可查看的全市页面"),
    Setting("sign_in_max_failures", 5, "Failed sign-ins in a row that lock an account", label="连续登录失败锁定次数",
            minimum=1, maximum=100),
    Setting("sign_in_lock_minutes", 15, "Minutes an account stays locked after too many failed sign-ins",
            label="账号锁定时长（分钟）", minimum=1, maximum=24 * 60),
    Setting("server_address", "127.0.0.1", "Address the server binds to (127.0.0.1 behind nginx; 0.0.0.0 = every interface)",
            label="服务监听地址"),
    Setting("server_port", 8501, "Port the server listens on", label="服务端口", minimum=1, maximum=65535),
    # -- health and logs (dashboard/health.py, dashboard/logs.py)
    Setting("log_file", "", "Structured log (JSON lines: writes, page runs, opens); empty = logs/dashboard.log beside the database file",
            label="运行日志文件（空：数据库文件旁的 logs/dashboard.log）"),
    Setting("log_max_mb", 10, "Size in MB at which the log file is rotated", label="日志文件达到多少 MB 时轮换",
            minimum=1, maximum=10240),
    Setting("log_backups", 5, "Rotated log files kept (dashboard.log.1 … .N)", label="保留的旧日志文件个数",
            minimum=1, maximum=1000),
    Setting("slow_page_seconds", 3.0, "A page run longer than this many seconds is logged as slow (level WARNING)",
            label="页面运行超过多少秒记为慢"),
    Setting("health_min_free_mb", 1024, "Health: free disk space (MB) beside the database below which it is unhealthy",
            label="数据库所在磁盘剩余空间低于多少 MB 时报告异常"),
    Setting("health_backup_max_hours", 26, "Health: the newest backup older than this many hours is unhealthy (when there are backups)",
            label="最新备份超过多少小时报告异常"),
    Setting("doc_prefix_listing", "安安委办督", "发文机关代字 of the 挂牌督办通知书 (文号 = 代字〔year〕N号, one sequence a 代字 and year)",
            label="挂牌督办通知书的发文机关代字"),
    Setting("doc_prefix_bulletin", "安安委办发", "发文机关代字 of the 督查通报", label="督查通报的发文机关代字"),
    Setting("doc_prefix_interview", "安安委办函", "发文机关代字 of the 约谈通知书", label="约谈通知书的发文机关代字"),
    Setting("doc_prefix_chase", "安安委办电", "发文机关代字 of the 催报通知", label="催报通知的发文机关代字"),
    Setting("doc_reply_working_days", 10, "Working days a notice gives for the written reply (整改方案, 整改情况)",
            label="通知要求书面报告的期限（工作日）"),
    Setting("doc_interview_working_days", 3, "Working days from a 约谈通知书 to the interview",
            label="约谈通知书印发后几个工作日约谈"),
    Setting("doc_interview_place", "市安委办会议室", "Where the office holds its interviews (约谈地点)", label="约谈地点"),
    Setting("doc_chase_hours", 2, "Hours a 催报通知 gives the county to send the missing reports",
            label="催报通知要求补报的时限（小时）"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


# The settings whose values are server paths, or the server's own connections (a gateway's address and body may
# carry its key): no page shows them (设置 says where they are set, not what they are).
SERVER_PATHS = frozenset({"db", "units_csv", "geojson", "backup_dir", "evidence_dir", "log_file"})
SERVER_INTERNALS = frozenset({"sms_gateway_url", "sms_gateway_body"})


class SettingsError(ValueError):
    """A setting whose value cannot be used; the message (Chinese) names the variable or file it came from."""


@dataclass(frozen=True)
class Snapshot:
    """Every setting's value, read and validated together. ``snapshot()`` loads it once and reloads only when
    a ``DASHBOARD_*`` variable or the config file changes, so a page never re-reads the TOML file."""

    values: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


CONFIG_VAR = "DASHBOARD_CONFIG"  # names the config file; default dashboard.toml next to the entry script


def _config_path() -> Path:
    return Path(os.environ.get(CONFIG_VAR, PROJECT_ROOT / "dashboard.toml"))


def _config_file(path: Path) -> dict[str, Any]:
    """The config file's settings; {} when the default file is absent. A file named by DASHBOARD_CONFIG
    must exist, parse, and name only declared settings."""
    named = f"（环境变量 {CONFIG_VAR}）" if os.environ.get(CONFIG_VAR) else ""
    if not path.is_file():
        if named:
            raise SettingsError(f"配置文件 {path}{named}不存在")
        return {}
    try:
        with path.open("rb") as fh:
            config = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"配置文件 {path}{named}无法读取：{exc}") from exc
    unknown = [key for key in config if key not in _BY_NAME]
    if unknown:
        raise SettingsError(f"配置文件 {path}{named}中的 {'、'.join(unknown)} 不是看板的设置（设置名见 README 的设置表）")
    return config


def _check_time(text: str) -> None:
    hours, minutes = str(text).split(":")
    time(int(hours), int(minutes))


def _check_lat_lon(text: str) -> None:
    lat, lon = (float(v) for v in str(text).split(","))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(text)


def _check_optional_time(text: str) -> None:
    if str(text).strip():
        _check_time(str(text).strip())


def _check_as_of(text: str) -> None:
    if str(text).strip():
        from dashboard import clock

        clock.parse_as_of(str(text))


# Checks beyond the type of the default: each raises on a value that cannot be used.
_FORMAT_CHECKS = {"report_cutoff": (_check_time, "应为 16:00 形式的时间"),
                  "map_center": (_check_lat_lon, "应为“纬度,经度”，如 32.75,108.95"),
                  "as_of": (_check_as_of, "应为 2021-05-03 17:00 形式的时间"),
                  "backup_time": (_check_optional_time, "应为 02:00 形式的时间，或留空表示不自动备份"),
                  "reminder_time": (_check_time, "应为 09:00 形式的时间"),
                  "sms_gateway_url": (lambda v: _check_url(v), "应为 http:// 或 https:// 开头的地址，或留空"),
                  "sms_gateway_body": (lambda v: _check_body(v), "应为含 {phone} 和 {message} 的 JSON 文本")}


def _check_url(value: str) -> None:
    if value and not str(value).startswith(("http://", "https://")):
        raise ValueError(value)


def _check_body(value: str) -> None:
    import json

    if "{phone}" not in value or "{message}" not in value:
        raise ValueError(value)
    json.loads(value.replace("{phone}", "1").replace("{message}", "x"))
_KIND_TEXT = {bool: "是或否（true / false）", int: "整数", float: "数字"}


def _validated(setting: Setting, raw: Any, source: str) -> Any:
    try:
        value = convert(setting, raw)
    except (TypeError, ValueError):
        kind = _KIND_TEXT.get(type(setting.default), "文本")
        raise SettingsError(f"设置 {source} 的值“{raw}”无效：应为{kind}（{setting.label or setting.name}）") from None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        low = 0 if setting.minimum is None else setting.minimum
        if value < low or (setting.maximum is not None and value > setting.maximum):
            bounds = f"{low:g}–{setting.maximum:g}" if setting.maximum is not None else f"不小于 {low:g}"
            raise SettingsError(f"设置 {source} 的值“{raw}”超出范围：应为 {bounds}（{setting.label or setting.name}）")
    check = _FORMAT_CHECKS.get(setting.name)
    if check:
        try:
            check[0](value)
        except (TypeError, ValueError):
            raise SettingsError(f"设置 {source} 的值“{raw}”无效：{check[1]}（{setting.label}）") from None
    return value


def load() -> Snapshot:
    """Read every setting from the environment, the config file and the defaults, and validate it.

    Raises SettingsError naming the environment variable (or the file's key) of the first bad value.
    """
    path = _config_path()
    config = _config_file(path)
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw: Any = os.environ.get(setting.env_var)
        if raw is not None:
            values[setting.name] = _validated(setting, raw, f"环境变量 {setting.env_var}")
        elif setting.name in config:
            values[setting.name] = _validated(setting, config[setting.name], f"{path.name} 中的 {setting.name}")
        else:
            values[setting.name] = setting.default
    if values["urgency_yellow_days"] < values["urgency_orange_days"]:
        raise SettingsError(f"设置 urgency_yellow_days（{values['urgency_yellow_days']}）不能小于 urgency_orange_days"
                            f"（{values['urgency_orange_days']}）：黄色期限应长于橙色期限（环境变量 "
                            f"{by_name('urgency_yellow_days').env_var}、{by_name('urgency_orange_days').env_var}）")
    return Snapshot(values)


_loaded: tuple[tuple, Snapshot] | None = None


def _signature() -> tuple:
    path = _config_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = None
    return tuple(os.environ.get(s.env_var) for s in SETTINGS) + (str(path), mtime)


def snapshot() -> Snapshot:
    """The validated settings, loaded once (again only when the environment or the config file changed)."""
    global _loaded
    signature = _signature()
    if _loaded is None or _loaded[0] != signature:
        _loaded = (signature, load())
    return _loaded[1]


def get(name: str) -> Any:
    """The current value of one setting, converted to the type of its default (from the snapshot)."""
    return snapshot()[name]


def convert(setting: Setting, raw: Any) -> Any:
    """``raw`` (from the environment, the TOML file or the store) as the type of the setting's default."""
    if isinstance(setting.default, bool):
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(raw)
    if isinstance(setting.default, int) and not isinstance(raw, int):
        return int(str(raw).strip())
    if isinstance(setting.default, float) and not isinstance(raw, float):
        return float(str(raw).strip())
    return raw


def by_name(name: str) -> Setting:
    return _BY_NAME[name]


def db_path() -> Path:
    return Path(get("db"))


def report_cutoff() -> time:
    hours, minutes = str(get("report_cutoff")).split(":")
    return time(int(hours), int(minutes))


def map_center() -> tuple[float, float]:
    lat, lon = str(get("map_center")).split(",")
    return float(lat), float(lon)


def current() -> dict[str, Any]:
    """Every setting with its current value, for the settings page and diagnostics."""
    return dict(snapshot().values)
