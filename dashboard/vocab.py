"""The domain's enumerations, as the exact Chinese strings the office uses, and import aliases.

This is the one module (besides user-facing messages) where Chinese literals are data. Every other
module refers to these names, so a wording change happens here once.
"""

from __future__ import annotations

__all__ = ["SECTORS", "LEVEL_GENERAL", "LEVEL_MAJOR", "HAZARD_LEVELS", "TREAT_IMMEDIATE", "TREAT_DEADLINE",
           "TREATMENTS", "ST_PENDING", "ST_IN_PROGRESS", "ST_AWAITING_REVIEW", "ST_REVIEW_FAILED", "ST_CLOSED",
           "HAZARD_STATUSES", "OPEN_STATUSES", "FLAG_OVERDUE", "FLAG_EXTENDED", "FLAG_LISTED", "DERIVED_FLAGS",
           "LISTING_PROVINCE", "LISTING_CITY", "LISTING_COUNTY", "NOT_LISTED", "LISTING_LEVELS", "LISTED_ELSEWHERE",
           "ENFORCEMENT_MEASURES", "VERIFY_PASS", "VERIFY_FAIL", "VERIFY_RESULTS", "SOURCE_GROUPS", "SOURCES",
           "FU_FILED", "FU_IN_PROGRESS", "FU_REVIEW_REQUESTED", "FU_CLOSED", "JUDGEMENT_DIRECT",
           "JUDGEMENT_COMBINED", "JUDGEMENTS", "FIRE_PLACES", "FIRE_CAUSES", "FIRE_PLACE_ALIASES", "FIRE_CAUSE_ALIASES", "SECTOR_ALIASES", "REPORT_ZERO", "REPORT_SITUATION",
           "REPORT_KINDS", "INCIDENT_LEVELS", "INCIDENT_STAGES", "WARNING_LEVELS", "GROUP_LEADER_CHANGE",
           "TASK_NOT_STARTED", "TASK_IN_PROGRESS", "TASK_DONE", "TASK_STATUSES"]

SECTORS = (
    "道路交通", "水上交通", "铁路", "民航", "消防", "危险化学品", "煤矿", "非煤矿山", "建筑施工", "城镇燃气",
    "特种设备", "工贸", "烟花爆竹", "民爆", "电力", "旅游景区", "校园", "医疗卫生", "食品药品", "渔业船舶",
    "人员密集场所", "九小场所", "其他",
)

# how lists write the sectors (imports: alias -> the exact value)
SECTOR_ALIASES = {"危化品": "危险化学品", "危化": "危险化学品", "建筑": "建筑施工", "燃气": "城镇燃气", "交通": "道路交通",
                  "道路运输": "道路交通", "非煤": "非煤矿山", "九小": "九小场所", "工商贸": "工贸"}

# Hazards
LEVEL_GENERAL, LEVEL_MAJOR = "一般隐患", "重大隐患"
HAZARD_LEVELS = (LEVEL_GENERAL, LEVEL_MAJOR)
TREAT_IMMEDIATE, TREAT_DEADLINE = "即查即改", "限期整改"
TREATMENTS = (TREAT_IMMEDIATE, TREAT_DEADLINE)

ST_PENDING, ST_IN_PROGRESS, ST_AWAITING_REVIEW, ST_REVIEW_FAILED, ST_CLOSED = (
    "待整改", "整改中", "整改完成待复核", "复核不通过", "已销号",
)
HAZARD_STATUSES = (ST_PENDING, ST_IN_PROGRESS, ST_AWAITING_REVIEW, ST_REVIEW_FAILED, ST_CLOSED)
OPEN_STATUSES = HAZARD_STATUSES[:-1]
FLAG_OVERDUE, FLAG_EXTENDED, FLAG_LISTED = "逾期", "已延期", "挂牌督办"
DERIVED_FLAGS = (FLAG_OVERDUE, FLAG_EXTENDED, FLAG_LISTED)

LISTING_PROVINCE, LISTING_CITY, LISTING_COUNTY, NOT_LISTED = "省级挂牌督办", "市级挂牌督办", "县级挂牌督办", "未挂牌"
LISTING_LEVELS = (LISTING_PROVINCE, LISTING_CITY, LISTING_COUNTY, NOT_LISTED)
# Levels listed by a higher government than the office's: the listing's 文号 is theirs, typed as it reads on their
# document. A 市级 / 县级 listing's 文号 is the office's own 挂牌督办通知书, issued with it (dashboard/documents/listing.py).
LISTED_ELSEWHERE = (LISTING_PROVINCE,)

ENFORCEMENT_MEASURES = ("停产整顿", "关闭取缔", "上限处罚", "责令限期整改")
VERIFY_PASS, VERIFY_FAIL = "合格", "不合格"
VERIFY_RESULTS = (VERIFY_PASS, VERIFY_FAIL)

SOURCE_GROUPS = "进驻式暗访督查"
SOURCES = (SOURCE_GROUPS, "部门执法检查", "企业自查自报", "群众举报", "上级交办", "媒体曝光", "其他")

# Major fire-hazard units (GB 35181-2017)
FU_FILED, FU_IN_PROGRESS, FU_REVIEW_REQUESTED, FU_CLOSED = "立案", "整改中", "申请复查", "已销案摘牌"
JUDGEMENT_DIRECT, JUDGEMENT_COMBINED = "直接判定", "综合判定"
JUDGEMENTS = (JUDGEMENT_DIRECT, JUDGEMENT_COMBINED)

# Fires
FIRE_PLACES = (
    "住宅", "商场市场", "宾馆饭店", "餐饮场所", "歌舞娱乐场所", "学校", "医院", "养老机构", "办公场所", "厂房", "仓储场所",
    "交通工具", "施工工地", "农副业生产场所", "易燃易爆场所", "户外垃圾草垛", "其他",
)
FIRE_CAUSES = (
    "电气火灾", "生产作业", "生活用火不慎", "吸烟", "玩火", "自燃", "雷击", "静电", "遗留火种", "放火", "其他", "原因不明",
    "正在调查",
)

# how the fire brigade's exports and the counties' lists write them (imports: alias -> the exact value)
FIRE_PLACE_ALIASES = {
    "居民住宅": "住宅", "住宅（宿舍）": "住宅", "住宅(宿舍)": "住宅", "居住场所": "住宅", "住宅小区": "住宅", "住宅楼": "住宅",
    "商住楼": "住宅", "自建房": "住宅", "民房": "住宅", "宿舍": "住宅",
    "商场": "商场市场", "市场": "商场市场", "农贸市场": "商场市场", "商业场所": "商场市场", "商业综合体": "商场市场", "商店": "商场市场",
    "宾馆": "宾馆饭店", "酒店": "宾馆饭店", "旅馆": "宾馆饭店", "饭店": "餐饮场所", "餐馆": "餐饮场所", "餐饮": "餐饮场所",
    "娱乐场所": "歌舞娱乐场所", "公共娱乐场所": "歌舞娱乐场所", "歌舞厅": "歌舞娱乐场所", "KTV": "歌舞娱乐场所",
    "幼儿园": "学校", "学校（幼儿园）": "学校", "医疗机构": "医院", "养老院": "养老机构", "敬老院": "养老机构", "福利院": "养老机构",
    "办公楼": "办公场所", "办公室": "办公场所", "工厂": "厂房", "生产车间": "厂房", "生产加工场所": "厂房", "工业场所": "厂房",
    "仓库": "仓储场所", "仓储": "仓储场所", "物流仓储": "仓储场所", "汽车": "交通工具", "车辆": "交通工具", "机动车": "交通工具",
    "工地": "施工工地", "建筑工地": "施工工地", "农副业场所": "农副业生产场所", "农业场所": "农副业生产场所",
    "易燃易爆危险品场所": "易燃易爆场所", "加油站": "易燃易爆场所", "垃圾": "户外垃圾草垛", "草垛": "户外垃圾草垛",
    "垃圾堆": "户外垃圾草垛", "垃圾、草垛": "户外垃圾草垛", "荒草": "户外垃圾草垛", "室外": "户外垃圾草垛", "户外": "户外垃圾草垛",
    "垃圾废弃物": "户外垃圾草垛",
}
FIRE_CAUSE_ALIASES = {
    "电气": "电气火灾", "电气故障": "电气火灾", "电气线路故障": "电气火灾", "电器故障": "电气火灾", "违反电气安装使用规定": "电气火灾",
    "生活用火": "生活用火不慎", "用火不慎": "生活用火不慎", "违章操作": "生产作业", "生产作业类": "生产作业",
    "违反安全操作规定": "生产作业", "小孩玩火": "玩火", "纵火": "放火", "不明": "原因不明", "不明确": "原因不明",
    "原因不明确": "原因不明", "调查中": "正在调查", "待查": "正在调查", "待调查": "正在调查", "燃放烟花爆竹": "其他",
}

# Duty and incidents
REPORT_ZERO, REPORT_SITUATION = "零报告", "有情况"
REPORT_KINDS = (REPORT_ZERO, REPORT_SITUATION)
INCIDENT_LEVELS = ("一般事故", "较大事故", "重大事故", "特别重大事故", "较大涉险事故")
INCIDENT_STAGES = ("初报", "续报", "终报")
WARNING_LEVELS = ("蓝色预警(四级)", "黄色预警(三级)", "橙色预警(二级)", "红色预警(一级)")  # ascending severity

# Inspection groups: changes re-filed (备案) with the city office
GROUP_LEADER_CHANGE = "组长变更"

# 专项整治 task list: the status follows the progress (0 未启动, 1–99 推进中, 100 已完成; dashboard/tasks/rules.py)
TASK_NOT_STARTED, TASK_IN_PROGRESS, TASK_DONE = "未启动", "推进中", "已完成"
TASK_STATUSES = (TASK_NOT_STARTED, TASK_IN_PROGRESS, TASK_DONE)
