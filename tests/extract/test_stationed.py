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
    # resident first secretaries
    ("省农业农村厅对口帮扶的金寨县花石乡大湾村的驻村第一书记陈光明带领村民开展核酸检测。",
     [("陈光明", "deployedTo", "大湾村"), ("陈光明", "memberOf", "省农业农村厅"),
      ("陈光明", "jobTitle", "第一书记")], []),
    ("大湾村“第一书记”陈光明每天走访农户。",
     [("陈光明", "deployedTo", "大湾村"), ("陈光明", "jobTitle", "第一书记")], []),
    ("驻黄泥村第一书记邓志华第一时间返回村里。", [("邓志华", "deployedTo", "黄泥村")], []),
    # cues without a motion verb of the old list
    ("疫情发生后，刘德胜立即返回青山村，参与防控工作。", [("刘德胜", "deployedTo", "青山村")], []),
    ("社区民警王强扎根东风社区十余年。", [("王强", "deployedTo", "东风社区")], []),
    ("每天早上，志愿者李春风都会到东风社区帮忙。", [("李春风", "deployedTo", "东风社区")], []),
    # party bodies between unit and post
    ("市委办公室党组副书记周立新下沉到东风社区。",
     [("周立新", "memberOf", "市委办公室"), ("周立新", "jobTitle", "党组副书记")], []),
    ("市商务局机关党委专职副书记吴志远来到东风社区。",
     [("吴志远", "memberOf", "市商务局"), ("吴志远", "jobTitle", "机关党委专职副书记")], []),
    # people from a unit
    ("孙晓梅是一名来自市人民医院的护士志愿者。", [("孙晓梅", "memberOf", "市人民医院")], []),
    ("来自县教育局的郑国平主动请缨。", [("郑国平", "memberOf", "县教育局")], []),
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
