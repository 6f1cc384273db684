"""Deployments and memberships stated without a motion cue (first secretaries, people from
a unit, team member lists, habitual visits, a place framing a sentence), party bodies between
unit and post, and the added cues (返回, 扎根 ...). Sentences invented about many provinces."""
from __future__ import annotations

import pytest

from .conftest import triples

STATIONED = [
    # a team sent somewhere, its members listed later (article-level reference)
    ("4月2日，县委组织部派出工作队进驻桃源镇青山村。王建华担任队长，李明辉、赵小军等5名党员和1名群众"
     "周海涛作为成员。",
     [("王建华", "deployedTo", "青山村"), ("李明辉", "deployedTo", "青山村"), ("赵小军", "deployedTo", "青山村"),
      ("周海涛", "deployedTo", "青山村"), ("王建华", "jobTitle", "队长")], []),
    ("4月2日，王建华带领工作队进驻桃源镇青山村。李明辉、赵小军等5名党员作为成员。",
     [("李明辉", "deployedTo", "青山村"), ("赵小军", "deployedTo", "青山村")], []),
    # resident first secretaries
    ("省农业农村厅对口帮扶的金寨县花石乡大湾村的驻村第一书记陈光明带领村民开展核酸检测。",
     [("陈光明", "deployedTo", "大湾村"), ("陈光明", "memberOf", "省农业农村厅"),
      ("陈光明", "jobTitle", "第一书记")], []),
    ("西安航空基地管委会积极行动。西安航空基地对口帮扶的关山村的驻村第一书记马建国带领村民开展核酸检测。",
     [("马建国", "deployedTo", "关山村"), ("马建国", "memberOf", "西安航空基地管委会"),
      ("西安航空基地", "supports", "关山村")], []),
    ("大湾村“第一书记”陈光明每天走访农户。",
     [("陈光明", "deployedTo", "大湾村"), ("陈光明", "jobTitle", "第一书记")], []),
    ("东风社区“网格员”许丽丽挨家挨户排查。",
     [("许丽丽", "jobTitle", "网格员"), ("许丽丽", "memberOf", "东风社区")], []),
    ("驻黄泥村第一书记邓志华第一时间返回村里。", [("邓志华", "deployedTo", "黄泥村")], []),
    # cues without a motion verb of the old list
    ("疫情发生后，刘德胜立即返回青山村，参与防控工作。", [("刘德胜", "deployedTo", "青山村")], []),
    ("社区民警王强扎根东风社区十余年。", [("王强", "deployedTo", "东风社区")], []),
    ("每天早上，志愿者李春风都会到东风社区帮忙。", [("李春风", "deployedTo", "东风社区")], []),
    # party bodies between unit and post; posts kept whole with their unit's generic part
    ("市委办公室党组副书记周立新下沉到东风社区。",
     [("周立新", "memberOf", "市委办公室"), ("周立新", "jobTitle", "市委办公室党组副书记")], []),
    ("市商务局机关党委专职副书记吴志远来到东风社区。",
     [("吴志远", "memberOf", "市商务局"), ("吴志远", "jobTitle", "市商务局机关党委专职副书记")], []),
    ("市林业局党建专职副书记韩雪梅来到东风社区。",
     [("韩雪梅", "memberOf", "市林业局"), ("韩雪梅", "jobTitle", "市林业局党建专职副书记")], []),
    ("西安航空基地管委会副主任张海波带队来到东风社区。",
     [("张海波", "memberOf", "西安航空基地管委会"), ("张海波", "jobTitle", "管委会副主任")],
     [("张海波", "jobTitle", "副主任")]),
    # people from a unit
    ("孙晓梅是一名来自市人民医院的护士志愿者。", [("孙晓梅", "memberOf", "市人民医院")], []),
    ("来自县教育局的郑国平主动请缨。", [("郑国平", "memberOf", "县教育局")], []),
    # community posts without a unit: the community in focus
    ("在东风社区，社区工作者林晓燕每天值守在小区门口。",
     [("林晓燕", "memberOf", "东风社区"), ("林晓燕", "jobTitle", "社区工作者"), ("林晓燕", "deployedTo", "东风社区")],
     []),
    ("东风社区接到通知。该社区党支部书记何建军带领党员坚守一线。",
     [("何建军", "memberOf", "东风社区"), ("何建军", "memberOf", "东风社区党支部")], []),
    ("南湖社区网格员许丽丽挨家挨户排查。", [("许丽丽", "memberOf", "南湖社区")], []),
    # one unit written with and without its place
    ("西安市阎良区卫生健康局组织干部下沉。卫生健康局副局长李丽来到东风社区。",
     [("李丽", "memberOf", "西安市阎良区卫生健康局")], [("李丽", "memberOf", "卫生健康局")]),
    # official short words: one unit written both ways
    ("阎良区卫生健康局组织干部下沉。区卫健局干部李丽来到东风社区。", [("李丽", "memberOf", "阎良区卫生健康局")],
     [("李丽", "memberOf", "区卫健局")]),
    ("市住房和城乡建设局党员下沉到社区。市住建局干部王强来到东风社区。", [("王强", "memberOf", "市住房和城乡建设局")],
     [("王强", "memberOf", "市住建局")]),
    # support as a modifier of the place; containment with a generic 城区
    ("西安航空基地对口帮扶的关山村，村民积极配合。", [("西安航空基地", "supports", "关山村")], []),
    ("南湖社区是嘉善县城区人口最多的社区。", [("南湖社区", "containedIn", "嘉善县")],
     [("南湖社区", "containedIn", "城区")]),
    # a quoted team formed and sent, its members listed in the next sentence
    ("4月3日，县教育局成立了“蓝天抗疫小组”，奔赴青山村。组员包括李华、王芳。",
     [("蓝天抗疫小组", "deployedTo", "青山村"), ("李华", "deployedTo", "青山村"), ("王芳", "memberOf", "蓝天抗疫小组")],
     []),
    ("4月3日，成立“青山村抗疫临时党支部”，进驻青山村。王刚担任书记，李华担任联络员，王芳、赵敏作为成员。",
     [("王刚", "memberOf", "青山村抗疫临时党支部"), ("李华", "jobTitle", "联络员"), ("赵敏", "deployedTo", "青山村"),
      ("王芳", "memberOf", "青山村抗疫临时党支部")], []),
    # a reporter's outlet written in the text
    ("新民晚报记者张三在现场看到，志愿者正在忙碌。", [("张三", "memberOf", "新民晚报")], []),
    ("本报记者张三在现场看到，志愿者正在忙碌。", [], [("张三", "memberOf", "本报")]),
    # real sentences (news pages, 2020-2022)
    ("黔东南州交通运输局派驻从江县平忙村第一书记姚军大年初三忧心忡忡地对妻子说。",
     [("姚军", "deployedTo", "平忙村"), ("姚军", "memberOf", "黔东南州交通运输局"), ("姚军", "jobTitle", "第一书记")],
     []),
    ("沙湖小区成立临时党支部，组织党员一线防疫。沙湖小区临时党支部支部书记李玉高介绍说。",
     [("李玉高", "memberOf", "沙湖小区临时党支部"), ("李玉高", "jobTitle", "临时党支部支部书记")], []),
    # people named between a sending verb and the destination
    ("县委选派机关干部周平到红旗村担任第一书记。", [("周平", "deployedTo", "红旗村"), ("周平", "jobTitle", "第一书记")],
     []),
    ("市司法局下派干部吴敏到柳树村驻村帮扶。", [("吴敏", "deployedTo", "柳树村")], []),
    ("民警陈刚连续10天蹲守在西门卡口。", [("陈刚", "deployedTo", "西门卡口")], []),
    # real sentences (许昌 东城区, 荆州 2021): a unit whose staff serve at a place framed by 在; a unit's team 驻某社区
    ("在祥和小区，区文旅体育局安排5班工作人员进行值守。在怡景花城小区，区党政综合办公室工作人员与魏文社区协同作战。",
     [("区文旅体育局", "deployedTo", "祥和小区"), ("区党政综合办公室", "deployedTo", "怡景花城小区")], []),
    ("荆州市生态环境局驻沙市区植物园社区工作组也会继续发扬抗疫精神。",
     [("荆州市生态环境局", "deployedTo", "植物园社区"), ("植物园社区", "containedIn", "沙市区")], []),
    # real sentences (荆州 2022, 西宁 2022): a sent-down volunteer of a community; a teacher of a school;
    # people named to posts of the one branch; a branch mentioned in 成立…的批复 has no members
    ("一大早，城南高新园党工委御河社区的下沉党员志愿者李新月正忙着挨家挨户摸排登记。李新月是御河小学老师。",
     [("李新月", "deployedTo", "御河社区"), ("李新月", "memberOf", "御河小学")], []),
    ("南滩街道办事处付军弢副主任宣读了成立临时党支部的批复，任命李积星为书记，朱青利为组织委员。",
     [("李积星", "jobTitle", "书记"), ("朱青利", "memberOf", "临时党支部"), ("朱青利", "jobTitle", "组织委员")],
     [("付军弢", "memberOf", "临时党支部")]),
    # going home to a city is no deployment
    ("务工人员李明返回荆州市。", [], [("李明", "deployedTo", "荆州市")]),
    # a speaker before the habitual visit is not the one who goes
    ("社区书记王海说，每天都有志愿者到东风社区帮忙。", [], [("王海", "deployedTo", "东风社区")]),
    ("在东风社区，社区书记王海介绍说，居民都很配合。", [], [("王海", "deployedTo", "东风社区")]),
    # a visit stays no deployment even when repeated
    ("每天下午，县长赵志明都会到东风社区调研。", [], [("赵志明", "deployedTo", "东风社区")]),
]


@pytest.mark.parametrize("text,present,absent", STATIONED)
def test_stationed(run, text, present, absent):
    t = triples(run(text))
    for triple in present:
        assert triple in t, (triple, sorted(t))
    for triple in absent:
        assert triple not in t, (triple, sorted(t))
