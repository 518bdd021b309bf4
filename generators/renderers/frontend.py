"""The static front end of a design whose distribution serves a site bucket, and the script that uploads it.

Plain HTML, CSS and JavaScript (no build step): the page calls the backend on the same CloudFront origin, so the
content security policy stays `'self'` and the API needs no CORS. Every file is scaffold: the team replaces it with
its own front end (a Vite build's `dist/` uploads the same way).
"""

from __future__ import annotations

from dataclasses import dataclass

from generators.filetree import FileTree
from generators.model import Design
from generators.renderers.jinja import render_template
from generators.renderers.plan.distributions import DistributionPlan, distribution_plans
from generators.renderers.sam.naming import lid


@dataclass(frozen=True)
class Site:
    plan: DistributionPlan
    bucket_output: str  # the stack output holding the site bucket's name
    domain_output: str
    id_output: str
    collection: str | None  # a GET path without parameters the page lists (`/api/items`), if the backend has one
    create: bool  # the backend accepts POST on that path


def site_of(design: Design) -> Site | None:
    plan = next((p for p in distribution_plans(design) if p.site is not None), None)
    if plan is None:
        return None
    collection, create = None, False
    if plan.backend is not None:
        prefix = plan.distribution.backend_path.removesuffix("*")
        routes = [r for r in design.routes_from(plan.backend) if r.path.startswith(prefix) and "{" not in r.path]
        gets = sorted(r.path for r in routes if r.method == "GET")
        if gets:
            collection = gets[0]
            create = any(r.method == "POST" and r.path == collection for r in routes)
    ident = lid(plan.name)
    return Site(plan, f"{lid(plan.site or '')}Name", f"{ident}Domain", f"{ident}Id", collection, create)


def frontend_files(design: Design) -> FileTree:
    tree = FileTree()
    site = site_of(design)
    if site is None:
        return tree
    context = {"project": design.project, "site": site}
    for name in ("index.html", "app.js", "styles.css"):
        tree.add(f"frontend/{name}", render_template(f"frontend/{name}.j2", **context), ownership="scaffold")
    tree.add("scripts/deploy-frontend.sh", render_template("frontend/deploy-frontend.sh.j2", **context),
             mode=0o755, ownership="scaffold")
    return tree
