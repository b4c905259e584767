"""The other kinds of record, as the offices that keep them fill them in Excel / WPS, each with its expected
outcome: the major fire-hazard units and their milestone plans (as a county's 消防救援大队 or the city's list
has them), the fire brigade's export of fires, the 专项整治 task list, the groups' rosters, visits, changes
(备案) and 约谈 records. ``python tests/data/import/real/make_real_kinds.py`` rebuilds the files in this folder;
the tests call ``write_kinds(folder)`` so they never depend on stale copies.

What these files do (as the real ones do): a merged title naming the county or the year; a 填报单位 / 填报日期
line; a 序号 column; headers in the office's own words (重大火灾隐患内容, 判定依据, 立案时间, 起火场所, 直接财产损失
（元）, 牵头单位, 责任单位…) and on two lines under a merged heading; a name written once over its rows (a
merged cell); old county names (旬阳县, 高新区); trailing full-width spaces; dates as text (“2021年6月30日前”,
“2021.3.5”), percentages as “30%” or Excel's 0.6; 合计 / 填表人 / 审核人 lines at the bottom.

``EXPECTED``: file -> ``KindCase``: the kind (the CLI's word), its options, then either the rows added (and the
rows already on file, in the demo store) or a substring of the refusal, and substrings of what was inferred.
The demo store's as-of time is 2021-05-03.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

sys.path.insert(0, str(Path(__file__).resolve().parent))


@dataclass(frozen=True)
class KindCase:
    kind: str                               # the CLI's word: fire_units, fire_unit_plans, fires, tasks, ...
    added: int = 0                          # rows added on the first import into the demo store
    skipped: int = 0                        # rows already on file (the demo's)
    refused: str | None = None              # a substring of the refusal
    options: tuple[str, ...] = ()           # CLI options
    inferred: tuple[str, ...] = field(default=())  # substrings of the notes
    replaced: int = 0                       # rows updated (a task's progress)


def _book(rows: list[list], *, merges: tuple[str, ...] = (), title: str = "Sheet1",
          number_formats: dict[str, str] | None = None) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    sheet["A1"].font = Font(name="方正小标宋简体", size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for span in merges:
        sheet.merge_cells(span)
    for cell, fmt in (number_formats or {}).items():
        sheet[cell].number_format = fmt
    return book


FOOT = [["合计", None, "共 {n} {unit}"], [], ["填表人：王小明", None, None, "审核人：李建国", None, "制表日期：2021年5月3日"]]


def _foot(n: int, unit: str = "家") -> list[list]:
    return [[c.format(n=n, unit=unit) if isinstance(c, str) else c for c in row] for row in FOOT]


def _fire_units(paths: dict[str, Path]) -> None:
    # f01: a county brigade's list: the county only in the title (its old name in brackets), a 填报 line, the
    # GB 35181 fields in its own words, no 县区 / 判定方式 / 状态 columns, progress as "30%" and as Excel's 0.6,
    # deadlines "…前", trailing full-width spaces, a 合计 and 填表人 foot
    head = ["序号", "单位名称", "地址", "场所类别", "判定依据", "重大火灾隐患内容", "立案时间", "是否挂牌督办", "督办级别", "挂牌文号",
            "挂牌时间", "整改时限", "责任人", "联系电话", "行业主管部门", "属地消防救援大队", "整改进度", "临时防范措施", "备注"]
    body = [
        [1, "旬阳市城关镇东门综合市场\u3000", "旬阳市城关镇东门街12号", "市场", "GB 35181-2017 第6.5条",
         "市场安全出口数量不足，疏散通道被摊位占用", "2021.3.5", "是", "县级", "旬政安办发〔2021〕3号", "2021年3月20日",
         "2021年6月30日前", "刘建国", "13909150001", "旬阳市市场监管局", "旬阳市消防救援大队", "30%", "闭市后断电，增配灭火器", None],
        [2, "旬阳市吕河镇金源宾馆", "旬阳市吕河镇吕河街88号", "宾馆", "GB 35181-2017 第7.3.8条、7.7.1条",
         "应急照明和疏散指示标志缺失，未设置火灾自动报警系统", "2021年2月26日", "否", None, None, None,
         "2021年7月31日", "陈丽", "0915-7212345", "旬阳市文旅局", "旬阳市消防救援大队", 0.6, "夜间专人巡查", "已制定整改方案"],
        [3, "旬阳市棕溪镇农资仓库\u3000\u3000", "旬阳市棕溪镇棕溪村", "仓库", "GB 35181-2017 第6.2条",
         "仓库内设置员工宿舍", "2021/4/6", "否", None, None, None, "2021年8月底", "王强", "13909150003",
         "旬阳市供销社", "旬阳市消防救援大队", None, "宿舍停止使用", None],
    ]
    book = _book([["旬阳市重大火灾隐患单位基本情况表（旬阳县）"],
                  ["填报单位：旬阳市消防救援大队", None, None, None, None, None, None, None, None, None, None, "填报日期：2021年4月30日"],
                  head, *body, *_foot(3)], merges=("A1:S1",), title="重大火灾隐患", number_formats={"Q5": "0%"})
    book.save(paths["f01_重大火灾隐患_旬阳县_标题县区.xlsx"])

    # f02: the city's list across counties: two-line header (挂牌督办情况 / 整改责任 merged over their columns),
    # old and short county names (旬阳县, 高新区), a closed unit (已销案 with its date), one unit the demo already
    # has (汉滨区金州农贸综合市场, filed 2020-11-18: known again, not added twice)
    head1 = ["序号", "县（市、区）", "单位名称", "场所类型", "判定方式", "判定条款", "隐患内容", "立案日期", "挂牌督办情况", None, None,
             "整改期限", "整改责任", None, None, "整改资金（万元）", "整改进度（%）", "状态", "销案时间"]
    head2 = [None, None, None, None, None, None, None, None, "督办级别", "文号", "挂牌日期", None, "责任单位", "责任人", "联系电话",
             None, None, None, None]
    body = [
        [1, "汉滨区", "汉滨区金州农贸综合市场", "商场市场", "直接判定", "GB 35181-2017 第6.5条",
         "市场安全出口数量不足，总净宽度小于规定值的80%，经营摊位占用疏散通道", "2020-11-18", "市级", "安政安办发〔2021〕12号",
         "2021-03-16", "2021-04-30", "汉滨区金州农贸综合市场", "张志强", "13800000001", 180, 60, "整改中", None],
        [2, "旬阳县", "旬阳市神河镇商贸综合楼", "商场市场", "综合判定", "GB 35181-2017 第7.1.1条、7.4.3条",
         "消防车道被占用，室内消火栓系统无水", "2021-01-20", None, None, None, "2021-09-30", None, "赵伟", "13800000002", 45,
         20, "整改中", None],
        [3, "高新区", "安康高新区锦程电子厂", "厂房", "直接判定", "GB 35181-2017 第6.7条", "生产车间与员工宿舍设置在同一建筑内",
         "2020-12-08", None, None, None, "2021-03-31", "安康锦程电子有限公司", "孙明", "13800000003", 30, 100, "已销案",
         "2021-03-28"],
        [4, "汉阴县", "汉阴县城关镇兴隆商场", "商场市场", "直接判定", "GB 35181-2017 第6.6条", "未按规定设置自动喷水灭火系统",
         "2021-02-10", "县级", "汉政安办发〔2021〕7号", "2021-02-25", "2021-10-31", None, "吴刚", "13800000004", 120, 0, "立案",
         None],
    ]
    book = _book([["安康市重大火灾隐患单位整改情况汇总表"], head1, head2, *body, *_foot(4)],
                 merges=("A1:S1", "I2:K2", "M2:O2", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:G3",
                         "H2:H3", "L2:L3", "P2:P3", "Q2:Q3", "R2:R3", "S2:S3"))
    book.save(paths["f02_重大火灾隐患_全市汇总_两行表头.xlsx"])

    # f03: refused: a deadline before the filing, a listed unit without its document number
    head = ["单位名称", "县区", "判定依据", "隐患描述", "立案日期", "督办级别", "督办文号", "挂牌日期", "整改期限", "责任人"]
    body = [["平利县长安镇福康养老院", "平利县", "GB 35181-2017 第6.9条", "老年人居室设在四层以上", "2021-03-01", None, None, None,
             "2021-02-28", "周敏"],
            ["平利县城关镇红星网吧", "平利县", "GB 35181-2017 第6.5条", "安全出口数量不足", "2021-03-02", "市级挂牌督办", None,
             "2021-03-10", "2021-06-30", "郑涛"]]
    _book([head, *body]).save(paths["f03_重大火灾隐患_期限早于立案_拒绝.xlsx"])

    # f04: a plan (倒排工期) as the county keeps it: the unit written once over its nodes (merged cells), 完成情况,
    # one node the demo already has (制定整改方案 of 旬阳市蜀河镇古镇老街木结构连片民居: not added twice)
    head = ["序号", "单位名称", "整改任务", "计划完成时间", "完成情况", "实际完成时间"]
    body = [
        [1, "旬阳市蜀河镇古镇老街木结构连片民居", "制定整改方案", "2021-03-20", "未完成", None],
        [2, None, "完成入户电气线路改造", "2021年6月30日", "未完成", None],
        [3, None, "增设消防水池", "2021年8月31日前", None, None],
        [4, "恒口示范区兴隆综合市场\u3000", "清理占道经营摊位", "2021.4.15", "已完成", "2021.4.12"],
        [5, None, "拆除违章搭建", "2021-05-31", "推进中", None],
    ]
    _book([["重大火灾隐患单位整改节点（倒排工期）表"], head, *body, ["合计", None, "5个节点"]],
          merges=("A1:F1", "B3:B5", "B6:B7")).save(paths["f04_倒排工期_合并单元格.xlsx"])

    # f05: refused: a plan for a unit nobody has filed
    head = ["单位名称", "整改节点", "计划完成日期"]
    _book([head, ["岚皋县不存在的单位", "制定整改方案", "2021-05-30"]]).save(paths["f05_倒排工期_单位未登记_拒绝.xlsx"])


def _csv(rows: list[list], encoding: str) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue().encode(encoding)


def _fires(paths: dict[str, Path]) -> None:
    # h01: a brigade's monthly export: its own 火灾编号, 行政区划 as “陕西省安康市汉滨区”, the loss in 元, blank deaths,
    # columns the office does not keep (火灾等级, 报警时间), a 合计 line; one fire the demo already has (the 兴华建材市场
    # fire of 2021-04-02 21:14, recorded under another number): known again by its time, county and address
    head = ["序号", "火灾编号", "起火时间", "行政区划", "起火地点", "起火场所", "起火原因", "过火面积（平方米）", "死亡人数", "受伤人数",
            "直接财产损失（元）", "火灾等级", "报警时间"]
    body = [
        [1, "61090221040001", "2021-04-02 21:14", "陕西省安康市汉滨区", "汉滨区江北街道兴华建材市场东区", "商场市场", "电气线路故障", 320,
         None, None, 864000, "一般火灾", "2021-04-02 21:20"],
        [2, "61090221040002", "2021-04-05 09:42", "陕西省安康市汉滨区", "汉滨区老城街道鼓楼街36号", "住宅（宿舍）", "电气", 25, None, 1,
         12500, "一般火灾", "2021-04-05 09:45"],
        [3, "61090221040003", "2021-04-09 15:10", "陕西省安康市汉滨区", "汉滨区关庙镇双溪村", "垃圾、草垛", "遗留火种", 60, None, None,
         0, "一般火灾", "2021-04-09 15:18"],
        [4, "61090221040004", "2021-04-13 02:25", "陕西省安康市汉滨区", "汉滨区新城街道巴山路8号", "餐饮", "用火不慎", 40, 1, None, 86000,
         "较大火灾", "2021-04-13 02:31"],
        [5, "61090221040005", "2021-04-18 18:05", "陕西省安康市汉滨区", "汉滨区五里镇前进村", "车辆", "自燃", 8, None, None, 30000,
         "一般火灾", "2021-04-18 18:10"],
        [6, "61090221040006", "2021-04-22 11:30", "陕西省安康市汉滨区", "汉滨区建民街道长春路120号", "厂房", "违章操作", 150, None, 2,
         254000, "一般火灾", "2021-04-22 11:36"],
        [7, "61090221040007", "2021-04-27 20:48", "陕西省安康市安康高新区", "安康高新区科技大道66号", "仓库", "原因不明", 90, None, None,
         47000, "一般火灾", "2021-04-27 20:55"],
    ]
    _book([["汉滨区消防救援大队火灾情况统计表（2021年4月）"], ["填报单位：汉滨区消防救援大队", None, None, None, None, None, None, None,
           None, "填报日期：2021年5月2日"], head, *body, ["合计", None, "7起"], ["审核人：李建国", None, None, "制表人：王小明"]],
          merges=("A1:M1",)).save(paths["h01_火灾_汉滨区大队导出_元.xlsx"])

    # h02: a county's CSV in GBK: the county only in the title, times written out in Chinese, no numbers, the
    # brigade's place and cause words, the loss in 万元, no 中心城区 column
    rows = [["旬阳县火灾情况登记表（旬阳县）"],
            ["序号", "起火日期", "起火地点", "场所类型", "火灾原因", "死亡", "受伤", "直接经济损失（万元）", "备注"]]
    rows += [[1, "2021年4月6日14时20分", "旬阳市城关镇东门街5号", "居民住宅", "电气线路故障", 0, 0, "1.2", ""],
             [2, "2021年4月11日9时5分", "旬阳市吕河镇吕河村", "荒草", "吸烟", 0, 0, "0", "山林边缘"],
             [3, "2021年4月19日21时40分", "旬阳市蜀河镇蜀河街", "住宅（宿舍）", "用火不慎", 1, 0, "3.5", ""],
             [4, "2021年4月23日13时", "旬阳市棕溪镇棕溪村", "农副业场所", "不明", "", "", "0.8", ""],
             [5, "2021年4月29日7时55分", "旬阳市城关镇祝尔康大道100号", "汽车", "自燃", 0, 1, "2", ""]]
    rows += [["合计", "", "", "", "", 1, 1, "7.5", ""]]
    paths["h02_火灾_旬阳县_GBK_标题县区.csv"].write_bytes(_csv(rows, "gbk"))

    # h03: two-line header (人员伤亡 over 死亡 | 受伤, 损失情况 over 过火面积 | 直接经济损失), a 中心城区 column as 是/否,
    # old county name 白河县 written short (白河)
    head1 = ["序号", "县区", "起火时间", "起火地点", "起火场所", "起火原因", "人员伤亡", None, "损失情况", None, "是否中心城区"]
    head2 = [None, None, None, None, None, None, "死亡", "受伤", "过火面积（㎡）", "直接经济损失（万元）", None]
    body = [[1, "白河", "2021/4/3 10:15", "白河县城关镇大桥路20号", "住宅", "电气火灾", 0, 0, 30, 2.4, "否"],
            [2, "白河", "2021/4/14 16:40", "白河县茅坪镇茅坪村", "户外垃圾草垛", "玩火", 0, 0, 120, 0, "否"],
            [3, "白河县", "2021/4/20 22:10", "白河县城关镇解放路5号", "餐饮场所", "生活用火不慎", 0, 1, 15, 1.1, "否"],
            [4, "白河县", "2021/4/30 3:50", "白河县卡子镇卡子村", "仓储场所", "原因不明", 0, 0, 60, 4.5, "否"]]
    _book([["白河县2021年4月火灾统计"], head1, head2, *body, ["合计", None, "4起"]],
          merges=("A1:K1", "G2:H2", "I2:J2", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "K2:K3")).save(
        paths["h03_火灾_白河县_两行表头.xlsx"])

    # h04: refused: a fire after the as-of time, deaths written as a fraction
    head = ["起火时间", "县区", "起火场所", "起火原因", "死亡人数", "受伤人数", "直接经济损失（万元）"]
    _book([head, ["2021-06-01 10:00", "汉阴县", "住宅", "电气火灾", 0, 0, 1],
           ["2021-04-01 10:00", "汉阴县", "住宅", "电气火灾", 0.5, 0, 1]]).save(paths["h04_火灾_时间晚于截至_拒绝.xlsx"])

    # h05: refused: no loss column at all (a missing column is not a zero)
    head = ["起火时间", "县区", "起火场所", "起火原因", "死亡人数", "受伤人数"]
    _book([head, ["2021-04-01 10:00", "汉阴县", "住宅", "电气火灾", 0, 0]]).save(paths["h05_火灾_缺少损失列_拒绝.xlsx"])


def _tasks(paths: dict[str, Path]) -> None:
    # t01: the office's list to start with: categories as heading lines across the table (“一、…” merged A:E), items
    # numbered “1.”, departments separated by “，”, deadlines “2021年6月底前”, “9月30日前” (the title's year),
    # “2021年底”, “长期坚持”; categories the demo does not have (numbered after its 25)
    head = ["序号", "整治任务", "牵头单位", "配合单位", "完成时限"]
    rows = [["安康市安全生产专项整治三年行动任务清单（2021年）"], ["填报单位：市安委办", None, None, None, "填报日期：2021年4月20日"], head,
            ["一、电动自行车安全隐患全链条整治"],
            [1, "1.生产销售环节专项检查", "市市场监管局", "市公安局，市商务局", "2021年6月底前"],
            [2, "2.楼道停放充电集中清理", "市消防救援支队", "市住建局，各县区政府", "9月30日前"],
            [3, "3.集中充电设施建设", "市住建局", "市发展改革委", "2021年底"],
            ["二、城镇燃气管道老化更新改造"],
            [4, "1.老旧管网普查建档", "市住建局", "市城市管理局", "2021年7月31日"],
            [5, "2.用户端安全装置加装", "市住建局", "市市场监管局", "长期坚持"],
            ["三、危险废物安全专项整治"],
            [6, "1.危险废物贮存场所排查", "市生态环境局", "市应急管理局", "2021年6月30日前"],
            [7, "2.非法转移倾倒打击", "市公安局", "市生态环境局", "2021年底"],
            [], ["填表人：王小明", None, "审核人：李建国"]]
    _book(rows, merges=("A1:E1", "A4:E4", "A8:E8", "A11:E11")).save(paths["t01_专项整治_任务清单_分组标题行.xlsx"])

    # t02: a month's progress report on items the demo has: the category merged down over its items, items numbered
    # “（1）”, progress as “75%”, as Excel's 0.8, or only a status (已完成); one item exactly as on file (left alone),
    # one lowered with its reason
    head = ["序号", "专项整治类别", "具体任务", "牵头单位", "完成进度", "进展情况"]
    body = [
        [1, "二、消防安全专项整治", "（1）重大火灾隐患挂牌督办整治", "市消防救援支队", "75%", "5家已完成整改，剩余9家倒排工期推进"],
        [2, None, "（2）高层建筑消防安全综合治理", "市消防救援支队", "已完成", "已完成整治并组织验收，转入常态化监管"],
        [3, None, "（3）电动自行车停放充电专项整治", "市消防救援支队", 0.8, "新建集中充电棚42处"],
        [4, "六、城镇燃气安全专项整治", "（1）餐饮场所燃气安全检查", "市住建局", "30%", "完成城区餐饮场所排查"],
        [5, None, "（2）燃气管道占压清理", "市住建局", "60%", "重新核定占压点位后，进度下调"],
        [6, "七、工贸行业安全专项整治", "（1）粉尘涉爆企业治理", "市应急管理局", "40%", "除尘系统改造完成12家"],
    ]
    _book([["安康市安全生产专项整治5月份推进情况统计表"], head, *body, ["填表人：张敏", None, None, "填报日期：2021年5月3日"]],
          merges=("A1:F1", "B3:B5", "B6:B7"), number_formats={"E5": "0%"}).save(paths["t02_专项整治_月度进展_合并类别.xlsx"])

    # t03: refused: a new item without its lead department, a status that contradicts the progress
    head = ["整治类别", "整治子项", "牵头部门", "完成进度", "状态"]
    _book([head, ["校外培训机构消防安全整治", "培训场所排查", None, "0%", None],
           ["消防安全专项整治", "高层建筑消防安全综合治理", "市消防救援支队", "50%", "已完成"]]).save(
        paths["t03_专项整治_缺牵头部门_拒绝.xlsx"])

    # t04: a CSV with the category on every row and its own numbers (类别序号 “七”, 子项序号): one item the demo has
    # with a new deadline (修改任务), a new category numbered 26 with two items
    head = ["类别序号", "类别", "子项序号", "子项", "牵头部门", "配合部门", "完成时限"]
    rows = [head, ["七", "工贸行业安全专项整治", 2, "有限空间作业安全", "市应急管理局", None, "2021年8月31日"],
            ["二十六", "既有建筑幕墙安全专项整治", 1, "幕墙安全隐患排查", "市住建局", "各县区政府", "2021年10月31日"],
            ["二十六", "既有建筑幕墙安全专项整治", 2, "高风险幕墙维修加固", "市住建局", "各县区政府", "2021年底"]]
    paths["t04_专项整治_逐行类别_CSV.csv"].write_bytes(_csv(rows, "utf-8-sig"))


def _groups(paths: dict[str, Path]) -> None:
    # g01: the roster as the office keeps it: each group a heading line (“第一组（驻汉滨区）”), its 组长单位 and 进驻日期
    # merged down, 工作单位及职务, phones; the demo's groups 1 and 2: one new member, one new phone, the rest as on file
    head = ["序号", "姓名", "组内职务", "工作单位及职务", "职级", "联系电话", "组长单位", "进驻日期"]
    rows = [["安康市安全生产进驻式暗访督查组人员名单"], head,
            ["第一组（驻汉滨区）"],
            [1, "孔惠", "组长", "市应急管理局", "副县级", "18909155048", "市应急管理局", "2021年1月4日"],
            [2, "石丽伦", "副组长", "市安委办", None, "18609152135", None, None],
            [3, "范克韵", "成员", "市应急管理局", None, "18009155075", None, None],
            [4, "周晓红", "成员", "市消防救援支队", None, "13909156688", None, None],
            [5, "冯民燕", "联络员", "市应急管理局", None, "13309150999", None, None],
            ["第二组（驻汉阴县）"],
            [6, "许新", "组长", "市住建局", "副县级", "13709151130", "市住建局", "2021年1月4日"],
            [7, "付红裕", "副组长", "市应急管理局", None, "15009151534", None, None],
            [8, "崔世才", "成员", "市消防救援支队", None, "15309152888", None, None],
            [9, "金英发", "联络员", "市住建局", None, "15009157064", None, None]]
    _book(rows, merges=("A1:H1", "A3:H3", "G4:G8", "H4:H8", "A9:H9", "G10:G13", "H10:H13")).save(
        paths["g01_督查组名单_分组标题行.xlsx"])

    # g02: a group's own visit log: the group and county only in the title, 检查时间 / 被检查单位名称 / 所属行业 /
    # 检查形式 (四不两直), sectors written short (危化品, 九小), blank counts, one visit the demo already has
    head = ["序号", "检查时间", "被检查单位名称", "所属行业", "检查形式", "发现问题数", "备注"]
    rows = [["第二组暗访检查台账（汉阴县）"], ["填报单位：第二暗访督查组", None, None, None, None, "填报日期：2021年5月3日"], head,
            [1, "2021年4月26日", "汉阴县恒通加油站", "危化品", "四不两直", 2, None],
            [2, "2021年4月27日", "汉阴县城关镇悦来小吃店", "九小", "暗访", None, "已当场整改"],
            [3, "2021年4月28日", "汉阴县月河建材有限公司", "工贸", "暗访", 1, None],
            [4, "2021年4月29日", "汉阴县凤凰山景区", "旅游景区", "明查", 0, "联合县文旅局"],
            [5, "2021年5月2日", "汉阴县众富石料厂", "非煤矿山", None, 0, None],
            ["合计", None, "5家", None, None, 3]]
    _book(rows, merges=("A1:G1",)).save(paths["g02_督查检查记录_标题组别.xlsx"])

    # g03: the changes on file as a CSV in GBK: groups written as “第五组”, the kinds in other words (更换成员, 增补成员),
    # one change the demo has (第九组's of 2021-02-22), one not yet filed
    rows = [["组别", "变更日期", "变更类型", "原人员", "现人员", "变更原因", "备案日期"],
            ["第五组", "2021-04-26", "更换成员", "王强", "李军", "原成员借调市纪委", "2021-04-27"],
            ["第九组", "2021-02-22", "成员调整", "贾薇欢", "蒋爱力", "原成员抽调参加市委巡察工作", "2021-02-23"],
            ["第十二组", "2021-04-28", "增补成员", None, "丁磊", "补充熟悉消防的业务骨干", None]]
    paths["g03_人员变更备案_GBK.csv"].write_bytes(_csv(rows, "gbk"))

    # g04: 约谈 records: groups named by their county (紫阳县, 白河), 约谈时间 / 约谈事由 / 约谈要求
    head = ["序号", "督查组", "约谈时间", "约谈领导", "被约谈人", "约谈事由", "约谈要求", "约谈通知书文号"]
    rows = [["督查组约谈情况登记表"], head,
            [1, "紫阳县", "2021年4月26日", "市安委办副主任", "组长、联络员", "书面移交县区政府比例低于90%", "5月10日前补交隐患清单",
             "安安办约〔2021〕1号"],
            [2, "白河", "2021年4月27日", "市安委办副主任", "组长", "书面移交市安委办比例低于90%", "建立隐患清单移交台账",
             "安安办约〔2021〕2号"]]
    _book(rows, merges=("A1:H1",)).save(paths["g04_约谈记录_县区名.xlsx"])

    # g05: refused: a new group for a county that has one (一组包一县)
    head = ["组别", "驻点县区", "组长单位", "姓名", "组内职务"]
    _book([head, ["第十三组", "汉滨区", "市住建局", "陈涛", "组长"]]).save(paths["g05_督查组名单_一县两组_拒绝.xlsx"])

    # g06: refused: filed before the change
    head = ["组别", "变更日期", "变更类型", "原人员", "现人员", "备案日期"]
    _book([head, ["第三组", "2021-04-20", "组长变更", "邹茂琦", "杜明", "2021-04-18"]]).save(
        paths["g06_人员变更_备案早于变更_拒绝.xlsx"])


def _group_refusals(paths: dict[str, Path]) -> None:
    # g07: refused: a visit by a group nobody has stationed
    head = ["督查组", "检查日期", "被检查单位", "行业领域"]
    _book([head, ["第十五组", "2021-04-20", "汉滨区示例砖厂", "工贸"]]).save(paths["g07_检查记录_组别不存在_拒绝.xlsx"])
    # g08: refused: a feedback dated before the 约谈
    head = ["督查组", "约谈日期", "约谈事由", "整改反馈日期"]
    _book([head, ["第三组", "2021-04-20", "暗访检查次数不足", "2021-04-10"]]).save(paths["g08_约谈_反馈早于约谈_拒绝.xlsx"])


def write_kinds(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in EXPECTED}
    _fire_units(paths)
    _fires(paths)
    _tasks(paths)
    _groups(paths)
    _group_refusals(paths)
    return paths


EXPECTED: dict[str, KindCase] = {
    "f01_重大火灾隐患_旬阳县_标题县区.xlsx": KindCase("fire_units", 3, inferred=(
        "县区：取自标题", "旬阳市", "判定方式：文件未写，按判定条款推断为“直接判定”：2 家", "综合判定”：1 家",
        "状态：文件未写，按进度和日期推断为“整改中”：2 家", "表尾行")),
    "f02_重大火灾隐患_全市汇总_两行表头.xlsx": KindCase("fire_units", 3, skipped=1),
    "f03_重大火灾隐患_期限早于立案_拒绝.xlsx": KindCase("fire_units", refused="整改期限不能早于立案日期"),
    "f04_倒排工期_合并单元格.xlsx": KindCase("fire_unit_plans", 4, skipped=1),
    "f05_倒排工期_单位未登记_拒绝.xlsx": KindCase("fire_unit_plans", refused="没有名为“岚皋县不存在的单位”的重大火灾隐患单位"),
    "h01_火灾_汉滨区大队导出_元.xlsx": KindCase("fires", 6, skipped=1, inferred=(
        "直接经济损失：按“元”换算为万元：7 起", "中心城区：文件未写，按地址推断", "，是：5 起", "，否：2 起", "表尾行")),
    "h02_火灾_旬阳县_GBK_标题县区.csv": KindCase("fires", 5, inferred=("县区：取自标题", "旬阳市", "，否：5 起")),
    "h03_火灾_白河县_两行表头.xlsx": KindCase("fires", 4),
    "h04_火灾_时间晚于截至_拒绝.xlsx": KindCase("fires", refused="起火时间不能晚于数据截至时间"),
    "h05_火灾_缺少损失列_拒绝.xlsx": KindCase("fires", refused="缺少“直接经济损失(万元)”或“直接财产损失(元)”列"),
    "t01_专项整治_任务清单_分组标题行.xlsx": KindCase("tasks", 7, inferred=(
        "分组标题行（一、电动自行车安全隐患全链条整治）", "记为无期限：1 项", "任务：清单中没有，新增：7 项", "表尾行")),
    "t02_专项整治_月度进展_合并类别.xlsx": KindCase("tasks", 0, skipped=1, replaced=5, inferred=(
        "按状态“已完成”记为 100%：1 项", "只更新文件写明且不同的内容：6 项")),
    "t03_专项整治_缺牵头部门_拒绝.xlsx": KindCase("tasks", refused="新的任务须填写牵头部门"),
    "t04_专项整治_逐行类别_CSV.csv": KindCase("tasks", 2, replaced=1),
    "g01_督查组名单_分组标题行.xlsx": KindCase("groups", 1, skipped=7, replaced=1, inferred=("分组标题行（第一组（驻汉滨区））",)),
    "g02_督查检查记录_标题组别.xlsx": KindCase("group_visits", 4, skipped=1, inferred=(
        "督查组：取自标题“第二组暗访检查台账（汉阴县）” → 第二暗访督查组（驻汉阴县）", "检查方式：文件未写，记为暗访：1 次")),
    "g03_人员变更备案_GBK.csv": KindCase("group_changes", 2, skipped=1, inferred=("记为未备案：1 条",)),
    "g04_约谈记录_县区名.xlsx": KindCase("group_interviews", 2),
    "g05_督查组名单_一县两组_拒绝.xlsx": KindCase("groups", refused="汉滨区已有第一暗访督查组（驻汉滨区）（一组包一县），与“第十三组”不符"),
    "g06_人员变更_备案早于变更_拒绝.xlsx": KindCase("group_changes", refused="备案日期应在变更日期与今天之间"),
    "g07_检查记录_组别不存在_拒绝.xlsx": KindCase("group_visits", refused="找不到督查组“第十五组”"),
    "g08_约谈_反馈早于约谈_拒绝.xlsx": KindCase("group_interviews", refused="整改反馈日期应在约谈日期与今天之间"),
}


if __name__ == "__main__":
    for path in write_kinds(Path(__file__).resolve().parent).values():
        print(path.name)
