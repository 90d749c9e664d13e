#!/usr/bin/env python3
"""bench/out/results.json → bench/RESULTS.md and bench/results.png (bench/run calls this last).

Can be re-run on its own after editing: `.venv/bin/python bench/report.py`.
"""
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"


def fmt(value, digits=0):
    if value is None:
        return "–"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}"
    return f"{value:,.0f}" if isinstance(value, (int, float)) else str(value)


def ms(value):
    return "–" if value is None else f"{value:.2f}"


def mib(kb):
    return "–" if kb is None else f"{kb / 1024:.1f}"


def verdict(ok):
    return "**PASS**" if ok else "**MISS**"


def row_by(scenario, key):
    return next((r for r in scenario.get("rows", []) if r.get("key") == key), None)


def ratio_line(name, numerator, denominator, target, minimum=True):
    """A target row: measured ratio and PASS/MISS; MISS (not measured) when a figure is missing."""
    if not numerator or not denominator or not denominator.get("rps"):
        return f"| {name} | not measured | **MISS** |"
    value = numerator["rps"] / denominator["rps"]
    ok = value >= target if minimum else value <= target
    return f"| {name} | {value:.2f}× ({fmt(numerator['rps'])} / {fmt(denominator['rps'])} req/s) | {verdict(ok)} |"


def latency_line(name, row, limit_ms):
    if not row or row.get("p99_ms") is None:
        return f"| {name} | not measured | **MISS** |"
    return f"| {name} | {row['p99_ms']:.2f} ms | {verdict(row['p99_ms'] < limit_ms)} |"


def request_table(scenario):
    lines = ["| server | req/s | p50 ms | p99 ms | non-2xx | load before | command |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for r in scenario.get("rows", []):
        label = r["label"] + (" *(context)*" if r.get("context") else "")
        if r.get("reused_from"):
            label += f" *(measured in scenario {r['reused_from']})*"
        unit = " tps" if r.get("tool") == "pgbench" else ""
        non = fmt(r.get("non_2xx"))
        if r.get("socket_errors"):
            non += f" (+{fmt(r['socket_errors'])} socket errors)"
        lines.append(f"| {label} | {fmt(r['rps'])}{unit} | {ms(r.get('p50_ms'))} | {ms(r.get('p99_ms'))} | {non} "
                     f"| {r.get('load_before', '–')} | `{r['command']}` |")
    return lines


def header(number, scenario):
    lines = [f"## {number}. {scenario.get('title', '')}", ""]
    if scenario.get("error"):
        lines += [f"**This scenario failed:** `{scenario['error']}` (traceback in bench/out/error-scenario-{number}.txt)", ""]
    return lines


def scenario_1(s):
    lines = header(1, s) + request_table(s) + ["", "| target (issue 2) | measured | result |", "|---|---|---|"]
    ours, nginx, static = row_by(s, "healthz-ours"), row_by(s, "healthz-nginx"), row_by(s, "healthz-ours-static")
    lines.append(ratio_line("req/s ≥ 0.7× nginx", ours, nginx, 0.7))
    lines.append(latency_line("p99 < 5 ms at 64 connections", ours, 5))
    if static:
        lines.append(ratio_line("(static stdlib build) req/s ≥ 0.7× nginx", static, nginx, 0.7))
        lines.append(latency_line("(static stdlib build) p99 < 5 ms", static, 5))
    info = row_by(s, "healthz-ours-info")
    if info and ours:
        lines += ["", f"With `JOBS_LOG_LEVEL=info` (one access-log line per request on stderr, to a file) the same server "
                      f"answers {info['rps'] / ours['rps']:.2f}× the requests of `warning`."]
    return lines


def scenario_2(s):
    lines = header(2, s)
    if s.get("answers"):
        lines += ["Answers seen before the runs: " + "; ".join(f"{k}: `{v}`" for k, v in s["answers"].items()), ""]
    lines += request_table(s) + ["", "| target (issue 3) | measured | result |", "|---|---|---|"]
    ours = row_by(s, "rejected-ours")
    lines.append(ratio_line("req/s ≥ 2× webhook", ours, row_by(s, "rejected-webhook"), 2.0))
    lines.append(ratio_line("req/s ≥ 0.5× nginx", ours, row_by(s, "rejected-nginx"), 0.5))
    return lines


def scenario_3(s):
    lines = header(3, s) + request_table(s) + [""]
    for r in s.get("rows", []):
        if "runs_created" in r:
            note = (f"- {r['label']}: {fmt(r['runs_created'])} runs stored for {fmt(r['requests'])} answered requests "
                    f"(queue held {fmt(r['queued_before'])} runs at the start; {fmt(r.get('signed_used'))} of "
                    f"{fmt(r.get('signed_available'))} pre-signed requests used")
            if r.get("threads_exhausted"):
                note += f"; {r['threads_exhausted']} wrk thread(s) ran out and stopped early, rate taken over their time"
            lines.append(note + ").")
        if "backlog_drain_s" in r:
            lines.append(f"- {r['label']}: webhook answers before it runs the command; its backlog of `/bin/true` "
                         f"took {r['backlog_drain_s']} s more to drain, i.e. {fmt(r['completed_rate'])} hooks actually "
                         "run per second (the next measurement started after the drain).")
    if s.get("pgbench_table"):
        lines += ["", f"pgbench's table: `{s['pgbench_table']}`; its transaction: bench/pgbench-insert.sql. "
                      "`-M extended` because our server uses the extended protocol too (PQexecParams)."]
    lines += ["", "| target (issue 4) | measured | result |", "|---|---|---|"]
    ours = row_by(s, "durable-ours")
    lines.append(ratio_line("req/s ≥ 0.8× pgbench TPS", ours, row_by(s, "durable-pgbench"), 0.8))
    lines.append(latency_line("p99 < 10 ms", ours, 10))
    return lines


def scenario_4(s):
    lines = header(4, s)
    if s.get("answers"):
        lines += ["Answers seen before the run: " + "; ".join(f"{k}: `{v}`" for k, v in s["answers"].items()), ""]
    lines += request_table(s)
    ours = row_by(s, "dedup-ours")
    if ours and "runs_for_key" in ours:
        lines += ["", f"Runs stored for the repeated webhook-id after the run: {ours['runs_for_key']} (must be 1)."]
    lines += ["", "| target (issue 4) | measured | result |", "|---|---|---|"]
    lines.append(ratio_line("req/s ≥ 3× webhook (valid signature)", ours, row_by(s, "durable-webhook"), 3.0))
    lines.append(latency_line("p99 < 10 ms", ours, 10))
    return lines


def scenario_5(s, settings):
    lines = header(5, s)
    if s.get("settings"):
        lines += [s["settings"] + ".", ""]
    lines += ["| server | binary MB | start-up ms (median of 3) | idle RSS MiB | of which anon / file | "
              f"RSS with {fmt(settings.get('hold'))} idle keep-alive connections MiB | bytes per connection "
              "| after closing MiB | probe: held alive | one more connection |",
              "|---|---:|---:|---:|---|---:|---:|---:|---|---|"]
    for r in s.get("rows", []):
        split = "–"
        if r.get("idle_rss_anon_kb_median") is not None:
            split = f"{mib(r['idle_rss_anon_kb_median'])} / {mib(r['idle_rss_file_kb_median'])}"
        size = f"{r['binary_bytes'] / 1e6:.1f}" if r.get("binary_bytes") else "–"
        extra = r.get("extra_status")
        lines.append(f"| {r['server']} | {size} | {fmt(r.get('startup_ms_median'), 1)} | {mib(r.get('idle_rss_kb_median'))} "
                     f"| {split} | {mib(r.get('rss_held_kb'))} ({fmt(r.get('held'))} held, {fmt(r.get('hold_failed'))} failed) "
                     f"| {fmt(r.get('per_connection_bytes'))} | {mib(r.get('rss_after_close_kb'))} "
                     f"| {r.get('probe_alive')}/{r.get('probe_count')} | {extra if extra else 'refused/closed'} |")
    lines += ["", "Start-up is from exec to the first `200` from `/readyz`. The command-line client is "
                  "bench/hold_connections.py: it opens the connections, sends one `GET /healthz` on each and keeps them; "
                  "the probe re-uses 100 of them and opens one connection more than the held count "
                  "(checktick-jobs' `JOBS_MAX_CONNECTIONS` is 10,000: 503 expected).", "",
              "| target (COMMON.md) | measured | result |", "|---|---|---|"]
    for r in s.get("rows", []):
        if r.get("startup_ms_median") is not None:
            lines.append(f"| idle RSS < 10 MB ({r['server']}) | {mib(r['idle_rss_kb_median'])} MiB | "
                         f"{verdict(r['idle_rss_kb_median'] * 1024 < 10e6)} |")
    if s.get("floor"):
        lines += ["", "What an idle process that only *loads* what ours must load already holds (bench/rss-floor/, "
                      "built and measured in the same run; VmRSS 0.3 s after start — shared-library pages count "
                      "in RSS):", "", "| idle process | RSS MiB | build command |", "|---|---:|---|"]
        for r in s["floor"]:
            shown = mib(r["rss_kb"]) if r.get("rss_kb") is not None else f"not built: {r.get('error')}"
            lines.append(f"| {r['label']} | {shown} | `{r['command']}` |")
    return lines


def scenario_6(s):
    lines = header(6, s)
    if s.get("surveys"):
        lines += [f"Data set: {fmt(s['surveys'])} surveys from `{s.get('data_command')}` in {s.get('data_seconds')} s "
                  "(10 % in a warning window, 10 % due for soft delete, 10 % due for hard delete with 20 responses and "
                  "four key columns each, 70 % not due), copied from one template database for every run.", ""]
    lines += ["| run | seconds | e-mails | e-mails/s | surveys left | soft-deleted | responses left | ledger rows | "
              "audit rows | command |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in s.get("rows", []):
        c = r.get("counts", {})
        label = r["label"] + (" *(context)*" if r.get("context") else "")
        rate = fmt(r.get("emails_per_second"))
        if r.get("sink_rate"):
            rate += f" (sink saw {fmt(r['sink_rate'])}/s)"
        lines.append(f"| {label} | {r['seconds']:.2f} | {fmt(r.get('emails'))} | {rate} | {fmt(c.get('surveys'))} "
                     f"| {fmt(c.get('soft_deleted'))} | {fmt(c.get('responses'))} | {fmt(sum(c.get('ledger', {}).values()))} "
                     f"| {fmt(sum(c.get('audit', {}).values()))} | `{r['command']}` |")
    if s.get("same_work"):
        lines += ["", "Same end state as the baseline (surveys, soft deletes, responses, erased keys, ledger rows per "
                      "window, audit rows per action): " + ", ".join(f"{k}: {'yes' if v else '**NO**'}"
                                                                      for k, v in s["same_work"].items()) + "."]
    ours, base = row_by(s, "ours"), row_by(s, "baseline")
    lines += ["", "| target (issue 5) | measured | result |", "|---|---|---|"]
    if ours and base:
        value = ours["seconds"] / base["seconds"]
        lines.append(f"| time ≤ 1.5× the set-based SQL, e-mails included | {value:.2f}× ({ours['seconds']:.2f} s / "
                     f"{base['seconds']:.2f} s) | {verdict(value <= 1.5 and s.get('same_work', {}).get('ours', False))} |")
        lines.append(f"| e-mails/s to the SMTP sink (Postfix smtp-sink) | {fmt(ours.get('emails_per_second'))}/s | (reported) |")
        slow = row_by(s, "ours-fixture")
        if slow:
            lines.append(f"| (context) with the test suite's Python fixture sink | {slow['seconds'] / base['seconds']:.2f}× "
                         f"({slow['seconds']:.2f} s), {fmt(slow.get('emails_per_second'))} e-mails/s "
                         f"(the sink's own ceiling) | – |")
    else:
        lines.append("| time ≤ 1.5× the set-based SQL, e-mails included | not measured | **MISS** |")
    return lines


def markdown(results):
    m, st = results.get("machine", {}), results.get("settings", {})
    sc = results.get("scenarios", {})
    lines = [
        "# checktick-jobs benchmarks",
        "",
        f"Generated by `bench/run{' --quick' if st.get('mode') == 'quick' else ''}` on {m.get('date_utc', '?')} "
        f"({st.get('mode', '?')} mode: {st.get('duration_s')} s per measurement, {st.get('connections')} connections, "
        f"{st.get('threads')} wrk threads / pgbench jobs). Everything ran on loopback on one machine, one "
        "measurement at a time, load generator and server sharing the cores: compare **ratios** within this "
        "file, not absolute figures across machines. `load before` is the 1-minute load average before each "
        "measurement (a value well above the core count means someone else was using the machine). "
        "Commands ran from the repository root; raw outputs are in bench/out/.",
        "",
    ]
    if results.get("errors"):
        lines += ["**Errors in this run:**", ""] + [f"- `{e}`" for e in results["errors"]] + [""]
    lines += ["![requests per second per scenario](results.png)", "", "## Summary of targets", "",
              "| scenario | target | measured | result |", "|---|---|---|---|"]
    summary_at = len(lines)
    body = []
    for number, render in (("1", scenario_1), ("2", scenario_2), ("3", scenario_3), ("4", scenario_4)):
        if number in sc:
            body += [""] + render(sc[number])
    if "5" in sc:
        body += [""] + scenario_5(sc["5"], st)
    if "6" in sc:
        body += [""] + scenario_6(sc["6"])
    # collect the target rows into the summary
    current = None
    for line in body:
        if line.startswith("## "):
            current = line[3:].split(".", 1)[0]
        elif current and line.startswith("| ") and ("**PASS**" in line or "**MISS**" in line):
            cells = [c.strip() for c in line.strip("|").split("|")]
            lines.insert(summary_at, f"| {current} | {cells[0]} | {cells[1]} | {cells[2]} |")
            summary_at += 1
    lines += body
    lines += ["", "## Machine and versions", "", "| | |", "|---|---|"]
    for key in ("date_utc", "nproc", "cpu", "memory_gib", "kernel", "os", "loadavg_start", "wrk", "nginx", "webhook",
                "postgresql", "postgresql_settings", "pgbench", "swift", "python", "git", "ulimit_n"):
        if key in m:
            lines.append(f"| {key} | `{m[key]}` |")
    lines += ["", "## Settings", "",
              f"- build: `{st.get('build', '')}`",
              f"- checktick-jobs for scenarios 1–4: `{st.get('ours_env', '')}`, listening on 127.0.0.1",
              f"- nginx: `{st.get('nginx_command', '')}` with this configuration:", "", "```nginx",
              st.get("nginx_conf", "").strip(), "```", "",
              f"- webhook: `{st.get('webhook_command', '')}` with this hooks.json:", "", "```json",
              st.get("webhook_hooks", "").strip(), "```", "",
              "- PostgreSQL: `PGROOT=/tmp/ctj-bench-pg PGPORT=54350 scripts/pg-up.sh` (fsync and synchronous_commit "
              "off, as for the tests), shared by every scenario.", ""]
    return "\n".join(lines) + "\n"


def chart(results, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    sc = results.get("scenarios", {})
    panels = [("1", "1. GET /healthz"), ("2", "2. rejected trigger"), ("3", "3. durable trigger, unique ids"),
              ("4", "4. deduplicated trigger")]
    fig, axes = plt.subplots(2, 3, figsize=(17, 9))
    colours = {"nginx": "#7f7f7f", "webhook": "#ff7f0e", "pgbench": "#2ca02c", "checktick-jobs": "#1f77b4"}

    def colour(label):
        return next((c for k, c in colours.items() if label.startswith(k)), "#9467bd")

    for ax, (number, title) in zip(axes.flat, panels):
        rows = [r for r in sc.get(number, {}).get("rows", []) if r.get("rps")]
        ax.set_title(title)
        if not rows:
            ax.text(0.5, 0.5, "not measured", ha="center", va="center", transform=ax.transAxes)
            continue
        labels = [r["label"] + (" (context)" if r.get("context") else "") for r in rows]
        values = [r["rps"] for r in rows]
        bars = ax.barh(range(len(rows)), values, color=[colour(l) for l in labels])
        ax.set_yticks(range(len(rows)), [l.replace(", ", ",\n", 1) for l in labels], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel("requests (transactions) per second")
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _: f"{x / 1000:.0f}k" if x else "0"))
        for bar, value in zip(bars, values):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {value:,.0f}", va="center", fontsize=7)
        ax.margins(x=0.25)

    ax = axes.flat[4]
    ax.set_title("5. memory (RSS)")
    rows = sc.get("5", {}).get("rows", [])
    if rows:
        names = [r["server"].split(" (")[0] for r in rows]
        idle = [r.get("idle_rss_kb_median", 0) / 1024 for r in rows]
        held = [r.get("rss_held_kb", 0) / 1024 for r in rows]
        positions = range(len(rows))
        ax.bar([p - 0.2 for p in positions], idle, 0.4, label="idle")
        ax.bar([p + 0.2 for p in positions], held, 0.4, label=f"{results['settings'].get('hold', 0):,} idle connections")
        ax.axhline(10e6 / 2**20, color="red", linestyle="--", linewidth=1, label="10 MB target")
        ax.set_xticks(list(positions), names, fontsize=8)
        ax.set_ylabel("MiB")
        ax.legend(fontsize=7)
    else:
        ax.text(0.5, 0.5, "not measured", ha="center", va="center", transform=ax.transAxes)

    ax = axes.flat[5]
    ax.set_title(f"6. governance, {results['settings'].get('surveys', 0):,} surveys")
    rows = sc.get("6", {}).get("rows", [])
    if rows:
        labels = [r["label"].replace(" process_data_governance", "").replace("checktick-jobs run", "ours") for r in rows]
        bars = ax.barh(range(len(rows)), [r["seconds"] for r in rows],
                       color=["#1f77b4" if r["key"].startswith("ours") else "#2ca02c" for r in rows])
        ax.set_yticks(range(len(rows)), [l.replace(" (", "\n(", 1) for l in labels], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel("seconds (lower is better)")
        for bar, r in zip(bars, rows):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {r['seconds']:.2f} s", va="center", fontsize=7)
        ax.margins(x=0.25)
    else:
        ax.text(0.5, 0.5, "not measured", ha="center", va="center", transform=ax.transAxes)

    m = results.get("machine", {})
    fig.suptitle(f"checktick-jobs vs nginx, webhook, pgbench — {m.get('date_utc', '')}, {m.get('nproc')} cores, "
                 f"{results['settings'].get('mode')} mode ({results['settings'].get('duration_s')} s per run)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    source = OUT / "results.json"
    if not source.exists():
        sys.stderr.write("bench/report.py: bench/out/results.json not found (run bench/run first)\n")
        return 1
    results = json.loads(source.read_text())
    (BENCH / "RESULTS.md").write_text(markdown(results))
    chart(results, BENCH / "results.png")
    print(f"wrote {BENCH / 'RESULTS.md'} and {BENCH / 'results.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
