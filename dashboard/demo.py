"""The deterministic demo dataset: Ankang from 2021-01-04 (the groups are stationed) to the as-of time
2021-05-03 17:00 (day 3 of the May Day holiday).

``build(path, scale)`` writes a new store with every table filled: the 12 units and their inspection
groups, inspections, the hazard ledger (1,812 x scale rows with a full audit trail), fires of 2019-2021
(2020 matching the published figures exactly), the 14 major fire-hazard units, the May Day duty data and
the task list. Everything comes from fixed seeds (``numpy.random.default_rng`` / ``random.Random``),
never from the clock, ``hash()`` or set order, so the same arguments give identical table contents.
Nothing is dated after the as-of time. Enterprises, people and phone numbers are invented.

The hazards are generated column-wise with numpy (``scale=700`` gives about 1.27 million hazards and
3.6 million audit events); the hand-written parts are small Python tables below.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import access, clock, hazards, roles, settings, vocab
from dashboard import units as units_mod
from dashboard.db import Store, StoreError, Tx

AS_OF = datetime(2021, 5, 3, 17, 0)
AS_OF_TEXT = "2021-05-03 17:00:00"
AS_OF_DATE = AS_OF.date()
START = date(2021, 1, 4)                      # the 12 groups were stationed
SETUP_AT = datetime(2021, 1, 4, 8, 0)         # the units list was loaded
NDAYS = (AS_OF_DATE - START).days + 1         # found dates: day 0 .. NDAYS - 1
LAST_DAY = NDAYS - 1
BASE_HAZARDS = 1812
SEED = 20210503
SYSTEM = "系统"
CITY_OFFICE = "市安委办"
CITY_DUTY = "市安委办值班室"

_EPOCH = np.datetime64(START.isoformat(), "D")
_EPOCH_MIN = _EPOCH.astype("datetime64[m]")


# ------------------------------------------------------------------------------------------------
# Reference data (Chinese strings are data)
# ------------------------------------------------------------------------------------------------

# per unit name: hazard weight, share of deadline hazards finished late (drives the overdue ranking),
# short name used in document numbers, enterprise name prefix, townships
UNIT_PROFILE = {
    "汉滨区": (0.19, 0.08, "汉滨", "安康市", ("老城街道", "新城街道", "江北街道", "建民街道", "关庙镇", "张滩镇", "瀛湖镇",
                                       "五里镇", "大竹园镇", "县河镇", "吉河镇", "流水镇", "大河镇")),
    "汉阴县": (0.08, 0.01, "汉阴", "汉阴县", ("城关镇", "涧池镇", "蒲溪镇", "平梁镇", "双乳镇", "铁佛寺镇", "漩涡镇", "汉阳镇",
                                       "双河口镇", "观音河镇")),
    "石泉县": (0.07, 0.015, "石泉", "石泉县", ("城关镇", "饶峰镇", "两河镇", "迎丰镇", "池河镇", "后柳镇", "喜河镇", "熨斗镇",
                                       "云雾山镇", "中池镇", "曾溪镇")),
    "宁陕县": (0.05, 0.01, "宁陕", "宁陕县", ("城关镇", "四亩地镇", "江口回族镇", "广货街镇", "龙王镇", "筒车湾镇", "金川镇",
                                       "皇冠镇", "太山庙镇", "梅子镇", "新场镇")),
    "紫阳县": (0.08, 0.10, "紫阳", "紫阳县", ("城关镇", "蒿坪镇", "汉王镇", "焕古镇", "向阳镇", "洞河镇", "洄水镇", "双桥镇",
                                       "高桥镇", "红椿镇", "高滩镇", "毛坝镇", "瓦庙镇", "麻柳镇")),
    "岚皋县": (0.06, 0.015, "岚皋", "岚皋县", ("城关镇", "佐龙镇", "滔河镇", "官元镇", "石门镇", "民主镇", "大道河镇", "蔺河镇",
                                       "四季镇", "孟石岭镇", "堰门镇", "南宫山镇")),
    "平利县": (0.07, 0.01, "平利", "平利县", ("城关镇", "兴隆镇", "老县镇", "大贵镇", "三阳镇", "洛河镇", "广佛镇", "八仙镇",
                                       "长安镇", "西河镇", "正阳镇")),
    "镇坪县": (0.04, 0.01, "镇坪", "镇坪县", ("城关镇", "曾家镇", "牛头店镇", "钟宝镇", "上竹镇", "华坪镇", "曙坪镇")),
    "旬阳市": (0.12, 0.02, "旬阳", "旬阳市", ("城关镇", "棕溪镇", "关口镇", "蜀河镇", "双河镇", "小河镇", "赵湾镇", "麻坪镇",
                                       "甘溪镇", "白柳镇", "吕河镇", "神河镇", "赤岩镇", "金寨镇", "桐木镇", "构元镇")),
    "白河县": (0.07, 0.14, "白河", "白河县", ("城关镇", "中厂镇", "构扒镇", "卡子镇", "茅坪镇", "宋家镇", "西营镇", "仓上镇",
                                       "冷水镇", "双丰镇", "麻虎镇")),
    "安康高新区": (0.10, 0.005, "高新", "安康", ("建民街道", "高新区产业园", "高新区科技园", "高新区物流园")),
    "恒口示范区": (0.07, 0.10, "恒口", "安康市恒口", ("恒口镇", "大同镇", "关家镇", "恒口示范区产业园")),
}

SECTOR_WEIGHTS = {
    "道路交通": 0.11, "水上交通": 0.015, "铁路": 0.005, "民航": 0.004, "消防": 0.16, "危险化学品": 0.07, "煤矿": 0.006,
    "非煤矿山": 0.03, "建筑施工": 0.13, "城镇燃气": 0.04, "特种设备": 0.035, "工贸": 0.08, "烟花爆竹": 0.012, "民爆": 0.005,
    "电力": 0.015, "旅游景区": 0.025, "校园": 0.025, "医疗卫生": 0.02, "食品药品": 0.015, "渔业船舶": 0.006,
    "人员密集场所": 0.09, "九小场所": 0.11, "其他": 0.012,
}

# Enterprise name patterns per sector: {p} the unit prefix, {t} a trade name, {z} a township short name.
ENTERPRISE_PATTERNS = {
    "道路交通": ("{p}{t}运输有限公司", "{p}{t}客运有限责任公司", "{p}{t}汽车运输有限公司", "{p}{t}物流有限公司", "{p}{t}驾驶员培训学校"),
    "水上交通": ("{p}{t}航运有限公司", "{z}{t}渡口", "{p}{t}船舶运输有限公司"),
    "铁路": ("{p}{t}铁路物流有限公司", "{z}{t}货运站"),
    "民航": ("{p}{t}通用航空有限公司", "{p}{t}航空油料有限公司"),
    "消防": ("{p}{t}商贸有限公司", "{z}{t}商业广场", "{z}{t}小区", "{p}{t}物业管理有限公司", "{z}{t}大厦"),
    "危险化学品": ("{p}{t}化工有限公司", "{p}{t}加油站", "{p}{t}气体有限公司", "{p}{t}化工产品经销有限公司"),
    "煤矿": ("{p}{t}煤矿",),
    "非煤矿山": ("{p}{t}矿业有限公司", "{p}{t}石料厂", "{p}{t}建材矿业有限公司"),
    "建筑施工": ("{p}{t}建筑工程有限公司", "{p}{t}建设集团有限公司", "{p}{t}路桥工程有限公司", "{z}{t}花园项目部",
             "{z}{t}安置小区项目部"),
    "城镇燃气": ("{p}{t}燃气有限公司", "{p}{t}液化气站", "{p}{t}天然气有限公司"),
    "特种设备": ("{p}{t}电梯工程有限公司", "{p}{t}锅炉有限公司", "{p}{t}起重设备安装有限公司"),
    "工贸": ("{p}{t}建材有限公司", "{p}{t}木业有限公司", "{p}{t}富硒茶业有限公司", "{p}{t}魔芋制品有限公司", "{p}{t}丝绸有限公司",
           "{p}{t}新型材料有限公司", "{p}{t}机械制造有限公司"),
    "烟花爆竹": ("{p}{t}烟花爆竹有限公司", "{z}{t}烟花爆竹零售点"),
    "民爆": ("{p}{t}民爆器材有限公司",),
    "电力": ("{p}{t}水电站", "{p}{t}电力有限公司", "{p}{t}新能源有限公司"),
    "旅游景区": ("{z}{t}景区", "{p}{t}旅游开发有限公司", "{z}{t}农家乐"),
    "校园": ("{z}{t}小学", "{z}{t}中学", "{z}{t}幼儿园"),
    "医疗卫生": ("{p}{t}医院", "{z}{t}诊所", "{z}{t}卫生院"),
    "食品药品": ("{p}{t}食品有限公司", "{z}{t}大药房", "{p}{t}冷链物流有限公司"),
    "渔业船舶": ("{p}{t}渔业专业合作社", "{p}{t}水产养殖有限公司"),
    "人员密集场所": ("{z}{t}购物广场", "{z}{t}大酒店", "{z}{t}KTV", "{z}{t}农贸市场", "{z}{t}影城", "{z}{t}超市"),
    "九小场所": ("{z}{t}小吃店", "{z}{t}旅馆", "{z}{t}网吧", "{z}{t}便利店", "{z}{t}美容美发店", "{z}{t}火锅店", "{z}{t}幼儿园",
             "{z}{t}诊所", "{z}{t}加工坊"),
    "其他": ("{p}{t}物业管理有限公司", "{p}{t}广告有限公司", "{z}{t}小区"),
}
TRADE_CHARS = "鑫宏盛泰华源达恒瑞丰福兴隆昌德和顺康金利佳新正信诚博远嘉祥旺荣锦天宇龙秦汉江巴富永安宝晟凯腾飞鸿运通发明亿万众联创益润辉阳光泽"

# (location, description, measures) per sector; majors add interim measures (临时管控措施).
GENERAL_TEMPLATES = {
    "道路交通": (
        ("客运车辆", "客运车辆安全带损坏，部分座位无法正常使用", "更换损坏安全带，出车前逐座检查"),
        ("动态监控平台", "重点营运车辆动态监控值守人员不在岗，超速报警未及时处置", "落实24小时值守，完善报警处置台账"),
        ("危货运输车辆", "危险货物运输车辆未按规定悬挂标志灯牌", "按规定安装悬挂危险货物运输标志"),
        ("驾驶员管理", "驾驶员未按期参加安全教育培训，培训记录缺失", "组织补训并建立培训档案"),
        ("急弯陡坡路段", "急弯陡坡路段未设置警示标志和减速设施", "增设警示标志、减速带和波形护栏"),
        ("车辆技术档案", "营运车辆未按期进行二级维护", "立即安排二级维护并更新技术档案"),
        ("校车", "校车未配备随车照管人员", "配齐照管人员，落实上下车清点制度"),
    ),
    "水上交通": (
        ("渡船", "渡船救生衣配备数量不足，部分老化失效", "按核定乘客数补足救生衣并定期检查"),
        ("渡口", "渡口未设置安全警示标志和乘客须知", "设置警示标志，公示乘客须知和限载人数"),
        ("船舶", "船员未持证上岗", "调整持证船员上岗，组织培训考证"),
    ),
    "铁路": (
        ("铁路沿线", "铁路线路安全保护区内违规堆放杂物", "清理堆放物，设置警示标志"),
        ("道口", "道口警示标志破损，栏杆失灵", "修复栏杆，更换警示标志"),
    ),
    "民航": (
        ("航站楼", "航站楼部分应急照明灯具不亮", "更换应急照明灯具并定期测试"),
        ("油料库", "油料库防雷检测报告过期", "委托有资质机构开展防雷检测"),
    ),
    "消防": (
        ("疏散通道", "消防通道被杂物堵塞", "清理杂物，划设禁止占用标线"),
        ("安全出口", "安全出口上锁，疏散指示标志损坏", "保持安全出口畅通，更换疏散指示标志"),
        ("灭火器", "灭火器压力不足，超过维修期限", "更换或送修灭火器，建立检查记录"),
        ("室内消火栓", "室内消火栓箱内水带、水枪缺失", "补齐水带水枪，定期巡查"),
        ("消防控制室", "消防控制室值班人员未持证上岗", "安排持证人员24小时双人值班"),
        ("电气线路", "电气线路私拉乱接，未穿管保护", "规范敷设线路并穿阻燃管保护"),
        ("楼道", "电动自行车在楼道内停放充电", "清理楼道车辆，设置集中充电点"),
        ("防火门", "常闭式防火门处于常开状态，闭门器损坏", "修复闭门器，保持防火门常闭"),
    ),
    "危险化学品": (
        ("储罐区", "储罐区可燃气体报警器未定期检定", "委托检定机构检定并做好记录"),
        ("装卸区", "装卸作业区未设置静电接地报警装置", "安装静电接地报警装置"),
        ("仓库", "危险化学品仓库未分类分区存放", "按性质分类分区储存，设置标识"),
        ("作业现场", "动火作业未办理作业票证", "严格执行特殊作业审批制度"),
        ("加油站", "加油站卸油口未设置防溢流装置", "加装防溢流阀并检测"),
        ("安全管理", "安全风险分级管控清单未及时更新", "重新辨识风险并更新清单"),
    ),
    "煤矿": (
        ("井下巷道", "井下巷道支护不及时", "按作业规程及时支护"),
        ("监测监控", "瓦斯传感器未按期调校", "按规定调校传感器"),
    ),
    "非煤矿山": (
        ("采场", "露天采场未按设计进行台阶式开采", "按设计分台阶开采，清理危石"),
        ("爆破器材库", "爆破器材库值守人员不足", "落实双人双岗值守"),
        ("尾矿库", "尾矿库在线监测系统数据中断", "修复在线监测系统"),
        ("运输道路", "矿区运输道路临边未设置挡车设施", "增设挡车墙和警示标志"),
    ),
    "建筑施工": (
        ("脚手架", "脚手架连墙件设置不足，剪刀撑不连续", "按方案补设连墙件和剪刀撑"),
        ("临边洞口", "楼层临边洞口未设置防护栏杆", "设置定型化防护栏杆和安全网"),
        ("施工用电", "配电箱未设置漏电保护装置", "更换带漏电保护的配电箱，落实一机一闸一漏"),
        ("塔式起重机", "塔式起重机限位装置失灵", "维修限位装置，经检测合格后使用"),
        ("作业面", "作业人员高处作业未系安全带", "加强现场管理，落实安全带高挂低用"),
        ("施工升降机", "施工升降机防坠安全器超过标定期限", "送检防坠安全器"),
        ("施工现场", "施工现场消防器材配备不足", "按规定配齐灭火器材"),
    ),
    "城镇燃气": (
        ("液化气站", "液化石油气钢瓶超期未检", "超期钢瓶送检或报废"),
        ("餐饮用户", "餐饮用户未安装可燃气体报警装置", "安装可燃气体报警器并联动切断阀"),
        ("燃气软管", "燃气软管老化，长度超过2米", "更换金属波纹管"),
        ("调压站", "调压站防护围栏破损", "修复围栏并设置警示标志"),
    ),
    "特种设备": (
        ("电梯", "电梯超期未检验仍在使用", "停止使用并申报定期检验"),
        ("锅炉房", "锅炉安全阀未定期校验", "校验安全阀并建立档案"),
        ("压力容器", "压力容器未办理使用登记", "办理使用登记"),
        ("叉车", "叉车司机无证操作", "安排持证人员操作"),
    ),
    "工贸": (
        ("生产车间", "机械设备传动部位未设置防护罩", "加装防护罩"),
        ("粉尘作业区", "粉尘作业区域未定期清扫，积尘严重", "落实粉尘清扫制度"),
        ("有限空间", "有限空间作业场所未设置警示标识", "设置警示标识，落实先通风、再检测、后作业"),
        ("配电室", "配电室未配备绝缘垫和应急照明", "配齐绝缘防护用品和应急照明"),
        ("仓库", "仓库货物堆放超高，与灯具距离不足", "降低堆垛高度，保持安全距离"),
        ("安全管理", "未对新入职员工开展三级安全教育", "补充开展三级安全教育并存档"),
    ),
    "烟花爆竹": (
        ("零售点", "烟花爆竹零售点与居民住宅未有效分隔", "调整经营场所或设置有效分隔"),
        ("仓库", "仓库超量储存烟花爆竹", "清理超量产品"),
    ),
    "民爆": (
        ("民爆仓库", "民爆仓库视频监控存在盲区", "增设监控点位"),
        ("运输车辆", "民用爆炸物品运输车辆押运员未持证", "配备持证押运员"),
    ),
    "电力": (
        ("变电站", "变电站消防沙箱、灭火器配置不足", "补齐消防器材"),
        ("输电线路", "输电线路保护区内有树障", "清理树障"),
        ("水电站厂房", "水电站厂房渗水，设备受潮", "实施防渗处理"),
    ),
    "旅游景区": (
        ("游步道", "景区游步道临崖段护栏松动", "加固护栏"),
        ("游乐设施", "游乐设施未按规定进行日常检查", "落实日检制度"),
        ("景区", "景区未制定最大承载量控制措施", "制定承载量控制方案，实行预约限流"),
    ),
    "校园": (
        ("学校食堂", "食堂燃气管道未安装泄漏报警装置", "安装燃气泄漏报警器"),
        ("学生宿舍", "学生宿舍违规使用大功率电器", "清理违规电器，开展安全教育"),
        ("实验室", "实验室危险化学品未实行双人双锁管理", "落实双人双锁管理"),
    ),
    "医疗卫生": (
        ("病房", "病房内违规使用电热器具", "清理违规电器"),
        ("氧气间", "医用氧气瓶未固定存放", "设置防倾倒装置"),
        ("配电间", "配电间堆放杂物", "清理杂物"),
    ),
    "食品药品": (
        ("生产车间", "食品生产车间氨制冷设备未设置泄漏报警", "加装氨气泄漏报警装置"),
        ("冷库", "冷库聚氨酯泡沫保温材料外露未防护", "采用不燃材料进行防护"),
        ("药品仓库", "药品仓库消防设施不完善", "完善消防设施"),
    ),
    "渔业船舶": (
        ("渔船", "渔船未配备救生设备", "配齐救生衣和救生圈"),
        ("渔船", "渔船未按规定进行年度检验", "申请检验"),
    ),
    "人员密集场所": (
        ("商场", "营业期间防火卷帘下方堆放货物", "清理卷帘下方货物"),
        ("KTV包间", "娱乐场所包间使用易燃材料装修", "拆除易燃装修材料"),
        ("酒店厨房", "酒店厨房烟道未定期清洗", "清洗烟道并建立记录"),
        ("超市", "超市疏散通道宽度不足", "调整货架，保证疏散通道宽度"),
        ("影院", "影院应急照明和疏散指示标志不足", "增设应急照明和疏散指示标志"),
        ("农贸市场", "农贸市场电气线路老化", "更换老化线路"),
    ),
    "九小场所": (
        ("后厨", "液化气钢瓶与灶具未分隔，使用不合格软管", "设置独立气瓶间，更换金属软管"),
        ("客房", "小旅馆未配备应急照明和逃生器材", "配齐应急照明和逃生器材"),
        ("经营场所", "“三合一”场所住人，未采取防火分隔", "拆除住宿或设置防火分隔"),
        ("安全出口", "安全出口被锁闭", "保持安全出口畅通"),
        ("加工区", "电气线路私拉乱接", "规范敷设线路"),
        ("经营场所", "电暖器距可燃物过近", "保持安全距离，规范使用"),
        ("经营场所", "未配备灭火器", "配备灭火器"),
        ("园舍", "未定期开展消防疏散演练", "制定演练计划并组织演练"),
    ),
    "其他": (
        ("小区道路", "小区消防车通道被违停车辆占用", "划设标线，清理占道车辆"),
        ("户外广告牌", "户外广告牌锈蚀，固定不牢", "加固或拆除"),
        ("地下车库", "地下车库排烟风机故障", "修复排烟风机"),
    ),
}
MAJOR_TEMPLATES = {
    "道路交通": (
        ("临水临崖路段", "临水临崖高风险路段长距离缺失安全防护设施", "实施安全生命防护工程，增设钢筋混凝土护栏",
         "设置临时警示桩和限速标志，夜间安排专人巡查"),
        ("营运客车", "客运车辆逃避年检，制动性能不合格仍从事营运", "停运检修，经检验合格后方可恢复营运",
         "责令车辆停止营运，纳入重点监管"),
    ),
    "水上交通": (("渡船", "渡船超载运输且未配备持证船员", "配齐持证船员，严格限载", "渡口停渡，安排专人值守劝返"),),
    "铁路": (("铁路桥下", "铁路桥梁下方违规搭建并存放易燃物品", "拆除违规搭建，清运易燃物品", "设置隔离围挡，安排专人看守"),),
    "民航": (("机坪加油区", "机坪加油作业区静电接地装置失效", "更换静电接地装置，检测合格后使用", "暂停该区域加油作业"),),
    "消防": (
        ("自动喷水灭火系统", "自动喷水灭火系统瘫痪，消防水泵无法启动", "维修消防水泵和报警阀组，恢复系统功能",
         "增配灭火器和微型消防站，落实每2小时巡查"),
        ("火灾自动报警系统", "火灾自动报警系统长期故障停用", "委托维保单位修复并联动调试", "安排专人24小时巡查，增配灭火器材"),
        ("疏散楼梯", "疏散楼梯数量不足，总净宽度不足规定值的80%", "增设室外疏散楼梯", "限制场所内人数，安排疏散引导员"),
    ),
    "危险化学品": (
        ("重大危险源", "重大危险源未设置可燃气体泄漏报警装置和紧急切断装置", "增设泄漏报警和紧急切断装置并接入监控平台",
         "降低储存量，安排专人巡检"),
        ("控制室", "控制室面向具有火灾、爆炸危险性装置一侧不满足防爆要求", "对控制室进行抗爆改造或搬迁",
         "停用相关装置，控制室人员撤离至安全区域"),
        ("特种作业", "特种作业人员未持证上岗", "立即停止无证作业，组织培训取证", "无证人员调离岗位"),
    ),
    "煤矿": (("采掘工作面", "超能力组织生产，瓦斯检查存在漏检假检", "停产整顿，重新核定生产能力", "停止采掘作业，撤出作业人员"),),
    "非煤矿山": (
        ("尾矿库", "尾矿库排洪设施堵塞，安全超高不足", "疏通排洪设施，降低库水位", "雨季停止排放，安排专人24小时巡坝"),
        ("采场边坡", "露天采场边坡出现裂缝，存在坍塌风险", "削坡减载，设置边坡监测", "停止边坡下方作业，设置警戒区"),
    ),
    "建筑施工": (
        ("深基坑", "深基坑未按专项施工方案进行支护，坑边堆载超限", "按方案支护，清除坑边堆载，开展基坑监测",
         "停止基坑内作业，设置警戒区"),
        ("高大模板支撑体系", "高大模板支撑体系未经专家论证即施工", "组织专家论证，按论证方案整改", "暂停混凝土浇筑作业"),
        ("塔式起重机", "塔式起重机未经检验检测即投入使用", "检验合格并办理使用登记后方可使用", "立即停用塔吊，设置警戒"),
    ),
    "城镇燃气": (
        ("燃气管道", "燃气管道被违章建筑占压", "拆除占压建筑或迁改管线", "加密巡检频次，设置警示标志"),
        ("瓶装液化气站", "瓶装液化气站与周边建筑防火间距不足", "搬迁站点或降低储量", "限制储瓶数量，停止充装作业"),
    ),
    "特种设备": (("起重机械", "起重机械主要受力结构件出现裂纹仍在使用", "维修后经检验合格方可使用", "设备停用并悬挂禁用标志"),),
    "工贸": (
        ("粉尘涉爆区域", "粉尘涉爆除尘系统未采取防火防爆措施", "改造除尘系统，加装泄爆和隔爆装置", "停用除尘系统相关工序"),
        ("有限空间", "有限空间作业未进行通风检测，未配备救援装备", "制定作业方案，配齐检测和救援装备", "停止有限空间作业"),
    ),
    "烟花爆竹": (("批发仓库", "批发仓库防雷设施失效且超核定药量储存", "修复防雷设施，清运超量产品", "暂停出入库作业"),),
    "民爆": (("民爆仓库", "民爆物品库房超量存储", "清点转移超量物品", "暂停入库作业，加强值守"),),
    "电力": (("水电站大坝", "水电站大坝泄洪闸门启闭机故障", "维修启闭机并开展调试", "汛期前降低库水位，安排专人值守"),),
    "旅游景区": (("玻璃栈道", "玻璃栈道未经安全评估即开放运营", "开展安全评估，按评估意见整改", "关闭栈道，设置隔离"),),
    "校园": (("教学楼", "教学楼疏散楼梯被改作他用，疏散宽度严重不足", "恢复疏散楼梯原用途", "调整教室使用，安排人员疏导"),),
    "医疗卫生": (("住院楼", "住院楼自动消防设施瘫痪", "修复自动消防设施并联动调试", "增设巡查，增配灭火器"),),
    "食品药品": (("涉氨冷库", "涉氨制冷车间与员工宿舍设置在同一建筑内", "搬迁员工宿舍", "员工宿舍立即停用"),),
    "渔业船舶": (("渔船", "渔船改装后稳性不足仍出航", "经检验合格后方可出航", "责令停航"),),
    "人员密集场所": (
        ("商场", "安全出口数量不足，总净宽度不足规定值的80%", "增设安全出口，改造疏散通道", "限流管控，安排疏散引导员"),
        ("歌舞娱乐场所", "歌舞娱乐场所未设置自动喷水灭火系统和火灾自动报警系统", "增设自动消防设施", "停业整改"),
    ),
    "九小场所": (("生产加工作坊", "“三合一”作坊员工住宿与生产储存在同一空间且无防火分隔", "住宿与生产储存分离",
              "住宿人员立即撤离"),),
    "其他": (("经营性自建房", "经营性自建房擅自加层，改变主体结构，存在坍塌风险", "委托房屋安全鉴定，实施加固", "停止经营，人员撤离"),),
}

OTHER_SOURCES = vocab.SOURCES[1:]
OTHER_SOURCE_WEIGHTS = (0.45, 0.25, 0.12, 0.08, 0.03, 0.07)
REVIEW_FAIL_REASONS = (
    "复查发现整改不彻底，需重新整改", "整改资料不全，现场与台账不符", "部分问题仍然存在，未达到整改要求",
    "整改措施未落实到位，隐患复现",
)
EXTENSION_REASONS = (
    "需停产检修，备件采购周期较长", "涉及结构加固，需委托设计单位出具方案", "雨季施工条件受限，申请延长整改期限",
    "整改资金需经上级审批", "涉及管线迁改，需协调相关部门",
)

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭"
            "陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万严覃武戴孔向汤柯鲁")
GIVEN = ("伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光"
         "天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之翰朗伯宏言若鸣朋"
         "斌栋维启克伦翔旭鹏泽晨辰士建家致树德行时泰盛秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红玲芬芳燕彩春菊兰凤洁梅琳素云莲真"
         "环雪荣爱霞香月媛艳瑞佳嘉琼勤珍莉桂叶璐琦晶妍茜秋珊锦青倩婷婉瑾颖露瑶怡雁蓓仪荷丹蓉君琴蕊薇菁梦岚馨韵艺卿聪澜悦昭冰"
         "琬羽希欣育筠柔竹凝晓欢枫芸菲亚宜可舒丽")
MOBILE_PREFIXES = ("139", "138", "137", "136", "135", "150", "151", "152", "158", "159", "182", "187", "188", "133",
                   "153", "180", "189", "130", "131", "132", "155", "156", "186")

GROUP_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
# lead unit (组长单位) per unit; the leader comes from it unless a second org is given
GROUP_LEADS = {
    "汉滨区": ("市应急管理局", None), "汉阴县": ("市住建局", None), "石泉县": ("市交通运输局", None),
    "宁陕县": ("市消防救援支队", None), "紫阳县": ("市市场监管局", None), "岚皋县": ("市自然资源局", None),
    "平利县": ("市工信局", "市政府督查室"), "镇坪县": ("市水利局", None), "旬阳市": ("市公安局交警支队", None),
    "白河县": ("市文旅广电局", None), "安康高新区": ("市教育体育局", "市政府办"), "恒口示范区": ("市城管执法局", None),
}
LEADER_TITLES = {"汉滨区": "副区长", "旬阳市": "副市长", "安康高新区": "管委会副主任", "恒口示范区": "管委会副主任"}


# ------------------------------------------------------------------------------------------------
# Small helpers
# ------------------------------------------------------------------------------------------------

class People:
    """Invented names and phone numbers, unique within one build."""

    def __init__(self, rnd: random.Random):
        self.rnd = rnd
        self.names: set[str] = set()
        self.phones: set[str] = set()

    def name(self) -> str:
        while True:
            given = self.rnd.choice(GIVEN) + (self.rnd.choice(GIVEN) if self.rnd.random() < 0.7 else "")
            candidate = self.rnd.choice(SURNAMES) + given
            if candidate not in self.names:
                self.names.add(candidate)
                return candidate

    def mobile(self) -> str:
        while True:
            candidate = self.rnd.choice(MOBILE_PREFIXES) + "0915" + f"{self.rnd.randrange(10000):04d}"
            if candidate not in self.phones:
                self.phones.add(candidate)
                return candidate

    def landline(self) -> str:
        while True:
            candidate = f"0915-{self.rnd.choice('32568')}{self.rnd.randrange(1000000):06d}"
            if candidate not in self.phones:
                self.phones.add(candidate)
                return candidate


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(rnd: random.Random, area: str) -> str:
    """A made-up 18-character unified social credit code with a correct GB 32100 check character."""
    body = "91" + area + "".join(rnd.choices(_CREDIT_CHARS[:10], k=2) + rnd.choices(_CREDIT_CHARS, k=7))
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS))
    return body + _CREDIT_CHARS[(31 - total % 31) % 31]


def _dates(days: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """Day offsets from START as datetime64[s] (midnight), NaT where not valid."""
    out = (_EPOCH + days.astype("timedelta64[D]")).astype("datetime64[s]")
    if valid is not None:
        out[~valid] = np.datetime64("NaT")
    return out


def _stamps(minutes: np.ndarray) -> np.ndarray:
    """Minute offsets from START 00:00 as datetime64[us]."""
    return (_EPOCH_MIN + minutes.astype("timedelta64[m]")).astype("datetime64[us]")


def _choose(index: np.ndarray, values: tuple) -> np.ndarray:
    """``values[index]`` as an object array sharing the few string objects."""
    return np.array(values, dtype=object)[np.asarray(index).astype(np.int64)]


def _frame(columns: dict) -> pd.DataFrame:
    """A DataFrame keeping string columns as plain object columns: far quicker to build than Arrow strings at
    a million rows, and DuckDB scans them as fast."""
    return pd.DataFrame({k: pd.Series(v, dtype=object) if isinstance(v, np.ndarray) and v.dtype == object else v
                         for k, v in columns.items()})


def _at(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day, hh, mm)


def _weights(values) -> np.ndarray:
    w = np.asarray(values, dtype=float)
    return w / w.sum()


def _exact_counts(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Split ``total`` by ``shares`` into whole counts (largest remainder; ties by order)."""
    keys = list(shares)
    raw = np.array([shares[k] for k in keys], dtype=float)
    raw = raw / raw.sum() * total
    base = np.floor(raw).astype(int)
    order = sorted(range(len(keys)), key=lambda i: (-(raw[i] - base[i]), i))
    for i in order[: total - base.sum()]:
        base[i] += 1
    return {k: int(v) for k, v in zip(keys, base)}


def _split_exact(total: int, weights: np.ndarray) -> np.ndarray:
    """Whole numbers proportional to ``weights`` summing exactly to ``total``."""
    raw = weights / weights.sum() * total
    base = np.floor(raw).astype(np.int64)
    frac = raw - base
    order = np.lexsort((np.arange(len(raw)), -frac))
    base[order[: total - int(base.sum())]] += 1
    return base


# ------------------------------------------------------------------------------------------------
# Geography: points near a unit seat that stay inside its county polygon
# ------------------------------------------------------------------------------------------------

def _polygons() -> dict[str, list[np.ndarray]]:
    """County name -> outer rings (lon, lat arrays) from the configured GeoJSON; {} if unreadable."""
    try:
        with Path(settings.get("geojson")).open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    rings: dict[str, list[np.ndarray]] = {}
    for feature in data.get("features", []):
        geom = feature.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        rings[feature.get("properties", {}).get("name", "")] = [np.asarray(p[0], dtype=float) for p in polys]
    return rings


def _inside(lon: np.ndarray, lat: np.ndarray, rings: list[np.ndarray]) -> np.ndarray:
    """Even-odd ray casting of many points against a few rings."""
    result = np.zeros(lon.shape, dtype=bool)
    for ring in rings:
        x1, y1 = ring[:, 0], ring[:, 1]
        x2, y2 = np.roll(x1, 1), np.roll(y1, 1)
        hit = np.zeros(lon.shape, dtype=bool)
        for a, b, c, d in zip(x1, y1, x2, y2):
            if b == d:
                continue
            crosses = ((b > lat) != (d > lat)) & (lon < (c - a) * (lat - b) / (d - b) + a)
            hit ^= crosses
        result |= hit
    return result


def _points(rng: np.random.Generator, n: int, lat0: float, lon0: float, radius: float,
            rings: list[np.ndarray] | None) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points within ``radius`` degrees of the seat, inside ``rings`` when given."""
    lats, lons = np.empty(0), np.empty(0)
    while len(lats) < n:
        m = max(16, 2 * (n - len(lats)))
        r = radius * np.sqrt(rng.random(m))
        a = 2 * np.pi * rng.random(m)
        la, lo = lat0 + r * np.sin(a), lon0 + r * np.cos(a)
        if rings:
            keep = _inside(lo, la, rings)
            la, lo = la[keep], lo[keep]
        lats, lons = np.concatenate([lats, la]), np.concatenate([lons, lo])
    return np.round(lats[:n], 5), np.round(lons[:n], 5)


# ------------------------------------------------------------------------------------------------
# Reference tables: units, staff, groups, enterprises
# ------------------------------------------------------------------------------------------------

@dataclass
class Ref:
    units: pd.DataFrame                 # code, name, lat, lon, sort_order (display order)
    staff: list[list[str]]              # per unit: office staff (registrars, verifiers)
    groups: pd.DataFrame
    members: pd.DataFrame
    changes: pd.DataFrame
    enterprises: pd.DataFrame           # unit, sector, name, credit_code, township, person, phone, lat, lon
    ent_offset: np.ndarray              # (unit * 23 + sector) -> first enterprise row
    ent_size: np.ndarray
    rings: dict[str, list[np.ndarray]]
    events: list[dict]

    def __post_init__(self) -> None:
        self._names = [str(x) for x in self.units["name"]]
        self._codes = [str(x) for x in self.units["code"]]

    def code(self, name: str) -> str:
        return self._codes[self._names.index(name)]

    def index(self, name: str) -> int:
        return self._names.index(name)


def _unit_rings(ref_rings: dict, name: str) -> tuple[list[np.ndarray] | None, float]:
    """The polygon a unit's points must stay in and the scatter radius (zones lie inside 汉滨区)."""
    if name in ref_rings:
        return ref_rings[name], 0.06
    if ref_rings.get("汉滨区"):
        return ref_rings["汉滨区"], 0.03
    return None, 0.03


def _reference(scale: int, people: People, rnd: random.Random, rng: np.random.Generator) -> Ref:
    frame = units_mod.read_units_csv().sort_values("sort_order").reset_index(drop=True)
    units = frame[["code", "name", "kind", "lat", "lon", "sort_order"]].copy()
    names = list(units["name"])
    codes = [str(c) for c in units["code"]]
    seats = list(zip(units["lat"].astype(float), units["lon"].astype(float)))
    missing = [n for n in names if n not in UNIT_PROFILE]
    if missing:
        raise StoreError(f"演示数据只适用于安康市的县区名录，未知县区：{'、'.join(missing)}")
    staff = [[people.name() for _ in range(6)] for _ in names]
    rings = _polygons()
    events: list[dict] = []

    # -- groups, members and filed changes ------------------------------------------------------
    change_specs = [  # unit, change date, filed on, kind, reason
        ("旬阳市", date(2021, 2, 22), date(2021, 2, 23), "成员调整", "原成员抽调参加市委巡察工作"),
        ("宁陕县", date(2021, 3, 8), date(2021, 3, 10), "组长变更", "原组长因工作调整另有任用"),
        ("安康高新区", date(2021, 3, 29), date(2021, 3, 30), "成员调整", "原成员病休"),
        ("汉滨区", date(2021, 4, 19), date(2021, 4, 20), "成员增补", "落实4月19日会议要求，充实督查力量"),
        ("平利县", date(2021, 4, 20), date(2021, 4, 21), "成员增补", "补充熟悉工贸行业的业务骨干"),
    ]
    growing = {spec[0] for spec in change_specs if spec[3] == "成员增补"}
    groups, members, changes = [], [], []
    for i, name in enumerate(names):
        gid = i + 1
        lead_unit, other_org = GROUP_LEADS[name]
        leader = people.name()
        groups.append({
            "id": gid, "unit_code": codes[i], "name": f"第{GROUP_NUMERALS[i]}暗访督查组（驻{name}）",
            "leader": leader, "leader_rank": "副县级", "leader_org": other_org or lead_unit,
            "leader_phone": people.mobile(), "lead_unit": lead_unit, "stationed_on": START,
        })
        roster = [(leader, "组长", other_org or lead_unit)]
        roster.append((people.name(), "副组长", "市应急管理局" if lead_unit != "市应急管理局" else "市安委办"))
        for _ in range(rnd.choice((0, 1) if name in growing else (0, 1, 2))):   # 3-5 people after changes
            roster.append((people.name(), "成员", rnd.choice((lead_unit, "市应急管理局", "市消防救援支队", "市住建局"))))
        roster.append((people.name(), "联络员", lead_unit))
        for person, role, org in roster:
            phone = people.mobile()  # drawn for the leader too, so the names and phones after it stay the same
            members.append({"group_id": gid, "name": person, "role": role, "org": org,
                            "phone": groups[-1]["leader_phone"] if role == "组长" else phone})
    by_name = {g["unit_code"]: g for g in groups}

    def group_of(unit_name: str) -> dict:
        return by_name[codes[names.index(unit_name)]]

    for cid, (unit_name, changed, filed, kind, reason) in enumerate(change_specs, start=1):
        g = group_of(unit_name)
        if kind == "组长变更":
            old = people.name()
            new = g["leader"]
        elif kind == "成员调整":
            old = people.name()
            new = next(m["name"] for m in members if m["group_id"] == g["id"] and m["role"] in ("成员", "联络员"))
        else:
            old = None
            new = people.name()
            members.append({"group_id": g["id"], "name": new, "role": "成员", "org": "市应急管理局", "phone": people.mobile()})
        changes.append({"id": cid, "group_id": g["id"], "change_date": changed, "kind": kind, "old_value": old,
                        "new_value": new, "reason": reason, "filed_on": filed})
        events.append({"happened_at": _at(filed, 10, 0), "actor": CITY_OFFICE, "entity": "group",
                       "entity_id": str(g["id"]), "action": "备案", "reason": reason,
                       "detail": {"kind": kind, "old_value": old, "new_value": new, "change_date": changed}})
    for g in groups:
        events.append({"happened_at": _at(START, 9, 0), "actor": CITY_OFFICE, "entity": "group",
                       "entity_id": str(g["id"]), "action": "进驻",
                       "detail": {"name": g["name"], "leader": g["leader"], "lead_unit": g["lead_unit"]}})

    # -- enterprises: a pool per (unit, sector) -------------------------------------------------
    sectors = vocab.SECTORS
    unit_w = _weights([UNIT_PROFILE[n][0] for n in names])
    sector_w = _weights([SECTOR_WEIGHTS[s] for s in sectors])
    factor = max(1, int(round(math.sqrt(scale))))
    sizes = np.maximum(2, np.round(1400 * np.outer(unit_w, sector_w))).astype(int) * factor
    ent_rows = []
    used: set[str] = set()
    for ui, uname in enumerate(names):
        _, _, _, prefix, towns = UNIT_PROFILE[uname]
        unit_rings, radius = _unit_rings(rings, uname)
        total = int(sizes[ui].sum())
        lats, lons = _points(rng, total, seats[ui][0], seats[ui][1], radius, unit_rings)
        area = codes[ui] if codes[ui].isdigit() else "610902"
        k = 0
        for si, sector in enumerate(sectors):
            for _ in range(sizes[ui, si]):
                town = rnd.choice(towns)
                pattern = rnd.choice(ENTERPRISE_PATTERNS[sector])
                short = town.removesuffix("街道").removesuffix("镇").removesuffix("回族")
                for attempt in range(200):
                    trade = "".join(rnd.choice(TRADE_CHARS) for _ in range(2 if attempt < 20 else 3))
                    ent = pattern.format(p=prefix, t=trade, z=short)
                    if ent not in used:
                        break
                used.add(ent)
                ent_rows.append((ui, si, ent, credit_code(rnd, area), town, people.name(), people.mobile(), lats[k],
                                 lons[k]))
                k += 1
    enterprises = pd.DataFrame(ent_rows, columns=["unit", "sector", "name", "credit_code", "township", "person",
                                                  "phone", "lat", "lon"])
    flat = sizes.reshape(-1)
    offset = np.concatenate([[0], np.cumsum(flat)[:-1]])
    return Ref(units, staff, pd.DataFrame(groups), pd.DataFrame(members), pd.DataFrame(changes), enterprises, offset,
               flat, rings, events)


# ------------------------------------------------------------------------------------------------
# Hazards (vectorized) and their audit events
# ------------------------------------------------------------------------------------------------

# action codes and the status each leads to (index into vocab.HAZARD_STATUSES)
A_REGISTER, A_START, A_SUBMIT, A_FAIL, A_PASS, A_IMMEDIATE, A_EXTEND, A_LIST, A_ENFORCE = range(9)
ACTION_NAMES = np.array(["登记", "开始整改", "提交整改完成", "复核不通过", "复核合格", "即查即改销号", "延期", "挂牌督办", "执法措施"],
                        dtype=object)
ACTION_TO = np.array([0, 1, 2, 3, 4, 4, -1, -1, -1])
STATUS_NAMES = np.array(vocab.HAZARD_STATUSES + (None,), dtype=object)   # index -1 -> None


def _day_weights() -> np.ndarray:
    w = np.empty(NDAYS)
    for i in range(NDAYS):
        d = START + timedelta(days=i)
        base = 1.0 if clock.is_working_day(d) else (0.3 if d.weekday() < 5 else 0.4)
        if date(2021, 5, 1) <= d <= date(2021, 5, 5):
            base = 0.8                       # May Day: holiday checks by the groups
        ramp = 0.75 + 0.5 * i / LAST_DAY     # activity grows through the spring
        boost = 1.25 if d >= date(2021, 4, 14) else 1.0
        w[i] = base * ramp * boost
    return w / w.sum()


def _template_table(sectors) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rows = []
    gen_off, gen_size, maj_off, maj_size = [], [], [], []
    for s in sectors:
        gen_off.append(len(rows))
        gen_size.append(len(GENERAL_TEMPLATES[s]))
        rows += [(loc, desc, meas, None) for loc, desc, meas in GENERAL_TEMPLATES[s]]
    for s in sectors:
        maj_off.append(len(rows))
        maj_size.append(len(MAJOR_TEMPLATES[s]))
        rows += list(MAJOR_TEMPLATES[s])
    table = pd.DataFrame(rows, columns=["location", "description", "measures", "interim"])
    return table, np.array(gen_off), np.array(gen_size), np.array(maj_off), np.array(maj_size)


def _pick(rng: np.random.Generator, offset: np.ndarray, size: np.ndarray) -> np.ndarray:
    return offset + np.floor(rng.random(len(offset)) * size).astype(np.int64)


def hazard_ids(n: int) -> np.ndarray:
    """YH2021-000001 ... as an object array, zero padded to six digits or as many as ``n`` needs."""
    width = max(6, len(str(n)))
    return ("YH2021-" + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(width)).to_numpy(dtype=object)


def _hazards(rng: np.random.Generator, n: int, ref: Ref) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The ledger, its audit events and the inspections the group-found hazards came from."""
    names = list(ref.units["name"])
    nu, ns = len(names), len(vocab.SECTORS)
    D = LAST_DAY

    # found date and registration minute, in id order
    day = np.sort(rng.choice(NDAYS, size=n, p=_day_weights()))
    m0 = rng.integers(510, 841, n)                       # 08:30 .. 14:00
    order = np.lexsort((m0, day))
    day, m0 = day[order], m0[order]

    unit = rng.choice(nu, size=n, p=_weights([UNIT_PROFILE[x][0] for x in names]))
    sector = rng.choice(ns, size=n, p=_weights([SECTOR_WEIGHTS[s] for s in vocab.SECTORS]))
    if n >= nu + ns:                                     # every unit and sector appears
        pos = rng.permutation(n)
        unit[pos[:nu]] = np.arange(nu)
        sector[pos[nu:nu + ns]] = np.arange(ns)
    by_group = rng.random(n) < 0.6
    source = np.where(by_group, 0, 1 + rng.choice(len(OTHER_SOURCES), size=n, p=_weights(OTHER_SOURCE_WEIGHTS)))
    major = rng.random(n) < 0.05
    immediate = ~major & (rng.random(n) < 0.45)
    deadline_kind = ~immediate

    ent = _pick(rng, ref.ent_offset[unit * ns + sector], ref.ent_size[unit * ns + sector])
    tpl_table, gen_off, gen_size, maj_off, maj_size = _template_table(vocab.SECTORS)
    tpl = np.where(major, _pick(rng, maj_off[sector], maj_size[sector]), _pick(rng, gen_off[sector], gen_size[sector]))

    # deadlines and extensions
    span = np.where(major, rng.choice([30, 45, 60, 90, 120, 180], size=n),
                    rng.choice([7, 10, 15, 15, 20, 30, 30, 45, 60, 90], size=n))
    span = np.where(immediate, 0, span)
    orig_deadline = day + span
    extended = deadline_kind & (span >= 10) & (rng.random(n) < 0.025)
    ext_day = day + 1 + np.floor(rng.random(n) * np.maximum(span - 2, 1)).astype(np.int64)
    extended &= ext_day <= D
    ext_len = rng.choice([15, 30, 30, 45, 60], size=n)
    deadline = orig_deadline + np.where(extended, ext_len, 0)

    # the rectification path of deadline hazards
    r = rng.random(n)
    delay = np.where(r < 0.35, 0, np.where(r < 0.85, rng.integers(1, 4, n), rng.integers(4, 13, n)))
    late_p = np.array([UNIT_PROFILE[x][1] for x in names])[unit] * np.where(major, 1.5, 1.0)
    stuck = rng.random(n) < 0.004 + 0.2 * late_p          # never started for weeks: the weak units again
    delay = np.where(stuck, rng.integers(15, 61, n), delay)
    start = day + delay
    late = rng.random(n) < late_p
    effective = np.maximum(deadline - day, 1)
    complete = day + np.maximum(1, np.ceil(effective * rng.uniform(0.25, 0.85, n)).astype(np.int64))
    complete = np.where(extended, np.maximum(complete,
                                             orig_deadline + 1 + np.floor(rng.random(n) * ext_len).astype(np.int64)),
                        complete)
    complete = np.where(late, deadline + rng.integers(10, 121, n), complete)
    complete = np.maximum(complete, start + 1)
    complete = np.where(extended, np.maximum(complete, ext_day + 1), complete)
    verify = complete + np.where(major, rng.integers(3, 11, n), rng.integers(1, 5, n))
    fail = deadline_kind & (rng.random(n) < 0.05)
    restart = verify + rng.integers(1, 11, n)
    complete2 = restart + rng.integers(3, 16, n)
    verify2 = complete2 + rng.integers(1, 6, n)
    # immediate fixes: the same day, the next day, rarely later
    r = rng.random(n)
    close_delay = np.where(r < 0.80, 0, np.where(r < 0.98, 1, rng.integers(2, 4, n)))
    close_day = day + close_delay

    # transition matrix: day and action of up to seven steps per hazard
    K = 7
    tday = np.full((n, K), 10 ** 6, dtype=np.int64)
    act = np.full((n, K), -1, dtype=np.int64)
    tday[:, 0], act[:, 0] = day, A_REGISTER
    im, fl, ok = immediate, deadline_kind & fail, deadline_kind & ~fail
    tday[im, 1], act[im, 1] = close_day[im], A_IMMEDIATE
    for k, (days_k, code) in enumerate(((start, A_START), (complete, A_SUBMIT), (verify, A_PASS)), start=1):
        tday[ok, k], act[ok, k] = days_k[ok], code
    for k, (days_k, code) in enumerate(((start, A_START), (complete, A_SUBMIT), (verify, A_FAIL), (restart, A_START),
                                        (complete2, A_SUBMIT), (verify2, A_PASS)), start=1):
        tday[fl, k], act[fl, k] = days_k[fl], code
    happened = (act >= 0) & (tday <= D)
    steps = happened.sum(axis=1)
    last = steps - 1
    rows = np.arange(n)
    status = ACTION_TO[act[rows, last]]

    # timestamps: a time of day per step, strictly increasing within a hazard, never after 17:00
    minute = np.empty((n, K), dtype=np.int64)
    minute[:, 0] = day * 1440 + m0
    base = rng.integers(510, 841, (n, K))
    gap = rng.integers(5, 41, (n, K))
    for k in range(1, K):
        minute[:, k] = np.maximum(np.minimum(tday[:, k], D + 1) * 1440 + base[:, k], minute[:, k - 1] + gap[:, k])

    # fields that follow from the path
    is_submit = happened & ((act == A_SUBMIT) | (act == A_IMMEDIATE))
    is_review = happened & ((act == A_PASS) | (act == A_FAIL) | (act == A_IMMEDIATE))
    last_submit = np.where(is_submit, tday, -1).max(axis=1)
    last_review = np.where(is_review, tday, -1).max(axis=1)
    closed = status == 4
    failed_now = status == 3
    has_completed = (status == 2) | failed_now | closed
    has_review = failed_now | closed

    # annotations: extensions, listings, enforcement
    ann_day = {A_EXTEND: ext_day}
    ann_mask = {A_EXTEND: extended}
    closed_day = np.where(closed, last_review, 10 ** 6)
    scale_factor = max(1, n // BASE_HAZARDS)
    list_day = day + rng.integers(3, 11, n)
    candidates = np.flatnonzero(major & deadline_kind & (list_day <= D) & (closed_day > list_day))
    n_list = min(len(candidates), 12 * scale_factor)
    listed_idx = np.sort(rng.choice(candidates, size=n_list, replace=False)) if n_list else np.empty(0, dtype=np.int64)
    listed = np.zeros(n, dtype=bool)
    listed[listed_idx] = True
    ann_day[A_LIST], ann_mask[A_LIST] = list_day, listed
    enf_day = day + rng.integers(0, 6, n)
    serious = major | (rng.random(n) < 0.05)
    candidates = np.flatnonzero(deadline_kind & serious & (enf_day <= D) & (closed_day > enf_day))
    n_enf = min(len(candidates), 20 * scale_factor)
    enf_idx = np.sort(rng.choice(candidates, size=n_enf, replace=False)) if n_enf else np.empty(0, dtype=np.int64)
    enforced = np.zeros(n, dtype=bool)
    enforced[enf_idx] = True
    ann_day[A_ENFORCE], ann_mask[A_ENFORCE] = enf_day, enforced
    measure_idx = rng.choice(len(vocab.ENFORCEMENT_MEASURES), size=n, p=[0.45, 0.05, 0.2, 0.3])
    ann_minute = {}
    for code in (A_EXTEND, A_LIST, A_ENFORCE):
        m = ann_day[code] * 1440 + rng.integers(540, 1001, n)            # 09:00 .. 16:40
        ann_minute[code] = np.maximum(m, minute[:, 0] + rng.integers(5, 41, n))
    updated = np.where(happened, minute, 0).max(axis=1)
    for code in (A_EXTEND, A_LIST, A_ENFORCE):
        updated = np.where(ann_mask[code], np.maximum(updated, ann_minute[code]), updated)

    # ids and text columns
    ids = hazard_ids(n)
    ents = ref.enterprises
    unit_codes = ref.units["code"].to_numpy(dtype=object)
    unit_names = np.array(names, dtype=object)
    group_names = ref.groups["name"].to_numpy(dtype=object)
    staff = np.array(ref.staff, dtype=object)                           # (units, 6)
    registrar = np.where(by_group, group_names[unit], staff[unit, rng.integers(0, 3, n)])
    verifier = staff[unit, rng.integers(3, 6, n)]
    resp_person = ents["person"].to_numpy(dtype=object)[ent]
    has_geo = rng.random(n) < 0.7
    funds = np.where(major, np.round(rng.lognormal(np.log(30), 0.8, n).clip(5, 300), 2),
                     np.where(immediate, 0.0, np.round(rng.lognormal(np.log(0.8), 1.0, n).clip(0.05, 30), 2)))
    listing_rank = np.zeros(n, dtype=np.int64)
    city_listed = listed & (rng.random(n) < 0.4)
    list_order = listed_idx[np.argsort(list_day[listed_idx], kind="stable")]
    city_seq = np.cumsum(city_listed[list_order])
    county_seq = np.cumsum(~city_listed[list_order])
    listing_rank[list_order] = np.where(city_listed[list_order], city_seq, county_seq) + 2
    short_names = np.array([UNIT_PROFILE[x][2] for x in names], dtype=object)
    levels = (vocab.NOT_LISTED, vocab.LISTING_COUNTY, vocab.LISTING_CITY)
    listing_level = _choose(listed.astype(int) + city_listed, levels)
    listing_unit = np.full(n, None, dtype=object)
    listing_doc = np.full(n, None, dtype=object)
    li = listed_idx
    listing_unit[li] = np.where(city_listed[li], CITY_OFFICE, unit_names[unit[li]] + "安委办")
    listing_doc[li] = (np.where(city_listed[li], "安安办督〔2021〕", short_names[unit[li]] + "安办督〔2021〕")
                       + listing_rank[li].astype(str).astype(object) + "号")
    enforcement = np.array(vocab.ENFORCEMENT_MEASURES, dtype=object)[measure_idx]

    def nulls(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
        out = values.astype(object)
        out[~mask] = None
        return out

    hazards = _frame({
        "id": ids,
        "found_date": _dates(day),
        "group_id": pd.Series(unit + 1, dtype="Int64").mask(~by_group),
        "source": np.array(vocab.SOURCES, dtype=object)[source],
        "unit_code": unit_codes[unit],
        "township": ents["township"].to_numpy(dtype=object)[ent],
        "enterprise": ents["name"].to_numpy(dtype=object)[ent],
        "credit_code": ents["credit_code"].to_numpy(dtype=object)[ent],
        "sector": np.array(vocab.SECTORS, dtype=object)[sector],
        "location": tpl_table["location"].to_numpy(dtype=object)[tpl],
        "description": tpl_table["description"].to_numpy(dtype=object)[tpl],
        "level": _choose(major, (vocab.LEVEL_GENERAL, vocab.LEVEL_MAJOR)),
        "treatment": _choose(immediate, (vocab.TREAT_DEADLINE, vocab.TREAT_IMMEDIATE)),
        "measures": tpl_table["measures"].to_numpy(dtype=object)[tpl],
        "resp_unit": ents["name"].to_numpy(dtype=object)[ent],
        "resp_person": resp_person,
        "resp_phone": ents["phone"].to_numpy(dtype=object)[ent],
        "original_deadline": _dates(orig_deadline),
        "deadline": _dates(deadline),
        "funds": funds,
        "interim_measures": tpl_table["interim"].to_numpy(dtype=object)[tpl],
        "status": STATUS_NAMES[status],
        "completed_date": _dates(np.maximum(last_submit, 0), has_completed),
        "verifier": nulls(verifier, has_review),
        "verified_date": _dates(np.maximum(last_review, 0), has_review),
        "verify_result": nulls(_choose(closed, (vocab.VERIFY_FAIL, vocab.VERIFY_PASS)), has_review),
        "closed_date": _dates(np.maximum(last_review, 0), closed),
        "listing_level": listing_level,
        "listing_unit": nulls(listing_unit, listed),
        "listing_doc": nulls(listing_doc, listed),
        "listing_date": _dates(list_day, listed),
        "enforcement": nulls(enforcement, enforced),
        "lat": np.where(has_geo, ents["lat"].to_numpy()[ent], np.nan),
        "lon": np.where(has_geo, ents["lon"].to_numpy()[ent], np.nan),
        "created_at": _stamps(minute[:, 0]),
        "updated_at": _stamps(updated),
    })

    # -- audit events: transitions in step order, then annotations --------------------------------
    parts = []
    prev_to = np.full(n, -1)
    for k in range(K):
        sel = np.flatnonzero(happened[:, k])
        a = act[sel, k]
        actor = np.where(a == A_REGISTER, registrar[sel], np.where((a == A_START) | (a == A_SUBMIT), resp_person[sel],
                                                                    verifier[sel]))
        reason = np.full(len(sel), None, dtype=object)
        fails = a == A_FAIL
        reason[fails] = _choose(rng.integers(0, len(REVIEW_FAIL_REASONS), fails.sum()), REVIEW_FAIL_REASONS)
        parts.append(_frame({
            "happened_at": _stamps(minute[sel, k]), "actor": actor, "entity": _choose(np.zeros(len(sel)), ("hazard",)),
            "entity_id": ids[sel], "action": ACTION_NAMES[a], "from_status": STATUS_NAMES[prev_to[sel]],
            "to_status": STATUS_NAMES[ACTION_TO[a]], "reason": reason, "detail": np.full(len(sel), None, dtype=object),
        }))
        prev_to = np.where(happened[:, k], ACTION_TO[np.maximum(act[:, k], 0)], prev_to)
    for code in (A_EXTEND, A_LIST, A_ENFORCE):
        sel = np.flatnonzero(ann_mask[code])
        at = ann_minute[code][sel]
        before = happened[sel] & (minute[sel] <= at[:, None])
        current = STATUS_NAMES[ACTION_TO[act[sel, before.sum(axis=1) - 1]]]
        if code == A_EXTEND:
            actor = staff[unit[sel], 0]
            reason = np.array(EXTENSION_REASONS, dtype=object)[rng.integers(0, len(EXTENSION_REASONS), len(sel))]
            old = _dates(orig_deadline[sel]).astype("datetime64[D]").astype(str)
            new = _dates(deadline[sel]).astype("datetime64[D]").astype(str)
            approval = np.where(major[sel], CITY_OFFICE, unit_names[unit[sel]] + "安委办") + "批准"
            detail = [json.dumps({"old_deadline": o, "new_deadline": w, "approval": a}, ensure_ascii=False)
                      for o, w, a in zip(old, new, approval)]
        elif code == A_LIST:
            actor = listing_unit[sel]
            reason = np.full(len(sel), "重大事故隐患，列入挂牌督办", dtype=object)
            ldate = _dates(list_day[sel]).astype("datetime64[D]").astype(str)
            detail = [json.dumps({"level": lv, "unit": un, "doc": dc, "date": dt}, ensure_ascii=False)
                      for lv, un, dc, dt in zip(listing_level[sel], listing_unit[sel], listing_doc[sel], ldate)]
        else:
            actor = unit_names[unit[sel]] + "应急管理局"
            reason = np.full(len(sel), "依法采取执法措施", dtype=object)
            detail = [json.dumps({"measure": m}, ensure_ascii=False) for m in enforcement[sel]]
        parts.append(_frame({
            "happened_at": _stamps(at), "actor": actor, "entity": _choose(np.zeros(len(sel)), ("hazard",)),
            "entity_id": ids[sel],
            "action": ACTION_NAMES[code], "from_status": current, "to_status": current, "reason": reason,
            "detail": np.array(detail, dtype=object),
        }))
    events = pd.concat(parts, ignore_index=True)

    # -- inspections: one visit per group, day and enterprise with hazards, plus visits that found none
    e_count = len(ents)
    g = unit[by_group]
    key = (g.astype(np.int64) * NDAYS + day[by_group]) * e_count + ent[by_group]
    keys, counts = np.unique(key, return_counts=True)
    extra_n = max(1, len(keys) // 4)
    x_unit = rng.choice(nu, size=extra_n, p=_weights([UNIT_PROFILE[x][0] for x in names]))
    x_sector = rng.choice(ns, size=extra_n, p=_weights([SECTOR_WEIGHTS[s] for s in vocab.SECTORS]))
    x_day = rng.choice(NDAYS, size=extra_n, p=_day_weights())
    x_ent = _pick(rng, ref.ent_offset[x_unit * ns + x_sector], ref.ent_size[x_unit * ns + x_sector])
    x_key = np.unique((x_unit.astype(np.int64) * NDAYS + x_day) * e_count + x_ent)
    x_key = x_key[~np.isin(x_key, keys)]
    all_keys = np.concatenate([keys, x_key])
    all_counts = np.concatenate([counts, np.zeros(len(x_key), dtype=np.int64)])
    i_ent = all_keys % e_count
    i_day = (all_keys // e_count) % NDAYS
    i_unit = all_keys // e_count // NDAYS
    order = np.lexsort((i_ent, i_unit, i_day))
    i_ent, i_day, i_unit, all_counts = i_ent[order], i_day[order], i_unit[order], all_counts[order]
    inspections = _frame({
        "id": np.arange(1, len(order) + 1),
        "group_id": i_unit + 1,
        "unit_code": unit_codes[i_unit],
        "visit_date": _dates(i_day),
        "enterprise": ents["name"].to_numpy(dtype=object)[i_ent],
        "sector": np.array(vocab.SECTORS, dtype=object)[ents["sector"].to_numpy()[i_ent]],
        "covert": np.ones(len(order), dtype=bool),
        "hazards_found": all_counts,
    })
    return hazards, events, inspections


# the written handover of the groups' hazard lists: per unit name, the share never handed over to the county
# government and to 市安委办 (the rest: 0.02 / 0.04); two groups visibly weaker for the 督查组评价 page
HANDOVER_MISSED = {"紫阳县": (0.16, 0.03), "白河县": (0.03, 0.32)}


def _handovers(rng: np.random.Generator, hazards: pd.DataFrame, ref: Ref) -> None:
    """handed_county_on / handed_city_on of the group-found hazards: mostly within a few days of finding, to the
    county more reliably than to the city; NULL when missed or not yet (after the as-of date). An own random
    stream, so the rest of the demo is unchanged."""
    n = len(hazards)
    names = dict(zip(ref.units["code"], ref.units["name"]))
    unit_names = hazards["unit_code"].map(names)
    missed = np.array([HANDOVER_MISSED.get(u, (0.02, 0.04)) for u in unit_names]).reshape(n, 2)
    found = (hazards["found_date"].to_numpy().astype("datetime64[D]") - _EPOCH).astype(np.int64)
    by_group = hazards["group_id"].notna().to_numpy()
    county = found + rng.choice([0, 0, 0, 1, 1, 2, 3], size=n)
    city = county + rng.choice([0, 1, 1, 2, 3, 5], size=n)
    county_ok = by_group & (rng.random(n) >= missed[:, 0]) & (county <= LAST_DAY)
    city_ok = by_group & (rng.random(n) >= missed[:, 1]) & (city <= LAST_DAY)
    hazards["handed_county_on"] = _dates(county, county_ok)
    hazards["handed_city_on"] = _dates(city, city_ok)


# ------------------------------------------------------------------------------------------------
# Fires attended, 2019 .. the as-of time
# ------------------------------------------------------------------------------------------------

FIRE_PLACE_SHARES = {  # non-residential places
    "商场市场": 4, "宾馆饭店": 2, "餐饮场所": 6, "歌舞娱乐场所": 1, "学校": 1, "医院": 1, "养老机构": 0.5, "办公场所": 2,
    "厂房": 5, "仓储场所": 3, "交通工具": 14, "施工工地": 2, "农副业生产场所": 4, "易燃易爆场所": 0.5, "户外垃圾草垛": 40,
    "其他": 14,
}
OTHER_CAUSE_SHARES = {"生产作业": 6, "吸烟": 18, "玩火": 10, "自燃": 8, "雷击": 1, "静电": 1, "遗留火种": 22, "放火": 3,
                      "其他": 14, "原因不明": 17}
# how well a cause fits a place (multiplies the remaining counts when causes are dealt out)
CAUSE_FIT = {
    "户外垃圾草垛": {"电气火灾": 0.05, "生活用火不慎": 1, "吸烟": 3, "玩火": 3, "遗留火种": 4, "自燃": 1, "放火": 1},
    "交通工具": {"电气火灾": 3, "生活用火不慎": 0.05, "自燃": 4, "其他": 2, "原因不明": 2},
    "住宅": {"电气火灾": 3, "生活用火不慎": 3, "吸烟": 1, "玩火": 0.5},
    "厂房": {"电气火灾": 3, "生产作业": 4, "生活用火不慎": 0.3},
    "施工工地": {"电气火灾": 2, "生产作业": 4, "生活用火不慎": 0.3},
}
CENTRAL_STREETS = ("老城街道", "新城街道", "江北街道", "建民街道")
ROADS = ("兴安路", "巴山路", "金州路", "育才路", "大桥路", "新城路", "香溪路", "江北大道", "滨江大道", "长春路", "鼓楼街", "进士巷",
         "环城路", "东坝路", "西城阁路", "南环路")
VILLAGES = ("新庄村", "花园村", "石梯村", "双溪村", "梨树村", "桥儿沟村", "枫树村", "前进村", "响水村", "团结村", "青山村", "河坝村")


@dataclass
class FireYear:
    year: int
    count: int
    end: datetime                      # last possible time
    residential: int
    electrical: int
    careless: int
    central: int
    loss_cents: int                    # total direct loss in 0.01 万元
    casualties: list[tuple[int, int]]  # (deaths, injuries) per residential / other casualty fire
    records: list[dict]                # fixed rows (counted in the totals above)


def _fire_year(rnd: random.Random, spec: FireYear, ref: Ref) -> list[dict]:
    names = list(ref.units["name"])
    n = spec.count - len(spec.records)
    rec_res = sum(r["place_type"] == "住宅" for r in spec.records)
    rec_ele = sum(r["cause"] == "电气火灾" for r in spec.records)
    rec_car = sum(r["cause"] == "生活用火不慎" for r in spec.records)
    rec_cen = sum(r["central_city"] for r in spec.records)
    places = ["住宅"] * (spec.residential - rec_res)
    for place, k in _exact_counts(n - len(places), FIRE_PLACE_SHARES).items():
        places += [place] * k
    rnd.shuffle(places)
    pool = {"电气火灾": spec.electrical - rec_ele, "生活用火不慎": spec.careless - rec_car}
    pool.update(_exact_counts(n - sum(pool.values()), OTHER_CAUSE_SHARES))
    causes: list[str | None] = [None] * n
    # deal the most constrained places first, then the rest, so the cause totals come out exactly
    order = sorted(range(n), key=lambda i: (places[i] not in CAUSE_FIT, i))
    for i in order:
        fit = CAUSE_FIT.get(places[i], {})
        keys = [c for c in pool if pool[c] > 0]
        weights = [pool[c] * fit.get(c, 1.0) for c in keys]
        cause = rnd.choices(keys, weights)[0]
        pool[cause] -= 1
        causes[i] = cause
    central = [True] * (spec.central - rec_cen) + [False] * (n - spec.central + rec_cen)
    rnd.shuffle(central)

    # dates: more fires in winter and spring (heating, festival fireworks, dry grass)
    start = datetime(spec.year, 1, 1)
    total_days = (spec.end - start).days + 1
    day_w = [1.0 + 0.8 * math.cos(2 * math.pi * (d - 20) / 365) for d in range(total_days)]
    hour_w = [1, 0.7, 0.6, 0.5, 0.5, 0.6, 0.8, 1.2, 1.5, 1.7, 1.9, 2.0, 2.0, 2.0, 2.1, 2.1, 2.0, 2.0, 2.2, 2.3, 2.1,
              1.8, 1.5, 1.2]
    rows = []
    rural_units = [x for x in names if x != "安康高新区"]
    rural_w = [{"汉滨区": 14, "汉阴县": 9, "石泉县": 7, "宁陕县": 5, "紫阳县": 10, "岚皋县": 7, "平利县": 8, "镇坪县": 4,
                "旬阳市": 15, "白河县": 8, "恒口示范区": 7}[x] for x in rural_units]
    for i in range(n):
        while True:
            d = start + timedelta(days=rnd.choices(range(total_days), day_w)[0],
                                  hours=rnd.choices(range(24), hour_w)[0], minutes=rnd.randrange(60))
            if d <= spec.end:
                break
        if central[i]:
            uname = "汉滨区" if rnd.random() < 0.87 else "安康高新区"
            street = f"{rnd.choice(CENTRAL_STREETS)}{rnd.choice(ROADS)}{rnd.randrange(1, 300)}号"
            address = (f"{uname}{street}" if uname == "汉滨区"
                       else f"安康高新区{rnd.choice(('科技大道', '高新大道', '月河大道', '创业路'))}{rnd.randrange(1, 200)}号")
        else:
            uname = rnd.choices(rural_units, rural_w)[0]
            town = rnd.choice(UNIT_PROFILE[uname][4][4:] if uname == "汉滨区" else UNIT_PROFILE[uname][4])
            address = f"{uname}{town}{rnd.choice(VILLAGES)}"
        rows.append({"occurred_at": d, "unit_code": ref.code(uname), "central_city": central[i],
                     "place_type": places[i], "cause": causes[i], "name": None, "address": address, "deaths": 0,
                     "injuries": 0})
    # casualties: residential fires first, in date order of the generated rows
    residential_rows = [r for r in rows if r["place_type"] == "住宅"]
    other_rows = [r for r in rows if r["place_type"] not in ("住宅", "户外垃圾草垛")]
    for k, (deaths, injuries) in enumerate(spec.casualties):
        target = residential_rows[7 + 31 * k] if deaths or k % 2 == 0 else other_rows[5 + 13 * k]
        target["deaths"], target["injuries"] = deaths, injuries
    # losses: whole 0.01 万元 steps summing exactly to the year's total
    base = {"户外垃圾草垛": 0.0, "交通工具": 1.6, "住宅": 1.3, "商场市场": 4.0, "厂房": 5.0, "仓储场所": 4.0, "其他": 0.5}
    weights = np.array([base.get(r["place_type"], 2.0) * rnd.lognormvariate(0, 0.9) for r in rows])
    cents = _split_exact(spec.loss_cents - sum(round(r["direct_loss"] * 100) for r in spec.records), weights)
    for r, c in zip(rows, cents):
        r["direct_loss"] = int(c) / 100
    rows += [dict(r) for r in spec.records]
    rows.sort(key=lambda r: (r["occurred_at"], r["unit_code"], r["address"]))
    for k, r in enumerate(rows, start=1):
        r["id"] = f"HZ{spec.year}-{k:04d}"
    return rows


def _fire_incidents(rnd: random.Random, ref: Ref) -> pd.DataFrame:
    hb = ref.code("汉滨区")
    baoye = {"occurred_at": datetime(2020, 6, 11, 4, 36), "unit_code": hb, "central_city": True, "place_type": "商场市场",
             "cause": "电气火灾", "name": "宝业市场火灾", "address": "汉滨区老城街道宝业市场", "deaths": 0, "injuries": 0,
             "direct_loss": 523.47}
    xinghua = {"occurred_at": datetime(2021, 4, 2, 21, 14), "unit_code": hb, "central_city": True, "place_type": "商场市场",
               "cause": "电气火灾", "name": "兴华建材市场东区商铺火灾", "address": "汉滨区江北街道兴华建材市场东区", "deaths": 0,
               "injuries": 0, "direct_loss": 86.4}
    mayday = {"occurred_at": datetime(2021, 5, 1, 11, 20), "unit_code": hb, "central_city": True, "place_type": "住宅",
              "cause": "电气火灾", "name": None, "address": "汉滨区江北街道滨江大道108号金域小区6号楼", "deaths": 0,
              "injuries": 2, "direct_loss": 3.6}
    years = [
        FireYear(2019, 806, datetime(2019, 12, 31, 23, 59), 297, 252, 289, 330, 149856, [(2, 1), (0, 2), (0, 2)], []),
        FireYear(2020, 878, datetime(2020, 12, 31, 23, 59), 330, 281, 312, 369, 192500,
                 [(2, 0), (1, 1), (0, 2), (0, 1)], [baoye]),
        FireYear(2021, 297, AS_OF, 118, 97, 103, 126, 61237, [(0, 1)], [xinghua, mayday]),
    ]
    rows = []
    for spec in years:
        rows += _fire_year(rnd, spec, ref)
    frame = pd.DataFrame(rows)[["id", "occurred_at", "unit_code", "central_city", "place_type", "cause", "name",
                                "address", "deaths", "injuries", "direct_loss"]]
    # the most recent fires are still under investigation
    recent = frame["occurred_at"] >= datetime(2021, 4, 24)
    frame.loc[recent & (frame["cause"].isin(["原因不明", "其他"])), "cause"] = "正在调查"
    return frame


# ------------------------------------------------------------------------------------------------
# Major fire-hazard units (GB 35181-2017)
# ------------------------------------------------------------------------------------------------

LISTING_DOC_1, LISTING_DOC_2 = "安政安办发〔2021〕12号", "安政安办发〔2021〕21号"
# name, unit, address, place, judgement, clauses, description, filed, listing doc, original deadline, deadline, status,
# progress, funds, supervising dept, interim measures, milestones (name, done)
FIRE_UNITS = (
    ("汉滨区金州农贸综合市场", "汉滨区", "汉滨区老城街道金州路128号", "商场市场", "直接判定", "GB 35181-2017 第6.5条",
     "市场安全出口数量不足，总净宽度小于规定值的80%，经营摊位占用疏散通道", date(2020, 11, 18), LISTING_DOC_1,
     date(2021, 4, 30), date(2021, 4, 30), vocab.FU_IN_PROGRESS, 60, 180.0, "市商务局", "增设临时安全出口指示，安排专人疏导，夜间闭市断电",
     (("制定整改方案", True), ("清理占道摊位", True), ("拆除违章搭建", True), ("增设安全出口", False), ("组织复查验收", False))),
    ("汉滨区江北鑫悦购物广场", "汉滨区", "汉滨区江北街道滨江大道66号", "商场市场", "直接判定", "GB 35181-2017 第6.6条",
     "地上四层商场未按规定设置自动喷水灭火系统，火灾自动报警系统部分区域未覆盖", date(2020, 12, 2), LISTING_DOC_1,
     date(2021, 5, 31), date(2021, 5, 31), vocab.FU_IN_PROGRESS, 70, 320.0, "市商务局", "增配灭火器和微型消防站，每2小时巡查一次",
     (("制定整改方案", True), ("完成施工图设计审查", True), ("完善自动喷水灭火系统", True), ("完善火灾自动报警系统", False),
      ("联动调试", False), ("组织复查验收", False))),
    ("汉滨区老城兴安路沿街商住楼", "汉滨区", "汉滨区老城街道兴安路东段", "住宅", "综合判定",
     "GB 35181-2017 第7.1.1条、7.4.3条、7.3.8条", "消防车道被占用，室内消火栓系统无水，疏散指示标志和应急照明缺失",
     date(2020, 12, 10), LISTING_DOC_1, date(2021, 4, 30), date(2021, 6, 30), vocab.FU_IN_PROGRESS, 55, 96.5, "市住建局",
     "清理消防车道，设置临时消防水箱，组建义务消防队", (("制定整改方案", True), ("清理消防车道", True), ("增设室内消火栓系统", False),
                                             ("增设应急照明和疏散指示标志", False), ("组织复查验收", False))),
    ("安康高新区恒盛电子产业园3号厂房", "安康高新区", "安康高新区科技大道18号", "厂房", "综合判定",
     "GB 35181-2017 第7.2.1条、7.4.5条、7.7.1条", "防火分区面积超标，自动喷水灭火系统和火灾自动报警系统未设置",
     date(2021, 1, 12), LISTING_DOC_1, date(2021, 7, 15), date(2021, 7, 15), vocab.FU_IN_PROGRESS, 40, 260.0, "市工信局",
     "限制车间内可燃物存放量，落实动火审批", (("制定整改方案", True), ("增设防火分隔", True), ("完善自动喷水灭火系统", False),
                                    ("完善火灾自动报警系统", False), ("组织复查验收", False))),
    ("旬阳市蜀河镇古镇老街木结构连片民居", "旬阳市", "旬阳市蜀河镇古镇老街", "住宅", "综合判定",
     "GB 35181-2017 第7.1.2条、7.3.3条、7.4.2条", "木结构建筑连片，防火间距不足，无市政消火栓，消防车无法通行",
     date(2021, 3, 5), LISTING_DOC_2, date(2021, 10, 31), date(2021, 10, 31), vocab.FU_FILED, 5, 450.0, "市住建局",
     "组建志愿消防队，配置手抬机动消防泵，开展入户用电检查", (("制定整改方案", False), ("增设室外消火栓", False),
                                               ("拆除违章搭建", False), ("组织复查验收", False))),
    ("汉阴县城关镇鸿福大酒店", "汉阴县", "汉阴县城关镇三沈路26号", "宾馆饭店", "直接判定", "GB 35181-2017 第6.6条",
     "旅馆未按规定设置火灾自动报警系统", date(2020, 12, 21), None, date(2021, 5, 15), date(2021, 5, 15),
     vocab.FU_REVIEW_REQUESTED, 95, 58.0, "市文旅广电局", "客房禁止吸烟，夜间加强巡查",
     (("制定整改方案", True), ("完善火灾自动报警系统", True), ("联动调试", True), ("组织复查验收", False))),
    ("紫阳县城关镇富硒茶城", "紫阳县", "紫阳县城关镇新华街88号", "商场市场", "综合判定", "GB 35181-2017 第7.3.2条、7.3.5条",
     "疏散楼梯间形式不符合规定，部分疏散门设置卷帘门", date(2020, 11, 26), None, date(2021, 4, 15), date(2021, 4, 15),
     vocab.FU_IN_PROGRESS, 35, 75.0, "市商务局", "营业期间卷帘门保持开启，安排疏散引导员",
     (("制定整改方案", True), ("改造疏散楼梯间", False), ("更换疏散门", False), ("组织复查验收", False))),
    ("平利县城关镇长安养老院", "平利县", "平利县城关镇正阳路15号", "养老机构", "直接判定", "GB 35181-2017 第6.9条",
     "老年人居室设置在建筑四层及以上，且未设置自动喷水灭火系统", date(2021, 1, 18), None, date(2021, 6, 30), date(2021, 6, 30),
     vocab.FU_IN_PROGRESS, 50, 88.0, "市民政局", "失能老人调整至一、二层居住，夜间双人值守",
     (("制定整改方案", True), ("调整老年人居室楼层", True), ("完善自动喷水灭火系统", False), ("组织复查验收", False))),
    ("石泉县星光娱乐会所", "石泉县", "石泉县城关镇江南大道52号", "歌舞娱乐场所", "直接判定", "GB 35181-2017 第6.5条",
     "歌舞娱乐场所安全出口数量不足", date(2020, 12, 28), None, date(2021, 5, 20), date(2021, 5, 20), vocab.FU_REVIEW_REQUESTED,
     95, 42.0, "市文旅广电局", "停业整改", (("制定整改方案", True), ("增设安全出口", True), ("组织复查验收", False))),
    ("白河县城关镇大桥路农贸市场", "白河县", "白河县城关镇大桥路31号", "商场市场", "综合判定",
     "GB 35181-2017 第7.1.1条、7.4.3条、7.6.2条", "消防车道不畅，室内消火栓系统瘫痪，消防用电设备未采用专用供电回路",
     date(2020, 11, 10), None, date(2021, 3, 31), date(2021, 3, 31), vocab.FU_FILED, 10, 65.0, "市商务局",
     "增配灭火器，落实闭市巡查", (("制定整改方案", False), ("清理消防车道", False), ("增设室内消火栓系统", False),
                           ("改造消防供电线路", False), ("组织复查验收", False))),
    ("岚皋县南宫山镇游客服务中心", "岚皋县", "岚皋县南宫山镇景区大道1号", "宾馆饭店", "综合判定", "GB 35181-2017 第7.3.8条、7.7.1条",
     "应急照明和疏散指示标志设置不符合规定，火灾自动报警系统未设置", date(2021, 2, 3), None, date(2021, 8, 31),
     date(2021, 8, 31), vocab.FU_IN_PROGRESS, 30, 36.0, "市文旅广电局", "增设临时应急照明，节假日安排消防员驻点",
     (("制定整改方案", True), ("增设应急照明和疏散指示标志", False), ("完善火灾自动报警系统", False), ("组织复查验收", False))),
    ("恒口示范区兴隆综合市场", "恒口示范区", "恒口示范区恒口镇兴隆街", "商场市场", "综合判定",
     "GB 35181-2017 第7.2.3条、7.3.3条、7.4.3条", "防火分隔缺失，安全出口宽度不足，室内消火栓未设置", date(2021, 3, 16), None,
     date(2021, 9, 30), date(2021, 9, 30), vocab.FU_FILED, 0, 120.0, "市商务局", "限制经营户储存量，增配灭火器",
     (("制定整改方案", False), ("增设防火分隔", False), ("增设室内消火栓系统", False), ("组织复查验收", False))),
    ("汉滨区育才路民办双语幼儿园", "汉滨区", "汉滨区新城街道育才路45号", "学校", "直接判定", "GB 35181-2017 第6.9条",
     "幼儿园儿童用房设置在四层，不符合楼层位置规定", date(2021, 1, 6), None, date(2021, 5, 6), date(2021, 5, 6),
     vocab.FU_IN_PROGRESS, 85, 28.0, "市教育体育局", "四层停止使用，儿童活动调整至一至三层",
     (("制定整改方案", True), ("调整儿童用房", True), ("拆除违章搭建", True), ("组织复查验收", False))),
    ("旬阳市城关镇祝尔康大道仓储物流园", "旬阳市", "旬阳市城关镇祝尔康大道209号", "仓储场所", "直接判定", "GB 35181-2017 第6.2条",
     "储存易燃易爆物品的仓库与员工宿舍设置在同一建筑内", date(2021, 2, 26), None, date(2021, 11, 30), date(2021, 11, 30),
     vocab.FU_IN_PROGRESS, 20, 150.0, "市商务局", "员工宿舍停止使用，易燃易爆物品减量存放",
     (("制定整改方案", True), ("搬迁员工宿舍", False), ("改造仓库防火分隔", False), ("组织复查验收", False))),
)


def _fire_units(rnd: random.Random, people: People, ref: Ref) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    units_rows, milestones, events = [], [], []
    used_points: dict[str, int] = {}
    rng = np.random.default_rng(SEED + 35181)
    for k, spec in enumerate(FIRE_UNITS, start=1):
        (name, uname, address, place, judgement, clauses, desc, filed, doc, orig, deadline, status, progress, funds,
         dept, interim, plan) = spec
        fid = f"ZDHZ-{k:02d}"
        brigade = f"{uname}消防救援大队"
        rings, radius = _unit_rings(ref.rings, uname)
        ui = ref.index(uname)
        lat, lon = _points(rng, 1, float(ref.units["lat"][ui]), float(ref.units["lon"][ui]), min(radius, 0.02), rings)
        used_points[uname] = used_points.get(uname, 0) + 1
        listed = doc is not None
        listing_date = (date(2021, 3, 16) if doc == LISTING_DOC_1 else date(2021, 4, 20)) if listed else None
        announced = listing_date + timedelta(days=2) if listed else None
        resp_person = people.name()
        started = filed + timedelta(days=12)
        review_requested = None
        if status == vocab.FU_REVIEW_REQUESTED:
            review_requested = AS_OF_DATE - timedelta(days=3 if k % 2 else 5)
        last_possible = (review_requested or AS_OF_DATE) - timedelta(days=1)
        # milestones: planned evenly from filed + 15 days to the deadline; done ones have an actual date
        m = len(plan)
        first = filed + timedelta(days=15)
        span = (deadline - first).days
        ev = [(_at(filed, 10, 30), brigade, "立案", None, vocab.FU_FILED, None,
               {"clauses": clauses, "judgement": judgement})]
        status_now = vocab.FU_FILED
        if status != vocab.FU_FILED:
            ev.append((_at(started, 9, 30), resp_person, "开始整改", vocab.FU_FILED, vocab.FU_IN_PROGRESS, None, None))
        done_dates = []
        for seq, (mname, done) in enumerate(plan, start=1):
            planned = first + timedelta(days=round(span * (seq - 1) / max(m - 1, 1)))
            actual = None
            if done:
                actual = min(max(planned + timedelta(days=rnd.randint(-6, 5)), started + timedelta(days=seq)),
                             last_possible - timedelta(days=m - seq))
                done_dates.append((actual, mname))
            milestones.append({"fire_unit_id": fid, "seq": seq, "name": mname, "planned_date": planned,
                               "actual_date": actual})
        done_count = len(done_dates)
        for j, (actual, mname) in enumerate(done_dates, start=1):
            share = progress if j == done_count else round(progress * j / (done_count + 1))
            ev.append((_at(actual, 15, 0), resp_person, "更新进度", vocab.FU_IN_PROGRESS, vocab.FU_IN_PROGRESS, None,
                       {"milestone": mname, "progress": share}))
        if listed:
            ev.append((_at(listing_date, 11, 0), CITY_OFFICE, "挂牌督办", None, None, "重大火灾隐患，列入市级挂牌督办",
                       {"level": vocab.LISTING_CITY, "unit": "安康市人民政府安全生产委员会", "doc": doc}))
        if deadline != orig:
            ev.append((_at(date(2021, 4, 26), 16, 0), CITY_OFFICE, "延期", None, None, "消防车道拓宽涉及规划调整，需协调审批",
                       {"old_deadline": orig, "new_deadline": deadline}))
        if status == vocab.FU_REVIEW_REQUESTED:
            ev.append((_at(review_requested, 10, 0), resp_person, "申请复查", vocab.FU_IN_PROGRESS,
                       vocab.FU_REVIEW_REQUESTED, None, {"progress": progress}))
        ev.sort(key=lambda e: e[0])
        for at, actor, action, from_s, to_s, reason, detail in ev:
            if to_s is None:                  # listing and extension keep the status of the moment
                from_s = to_s = status_now
            status_now = to_s
            events.append({"happened_at": at, "actor": actor, "entity": "fire_unit", "entity_id": fid, "action": action,
                           "from_status": from_s, "to_status": to_s, "reason": reason, "detail": detail})
        assert status_now == status, (fid, status_now, status)
        units_rows.append({
            "id": fid, "name": name, "unit_code": ref.code(uname), "address": address, "lat": float(lat[0]),
            "lon": float(lon[0]), "place_type": place, "judgement": judgement, "clauses": clauses, "description": desc,
            "filed_date": filed, "listing_level": vocab.LISTING_CITY if listed else vocab.NOT_LISTED,
            "listing_doc": doc, "listing_date": listing_date, "announced_date": announced, "original_deadline": orig,
            "deadline": deadline,
            "resp_unit": name, "resp_person": resp_person, "resp_phone": people.mobile(), "supervising_dept": dept,
            "fire_brigade": brigade, "progress": progress, "funds": funds, "interim_measures": interim,
            "status": status, "review_requested_date": review_requested, "closed_date": None,
            "updated_at": max(e[0] for e in ev),
        })
    return pd.DataFrame(units_rows), pd.DataFrame(milestones), events


# ------------------------------------------------------------------------------------------------
# May Day duty: roster, reports, incidents, warnings, dispatch
# ------------------------------------------------------------------------------------------------

DUTY_DAYS = [date(2021, 5, d) for d in range(1, 6)]
# per report day: zero-report units, submission times (hh, mm) that differ from the default, missing units
ZERO_REPORTS = {1: ("宁陕县", "镇坪县", "岚皋县", "白河县", "恒口示范区"), 2: ("宁陕县", "镇坪县", "石泉县", "安康高新区"),
                3: ("宁陕县", "汉阴县")}
# submission times that are not the default early afternoon: the late ones, and 旬阳市 after its crash report
REPORT_TIMES = {(1, "白河县"): (18, 5), (1, "紫阳县"): (16, 40), (2, "恒口示范区"): (16, 52), (3, "紫阳县"): (16, 25),
                (2, "旬阳市"): (15, 40)}
MISSING_ON_AS_OF = ("岚皋县", "镇坪县", "白河县", "恒口示范区")


def _duty(rnd: random.Random, people: People, ref: Ref, hazards: pd.DataFrame, inspections: pd.DataFrame) -> dict:
    names = list(ref.units["name"])
    codes = {n: ref.code(n) for n in names}
    duty_phone = {n: people.landline() for n in names}
    roster = []
    for d in DUTY_DAYS:
        for n in names:
            title = LEADER_TITLES.get(n, "副县长")
            roster.append({"unit_code": codes[n], "duty_date": d, "leader": people.name(),
                           "leader_title": rnd.choice((title, title, "县委常委、" + title)) if title == "副县长" else title,
                           "leader_phone": people.mobile(), "officer": people.name(), "officer_phone": people.mobile(),
                           "duty_phone": duty_phone[n]})
    roster_by = {(r["unit_code"], r["duty_date"]): r for r in roster}

    # daily counts from the ledger
    found = hazards.groupby(["unit_code", "found_date"]).size()
    fixed = hazards.dropna(subset=["closed_date"]).groupby(["unit_code", "closed_date"]).size()
    visits = inspections.groupby(["unit_code", "visit_date"]).size()

    def count(series, code, d):
        return int(series.get((code, pd.Timestamp(d)), 0))

    # what the incidents add to the units' reports: (day, unit) -> (accidents, fires, deaths, injuries, note)
    incident_notes = {
        (1, "汉滨区"): (0, 1, 0, 2, "11时20分江北街道金域小区一住户发生火灾，2人轻伤，已扑灭。"),
        (2, "旬阳市"): (1, 0, 2, 5, "14时20分G316线吕河镇段发生一起道路交通事故，造成2人死亡、5人受伤，正在处置。"),
        (3, "平利县"): (1, 0, 0, 1, "10时15分城关镇一茶叶加工企业发生机械伤害事故，1人受伤，已送医救治。"),
        (3, "紫阳县"): (0, 0, 0, 0, "9时40分汉江城关镇段一旅游客船主机故障，12名乘客已全部安全转移。"),
    }
    key_matters = {"岚皋县": "南宫山景区客流较大，已实行预约限流", "紫阳县": "汉江沿线渡口加强值守",
                   "旬阳市": "G316线事故伤员救治和善后处置", "汉滨区": "瀛湖景区游船加强安全检查"}
    reports, events = [], []
    for day_no in (1, 2, 3):
        d = date(2021, 5, day_no)
        for n in names:
            if day_no == 3 and n in MISSING_ON_AS_OF:
                continue
            code = codes[n]
            r = roster_by[(code, d)]
            hh, mm = REPORT_TIMES.get((day_no, n), (rnd.randint(13, 15), rnd.randrange(60)))
            base = {"unit_code": code, "report_date": d, "version": 1, "submitted_at": _at(d, hh, mm),
                    "leader": r["leader"], "leader_title": r["leader_title"], "leader_phone": r["leader_phone"],
                    "officer": r["officer"], "officer_phone": r["officer_phone"], "duty_phone": r["duty_phone"],
                    "reporter": r["officer"], "accidents": 0, "fires": 0, "deaths": 0, "injuries": 0, "inspections": 0,
                    "hazards_found": 0, "hazards_fixed": 0, "key_matters": None}
            if n in ZERO_REPORTS[day_no] and (day_no, n) not in incident_notes:
                base.update(situation=vocab.REPORT_ZERO, details="无生产安全事故，无火灾，安全形势平稳（零报告）。")
            else:
                acc, fires, deaths, injuries, note = incident_notes.get((day_no, n), (0, 0, 0, 0, ""))
                n_insp = count(visits, code, d) + rnd.randint(3, 12)
                n_found, n_fixed = count(found, code, d), count(fixed, code, d)
                base.update(situation=vocab.REPORT_SITUATION, accidents=acc, fires=fires, deaths=deaths,
                            injuries=injuries, inspections=n_insp, hazards_found=n_found, hazards_fixed=n_fixed,
                            details=f"{note}当日检查生产经营单位{n_insp}家，发现隐患{n_found}处，整改销号{n_fixed}处，"
                                    "其余安全形势总体平稳。",
                            key_matters=key_matters.get(n) if rnd.random() < 0.6 else None)
            reports.append(base)
            events.append({"happened_at": base["submitted_at"], "actor": base["reporter"], "entity": "duty_report",
                           "entity_id": f"{code}/{d.isoformat()}/1", "action": "报送", "to_status": base["situation"],
                           "detail": {"unit": n, "report_date": d, "version": 1}})
            if day_no == 2 and n == "旬阳市":        # resubmission after the crash victim died in hospital
                again = dict(base, version=2, submitted_at=_at(d, 19, 10), deaths=3, injuries=4,
                             details=base["details"].replace("造成2人死亡、5人受伤，正在处置",
                                                             "造成3人死亡（1人经抢救无效死亡）、4人受伤，正在处置"))
                reports.append(again)
                events.append({"happened_at": again["submitted_at"], "actor": again["reporter"],
                               "entity": "duty_report", "entity_id": f"{code}/{d.isoformat()}/2",
                               "action": "更正报送", "to_status": again["situation"], "reason": "事故伤亡人数变化，更正报送",
                               "detail": {"unit": n, "report_date": d, "version": 2, "deaths": 3}})

    xy, hb, pl, zy = codes["旬阳市"], codes["汉滨区"], codes["平利县"], codes["紫阳县"]
    incidents = [
        {"id": "SJ20210501-01", "chain_id": "SJ20210501-01", "stage": "初报", "occurred_at": datetime(2021, 5, 1, 11, 20),
         "received_at": datetime(2021, 5, 1, 12, 5), "reported_at": datetime(2021, 5, 1, 12, 45), "source": "汉滨区消防救援大队",
         "unit_code": hb, "place": "汉滨区江北街道金域小区6号楼", "kind": "火灾事故", "sector": "消防", "deaths": 0,
         "serious_injuries": 0, "injuries": 2, "missing": 0, "direct_loss": 0.0, "trend": "明火已扑灭，无蔓延风险",
         "measures": "消防救援大队出动3车15人处置，伤员送医", "description": "一住户厨房电气线路故障引发火灾，2人轻伤"},
        {"id": "SJ20210501-01-2", "chain_id": "SJ20210501-01", "stage": "续报",
         "occurred_at": datetime(2021, 5, 1, 11, 20),
         "received_at": datetime(2021, 5, 1, 15, 10), "reported_at": datetime(2021, 5, 1, 15, 30), "source": "汉滨区应急管理局",
         "unit_code": hb, "place": "汉滨区江北街道金域小区6号楼", "kind": "火灾事故", "sector": "消防", "deaths": 0,
         "serious_injuries": 0, "injuries": 2, "missing": 0, "direct_loss": 3.6, "trend": "伤员生命体征平稳，已出院1人",
         "measures": "组织小区开展电气线路隐患排查", "description": "过火面积约20平方米，直接经济损失约3.6万元"},
        {"id": "SJ20210502-01", "chain_id": "SJ20210502-01", "stage": "初报", "occurred_at": datetime(2021, 5, 2, 14, 20),
         "received_at": datetime(2021, 5, 2, 14, 35), "reported_at": datetime(2021, 5, 2, 14, 58),
         "source": "旬阳市应急管理局电话报告", "unit_code": xy, "place": "G316线旬阳市吕河镇段", "kind": "道路交通事故", "sector": "道路交通",
         "deaths": 2,
         "serious_injuries": 3, "injuries": 5, "missing": 0, "direct_loss": 0.0, "trend": "伤员已送旬阳市医院救治，事故原因正在调查",
         "measures": "交警、医疗、应急等部门已赶赴现场，实施交通管制",
         "description": "一辆小型普通客车与一辆重型半挂货车相撞，造成2人死亡、5人受伤"},
        {"id": "SJ20210502-01-2", "chain_id": "SJ20210502-01", "stage": "续报",
         "occurred_at": datetime(2021, 5, 2, 14, 20),
         "received_at": datetime(2021, 5, 2, 18, 20), "reported_at": datetime(2021, 5, 2, 18, 30), "source": "旬阳市人民政府",
         "unit_code": xy, "place": "G316线旬阳市吕河镇段", "kind": "道路交通事故", "sector": "道路交通", "deaths": 3,
         "serious_injuries": 2, "injuries": 4, "missing": 0, "direct_loss": 62.5,
         "trend": "1名重伤员经抢救无效死亡，其余伤员生命体征平稳", "measures": "成立事故调查组，开展道路运输安全隐患排查",
         "description": "事故已造成3人死亡、4人受伤，直接经济损失约62.5万元"},
        {"id": "SJ20210503-01", "chain_id": "SJ20210503-01", "stage": "初报", "occurred_at": datetime(2021, 5, 3, 9, 40),
         "received_at": datetime(2021, 5, 3, 9, 52), "reported_at": datetime(2021, 5, 3, 10, 20), "source": "紫阳县交通运输局",
         "unit_code": zy, "place": "汉江紫阳县城关镇段", "kind": "水上交通险情", "sector": "水上交通", "deaths": 0,
         "serious_injuries": 0, "injuries": 0, "missing": 0, "direct_loss": 0.0, "trend": "12名乘客已全部安全转移",
         "measures": "海事、公安船艇现场救援，客船拖带靠岸", "description": "一艘旅游客船主机故障失去动力漂流"},
        {"id": "SJ20210503-02", "chain_id": "SJ20210503-02", "stage": "初报", "occurred_at": datetime(2021, 5, 3, 10, 15),
         "received_at": datetime(2021, 5, 3, 10, 30), "reported_at": datetime(2021, 5, 3, 10, 50), "source": "平利县应急管理局",
         "unit_code": pl, "place": "平利县城关镇某茶叶加工企业", "kind": "机械伤害事故", "sector": "工贸", "deaths": 0,
         "serious_injuries": 1, "injuries": 1, "missing": 0, "direct_loss": 0.0, "trend": "伤者已送县医院救治，生命体征平稳",
         "measures": "企业停产排查，县应急局派员调查", "description": "一名工人清理揉捻机时右手被卷入受伤"},
    ]
    for inc in incidents:
        events.append({"happened_at": inc["reported_at"], "actor": CITY_DUTY, "entity": "incident",
                       "entity_id": inc["id"], "action": inc["stage"],
                       "detail": {"chain_id": inc["chain_id"], "deaths": inc["deaths"], "injuries": inc["injuries"]}})

    all_codes = ",".join(codes[n] for n in names)
    south = ",".join(codes[n] for n in ("汉滨区", "紫阳县", "岚皋县", "平利县", "镇坪县"))
    geo = ",".join(codes[n] for n in ("紫阳县", "岚皋县", "平利县", "镇坪县", "旬阳市", "白河县"))
    north = ",".join(codes[n] for n in ("汉阴县", "石泉县", "宁陕县", "镇坪县"))
    warnings = [
        {"id": "YJ2021-0430-01", "level": "黄色预警(三级)", "kind": "森林火险", "units": north,
         "valid_from": datetime(2021, 4, 30, 8, 0), "valid_to": datetime(2021, 5, 2, 8, 0), "issued_by": "市林业局",
         "content": "未来48小时我市北部森林火险气象等级较高，严禁野外用火，加强林区巡护。"},
        {"id": "YJ2021-0501-01", "level": "蓝色预警(四级)", "kind": "大风", "units": all_codes,
         "valid_from": datetime(2021, 5, 1, 9, 0), "valid_to": datetime(2021, 5, 1, 21, 0), "issued_by": "市气象局",
         "content": "预计5月1日白天我市大部有6级阵风，请加固户外广告牌、临时搭建物，注意高空作业安全。"},
        {"id": "YJ2021-0503-01", "level": "黄色预警(三级)", "kind": "暴雨", "units": south,
         "valid_from": datetime(2021, 5, 3, 8, 0), "valid_to": datetime(2021, 5, 4, 20, 0), "issued_by": "市气象局",
         "content": "预计5月3日白天至4日夜间，我市南部将出现暴雨，局地大暴雨，请做好山洪、地质灾害和城乡积涝防范。"},
        {"id": "YJ2021-0503-02", "level": "蓝色预警(四级)", "kind": "地质灾害", "units": geo,
         "valid_from": datetime(2021, 5, 3, 10, 0), "valid_to": datetime(2021, 5, 5, 10, 0), "issued_by": "市自然资源局、市气象局",
         "content": "受强降雨影响，上述县区发生崩塌、滑坡、泥石流等地质灾害的风险较高，请加强隐患点巡查监测。"},
    ]
    for w in warnings:
        events.append({"happened_at": w["valid_from"], "actor": w["issued_by"], "entity": "warning",
                       "entity_id": w["id"], "action": "发布预警", "detail": {"level": w["level"], "kind": w["kind"]}})

    late_units = ",".join(codes[n] for n in ("紫阳县", "白河县"))
    missing = ",".join(codes[n] for n in MISSING_ON_AS_OF)
    dispatch = [
        (datetime(2021, 5, 1, 8, 30), CITY_DUTY, all_codes,
         "五一假期值班值守工作启动：请严格落实领导带班和24小时值班制度，每日16时前报送当日值班信息，无事报平安（零报告）。",
         "12个县区均已回复收到"),
        (datetime(2021, 5, 1, 12, 50), CITY_DUTY, hb, "请核实江北街道住宅火灾伤亡和损失情况，1小时内续报。", "已于15时30分续报，2人轻伤"),
        (datetime(2021, 5, 1, 16, 10), CITY_DUTY, late_units, "截至16时未收到你单位当日值班信息，请立即报送。",
         "紫阳县16时40分补报，白河县18时05分补报"),
        (datetime(2021, 5, 2, 15, 5), "市应急管理局", xy, "G316线吕河镇段交通事故：请全力救治伤员，做好现场处置和信息续报。",
         "已派员赶赴现场，18时30分续报"),
        (datetime(2021, 5, 2, 21, 0), CITY_DUTY, all_codes, "据气象部门预测，5月3日至4日我市南部有大到暴雨，请提前做好防范准备。",
         "已转发至各镇（街道）"),
        (datetime(2021, 5, 3, 8, 20), CITY_DUTY, south,
         "暴雨黄色预警：请加强地质灾害隐患点、临水临崖路段和景区巡查，必要时果断转移受威胁群众。", "岚皋县已转移受威胁群众23人"),
        (datetime(2021, 5, 3, 10, 40), CITY_DUTY, pl, "请核实平利县机械伤害事故伤者情况，做好善后和企业停产排查。", "伤者生命体征平稳"),
        (datetime(2021, 5, 3, 14, 0), CITY_DUTY, all_codes, "假期第三天旅游景区客流高峰，请加强人员密集场所和道路交通安全管控。",
         "已转发"),
        (datetime(2021, 5, 3, 16, 10), CITY_DUTY, missing, "截至16时未收到你单位当日值班信息，请立即报送。", None),
    ]
    dispatch_rows = [{"id": i, "sent_at": at, "actor": actor, "to_units": to, "content": text, "response": resp}
                     for i, (at, actor, to, text, resp) in enumerate(dispatch, start=1)]
    for row in dispatch_rows:
        events.append({"happened_at": row["sent_at"], "actor": row["actor"], "entity": "dispatch",
                       "entity_id": str(row["id"]), "action": "调度", "detail": {"to_units": row["to_units"]}})
    return {
        "duty_periods": pd.DataFrame([{"id": "2021-labour-day", "name": "2021年“五一”假期", "short_name": "五一",
                                       "start_date": date(2021, 5, 1), "end_date": date(2021, 5, 5)}]),
        "duty_roster": pd.DataFrame(roster),
        "duty_reports": pd.DataFrame(reports),
        "incidents": pd.DataFrame(incidents),
        "warnings": pd.DataFrame(warnings),
        "dispatch_log": pd.DataFrame(dispatch_rows),
        "events": events,
    }


# Accidents before the holiday (2020-01 .. 2021-04), for the ranking's 同比 rules: per unit and quarter a
# few accidents, each a 初报 and its 终报; two fixed ones on last year's May Day (the holiday's 同比 base).
PAST_ACCIDENT_KINDS = (  # (kind, sector, place)
    ("道路交通事故", "道路交通", "境内国道路段"), ("道路交通事故", "道路交通", "县道路段"),
    ("高处坠落事故", "建筑施工", "某在建住宅项目工地"), ("物体打击事故", "建筑施工", "某市政道路施工现场"),
    ("机械伤害事故", "工贸", "某农产品加工企业"), ("火灾事故", "消防", "某居民自建房"),
    ("触电事故", "电力", "某村低压线路检修点"), ("坍塌事故", "非煤矿山", "某建筑石料矿采场"),
)
PAST_MAYDAY_2020 = (("汉滨区", date(2020, 5, 2), 0, 1), ("汉阴县", date(2020, 5, 1), 1, 0))  # unit, day, kind, deaths


def _past_accidents(rnd: random.Random, ref: Ref) -> pd.DataFrame:
    picks: list[tuple[str, date, int, int]] = [(n, d, k, deaths) for n, d, k, deaths in PAST_MAYDAY_2020]
    for name in ref.units["name"]:
        for year, quarter in [(2020, q) for q in range(1, 5)] + [(2021, 1), (2021, 2)]:
            first = date(year, 3 * quarter - 2, 1)
            last = date(2021, 4, 28) if (year, quarter) == (2021, 2) else date(year + (quarter == 4), 3 * quarter % 12 + 1,
                                                                             1) - timedelta(days=1)
            for _ in range(rnd.choice((0, 1, 1, 2, 2, 3))):
                day = first + timedelta(days=rnd.randrange((last - first).days + 1))
                if date(2020, 5, 1) <= day <= date(2020, 5, 5):
                    continue  # last year's holiday holds only the fixed ones above
                picks.append((name, day, rnd.randrange(len(PAST_ACCIDENT_KINDS)), rnd.choice((0, 0, 0, 1, 1, 2))))
    rows, numbers = [], {}
    for name, day, kind_no, deaths in sorted(picks, key=lambda p: (p[1], ref.index(p[0]))):
        kind, sector, place = PAST_ACCIDENT_KINDS[kind_no]
        numbers[day] = numbers.get(day, 0) + 1
        chain = f"SJ{day:%Y%m%d}-{numbers[day]:02d}"
        occurred = _at(day, rnd.randint(6, 21), rnd.randrange(60))
        received = occurred + timedelta(minutes=rnd.randint(5, 30))
        injuries = rnd.randint(0, 3)
        first = {"id": chain, "chain_id": chain, "stage": "初报", "occurred_at": occurred, "received_at": received,
                 "reported_at": received + timedelta(minutes=rnd.randint(10, 25)), "source": f"{name}应急管理局",
                 "unit_code": ref.code(name), "place": f"{name}{place}", "kind": kind, "sector": sector,
                 "deaths": max(0, deaths - (deaths > 1)), "serious_injuries": min(injuries, 1), "injuries": injuries,
                 "missing": 0, "direct_loss": 0.0, "trend": "现场处置中", "measures": "有关部门已赶赴现场处置",
                 "description": f"{kind}，造成{deaths}人死亡、{injuries}人受伤" if deaths else f"{kind}，{injuries}人受伤"}
        final_at = min(occurred + timedelta(days=rnd.randint(2, 10)), datetime(2021, 4, 30, 18, 0))
        rows += [first, dict(first, id=f"{chain}-2", stage="终报", deaths=deaths, received_at=final_at,
                             reported_at=final_at + timedelta(minutes=30), source=f"{name}人民政府",
                             direct_loss=round(rnd.uniform(0.5, 40.0), 1), trend="处置完毕",
                             measures="事故调查组已成立，开展同类隐患排查")]
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------------
# The special rectification task list: 25 categories, 61 sub-items
# ------------------------------------------------------------------------------------------------

TASKS = (
    ("危险化学品安全专项整治", "市应急管理局", ("重大危险源企业专项检查督导", "化工园区（集中区）安全风险评估", "危险化学品运输车辆动态监控")),
    ("消防安全专项整治", "市消防救援支队", ("重大火灾隐患挂牌督办整治", "高层建筑消防安全综合治理", "电动自行车停放充电专项整治")),
    ("道路运输安全专项整治", "市交通运输局", ("临水临崖路段安全生命防护工程", "重点营运车辆动态监控", "“两客一危”企业安全管理")),
    ("建筑施工安全专项整治", "市住建局", ("危险性较大分部分项工程安全管控", "建筑起重机械安全专项检查", "建筑工地消防安全")),
    ("非煤矿山安全专项整治", "市应急管理局", ("尾矿库“头顶库”综合治理", "露天矿山边坡安全治理", "地下矿山通风系统检查")),
    ("城镇燃气安全专项整治", "市住建局", ("餐饮场所燃气安全检查", "燃气管道占压清理", "瓶装液化气充装站检查")),
    ("工贸行业安全专项整治", "市应急管理局", ("粉尘涉爆企业治理", "有限空间作业安全", "涉氨制冷企业治理")),
    ("人员密集场所安全专项整治", "市商务局", ("商场市场消防安全", "宾馆饭店消防安全", "歌舞娱乐场所消防安全")),
    ("旅游景区安全专项整治", "市文旅广电局", ("景区游乐设施安全检查", "玻璃栈道等高风险项目评估", "景区最大承载量管控")),
    ("特种设备安全专项整治", "市市场监管局", ("电梯安全隐患排查", "压力容器使用登记清理", "大型游乐设施检验")),
    ("九小场所安全专项整治", "市消防救援支队", ("“三合一”场所清理", "小餐饮场所燃气安全", "小旅馆小网吧消防安全")),
    ("水上交通安全专项整治", "市交通运输局", ("渡口渡船安全检查", "汛期船舶安全管理")),
    ("烟花爆竹安全专项整治", "市应急管理局", ("打击非法储存经营", "零售点布局规范")),
    ("民用爆炸物品安全专项整治", "市公安局", ("民爆仓库安全检查", "民爆物品运输管控")),
    ("电力安全专项整治", "市发展改革委", ("小水电站安全度汛", "输电线路保护区清理")),
    ("校园安全专项整治", "市教育体育局", ("校舍消防安全检查", "校车安全管理")),
    ("医疗卫生机构安全专项整治", "市卫生健康委", ("医院消防安全检查", "医用气体安全管理")),
    ("食品药品生产企业安全专项整治", "市市场监管局", ("涉氨冷库安全检查", "药品仓储消防安全")),
    ("铁路沿线安全环境专项整治", "市交通运输局", ("铁路沿线环境整治", "道口安全管理")),
    ("渔业船舶安全专项整治", "市农业农村局", ("渔船检验核查", "救生设备配备检查")),
    ("自建房安全专项整治", "市住建局", ("经营性自建房排查", "危房改造加固")),
    ("地质灾害隐患专项整治", "市自然资源局", ("隐患点监测预警", "避险搬迁")),
    ("防汛安全专项整治", "市水利局", ("水库安全度汛", "山洪灾害防御")),
    ("森林防火专项整治", "市林业局", ("野外用火管控", "防火通道建设")),
    ("安全生产执法专项行动", "市应急管理局", ("打非治违专项行动", "重点行业执法检查")),
)


def _tasks(rnd: random.Random) -> pd.DataFrame:
    rows = []
    deadlines = [date(2021, 6, 30), date(2021, 9, 30), date(2021, 12, 31)]
    for cat_no, (category, dept, items) in enumerate(TASKS, start=1):
        for item_no, item in enumerate(items, start=1):
            r = rnd.random()
            if r < 0.13:
                progress, status = 100, "已完成"
            elif r < 0.25:
                progress, status = 0, "未启动"
            else:
                progress, status = rnd.randrange(15, 91, 5), "推进中"
            rows.append({"category_no": cat_no, "category": category, "item_no": item_no, "item": item,
                         "lead_dept": dept, "progress": progress, "status": status,
                         "deadline": date(2021, 4, 30) if status == "已完成" else rnd.choice(deadlines)})
    return pd.DataFrame(rows)


# What the office tracks beside progress (migration 0003): 配合部门 per category, a few items led jointly,
# first-phase deadlines (end of April) that some items missed, and each started item's last report as its
# progress note, its update time and one 更新进度 event (its history).
TASK_COOP = {
    1: "市公安局、市交通运输局", 2: "市住建局、市公安局", 3: "市公安局", 4: "市应急管理局、市消防救援支队",
    5: "市自然资源局", 6: "市市场监管局、市消防救援支队", 7: "市工信局", 8: "市消防救援支队、市市场监管局",
    9: "市消防救援支队", 10: "市住建局", 11: "市公安局、市市场监管局", 12: "市海事处", 13: "市公安局、市市场监管局",
    14: "市应急管理局", 15: "市水利局", 16: "市公安局、市消防救援支队", 17: "市消防救援支队", 18: "市应急管理局",
    19: "市公安局", 20: "市交通运输局", 21: "市自然资源局", 22: "市应急管理局", 23: "市应急管理局",
    24: "市应急管理局、市公安局", 25: "市公安局、各行业主管部门",
}
TASK_JOINT_LEADS = {(13, 1): "市应急管理局、市公安局", (25, 1): "市应急管理局、市公安局"}
TASK_DEADLINES = {(2, 1): date(2021, 4, 30), (6, 1): date(2021, 4, 30), (7, 1): date(2021, 4, 30),
                  (10, 1): date(2021, 4, 30), (21, 1): date(2021, 4, 30), (22, 1): date(2021, 5, 10),
                  (24, 1): date(2021, 5, 31)}


def _task_tracking(tasks: pd.DataFrame, rnd: random.Random) -> tuple[pd.DataFrame, list[dict]]:
    tasks = tasks.copy()
    events: list[dict] = []
    coop, notes, updated = [], [], []
    for row in tasks.itertuples():
        key = (row.category_no, row.item_no)
        if key in TASK_JOINT_LEADS:
            tasks.at[row.Index, "lead_dept"] = TASK_JOINT_LEADS[key]
        if key in TASK_DEADLINES:
            tasks.at[row.Index, "deadline"] = TASK_DEADLINES[key]
        coop.append(TASK_COOP[row.category_no])
        if row.progress == 0:
            notes.append(None)
            updated.append(None)
            continue
        note = ("已完成整治并组织验收，转入常态化监管" if row.progress == 100 else
                "排查已完成，正在对照问题清单集中整改" if row.progress >= 50 else "已制定实施方案，正在组织全面排查")
        at = datetime(2021, 4, rnd.randint(19, 30), rnd.randint(9, 17), rnd.choice((0, 15, 30, 45)))
        notes.append(note)
        updated.append(at)
        events.append({"happened_at": at, "actor": tasks.at[row.Index, "lead_dept"], "entity": "task",
                       "entity_id": f"{row.category_no}-{row.item_no}", "action": "更新进度",
                       "from_status": vocab.TASK_NOT_STARTED, "to_status": row.status, "reason": note,
                       "detail": {"old_progress": 0, "progress": row.progress}})
    return tasks.assign(coop_depts=coop, note=notes, updated_at=pd.to_datetime(updated)), events


# ------------------------------------------------------------------------------------------------
# Building the store
# ------------------------------------------------------------------------------------------------

EVENT_COLUMNS = ["happened_at", "actor", "entity", "entity_id", "action", "from_status", "to_status", "reason",
                 "detail"]


def _event_frame(events: list[dict]) -> pd.DataFrame:
    rows = []
    for e in events:
        detail = e.get("detail")
        text = json.dumps(detail, ensure_ascii=False, default=lambda v: v.isoformat()) if detail else None
        rows.append({**{c: e.get(c) for c in EVENT_COLUMNS}, "detail": text})
    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    frame["happened_at"] = pd.to_datetime(frame["happened_at"]).astype("datetime64[us]")
    return frame


def _insert(tx: Tx, table: str, frame: pd.DataFrame) -> None:
    if len(frame):
        tx.insert_df(table, frame)


def _set_sequence(tx: Tx, sequence: str, table: str) -> None:
    top = tx.one(f"SELECT max(id) FROM {table}")[0]
    if top:
        tx.execute(f"SELECT setval('{sequence}', {int(top)})")


def _load_units(store: Store) -> None:
    def load(tx: Tx) -> None:
        tx.at, tx.recorded_at = SETUP_AT, None  # simulated history: no real time of recording, same every build
        units_mod.load_units(tx, roles.system(SYSTEM))

    store.write(load, require_audit=False)


def generate(scale: int = 1) -> dict:
    """Every demo table as a DataFrame (plus 'events' for audit_events, without ids)."""
    rnd = random.Random(SEED)
    rng = np.random.default_rng(SEED)
    people = People(random.Random(SEED + 1))
    ref = _reference(scale, people, rnd, rng)
    hazards, hazard_events, inspections = _hazards(np.random.default_rng([SEED, scale]), BASE_HAZARDS * scale, ref)
    _handovers(np.random.default_rng([SEED, scale, 4]), hazards, ref)
    fire_units, milestones, fire_unit_events = _fire_units(random.Random(SEED + 2), people, ref)
    duty = _duty(random.Random(SEED + 3), people, ref, hazards, inspections)
    duty["incidents"] = pd.concat([_past_accidents(random.Random(SEED + 7), ref), duty["incidents"]], ignore_index=True)
    tasks, task_events = _task_tracking(_tasks(random.Random(SEED + 5)), random.Random(SEED + 6))
    small = _event_frame(ref.events + fire_unit_events + duty.pop("events") + task_events)
    events = pd.concat([small, hazard_events], ignore_index=True)
    order = np.argsort(events["happened_at"].to_numpy(), kind="stable")
    events = events.iloc[order].reset_index(drop=True)
    return {
        "groups": ref.groups, "group_members": ref.members, "group_changes": ref.changes, "inspections": inspections,
        "hazards": hazards, "fire_incidents": _fire_incidents(random.Random(SEED + 4), ref), "fire_units": fire_units,
        "fire_unit_milestones": milestones, **duty, "tasks": tasks, "events": events,
    }


def build(path: Path, scale: int = 1) -> str:
    """Create a new demo store at ``path`` and return a one-line Chinese summary of what it holds."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    path = Path(path)
    if path.exists():
        raise StoreError(f"文件已存在：{path}。演示数据只写入新文件。")
    data = generate(scale)
    store = Store.open(path)
    done = False
    try:
        def reference(tx: Tx) -> None:
            tx.at = SETUP_AT
            for key, value in (("as_of", AS_OF_TEXT), ("demo", "true"), ("demo_scale", str(scale))):
                tx.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])
            for table in ("groups", "group_members", "group_changes", "fire_incidents", "fire_units",
                          "fire_unit_milestones", "duty_periods", "duty_roster", "duty_reports", "incidents",
                          "warnings", "dispatch_log", "tasks"):
                _insert(tx, table, data[table])
            _set_sequence(tx, "group_changes_id", "group_changes")
            _set_sequence(tx, "dispatch_log_id", "dispatch_log")

        def ledger(tx: Tx) -> None:
            _insert(tx, "inspections", data["inspections"])
            _set_sequence(tx, "inspections_id", "inspections")
            _insert(tx, "hazards", data["hazards"])
            hazards.search.fill(tx)  # the keyword's column, as every hazard write fills it

        def audit(tx: Tx) -> None:
            tx.recorded_at = None  # simulated history (see _load_units)
            events = data["events"]
            first = int(tx.one("SELECT coalesce(max(id), 0) FROM audit_events")[0]) + 1
            events = events.assign(id=np.arange(first, first + len(events), dtype=np.int64))
            _insert(tx, "audit_events", events)
            _set_sequence(tx, "audit_events_id", "audit_events")

        _load_units(store)
        store.write(reference, require_audit=False)
        store.write(ledger, require_audit=False)
        store.write(audit, require_audit=False)
        access.accounts.add_demo_accounts(store)  # one per role; the password beside the file, never in the code
        store.checkpoint()
        text = summary(store)
        done = True
        return text
    finally:
        store.close()
        if not done:                     # never leave a half-built demo behind
            path.unlink(missing_ok=True)
            Path(str(path) + ".wal").unlink(missing_ok=True)


def summary(store: Store) -> str:
    """One line: units, hazards (open, overdue), fire-hazard units, 2020 fires, duty reports today, audit events."""
    today = AS_OF_DATE
    units_n = store.scalar("SELECT count(*) FROM units")
    ledger = hazards.summary(store, today)  # the ledger's own figures: its one overdue rule
    total, open_, overdue = ledger["total"], ledger["open"], ledger["overdue"]
    fire_units = store.scalar("SELECT count(*) FROM fire_units WHERE status <> ?", [vocab.FU_CLOSED])
    fires = store.scalar("SELECT count(*) FROM fire_incidents WHERE year(occurred_at) = 2020")
    reported = store.scalar("SELECT count(DISTINCT unit_code) FROM duty_reports WHERE report_date = ?", [today])
    events = store.scalar("SELECT count(*) FROM audit_events")
    return (f"{units_n} 个县区，{total:,} 条隐患（未销号 {open_:,} 条，逾期 {overdue:,} 条），"
            f"{fire_units} 家重大火灾隐患单位，2020 年火灾 {fires} 起，今日值班报告 {reported}/{units_n}，"
            f"{events:,} 条审计记录")
