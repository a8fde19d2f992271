"""Reader for innosim results files (HDF5, format 1.x; see output/SCHEMA.md).

Needs h5py and numpy; returns pandas DataFrames for tables when pandas is
importable (pass ``use_pandas=False`` for numpy structured arrays)::

    from innosim_results import open_results
    with open_results("results/run.h5") as r:
        for name in r.scenarios():
            x = r.metric(name, "firms_active")       # ndarray [replications x T]
            s = r.summary(name, "firms_active")      # mean, sd, ci_low, ci_high, n per time
        runs = r.runs()

Strings come back as ``str``. Enum columns (firm ``stage``, event ``kind``)
come back as their integer codes; ``stage_codes()`` and ``event_kinds()``
give the name -> code mapping, and DataFrames get an extra ``<field>_name``
column.

Format 1.1 additions: ``comparisons()`` / ``comparison(name)`` (written by
``innosim compare``) and ``sweep()``, ``sweep_design()``,
``sweep_results(metric)``, ``sweep_series(metric)`` (written by ``innosim
sweep``); ``runs()`` then has a ``point`` column.
"""

import h5py
import numpy as np

try:  # pandas is optional
    import pandas as _pd
except ImportError:  # pragma: no cover - depends on the installation
    _pd = None

__all__ = ["open_results", "Results", "ResultsFormatError", "FILETYPE", "SUPPORTED_MAJOR", "STAGES"]

FILETYPE = "innosim-results"
SUPPORTED_MAJOR = 1
STAGES = ("startup", "tech_sme", "high_tech", "gazelle", "unicorn")


class ResultsFormatError(ValueError):
    """The file is not an innosim results file, or has an unsupported major version."""


def _str(x):
    return x.decode("utf-8") if isinstance(x, bytes) else x


def _decode_strings(arr):
    """Returns a copy of a structured array with byte-string fields decoded to str."""
    if arr.dtype.names is None:
        return arr
    out = arr.copy()
    for name in arr.dtype.names:
        if arr.dtype[name].kind == "O":
            out[name] = np.array([_str(v) for v in arr[name]], dtype=object) if len(arr) else arr[name]
    return out


def open_results(path, use_pandas=None):
    """Opens and validates an innosim results file; use as a context manager."""
    return Results(path, use_pandas=use_pandas)


class Results:
    """A read-only innosim results file."""

    def __init__(self, path, use_pandas=None):
        self.path = str(path)
        self.use_pandas = (_pd is not None) if use_pandas is None else bool(use_pandas)
        if self.use_pandas and _pd is None:
            raise ImportError("use_pandas=True but pandas is not installed")
        try:
            self._f = h5py.File(self.path, "r")
        except FileNotFoundError:
            raise
        except OSError as e:
            if not h5py.is_hdf5(self.path):
                raise ResultsFormatError(f"{self.path!r} is not an HDF5 file, so not an innosim results file") from e
            raise
        try:
            self._check()
        except Exception:
            self._f.close()
            raise

    def _check(self):
        a = self._f.attrs
        if "filetype" not in a:
            raise ResultsFormatError(f"{self.path!r} is not an innosim results file (no 'filetype' attribute)")
        ft = _str(a["filetype"])
        if ft != FILETYPE:
            raise ResultsFormatError(f"{self.path!r} is not an innosim results file (filetype is {ft!r})")
        v = a.get("format_version")
        if v is None or np.size(v) != 2:
            raise ResultsFormatError(f"{self.path!r} has no valid 'format_version' attribute")
        self.format_version = (int(v[0]), int(v[1]))
        if self.format_version[0] != SUPPORTED_MAJOR:
            raise ResultsFormatError(
                f"{self.path!r} has format version {self.format_version[0]}.{self.format_version[1]}; "
                f"this reader supports {SUPPORTED_MAJOR}.x only")

    # -- file ------------------------------------------------------------------------------
    def close(self):
        self._f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def file(self):
        """The underlying h5py.File, for anything this module does not cover."""
        return self._f

    def attrs(self):
        """Root attributes as a dict (strings decoded, format_version as a tuple)."""
        out = {k: _str(v) for k, v in self._f.attrs.items()}
        out["format_version"] = self.format_version
        return out

    # -- scenarios -------------------------------------------------------------------------
    def _group(self, scenario):
        g = self._f.get("scenarios")
        if g is None or scenario not in g:
            raise KeyError(f"no scenario {scenario!r} in {self.path!r} (it has: {', '.join(self.scenarios()) or 'none'})")
        return g[scenario]

    def scenarios(self):
        """Scenario names, in the order they were written."""
        g = self._f.get("scenarios")
        return list(g.keys()) if g is not None else []

    def scenario(self, scenario):
        """A scenario's attributes as a dict (seed, replications, horizon_years, scenario_yaml, ...)."""
        g = self._group(scenario)
        out = {k: _str(v) for k, v in g.attrs.items()}
        for k in ("seed", "replications", "start_year"):
            if k in out:
                out[k] = int(out[k])
        if "horizon_years" in out:
            out["horizon_years"] = float(out["horizon_years"])
        return out

    def time(self, scenario):
        """The time grid, years since start (float64 [T])."""
        return self._group(scenario)["time"][()]

    def calendar_years(self, scenario):
        """Format 1.2: the time grid in calendar years, start_year + time (float64 [T]); None in older files."""
        g = self._group(scenario)
        return g["calendar_year"][()] if "calendar_year" in g else None

    def dates(self, scenario):
        """Format 1.2: the calendar date of each time point as ISO 8601 strings ("2026-01-01"); None when absent.
        With pandas, ``pandas.to_datetime(r.dates(name))`` gives an index for time series."""
        g = self._group(scenario)
        return [_str(x) for x in g["date"][()]] if "date" in g else None

    def metrics(self, scenario):
        """{metric name: {"unit", "description", "kind", "period_months"}} in the order they were written.

        ``kind`` (format 1.2) is "stock" (a level at the sample time), "flow" (an amount over the sampling
        period ending at the sample: sum a flow over time for totals) or "mean" (a mean or rate over that
        period); "" and 0 in older files."""
        g = self._group(scenario)["metrics"]
        return {n: {"unit": _str(d.attrs.get("unit", "")), "description": _str(d.attrs.get("description", "")),
                    "kind": _str(d.attrs.get("kind", "")), "period_months": int(d.attrs.get("period_months", 0))}
                for n, d in g.items()}

    def metric(self, scenario, name):
        """A metric as float64 ndarray [replications x T]; rows of failed replications are NaN."""
        g = self._group(scenario)["metrics"]
        if name not in g:
            raise KeyError(f"scenario {scenario!r} has no metric {name!r} (it has: {', '.join(g.keys())})")
        return g[name][()]

    def metric_frame(self, scenario, name):
        """A metric in long form: replication, time, value (DataFrame or structured array)."""
        x = self.metric(scenario, name)
        t = self.time(scenario)
        reps, n = x.shape
        arr = np.empty(reps * n, dtype=[("replication", "<i8"), ("time", "<f8"), ("value", "<f8")])
        arr["replication"] = np.repeat(np.arange(reps), n)
        arr["time"] = np.tile(t, reps)
        arr["value"] = x.reshape(-1)
        return self._frame(arr)

    def summary(self, scenario, name):
        """time, mean, sd, ci_low, ci_high (95 % Student t), n per time point."""
        g = self._group(scenario)["summary"]
        if name not in g:
            raise KeyError(f"scenario {scenario!r} has no summary of {name!r}")
        return self._frame(g[name][()])

    # -- tables ----------------------------------------------------------------------------
    def runs(self):
        """The /runs table: scenario, replication, seed, status, wall_seconds."""
        return self._frame(_decode_strings(self._f["runs"][()]))

    @staticmethod
    def stage_codes():
        """{stage name: code} of the firm-panel stage enum."""
        return {n: i for i, n in enumerate(STAGES)}

    def event_kinds(self, scenario):
        """{kind name: code} of a scenario's event log, as stored in the file."""
        ds = self._table(scenario, "events")
        return dict(h5py.check_enum_dtype(ds.dtype["kind"]))

    def has_firms(self, scenario):
        return "firms" in self._group(scenario)

    def has_events(self, scenario):
        return "events" in self._group(scenario)

    def has_exits(self, scenario):
        """Format 1.3: whether the scenario has an exits table (written with the firm panel)."""
        return "exits" in self._group(scenario)

    def exits(self, scenario):
        """Format 1.3, the exits table: one row per firm exit with replication, time, firm_id, cause
        (code; cause_name with pandas), birth_time, age (years), sector, stage (at exit; stage_name),
        employees and loan_default. Times are years since start; with the panel's birth_time it gives
        the survival data (exits are events, firms alive at the horizon are censored)."""
        ds = self._table(scenario, "exits")
        causes = dict(h5py.check_enum_dtype(ds.dtype["cause"]))
        return self._frame(ds[()], enums={"cause": causes, "stage": self.stage_codes()})

    def firms(self, scenario, replication=None):
        """The firm panel (optionally one replication's rows), in file order. Reads it all into memory."""
        ds = self._table(scenario, "firms")
        if replication is None:
            arr = ds[()]
        else:
            arr = np.concatenate([b[b["replication"] == replication] for b in self.iter_firms(scenario)] or
                                 [np.empty(0, dtype=ds.dtype)])
        return self._frame(arr, enums={"stage": self.stage_codes()})

    def iter_firms(self, scenario, block_rows=1 << 20):
        """Yields the firm panel as structured-array blocks, for panels too big for memory."""
        ds = self._table(scenario, "firms")
        for start in range(0, ds.shape[0], block_rows):
            yield ds[start:start + block_rows]

    def events(self, scenario):
        """The event log: replication, time, firm_id, kind (code), amount (yuan), detail."""
        ds = self._table(scenario, "events")
        return self._frame(_decode_strings(ds[()]), enums={"kind": self.event_kinds(scenario)})

    # -- comparisons (format 1.1) ---------------------------------------------------------
    def comparisons(self):
        """Names of the comparisons, "<alternative>_vs_<base>", in the order they were written."""
        g = self._f.get("comparisons")
        return list(g.keys()) if g is not None else []

    def comparison(self, name):
        """A comparison: {"attrs": {...}, "metrics": table, "cost_effectiveness": table}."""
        g = self._f.get("comparisons")
        if g is None or name not in g:
            raise KeyError(f"no comparison {name!r} in {self.path!r} (it has: {', '.join(self.comparisons()) or 'none'})")
        g = g[name]
        return {"attrs": {k: _str(v) for k, v in g.attrs.items()},
                "metrics": self._frame(_decode_strings(g["metrics"][()])),
                "cost_effectiveness": self._frame(_decode_strings(g["cost_effectiveness"][()]))}

    # -- sweeps (format 1.1) ---------------------------------------------------------------
    def has_sweep(self):
        return "sweep" in self._f

    def _sweep(self):
        if "sweep" not in self._f:
            raise KeyError(f"{self.path!r} holds no sweep")
        return self._f["sweep"]

    def sweep(self):
        """The sweep's attributes (design, points, replications, seed, sweep_yaml, ...)."""
        return {k: _str(v) for k, v in self._sweep().attrs.items()}

    def sweep_design(self):
        """The design: a `point` column and one float64 column per factor (named by its dotted key)."""
        return self._frame(self._sweep()["design"][()])

    def sweep_metrics(self):
        """Names of the metrics the sweep kept."""
        return list(self._sweep()["results"].keys())

    def sweep_results(self, metric):
        """A metric at the horizon, float64 ndarray [points x replications] (NaN: failed or not run)."""
        g = self._sweep()["results"]
        if metric not in g:
            raise KeyError(f"the sweep kept no metric {metric!r} (it has: {', '.join(g.keys())})")
        return g[metric][()]

    def sweep_policy_results(self, metric):
        """A sweep with a policy: the policy's metric at the horizon, ndarray [points x replications]."""
        g = self._sweep()
        if "policy" not in g:
            raise KeyError(f"{self.path!r}: the sweep has no policy")
        return g["policy/results"][metric][()]

    def sweep_effects(self, metric):
        """A sweep with a policy: policy - base at the horizon, paired by replication, [points x replications]."""
        g = self._sweep()
        if "effects" not in g:
            raise KeyError(f"{self.path!r}: the sweep has no policy, so no paired effects")
        return g["effects"][metric][()]

    def sweep_series(self, metric):
        """A metric's full series, float64 ndarray [points x replications x T] (sweeps with `series: true`)."""
        g = self._sweep()
        if "series" not in g or metric not in g["series"]:
            raise KeyError(f"the sweep kept no series of {metric!r} (set `series: true` in the sweep file)")
        return g["series"][metric][()]

    def sweep_time(self):
        """The time grid of sweep_series(), years since start."""
        return self._sweep()["time"][()]

    # -- sensitivity analyses (format 1.1) ---------------------------------------------------------
    def has_sensitivity(self):
        return "sensitivity" in self._f

    def _sensitivity(self):
        if "sensitivity" not in self._f:
            raise KeyError(f"{self.path!r} holds no sensitivity analysis")
        return self._f["sensitivity"]

    def sensitivity(self):
        """The analysis's attributes (method, n or trajectories, points, replications, seed, sensitivity_yaml, ...)."""
        return {k: _str(v) for k, v in self._sensitivity().attrs.items()}

    def sensitivity_outputs(self):
        """Names of the analysed outputs (e.g. 'effect.high_tech_enterprises'), in file order."""
        return list(self._sensitivity()["outputs"].keys())

    def _sensitivity_output(self, output):
        g = self._sensitivity()["outputs"]
        if output not in g:
            raise KeyError(f"no output {output!r} (the analysis has: {', '.join(g.keys())})")
        return g[output]

    def sensitivity_indices(self, output):
        """One row per group: S1, ST (Sobol') or mu, mu_star, sigma (Morris), their intervals and rank."""
        return self._frame(_decode_strings(self._sensitivity_output(output)["indices"][()]))

    def sensitivity_convergence(self, output):
        """Sobol': the indices from the first N/4, N/2 and N samples (column n)."""
        return self._frame(_decode_strings(self._sensitivity_output(output)["convergence"][()]))

    def sensitivity_values(self, output):
        """Each run's value, float64 ndarray [points x replications] (NaN: the run failed)."""
        return self._sensitivity_output(output)["values"][()]

    def sensitivity_design(self):
        """One row per point: sample or trajectory, block, group, and each factor's value."""
        return self._frame(_decode_strings(self._sensitivity()["design"][()]))

    def _table(self, scenario, name):
        g = self._group(scenario)
        if name not in g:
            raise KeyError(f"scenario {scenario!r} has no {name} table")
        return g[name]

    def _frame(self, arr, enums=None):
        if not self.use_pandas:
            return arr
        df = _pd.DataFrame(arr)
        for field, mapping in (enums or {}).items():
            names = {code: name for name, code in mapping.items()}
            df[field + "_name"] = df[field].map(names)
        return df
