"""Import blocks for generated TypeScript: collected as data, printed sorted (node: builtins, packages, local)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Imports:
    values: dict[str, set[str]] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)

    def add(self, module: str, *names: str) -> None:
        self.values.setdefault(module, set()).update(names)

    def add_type(self, module: str, *names: str) -> None:
        self.types.setdefault(module, set()).update(names)

    def add_default(self, module: str, name: str) -> None:
        self.defaults[module] = name

    def modules(self) -> set[str]:
        return set(self.values) | set(self.types) | set(self.defaults)

    def packages(self) -> set[str]:
        """npm packages imported (`@scope/name/sub` -> `@scope/name`), without node: builtins and local files."""
        out = set()
        for module in self.modules():
            if module.startswith(("node:", ".")) or module == "aws-lambda":  # aws-lambda: @types/aws-lambda
                continue
            parts = module.split("/")
            out.add("/".join(parts[:2]) if module.startswith("@") else parts[0])
        return out

    def lines(self) -> list[str]:
        def order(module: str) -> tuple[int, str]:
            group = 0 if module.startswith("node:") else 2 if module.startswith(".") else 1
            return group, module.lower()

        out = []
        for module in sorted(self.modules(), key=order):
            if module in self.defaults:
                out.append(f"import {self.defaults[module]} from '{module}';")
            values = sorted(self.values.get(module, set()), key=str.lower)
            types = sorted(self.types.get(module, set()) - set(values), key=str.lower)
            if values:
                names = values + [f"type {t}" for t in types]
                out.append(_line("import", names, module))
            elif types:
                out.append(_line("import type", types, module))
        return out


def _line(keyword: str, names: list[str], module: str) -> str:
    single = f"{keyword} {{ {', '.join(names)} }} from '{module}';"
    if len(single) <= 110:
        return single
    inner = "".join(f"  {name},\n" for name in names)
    return f"{keyword} {{\n{inner}}} from '{module}';"
