"""How each figure grows with scale: log-log PNG plots and a growth table, from the JSON
results of the validation and stores sections (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path

from bench.common import size_label
from bench.stores import LABELS, QUERIES

FIGURES = (("load_s", "load time (s)", "stores-load.png"),
           ("peak_rss_mb", "peak memory (MB)", "stores-memory.png"),
           ("disk_mb", "on disk (MB)", "stores-disk.png"))


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _series(stores: dict, kind: str, get) -> tuple[list[int], list[float]]:
    xs, ys = [], []
    for entry in stores["scales"]:
        m = entry["stores"].get(kind, {})
        value = get(m) if "load_s" in m else None
        if value:
            xs.append(entry["scale"])
            ys.append(value)
    return xs, ys


def _axes(ax, ylabel: str, title: str) -> None:
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("triples")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.grid(True, which="both", alpha=0.3)


def plot_stores(stores: dict, folder: Path) -> list[Path]:
    plt = _pyplot()
    written = []
    for key, ylabel, name in FIGURES:
        fig, ax = plt.subplots(figsize=(6, 4))
        for kind in stores["stores"]:
            xs, ys = _series(stores, kind, lambda m, k=key: m.get(k))
            if xs:
                ax.plot(xs, ys, marker="o", label=LABELS[kind])
        _axes(ax, ylabel, f"{ylabel} by scale")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(folder / name, dpi=100)
        plt.close(fig)
        written.append(folder / name)
    names = list(QUERIES)
    cols = 4
    rows = (len(names) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3.2 * rows), squeeze=False)
    for ax, qname in zip(axes.flat, names):
        for kind in stores["stores"]:
            xs, ys = _series(stores, kind, lambda m, q=qname: m["queries"][q]["median_ms"])
            if xs:
                ax.plot(xs, ys, marker="o", label=LABELS[kind])
        _axes(ax, "median latency (ms)", qname)
    for ax in list(axes.flat)[len(names):]:
        ax.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower right", fontsize=8)
    fig.tight_layout()
    path = folder / "stores-queries.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return written + [path]


def plot_validation(validation: dict, folder: Path) -> list[Path]:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    for mode, label in (("newskg", "graph.validate (per article)"),
                        ("newskg-rdfs", "graph.validate + RDFS"),
                        ("pyshacl", "plain pySHACL (one graph)")):
        pts = [(r["scale"], r[mode]["seconds"]) for r in validation["rows"]
               if "seconds" in r.get(mode, {})]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label)
    _axes(ax, "validation time (s)", "SHACL validation time by scale")
    ax.legend(fontsize=7)
    fig.tight_layout()
    path = folder / "validation.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return [path]


def growth_markdown(stores: dict | None, validation: dict | None) -> str:
    """Each figure's growth factor from the smallest to the largest scale measured."""
    parts = []
    if stores and len(stores["scales"]) > 1:
        first, last = stores["scales"][0]["scale"], stores["scales"][-1]["scale"]
        cols = ["load", "memory", "disk"] + list(QUERIES)
        lines = [f"Growth of each figure from {size_label(first)} to the largest scale a store "
                 f"ran ({size_label(last)} = {last // first}x the data): the factor by which it "
                 f"grew (1 = flat, {last // first} = linear).", "",
                 "| store | scale | " + " | ".join(cols) + " |",
                 "|---|---|" + "---|" * len(cols)]
        for kind in stores["stores"]:
            done = [e for e in stores["scales"] if "load_s" in e["stores"].get(kind, {})]
            if len(done) < 2:
                continue
            a, b = done[0]["stores"][kind], done[-1]["stores"][kind]
            cells = [_factor(a.get(k), b.get(k)) for k in ("load_s", "peak_rss_mb", "disk_mb")]
            cells += [_factor(a["queries"][q]["median_ms"], b["queries"][q]["median_ms"])
                      for q in QUERIES]
            span = f"{size_label(done[0]['scale'])}-{size_label(done[-1]['scale'])}"
            lines.append(f"| {LABELS[kind]} | {span} | " + " | ".join(cells) + " |")
        parts.append("\n".join(lines))
    if validation:
        done = [r for r in validation["rows"] if "seconds" in r.get("newskg", {})]
        if len(done) > 1:
            a, b = done[0]["newskg"], done[-1]["newskg"]
            parts.append(f"graph.validate: {_factor(a['seconds'], b['seconds'])} the time for "
                         f"{done[-1]['scale'] // done[0]['scale']}x the triples "
                         f"({size_label(done[0]['scale'])} to {size_label(done[-1]['scale'])}).")
    return "\n\n".join(parts) or "Fewer than two scales were measured: no growth to show."


def _factor(a, b) -> str:
    if not a or not b:
        return "-"
    return f"{b / a:.1f}x"
