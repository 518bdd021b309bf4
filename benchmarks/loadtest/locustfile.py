"""The users of `make loadtest`: each signs in, starts a design of one of the five types and then mixes wizard
steps as htmx fragments (option changes, component editor, file previews), full pages and zip downloads.

Form data comes from the same specs the wizard's forms are built from, so every post is a real, valid change."""

from __future__ import annotations

import itertools
import os
import random
import re
from typing import Any

from locust import HttpUser, between, task

from apps.designs import forms
from generators.blueprints import BLUEPRINTS

# signed-in users and each one's draft of a 50-component design, made by benchmarks/loadtest/run.py: "session:draft"
USERS = [entry.split(":") for entry in os.environ.get("LOADTEST_SESSIONS", "").split(",") if entry]
SESSIONS = [session for session, _draft in USERS]
LARGE_DRAFTS = [draft for _session, draft in USERS]
TYPES = list(BLUEPRINTS)
MEMORY_FIELD = {"fan-out": "consumers-0-memory_mb", "workflow": "steps-0-timeout_s"}
_counter = itertools.count()


def form_data(fields: list[forms.BoundField]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for bound in fields:
        if bound.kind == "rows":
            data[f"{bound.key}-count"] = str(len(bound.rows))
            for row in bound.rows:
                data.update(form_data(row))
        elif bound.kind == "bool":
            if bound.value:
                data[bound.key] = "on"
        elif bound.kind == "multi":
            data[bound.key] = [str(v) for v in bound.value]
        else:
            data[bound.key] = "" if bound.value is None else str(bound.value)
    return data


def default_form(kind: str) -> dict[str, Any]:
    specs = forms.specs_for(BLUEPRINTS[kind].options_model)
    return form_data(forms.bind(specs, {}).fields)


class Designer(HttpUser):
    wait_time = between(0.5, 1.5)  # think time between a person's clicks

    def on_start(self) -> None:
        number = next(_counter)
        self.kind = TYPES[number % len(TYPES)]
        self.client.cookies.set("sessionid", SESSIONS[number % len(SESSIONS)], domain="127.0.0.1")
        self.large_draft = f"/drafts/{LARGE_DRAFTS[number % len(LARGE_DRAFTS)]}"  # 50 components, this user's
        self.client.get("/designs/new/", name="page: project types")  # also sets the CSRF cookie
        response = self.client.post("/designs/new/", {"blueprint": self.kind}, headers=self._csrf(),
                                    name="start a design")
        match = re.search(r"/drafts/([0-9a-f-]{36})/", response.url or "")
        if match is None:
            raise RuntimeError(f"could not start a draft: {response.status_code} {response.url}")
        self.draft = f"/drafts/{match.group(1)}"
        self.form = default_form(self.kind)
        self.field = MEMORY_FIELD.get(self.kind, "memory_mb")

    def _csrf(self, **extra: str) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), **extra}

    def _htmx(self, target: str) -> dict[str, str]:
        return self._csrf(**{"HX-Request": "true", "HX-Target": target})

    @task(5)
    def change_an_option(self) -> None:
        value = str(random.choice([256, 512, 1024, 2048])) if "memory" in self.field else str(random.randint(10, 90))
        self.client.post(f"{self.draft}/options", {**self.form, self.field: value},
                         headers=self._htmx("options-form"), name="htmx: change an option")

    @task(3)
    def preview_a_file(self) -> None:
        path = random.choice(["template.yaml", "README.md", "samconfig.toml"])
        self.client.get(f"{self.draft}/files/{path}", headers=self._htmx("file-preview"), name="htmx: preview a file")

    @task(2)
    def open_the_component_list(self) -> None:
        self.client.get(f"{self.draft}/components", headers=self._htmx("component-list"),
                        name="htmx: component list")

    @task(2)
    def compose_an_edit(self) -> None:
        """Add a queue on the compose step, then undo it (the draft keeps its size)."""
        name = f"added-{next(_counter)}"
        self.client.post(f"{self.draft}/compose", {"action": "add", "kind": "queue", "name": name},
                         headers=self._htmx("compose-area"), name="htmx: compose an edit")
        self.client.post(f"{self.draft}/compose", {"action": "undo"}, headers=self._htmx("compose-area"),
                         name="htmx: compose undo")

    @task(2)
    def compose_an_edit_on_50_components(self) -> None:
        """The same edit on a 50-component design (diagram, findings, cost and change summary of all of it)."""
        name = f"added-{next(_counter)}"
        self.client.post(f"{self.large_draft}/compose", {"action": "add", "kind": "queue", "name": name},
                         headers=self._htmx("compose-area"), name="htmx: compose an edit (50 components)")
        self.client.post(f"{self.large_draft}/compose", {"action": "undo"}, headers=self._htmx("compose-area"),
                         name="htmx: compose undo (50 components)")

    @task(2)
    def download_the_zip(self) -> None:
        self.client.get(f"{self.draft}/download.zip", name="zip download")

    @task(1)
    def open_the_review_page(self) -> None:
        self.client.get(f"{self.draft}/review", name="page: review")

    @task(1)
    def open_the_options_page(self) -> None:
        self.client.get(f"{self.draft}/options", name="page: options")
