"""Every schema of the API has its own name.

The OpenAPI document keys its components by class name: two apps each with a `LineOut` leave
one of them described by the other's fields, and clients generated from it break.
"""

import importlib
import inspect
import pkgutil
from collections import defaultdict

from pydantic import BaseModel

import niaga


def api_modules():
    for info in pkgutil.walk_packages(niaga.__path__, "niaga."):
        last = info.name.rsplit(".", 1)[-1]
        if ".tests" in info.name or info.name.startswith("niaga.sandbox"):
            continue
        if last == "api" or last.endswith("_api") or last == "schemas":
            yield importlib.import_module(info.name)


def test_no_two_api_schemas_share_a_name():
    where = defaultdict(set)
    for module in api_modules():
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, BaseModel) and obj.__module__ == module.__name__:
                where[obj.__name__].add(module.__name__)
    shared = {name: sorted(modules) for name, modules in where.items() if len(modules) > 1}
    assert shared == {}
