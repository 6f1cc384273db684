"""Whole real scraped pages (tests/data/read, see SOURCES.md): what the reader makes of each."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.read import read_file

CASES = {
    # file: (title, published, site, {(name, role)}, strings that must stay, strings that must go)
    "tibet-mirror-2022-shanghai.txt": (
        "上海：部分小区列为防范区 居民可适当外出活动",
        date(2022, 4, 13),
        "新华网",
        {("常邦丽", "editor")},
        ["洞泾镇被列入防范区", "（责编： 常邦丽）"],
        ["欧美", "中国西藏网 >", "版权声明"],
    ),
    "cyol-2021-shijiazhuang.txt": (
        None,
        None,
        "中国青年报客户端",
        {("夏瑾", "reporter")},
        ["孟祥红说", "来源：中国青年报客户端"],
        ["特别声明", "Notice"],
    ),
    "xtnichuang-2020-xi-community.txt": (
        "习近平：干部重心下移，支援社区疫情防控",
        None,
        None,
        {("张晓松", "reporter"), ("鞠鹏", "photographer"), ("庞兴雷", "photographer")},
        ["安贞街道安华里社区，实地了解", "“阻击作用”。继续推进"],
        ["关注", "(xí)", ",,"],
    ),
    "tianjinwujin-2020-community-workers.txt": (
        "社区工作者：坚守最后一道战“疫”防线",
        date(2020, 3, 12),
        "人民网",
        {("何淼", "author"), ("车婧", "editor")},
        ["社区是疫情联防联控的第一线", "责编：车婧"],
        ["利川市|", "微信公众号", "官方微博", "(xiàn)"],
    ),
    "tianmen-2021-caption.txt": (
        "下沉社区防控疫情",
        None,
        None,
        {("刘银斌", "photographer")},
        ["陆羽社区", "编辑：本站"],
        ["10/24", "03:03", "-2021-"],
    ),
    "linyi-2013-party-cleanup.txt": (
        "青龙河美容迎“创城”",
        date(2013, 12, 9),
        None,
        set(),
        ["一支党员队伍活跃杏花玉苑社区"],
        ["欢迎访问", "设为首页", "您所在的位置", "浏览量"],
    ),
    "wenweipo-2020-community-workers.txt": (
        "全国53位社区工作者在防疫中因公殉职",
        date(2020, 3, 9),
        "文汇网",
        {("一粟", "editor")},
        ["【文汇网讯】国务院联防联控机制", "责任编辑：一粟"],
        ["首页 >", "新闻排行", "图集"],
    ),
    "hbue-2021-work-team.txt": (
        None,
        None,
        None,
        {("叶曙光", "author"), ("叶曙光", "photographer"), ("周涵琪", "editor")},
        ["下沉社区工作队队长王锋带队到珠明山社区报到"],
        [],
    ),
    "zjrb-2024-corridor-branch.txt": (
        "建立全国首个楼道党支部",
        date(2024, 9, 25),
        None,
        set(),
        ["王马社区科普楼党支部诞生"],
        ["文章导航", "评分", "版权所有", "ICP"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_real_page(read_data: Path, name: str) -> None:
    title, published, site, credits, kept, gone = CASES[name]
    [a] = read_file(read_data / name)
    assert a.title == title
    assert a.published == published
    assert a.site == site
    assert {(c.name, c.role.value) for c in a.credits} == credits
    for s in kept:
        assert s in a.text, s
    for s in gone:
        assert s not in a.text, s
    # everything removed is flagged, with a span in the original
    for f in a.flags:
        assert 0 <= f.start <= f.end <= len(a.raw)
