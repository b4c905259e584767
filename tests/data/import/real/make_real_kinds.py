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


def write_kinds(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in EXPECTED}
    _fire_units(paths)
    return paths


EXPECTED: dict[str, KindCase] = {
    "f01_重大火灾隐患_旬阳县_标题县区.xlsx": KindCase("fire_units", 3, inferred=(
        "县区：取自标题", "旬阳市", "判定方式：文件未写，按判定条款推断为“直接判定”：2 家", "综合判定”：1 家",
        "状态：文件未写，按进度和日期推断为“整改中”：2 家", "表尾行")),
    "f02_重大火灾隐患_全市汇总_两行表头.xlsx": KindCase("fire_units", 3, skipped=1),
    "f03_重大火灾隐患_期限早于立案_拒绝.xlsx": KindCase("fire_units", refused="整改期限不能早于立案日期"),
    "f04_倒排工期_合并单元格.xlsx": KindCase("fire_unit_plans", 4, skipped=1),
    "f05_倒排工期_单位未登记_拒绝.xlsx": KindCase("fire_unit_plans", refused="没有名为“岚皋县不存在的单位”的重大火灾隐患单位"),
}


if __name__ == "__main__":
    for path in write_kinds(Path(__file__).resolve().parent).values():
        print(path.name)
