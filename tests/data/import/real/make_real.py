"""Hazard lists shaped the way the groups and county offices actually fill them in Excel / WPS, each with its
expected outcome. ``python tests/data/import/real/make_real.py`` rebuilds the files in this folder; the tests
call ``write_real(folder)`` so they never depend on stale copies.

What real lists do (and the corpus does): a merged title row naming the group and the county; a 填报单位 /
填报日期 line; a 序号 column; blank spacer rows and numbered rows left empty at the end; a header on two lines
under a merged “整改情况”; headers in other words (被检查单位名称, 隐患问题描述, 整改时限, 检查时间) and with spaces
inside (“单 位 名 称”) or a full-width colon; dates typed as text (“2021年4月20日”, “2021.4.20”, “5月底”,
“2021年5月28日前”, “立即整改”); trailing full-width spaces; old county names (旬阳县); a notes column nobody
asked for; 合计 / 填表人 / 审核人 / 制表 lines and “注：” at the bottom; no 来源 and no 治理类型 columns; .xls
(BIFF2, as WPS's oldest export) and .csv in GBK too.

``EXPECTED``: file -> ``Case``: the CLI options (``--group``, ``--source``, ``--mapping``), then either the rows
added or a substring of the refusal. The demo store's as-of time is 2021-05-03, its groups 第一…第十二 are
stationed in the units in their order (第二组 in 汉阴县, 第九组 in 旬阳市, …).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from make_corpus import write_biff2  # noqa: E402


@dataclass(frozen=True)
class Case:
    added: int = 0                          # rows added on the first import (0 with ``refused``)
    refused: str | None = None              # a substring of the refusal (first reason)
    options: tuple[str, ...] = ()           # CLI options
    mapping: dict | None = None             # written next to the file as <name>.mapping.json, given as --mapping
    inferred: tuple[str, ...] = field(default=())  # substrings of the notes (what was inferred)


def _book(rows: list[list], *, merges: tuple[str, ...] = (), title_cells: tuple[str, ...] = ("A1",),
          number_formats: dict[str, str] | None = None) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "隐患清单"
    for row in rows:
        sheet.append(row)
    for cell in title_cells:
        sheet[cell].font = Font(name="方正小标宋简体", size=16)
        sheet[cell].alignment = Alignment(horizontal="center")
    for span in merges:
        sheet.merge_cells(span)
    for cell, fmt in (number_formats or {}).items():
        sheet[cell].number_format = fmt
    return book


def _save(book: openpyxl.Workbook, path: Path) -> None:
    book.save(path)


def _csv(rows: list[list], encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue().encode(encoding)


def _firm(tag: str, n: int) -> str:
    return f"{tag}示例{n}号商贸有限公司"


FOOT = [["合计", None, "共 {n} 条"], [], ["填表人：王小明", None, None, "审核人：李建国", None, "制表日期：2021年5月3日"]]


def _foot(n: int) -> list[list]:
    return [[c.format(n=n) if isinstance(c, str) else c for c in row] for row in FOOT]


def write_real(folder: Path) -> dict[str, Path]:  # noqa: PLR0915 - one file after another, as they come in
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in EXPECTED}

    # r01: a group's list: merged title naming group and county, 填报 line, two-line header, text dates,
    # deadlines "…前", no 来源 / 治理类型 / 县区 columns, a 合计 and 填表人 foot
    head1 = ["序号", "被检查单位名称", "隐患部位", "隐患问题描述", "行业领域", "隐患等级", "整改情况", None, "检查时间", "备注"]
    head2 = [None, None, None, None, None, None, "整改措施", "整改时限", None, None]
    body = [[i, _firm("汉阴", i), f"{i}号库房", f"消防通道堆放杂物，第{i}处", "消防", "一般隐患", "清理杂物",
             f"2021年5月{10 + i}日前", f"2021年4月{20 + i}日", None] for i in range(1, 6)]
    body.append([6, _firm("汉阴", 6), "配电室", "配电箱周边堆放可燃物", "工贸", "一般隐患", "已当场清理", "立即整改",
                 "2021年4月27日", "现场已整改"])
    _save(_book([["安康市安全生产进驻式暗访督查第二组隐患问题清单（汉阴县）"], ["填报单位：第二暗访督查组", None, None, None, None,
                  None, None, "填报日期：2021年5月2日"], head1, head2, *body, *_foot(6)],
                merges=("A1:J1", "G3:H3", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:F4", "I3:I4", "J3:J4")),
          paths["r01_第二组_汉阴县_两行表头.xlsx"])

    # r02: blank spacer rows between blocks, 序号 rows left empty at the end, "立即整改" and dated deadlines
    rows = [["石泉县第三组隐患排查清单"], [], ["序号", "单位名称", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限"]]
    for i in range(1, 8):
        rows.append([i, _firm("石泉", i), f"灭火器压力不足（{i}）", "消防", "一般隐患", "2021-04-2" + str(i % 9),
                     "立即整改" if i % 3 == 0 else "2021-05-30"])
        if i % 3 == 0:
            rows.append([])
    rows += [[n] for n in range(8, 14)]
    _save(_book(rows, merges=("A1:G1",)), paths["r02_第三组_空行与空序号.xlsx"])

    # r03: trailing full-width spaces, the old county name (旬阳县), a 检查组 column as "第九组"
    rows = [["检查组", "县区", "单位名称", "行业领域", "隐患描述", "隐患等级", "治理类型", "发现日期", "整改期限"]]
    for i in range(1, 5):
        rows.append(["第九组", "旬阳县\u3000", _firm("旬阳", i) + "\u3000\u3000", "消防\u3000", f"安全出口锁闭（{i}）\u3000",
                     "一般隐患\u3000", "限期整改", f"2021/4/{10 + i}", f"2021/5/{10 + i}"])
    _save(_book(rows, title_cells=()), paths["r03_全角空格_旧县名.xlsx"])

    # r04: a department's CSV in GBK: a title line, other words for the headers, 来源 given at upload
    rows = [["白河县住建局燃气安全专项检查问题清单"], ["县（区）", "企业名称", "所属行业", "存在问题", "隐患级别", "整改方式", "检查日期",
                                                 "完成时限", "责任人", "联系电话"]]
    rows += [["白河县", _firm("白河", i), "燃气", f"燃气管道未设置泄漏报警装置（{i}）", "一般", "限期", f"2021年4月{i + 5}日",
              f"2021年5月{i + 20}日", "张三", "13800000000"] for i in range(1, 5)]
    paths["r04_部门检查_GBK.csv"].write_bytes(_csv(rows, "gbk"))

    # r05: WPS's oldest export (.xls, BIFF2): title with group and county, 检查时间 / 整改时限
    rows = [["第十组隐患问题清单（白河县）"], ["序号", "被检查单位", "隐患内容", "行业", "等级", "检查时间", "整改时限"]]
    rows += [[i, _firm("白河十组", i), f"员工宿舍私拉电线（{i}）", "工贸", "一般隐患", "2021年4月28日", "2021年5月31日"]
             for i in range(1, 4)]
    rows += [["合计", "3条"]]
    write_biff2(paths["r05_第十组_老式xls.xls"], rows)

    # r06: deadlines without a year ("5月底", "5月28日前"): the year of the row's 发现时间
    rows = [["岚皋县第六组暗访督查隐患清单"], ["单位名称", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限"]]
    rows += [[_firm("岚皋", i), f"液化气钢瓶与灶具距离不足（{i}）", "城镇燃气", "一般隐患", f"2021年4月{10 + i}日",
              "5月底" if i % 2 else "5月28日前"] for i in range(1, 5)]
    _save(_book(rows), paths["r06_第六组_月底.xlsx"])

    # r07: a notes column nobody asked for (情况说明) and a 照片 column: shown, not imported
    rows = [["紫阳县第五组隐患清单"], ["序号", "单位名称", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限", "情况说明", "照片"]]
    rows += [[i, _firm("紫阳", i), f"电动车室内充电（{i}）", "九小场所", "一般隐患", "2021-04-18", "2021-05-18", "已约谈负责人", "见附件"]
             for i in range(1, 4)]
    _save(_book(rows), paths["r07_第五组_多余的列.xlsx"])

    # r08: one header holding two fields (“单位名称/隐患部位”): ambiguous, so 单位名称 is missing ...
    rows = [["平利县第七组隐患清单"], ["单位名称/隐患部位", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限"]]
    rows += [[f"{_firm('平利', i)} 二楼", f"疏散指示标志损坏（{i}）", "人员密集场所", "一般隐患", "2021-04-22", "2021-05-22"]
             for i in range(1, 4)]
    _save(_book(rows), paths["r08_第七组_一列两项.xlsx"])
    # ... r09: the same file, mapped by hand (--mapping): the column is 单位名称
    _save(_book(rows), paths["r09_第七组_手工指定.xlsx"])

    # r10: a formula left in a deadline cell
    book = _book([["镇坪县第八组隐患清单"], ["单位名称", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限"],
                  [_firm("镇坪", 1), "消防水池无水", "消防", "一般隐患", "2021-04-22", "=E3+30"]])
    _save(book, paths["r10_第八组_公式.xlsx"])

    # r11: a county office's list with no 来源 and no group anywhere: refused until 来源 is chosen (r12)
    rows = [["县区", "单位名称", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限"]]
    rows += [["宁陕县", _firm("宁陕", i), f"特种设备未定期检验（{i}）", "特种设备", "一般隐患", "2021-04-25", "2021-06-25"]
             for i in range(1, 4)]
    _save(_book(rows, title_cells=()), paths["r11_县区自查_无来源.xlsx"])
    _save(_book(rows, title_cells=()), paths["r12_县区自查_选择来源.xlsx"])

    # r13: a row with neither 治理类型 nor 整改期限
    rows = [["汉滨区第一组隐患清单"], ["单位名称", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限", "整改措施"],
            [_firm("汉滨", 1), "安全出口锁闭", "消防", "一般隐患", "2021-04-22", "2021-05-10", "打开安全出口"],
            [_firm("汉滨", 2), "应急照明损坏", "消防", "一般隐患", "2021-04-22", None, "更换应急照明"]]
    _save(_book(rows), paths["r13_第一组_无法判断治理类型.xlsx"])

    # r14: a deadline on a day no month has
    rows = [["汉滨区第一组隐患清单"], ["单位名称", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限"],
            [_firm("汉滨二", 1), "仓库未设防火分隔", "消防", "一般隐患", "2021-04-22", "2021年2月30日前"]]
    _save(_book(rows), paths["r14_第一组_不存在的日期.xlsx"])

    # r15: a county 安委办 台账: county in the title, source at upload; WPS spacing in the headers
    rows = [["紫阳县安委办安全隐患排查整改台账"], ["填报单位：紫阳县安委办", None, None, None, "填报日期：2021年5月1日"],
            ["乡 镇", "单 位 名 称", "行 业", "存 在 问 题", "隐 患 等 级", "整 改 措 施", "整 改 时 限", "责 任 人", "联 系 电 话",
             "检 查 日 期："]]
    rows += [["城关镇", _firm("紫阳安委", i), "道路交通", f"客运车辆安全带损坏（{i}）", "一般隐患", "更换安全带", "2021.5.20", "刘五",
              13900000000 + i, "2021.4.26"] for i in range(1, 5)]
    rows += [["注：本表由各乡镇汇总填报。"]]
    _save(_book(rows), paths["r15_县安委办台账_WPS空格.xlsx"])

    # r16: a CSV (UTF-8 with BOM) with 治理类型 filled on some rows only, a 合计 line, empty trailing lines
    rows = [["发现时间", "来源", "县区", "单位名称", "行业领域", "隐患描述", "隐患等级", "治理类型", "整改期限", "整改措施"]]
    rows += [["2021-04-20", "群众举报", "汉滨区", _firm("举报", i), "九小场所", f"住人与经营混合（{i}）", "一般隐患",
              "限期整改" if i == 1 else None, "2021-05-30" if i != 3 else None, "当场整改" if i == 3 else "搬离住人"]
             for i in range(1, 4)]
    rows += [["合计", "3"], [], []]
    paths["r16_群众举报_部分治理类型.csv"].write_bytes(_csv(rows, "utf-8-sig"))

    # r17: 重大隐患 written as "立即整改": the rule says 即查即改, and a 重大隐患 cannot be: refused naming it
    rows = [["汉滨区第一组隐患清单"], ["单位名称", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限"],
            [_firm("汉滨三", 1), "涉氨制冷车间无泄漏报警", "工贸", "重大隐患", "2021-04-22", "立即整改"]]
    _save(_book(rows), paths["r17_重大隐患_立即整改.xlsx"])

    # r18: real Excel date cells under a merged "基本情况" over two header lines; phones as numbers
    rows = [["安康高新区第十一组隐患清单"], ["基本情况", None, None, "隐患情况", None, None, "整改要求", None],
            ["单位名称", "行业领域", "发现日期", "隐患部位", "隐患描述", "隐患等级", "整改期限", "责任人电话"]]
    rows += [[_firm("高新", i), "建筑施工", datetime(2021, 4, 12 + i), f"{i}号楼基坑", f"临边防护缺失（{i}）", "一般隐患",
              datetime(2021, 5, 12 + i), 15900000000 + i] for i in range(1, 4)]
    book = _book(rows, merges=("A1:H1", "A2:C2", "D2:F2", "G2:H2"),
                 number_formats={f"{c}{r}": "yyyy年m月d日" for c in "CG" for r in range(4, 7)})
    _save(book, paths["r18_第十一组_日期单元格_分组表头.xlsx"])

    # r19: dates typed every way at once (2021.4.20, 20210420, 2021年4月20号), a long note block above the header
    rows = [["恒口示范区第十二组隐患问题清单"], ["说明：1. 本表按周报送；"], ["2. 隐患等级按总局令第16号判定；"], ["3. 整改期限以通知为准。"], [],
            ["序号", "单位名称", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限"]]
    dates = ["2021.4.20", "20210421", "2021年4月22号", "2021-4-23"]
    rows += [[i + 1, _firm("恒口", i), f"配电柜前堆放杂物（{i}）", "工贸", "一般隐患", d, "2021年5月底"] for i, d in enumerate(dates)]
    rows += [["审核人：赵六"]]
    _save(_book(rows), paths["r19_第十二组_各种日期.xlsx"])

    # r20: old spellings in the columns themselves: 来源 "暗访督查", 检查组 "第十一组", 县区 "高新区"
    rows = [["来源", "检查组", "县区", "单位名称", "行业领域", "隐患描述", "隐患等级", "发现时间", "整改期限"]]
    rows += [["暗访督查", "第十一组", "高新区", _firm("高新二", i), "危化品", f"危化品仓库无通风（{i}）", "一般", "2021-04-28",
              "2021-05-28"] for i in range(1, 3)]
    _save(_book(rows, title_cells=()), paths["r20_旧写法_来源检查组县区.xlsx"])

    # r21: .xls (BIFF2) in GBK with a group named only by its county's zone and a 合计 row
    rows = [["第十二组隐患清单（恒口示范区）"], ["单位名称", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限"]]
    rows += [[_firm("恒口二", i), f"厨房油烟管道未清洗（{i}）", "人员密集场所", "一般隐患", "2021年4月29日", "2021年5月29日"] for i in range(1, 3)]
    rows += [["合计：2条"]]
    write_biff2(paths["r21_第十二组_xls_合计.xls"], rows)

    # r22: the group chosen at upload (--group 第四组): no title, no group column, no 县区 column
    rows = [["单位名称", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限"]]
    rows += [[_firm("宁陕二", i), f"砂石料场边坡无防护（{i}）", "非煤矿山", "一般隐患", "2021-04-30", "2021-06-30"] for i in range(1, 3)]
    _save(_book(rows, title_cells=()), paths["r22_选择检查组.xlsx"])

    for name, case in EXPECTED.items():
        if case.mapping is not None:
            (folder / (name + ".mapping.json")).write_text(json.dumps(case.mapping, ensure_ascii=False), encoding="utf-8")
    return paths


EXPECTED: dict[str, Case] = {
    "r01_第二组_汉阴县_两行表头.xlsx": Case(6, inferred=("第二暗访督查组", "汉阴县", "进驻式暗访督查", "即查即改", "限期整改", "表尾行")),
    "r02_第三组_空行与空序号.xlsx": Case(7, inferred=("第三暗访督查组", "即查即改”2 条", "限期整改”5 条")),
    "r03_全角空格_旧县名.xlsx": Case(4, inferred=("进驻式暗访督查",)),
    "r04_部门检查_GBK.csv": Case(4, options=("--source", "部门执法检查"), inferred=("导入时选择“部门执法检查”",)),
    "r05_第十组_老式xls.xls": Case(3, inferred=("第十暗访督查组", "白河县")),
    "r06_第六组_月底.xlsx": Case(4, inferred=("第六暗访督查组",)),
    "r07_第五组_多余的列.xlsx": Case(3),
    "r08_第七组_一列两项.xlsx": Case(refused="缺少必填列：单位名称"),
    "r09_第七组_手工指定.xlsx": Case(3, mapping={"单位名称/隐患部位": "单位名称"}, inferred=("手工",)),
    "r10_第八组_公式.xlsx": Case(refused="单元格是公式"),
    "r11_县区自查_无来源.xlsx": Case(refused="请在导入时选择来源"),
    "r12_县区自查_选择来源.xlsx": Case(3, options=("--source", "企业自查自报")),
    "r13_第一组_无法判断治理类型.xlsx": Case(refused="无法判断是即查即改还是限期整改"),
    "r14_第一组_不存在的日期.xlsx": Case(refused="日期不存在"),
    "r15_县安委办台账_WPS空格.xlsx": Case(4, options=("--source", "部门执法检查"), inferred=("紫阳县", "表尾行（注：")),
    "r16_群众举报_部分治理类型.csv": Case(3, inferred=("即查即改”1 条", "限期整改”1 条")),
    "r17_重大隐患_立即整改.xlsx": Case(refused="重大隐患不能按即查即改处理"),
    "r18_第十一组_日期单元格_分组表头.xlsx": Case(3, inferred=("第十一暗访督查组", "安康高新区")),
    "r19_第十二组_各种日期.xlsx": Case(4, inferred=("第十二暗访督查组",)),
    "r20_旧写法_来源检查组县区.xlsx": Case(2),
    "r21_第十二组_xls_合计.xls": Case(2, inferred=("恒口示范区",)),
    "r22_选择检查组.xlsx": Case(2, options=("--group", "第四组"), inferred=("导入时选择“第四暗访督查组", "宁陕县")),
}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for name in write_real(target):
        print(target / name)
