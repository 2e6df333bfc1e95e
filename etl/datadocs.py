"""Great Expectations Data Docs that work offline and keep a bounded history.

GX 1.x renders its pages with links to public CDNs (Bootstrap, jQuery, bootstrap-table, Vega,
Font Awesome, ...) and a logo from an analytics URL that carries the data context id. Opened
without a network (a CI artifact, an air-gapped newsroom) such a page is two bare links and an
empty results table; opened with one, every view tells a third party who looked. Here:

- `build_site` renders only this run's validation results and the suites (not every result in
  the store), after `prune_validation_results` has kept the last `keep_runs` runs, so building
  does not slow down as runs accumulate; GX's index builder drops the pages of pruned results.
- `make_offline` points the pages it just wrote at local copies of those files, which `make
  setup` installs from the npm registry at the versions GX's templates name (vendor/package.json,
  pinned by vendor/package-lock.json) and this module copies into the site's static/vendor/ with
  their licences; the analytics logo becomes GX's own bundled logo. An external script,
  stylesheet or image that has no local copy is dropped (and logged), never fetched.

The site is <reports>/gx/gx/uncommitted/data_docs/local_site/index.html: one per reports folder.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from pathlib import Path

from etl.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

SITE_NAME = "local_site"
SITE_CONFIG = {
    "class_name": "SiteBuilder",
    # the how-to buttons open a walkthrough modal over every validation page and link to GX Cloud
    "show_how_to_buttons": False,
    "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": f"uncommitted/data_docs/{SITE_NAME}/"},
    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
}

# Every file GX 1.x's templates (render/view/templates/*.j2) load from a CDN → the same file in
# the npm package installed under vendor/node_modules. `@5`-style URLs name a major version;
# vendor/package.json pins one release of it.
CDN_FILES: dict[str, str] = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap/dist/js/bootstrap.min.js",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper.js/dist/umd/popper.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table/dist/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table/dist/bootstrap-table.min.js",
    # GX's pages ask for the filter-control stylesheet of 1.19.0 but its script of 1.19.1; one release serves both
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        "bootstrap-datepicker/dist/css/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        "bootstrap-datepicker/dist/js/bootstrap-datepicker.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        "@forevolve/bootstrap-dark/dist/css/bootstrap-prefers-dark.css",
    # all.min.css loads its fonts from ../webfonts/: the folder is copied whole (EXTRA_DIRS)
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "@fortawesome/fontawesome-free/css/all.min.css",
    "https://cdn.jsdelivr.net/npm/vega@5": "vega/build/vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite/build/vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed/build/vega-embed.min.js",
}
EXTRA_DIRS = ("@fortawesome/fontawesome-free/webfonts",)
# GX's logo comes from its web-assets bucket with ?d=<time>&dataContextId=<id>; the site's own
# static/images/ has the same logo.
GX_ASSETS_HOST = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/"

_TAG = re.compile(r"<(script|link|img)\b[^>]*>(?:\s*</script>)?", re.I | re.S)
_URL_ATTR = re.compile(r"""\b(src|href)\s*=\s*(["'])(https?://[^"']*)\2""", re.I)
_LOCAL_ATTR = re.compile(r"""\b(src|href)\s*=\s*(["'])((?![a-z][a-z0-9+.-]*:|#|/)[^"']+)\2""", re.I)
_SRI_ATTR = re.compile(r"""\s+(integrity|crossorigin)(\s*=\s*(["'])[^"']*\3)?""", re.I)
_CSS_URL = re.compile(r"""url\(\s*(["']?)(https?://[^"')]*)\1\s*\)""", re.I)


def assets_dir() -> Path:
    """Where `make setup` installed the npm packages (NEWS_WEB_ASSETS overrides)."""
    env = os.environ.get("NEWS_WEB_ASSETS")
    return Path(env) if env else PROJECT_ROOT / "vendor" / "node_modules"


def configure_site(context) -> None:
    """One local site per GX project, without the how-to walkthrough."""
    current = (context.variables.data_docs_sites or {}).get(SITE_NAME)
    if current != SITE_CONFIG:
        if current is None:
            context.add_data_docs_site(SITE_NAME, dict(SITE_CONFIG))
        else:
            context.update_data_docs_site(SITE_NAME, dict(SITE_CONFIG))


def prune_validation_results(context, keep_runs: int) -> int:
    """Delete stored validation results of all but the `keep_runs` most recent runs (by run
    name, ordered by their latest run time). Returns how many results were removed. The site index builder then removes their
    pages, because it drops pages whose result is gone."""
    store = context.validation_results_store
    keys = store.list_keys()
    # a run may store several results per suite (one per validation window, each its own run
    # time): a run is its name, as recent as its latest result
    latest: dict[str, object] = {}
    for k in keys:
        name = k.run_id.run_name or ""
        latest[name] = max(latest[name], k.run_id.run_time) if name in latest else k.run_id.run_time
    kept = set(sorted(latest, key=lambda n: (latest[n], n), reverse=True)[:max(keep_runs, 1)])
    removed = 0
    for key in keys:
        if (key.run_id.run_name or "") not in kept:
            store.remove_key(key)
            removed += 1
    return removed


def build_site(context, run_name: str, keep_runs: int) -> Path | None:
    """Build the Data Docs for one run: prune to `keep_runs` runs, render this run's results
    and the suites, the index, then make the new pages work offline. Returns the index page."""
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    configure_site(context)
    prune_validation_results(context, keep_runs)
    mine = [k for k in context.validation_results_store.list_keys() if k.run_id.run_name == run_name]
    suites = [ExpectationSuiteIdentifier(name=s.name) for s in context.suites.all()]
    context.build_data_docs(site_names=[SITE_NAME], resource_identifiers=mine + suites)
    urls = context.get_docs_sites_urls(site_name=SITE_NAME)
    if not urls or not urls[0].get("site_url"):
        return None
    index = Path(urls[0]["site_url"].removeprefix("file://"))
    site = index.parent
    pages = [index, *(site / "expectations" / f"{s.name}.html" for s in suites)]
    pages += [site / "validations" / Path(*k.to_tuple()).with_suffix(".html") for k in mine]
    make_offline(site, [p for p in pages if p.exists()])
    return index


def install_assets(site: Path, source: Path | None = None) -> bool:
    """Copy the vendored files and their licences into <site>/static/vendor/ unless the copy
    there is of the same installation already. False when `make setup` has not installed them."""
    source = source or assets_dir()
    lock = source / ".package-lock.json"  # npm writes it on every install: its hash names the set
    if not lock.exists():
        return False
    stamp_value = hashlib.sha256(lock.read_bytes()).hexdigest()
    target = site / "static" / "vendor"
    stamp = target / ".installed"
    if stamp.exists() and stamp.read_text() == stamp_value:
        return True
    shutil.rmtree(target, ignore_errors=True)
    packages: dict[str, dict] = {}
    for rel in [*CDN_FILES.values(), *EXTRA_DIRS]:
        src = source / rel
        dst = target / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst)
        elif src.exists():
            shutil.copyfile(src, dst)
        else:
            log.warning("Data Docs: %s is missing from %s; run make setup", rel, source)
            continue
        name = "/".join(rel.split("/")[:2]) if rel.startswith("@") else rel.split("/")[0]
        packages[name] = json.loads((source / name / "package.json").read_text(encoding="utf-8"))
    lines = ["# Third-party files in this folder", "",
             "Installed from the npm registry by `make setup` (vendor/package.json, vendor/package-lock.json).", "",
             "| package | version | licence |", "|---|---|---|"]
    for name, meta in sorted(packages.items()):
        lic = meta.get("license")
        lic = lic.get("type") if isinstance(lic, dict) else lic
        lines.append(f"| {name} | {meta.get('version')} | {lic} |")
        for f in (source / name).iterdir():
            if f.is_file() and f.name.lower().startswith(("license", "licence", "copying", "notice")):
                shutil.copyfile(f, target / name / f.name)
    (target / "LICENSES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    stamp.write_text(stamp_value)
    return True


def make_offline(site: Path, pages: list[Path], source: Path | None = None) -> dict[str, int]:
    """Rewrite `pages` of the site so that every script, stylesheet and image they load is a
    local file. Returns counts: {"local": rewritten to a vendored copy, "dropped": external tags
    with no local copy, removed}."""
    have_assets = install_assets(site, source)
    counts = {"local": 0, "dropped": 0}
    vendor = site / "static" / "vendor"
    images = site / "static" / "images"

    for page in pages:
        text = page.read_text(encoding="utf-8")
        base = page.parent

        def rel(target: Path) -> str:
            return Path(os.path.relpath(target, base)).as_posix()

        def tag(m: re.Match) -> str:
            whole = m.group(0)
            attr = _URL_ATTR.search(whole)
            if attr is None:
                return _local_tag(whole)
            url = attr.group(3)
            local = None
            if url in CDN_FILES and have_assets and (vendor / CDN_FILES[url]).exists():
                local = vendor / CDN_FILES[url]
            elif url.startswith(GX_ASSETS_HOST):
                name = url[len(GX_ASSETS_HOST):].split("?")[0]
                if (images / name).exists():
                    local = images / name
            if local is None:
                counts["dropped"] += 1
                log.warning("Data Docs: dropped %s from %s (no local copy)", url, page.name)
                return ""
            counts["local"] += 1
            out = whole[:attr.start()] + f'{attr.group(1)}="{rel(local)}"' + whole[attr.end():]
            return _SRI_ATTR.sub("", out)  # SRI/CORS attributes make file:// loads fail

        def _local_tag(whole: str) -> str:
            # GX computes some relative paths one folder short (the favicon on validation pages):
            # point a local file that is not there at the site's copy of it, or drop the tag
            local = _LOCAL_ATTR.search(whole)
            if local is None or (base / local.group(3)).exists():
                return whole
            name = local.group(3).rsplit("/", 1)[-1]
            if (images / name).exists():
                counts["local"] += 1
                return whole[:local.start()] + f'{local.group(1)}="{rel(images / name)}"' + whole[local.end():]
            counts["dropped"] += 1
            log.warning("Data Docs: dropped %s from %s (no such file)", local.group(3), page.name)
            return ""

        def css(m: re.Match) -> str:
            url = m.group(2)
            name = url.split("?")[0].rsplit("/", 1)[-1]
            # the dark-mode logo is not bundled with GX: use the light one it does bundle
            target = images / name if (images / name).exists() else images / "logo-long.png"
            counts["local"] += 1
            return f"url('{rel(target)}')"

        new = _CSS_URL.sub(css, _TAG.sub(tag, text))
        if new != text:
            page.write_text(new, encoding="utf-8")
    return counts
