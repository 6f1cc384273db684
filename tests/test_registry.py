"""The registry mechanism every plugin kind uses."""
from __future__ import annotations

import pytest

from kg.errors import UnknownPluginError
from kg.registry import Registry


def test_unknown_name_lists_known_ones() -> None:
    reg: Registry[object] = Registry("widget")
    reg.register("a", object())
    reg.register("b", object())
    with pytest.raises(UnknownPluginError) as info:
        reg.get("c")
    assert "unknown widget 'c'" in str(info.value)
    assert "a, b" in str(info.value)


def test_lazy_registration_imports_on_first_use() -> None:
    reg: Registry[object] = Registry("widget")
    reg.register("path", "os.path:join")
    import os.path

    assert reg.get("path") is os.path.join
    assert reg.names() == ["path"]
    assert "path" in reg


def test_decorator_registration() -> None:
    reg: Registry[object] = Registry("widget")

    @reg.register("f")
    def f() -> int:
        return 1

    assert reg.get("f") is f
