"""The maths of the explorables, in Python: the twin of docs/assets/explorables/*.js.

Each explorable (an interactive figure in a lesson) has its inputs, a `compute()` that gives
its results, the sentence a reader hears, and the small table of the same numbers. The build
uses these for the static figure shown without JavaScript and in print; the browser runs the
JavaScript twin, and tests/test_explorables.py checks that the two agree over a grid of
inputs, to the precision printed. The formulas follow the notebooks that teach each idea.

Both languages do the same IEEE arithmetic in the same order, round with `half_up` (never
Python's round-half-to-even or JavaScript's toFixed) and make their made-up data with the same
small generator (`Lcg`), so they print the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

# --- Shared helpers (the same in explorable.js) ------------------------------------------------


def half_up(x: float) -> int:
    """Round to the nearest whole number, halves up: Math.floor(x + 0.5) in JavaScript."""
    return math.floor(x + 0.5)


def fixed(x: float, places: int) -> str:
    """x printed with `places` decimals, rounding halves up, as explorable.js prints it."""
    scale = 10 ** places
    n = half_up(x * scale)
    sign = "-" if n < 0 else ""
    n = abs(n)
    whole, part = divmod(n, scale)
    return f"{sign}{whole:,}" + (f".{part:0{places}d}" if places else "")


def count(n: int) -> str:
    """A whole number with thousands commas: 1,000."""
    return f"{n:,}"


class Lcg:
    """A tiny seeded generator, identical in JavaScript: state = 1664525 * state + 1013904223
    (mod 2**32). Good enough to make teaching data; not numpy's generator, which has no twin."""

    def __init__(self, seed: int) -> None:
        self.state = seed & 0xFFFFFFFF

    def next(self) -> float:
        self.state = (1664525 * self.state + 1013904223) & 0xFFFFFFFF
        return self.state / 4294967296


def normal_quantile(p: float) -> float:
    """The inverse of the standard normal distribution (Acklam's approximation, 1e-9)."""
    a = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
         1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00)
    b = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
         6.680131188771972e+01, -1.328068155288572e+01)
    c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
         -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00)
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
         3.754408661907416e+00)
    low = 0.02425
    if p < low:
        q = math.sqrt(-2 * math.log(p))
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / \
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    if p > 1 - low:
        q = math.sqrt(-2 * math.log(1 - p))
        return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / \
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    q = p - 0.5
    r = q * q
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / \
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)


# --- What an explorable is ---------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """One input a reader can change: a range slider and a number box."""

    name: str
    label: str
    short: str  # for "Figures for: prevalence 1.0%, ..."
    minimum: float
    maximum: float
    step: float
    default: float
    unit: str = ""  # shown after the number: "%", "" ...

    def places(self) -> int:
        text = f"{self.step:g}"
        return len(text.split(".")[1]) if "." in text else 0

    def show(self, value: float) -> str:
        return fixed(value, self.places()) + self.unit


@dataclass(frozen=True)
class Explorable:
    """An explorable: its title, inputs and maths. `compute` returns a dict of results;
    `sentence` and `table` say them in words and in a small table (caption, header, rows)."""

    name: str
    title: str
    parameters: tuple[Parameter, ...]
    compute: Callable[[Mapping[str, float]], dict[str, Any]]
    sentence: Callable[[Mapping[str, float], dict[str, Any]], str]
    table: Callable[[Mapping[str, float], dict[str, Any]], tuple[str, list[str], list[list[str]]]]

    def values(self, given: Mapping[str, float] | None = None) -> dict[str, float]:
        values = {p.name: p.default for p in self.parameters}
        values.update(given or {})
        return values

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


# --- 1. Prevalence and PPV (notebooks/foundation/ppv-and-prevalence.ipynb) ----------------------

PEOPLE = 1000


def ppv_compute(v: Mapping[str, float]) -> dict[str, Any]:
    """The notebook's natural frequencies and predictive values, plus whole people for the
    icon array (rounded, so the four groups add up to 1,000)."""
    sensitivity = v["sensitivity"] / 100
    specificity = v["specificity"] / 100
    prevalence = v["prevalence"] / 100
    true_pos = sensitivity * prevalence
    false_pos = (1 - specificity) * (1 - prevalence)
    true_neg = specificity * (1 - prevalence)
    false_neg = (1 - sensitivity) * prevalence
    with_condition = half_up(PEOPLE * prevalence)
    tp = half_up(with_condition * sensitivity)
    without = PEOPLE - with_condition
    fp = half_up(without * (1 - specificity))
    return {
        "ppv": 100 * true_pos / (true_pos + false_pos),
        "npv": 100 * true_neg / (true_neg + false_neg),
        "tp": tp, "fn": with_condition - tp, "fp": fp, "tn": without - fp,
    }


def ppv_sentence(v: Mapping[str, float], r: dict[str, Any]) -> str:
    flagged = r["tp"] + r["fp"]
    cleared = r["fn"] + r["tn"]
    return (f"Of the {count(flagged)} people flagged, {count(r['tp'])} have the condition "
            f"(PPV {fixed(r['ppv'], 1)}%). Of the {count(cleared)} people cleared, "
            f"{count(r['tn'])} do not have it (NPV {fixed(r['npv'], 1)}%).")


def ppv_table(v: Mapping[str, float], r: dict[str, Any]) -> tuple[str, list[str], list[list[str]]]:
    return ("1,000 people tested. Counts are whole people; PPV and NPV are worked out before "
            "rounding, as in the notebook.",
            ["", "Have the condition", "Do not have it", "Predictive value"],
            [["Flagged", count(r["tp"]), count(r["fp"]), f"PPV {fixed(r['ppv'], 1)}%"],
             ["Cleared", count(r["fn"]), count(r["tn"]), f"NPV {fixed(r['npv'], 1)}%"]])


# --- 2. Threshold trade-off (notebooks/users/what-does-a-score-mean.ipynb) ---------------------

WORSE = 100  # of the 1,000 admissions, as in the notebook


def _scores(count_: int, middle: float, spread: float) -> list[int]:
    """Scores in hundredths for a group: the notebook's bell curve squeezed between 0 and 1,
    taken at evenly spaced points of the curve instead of drawn at random."""
    scores = []
    for i in range(count_):
        raw = middle + spread * normal_quantile((i + 0.5) / count_)
        scores.append(half_up(100 * (1 / (1 + math.exp(-raw)))))
    return scores


def threshold_scores() -> tuple[list[int], list[int]]:
    """(scores of the 100 who got worse, scores of the 900 who did not), in hundredths."""
    return _scores(WORSE, 1.25, 1.65), _scores(PEOPLE - WORSE, -2.1, 1.75)


_SCORES: tuple[list[int], list[int]] | None = None


def threshold_compute(v: Mapping[str, float]) -> dict[str, Any]:
    """Flag everyone at or above the line, as the notebook's count_groups() does."""
    global _SCORES
    if _SCORES is None:
        _SCORES = threshold_scores()
    worse, well = _SCORES
    line = half_up(v["threshold"] * 100)
    caught = sum(1 for s in worse if s >= line)
    false_alarms = sum(1 for s in well if s >= line)
    per_day = v["admissions"] / PEOPLE
    bins_worse = [0] * 20
    bins_well = [0] * 20
    for s in worse:
        bins_worse[min(19, s // 5)] += 1
    for s in well:
        bins_well[min(19, s // 5)] += 1
    return {
        "caught": caught, "missed": WORSE - caught,
        "false_alarms": false_alarms, "cleared": PEOPLE - WORSE - false_alarms,
        "sensitivity": 100 * caught / WORSE,
        "specificity": 100 * (PEOPLE - WORSE - false_alarms) / (PEOPLE - WORSE),
        "alerts_per_day": (caught + false_alarms) * per_day,
        "real_per_day": caught * per_day,
        "missed_per_day": (WORSE - caught) * per_day,
        "line": line, "bins_worse": bins_worse, "bins_well": bins_well,
    }


def threshold_sentence(v: Mapping[str, float], r: dict[str, Any]) -> str:
    return (f"With the line at {fixed(v['threshold'], 2)}: sensitivity {fixed(r['sensitivity'], 0)}%, "
            f"specificity {fixed(r['specificity'], 1)}%. At {fixed(v['admissions'], 0)} admissions "
            f"a day, about {fixed(r['alerts_per_day'], 1)} alerts a day, "
            f"{fixed(r['real_per_day'], 1)} of them real. Missed: {r['missed']} of the 100 people "
            f"who got worse had no flag, about {fixed(r['missed_per_day'], 1)} a day.")


def threshold_table(v: Mapping[str, float], r: dict[str, Any]) -> tuple[str, list[str], list[list[str]]]:
    return ("1,000 made-up admissions, 100 of whom got seriously worse.",
            ["", "Got worse", "Did not get worse"],
            [["Flagged", f"{r['caught']} caught", f"{r['false_alarms']} false alarms"],
             ["Not flagged", f"{r['missed']} missed", f"{r['cleared']} rightly not flagged"]])


# --- 3. Control chart (notebooks/embedders/monitoring-drift.ipynb) ------------------------------

WEEKS = 52
BASELINE_WEEKS = 20
BASE_RATE = 0.08
SEED = 89  # chosen so that, with no change, one rule fires by chance (week 15), as in real charts
RULES = ("a point outside the process limits",
         "a run of 7 points on one side of the centre line",
         "a trend of 7 points going one way",
         "2 of 3 points beyond 2 standard errors on one side")


def _in_a_row(condition: list[bool]) -> list[int]:
    run, runs = 0, []
    for holds in condition:
        run = run + 1 if holds else 0
        runs.append(run)
    return runs


def chart_compute(v: Mapping[str, float]) -> dict[str, Any]:
    """A year of weekly alert rates on a p-chart (centre line and limits from weeks 1 to 20)
    and the Making Data Count rules. Every X-ray gets one fixed random number, so moving the
    change adds or removes flags but never reshuffles the noise."""
    change_week = int(v["week"])
    rise = v["change"] / 100
    rng = Lcg(SEED)
    sizes: list[int] = []
    flagged: list[int] = []
    for week in range(1, WEEKS + 1):
        size = 150 + math.floor(rng.next() * 151)
        rate = BASE_RATE + rise if week >= change_week else BASE_RATE
        hits = 0
        for _ in range(size):
            if rng.next() < rate:
                hits += 1
        sizes.append(size)
        flagged.append(hits)
    rates = [flagged[i] / sizes[i] for i in range(WEEKS)]
    centre = sum(flagged[:BASELINE_WEEKS]) / sum(sizes[:BASELINE_WEEKS])
    errors = [math.sqrt(centre * (1 - centre) / n) for n in sizes]
    upper = [centre + 3 * e for e in errors]
    lower = [max(0.0, centre - 3 * e) for e in errors]
    above = _in_a_row([r > centre for r in rates])
    below = _in_a_row([r < centre for r in rates])
    rises = _in_a_row([i > 0 and rates[i] > rates[i - 1] for i in range(WEEKS)])
    falls = _in_a_row([i > 0 and rates[i] < rates[i - 1] for i in range(WEEKS)])
    high = [rates[i] > centre + 2 * errors[i] for i in range(WEEKS)]
    low = [rates[i] < centre - 2 * errors[i] for i in range(WEEKS)]
    signals: list[list[str]] = []  # per week: "rule number" + "up"/"down"
    for i in range(WEEKS):
        found = []
        if rates[i] > upper[i]:
            found.append("1up")
        if rates[i] < lower[i]:
            found.append("1down")
        if above[i] >= 7:
            found.append("2up")
        if below[i] >= 7:
            found.append("2down")
        if rises[i] >= 6:
            found.append("3up")
        if falls[i] >= 6:
            found.append("3down")
        if i >= 2 and sum(high[i - 2:i + 1]) >= 2:
            found.append("4up")
        if i >= 2 and sum(low[i - 2:i + 1]) >= 2:
            found.append("4down")
        signals.append(found)
    first: dict[str, int] = {}
    for i, found in enumerate(signals):
        for key in found:
            first.setdefault(key, i + 1)
    after = next((i + 1 for i in range(change_week - 1, WEEKS) if signals[i]), None)
    before = [i + 1 for i in range(change_week - 1) if signals[i]]
    return {"rates": rates, "centre": centre, "upper": upper, "lower": lower,
            "signals": signals, "first": first, "detected": after,
            "detected_by": [int(k[0]) for k in signals[after - 1]] if after else [],
            "false_alarms": before}


def chart_sentence(v: Mapping[str, float], r: dict[str, Any]) -> str:
    week = int(v["week"])
    change = v["change"]
    centre = fixed(100 * r["centre"], 1)
    chance = r["false_alarms"]
    if change == 0:
        chance = chance + ([r["detected"]] if r["detected"] else [])
        what = f"No change: the true alert rate stays at 8.0% all year (centre line {centre}%)."
        found = ""
    else:
        what = (f"From week {week} the true alert rate {'rises' if change > 0 else 'falls'} from "
                f"8.0% to {fixed(8 + change, 1)}% (centre line {centre}%).")
        if r["detected"] is None:
            found = " No rule fires in the weeks after the change."
        else:
            rules = " and ".join(RULES[n - 1] for n in sorted(set(r["detected_by"])))
            found = (f" The first signal comes in week {r['detected']}, the "
                     f"{_ordinal(r['detected'] - week + 1)} week of the change: {rules}.")
    if chance:
        weeks = " and ".join(str(w) for w in chance[:2]) + (" and later" if len(chance) > 2 else "")
        found += f" A rule fires by chance in week{'s' if len(chance) > 1 else ''} {weeks}: a false alarm."
    elif change == 0:
        found = " No rule fires in the 52 weeks."
    return what + found


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def chart_table(v: Mapping[str, float], r: dict[str, Any]) -> tuple[str, list[str], list[list[str]]]:
    rows = []
    for number, rule in enumerate(RULES, start=1):
        up = r["first"].get(f"{number}up")
        down = r["first"].get(f"{number}down")
        rows.append([rule[0].upper() + rule[1:], f"week {up}" if up else "none",
                     f"week {down}" if down else "none"])
    return ("The first week each Making Data Count rule fires, over 52 weeks.",
            ["Rule", "Signal of a rise", "Signal of a fall"], rows)


# --- 4. Automation bias (notebooks/foundation/automation-bias.ipynb) ----------------------------

CASES = 1000


def bias_compute(v: Mapping[str, float]) -> dict[str, Any]:
    """The notebook's clinician who defers with probability p, averaged over the coin flips:
    final errors p * tool errors + (1 - p) * staff errors; the tool's mistakes that reach the
    patient are those followed, plus those staff make too (mistakes are independent)."""
    follow = v["follow"] / 100
    tool_error = 1 - v["tool"] / 100
    staff_error = 1 - v["staff"] / 100
    team_error = follow * tool_error + (1 - follow) * staff_error
    through = tool_error * (follow + (1 - follow) * staff_error)
    return {"team": 100 * team_error, "tool": 100 * tool_error, "staff": 100 * staff_error,
            "team_cases": half_up(CASES * team_error), "tool_cases": half_up(CASES * tool_error),
            "staff_cases": half_up(CASES * staff_error), "through": half_up(CASES * through)}


def bias_sentence(v: Mapping[str, float], r: dict[str, Any]) -> str:
    return (f"Staff follow the tool in {fixed(v['follow'], 0)}% of cases. The team gets "
            f"{r['team_cases']} of every 1,000 cases wrong ({fixed(r['team'], 1)}%): staff alone "
            f"would get {r['staff_cases']} wrong and the tool alone {r['tool_cases']}. Of the "
            f"tool's {r['tool_cases']} mistakes, {r['through']} reach the patient.")


def bias_table(v: Mapping[str, float], r: dict[str, Any]) -> tuple[str, list[str], list[list[str]]]:
    return ("Wrong final decisions in 1,000 cases.",
            ["Who decides", "Wrong decisions", "Share wrong"],
            [["Staff alone", count(r["staff_cases"]), f"{fixed(r['staff'], 1)}%"],
             ["The tool alone", count(r["tool_cases"]), f"{fixed(r['tool'], 1)}%"],
             ["The team", count(r["team_cases"]), f"{fixed(r['team'], 1)}%"]])


# --- The catalogue -----------------------------------------------------------------------------

EXPLORABLES: dict[str, Explorable] = {e.name: e for e in (
    Explorable("ppv", "Prevalence and PPV: 1,000 people tested", (
        Parameter("prevalence", "Prevalence: people who have the condition", "prevalence", 0.1, 50, 0.1, 1, "%"),
        Parameter("sensitivity", "Sensitivity", "sensitivity", 50, 100, 1, 90, "%"),
        Parameter("specificity", "Specificity", "specificity", 50, 100, 0.1, 95, "%"),
    ), ppv_compute, ppv_sentence, ppv_table),
    Explorable("threshold", "Where to draw the line: 1,000 admissions and their scores", (
        Parameter("threshold", "Line: flag scores at or above", "line at", 0.05, 0.95, 0.01, 0.5),
        Parameter("admissions", "Admissions a day", "admissions a day", 10, 100, 5, 40),
    ), threshold_compute, threshold_sentence, threshold_table),
    Explorable("control-chart", "A control chart: add a change and see when a rule fires", (
        Parameter("week", "Week the change starts", "change from week", 21, 52, 1, 27),
        Parameter("change", "Change in the alert rate (percentage points)", "change in points", -4, 4, 0.5, 2),
    ), chart_compute, chart_sentence, chart_table),
    Explorable("automation-bias", "Following the tool: the team's final error rate", (
        Parameter("follow", "How often staff follow the tool", "staff follow the tool", 0, 100, 1, 50, "%"),
        Parameter("tool", "The tool's accuracy", "tool accuracy", 50, 100, 1, 92, "%"),
        Parameter("staff", "Staff accuracy without the tool", "staff accuracy", 50, 100, 1, 85, "%"),
    ), bias_compute, bias_sentence, bias_table),
)}
