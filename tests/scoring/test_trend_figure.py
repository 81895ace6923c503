"""An item's chart drawn on the server (scoring/trend_figure.py): which lines, on which
months, at which heights, and what a dot reads. No database."""

from scoring.trend_figure import BOX, trend_figure

LABELS = {
    "score": "得分",
    "value": "完成值",
    "expected": "序时进度",
    "rank": "位次",
    "last_score": "上年得分",
    "last_value": "上年完成值",
    "last_rank": "上年位次",
}


def chart(rule, months, **series):
    return {"rule": rule, "labels": dict(LABELS), "months": months, **series}


def lines(figure):
    return {line.kind: line for line in figure.lines}


def test_it_draws_the_value_against_the_expected_progress_and_the_forecast_to_december():
    data = chart(
        "target",
        ["2022-01", "2022-02", "2022-03"],
        values=[517.0, 1036.0, 1550.0],
        expected=[500.0, 1000.0, 1500.0],
        forecast={"months": ["2022-03", "2022-12"], "values": [1550.0, 6230.37]},
        last_year={"months": ["2022-01", "2022-12"], "values": [478.0, 5744.0]},
    )
    data["labels"] |= {"forecast": "预测（上年同期进度）", "last_year": "上年同期"}

    figure = trend_figure(data, "人")

    # The forecast's months join the axis: March's three months, then December.
    assert figure.months == ["2022-01", "2022-02", "2022-03", "2022-12"]
    assert figure.ticks == ["7,000", "6,000", "5,000", "4,000", "3,000", "2,000", "1,000", "0"]
    drawn = lines(figure)
    assert list(drawn) == ["value", "expected", "forecast", "last-year"]
    assert [p.title for p in drawn["value"].points] == [
        "2022-01 完成值 517人",
        "2022-02 完成值 1,036人",
        "2022-03 完成值 1,550人",
    ]
    # The forecast reads as an estimate, as the 预警 note does: whole 人.
    assert drawn["forecast"].points[-1].title == "2022-12 预测（上年同期进度） 6,230人"
    # Heights: 0 at the bottom of the box, 7,000 at the top.
    assert drawn["forecast"].points[-1].y == round(BOX * (1 - 6230.37 / 7000), 1)
    assert drawn["value"].points[0].y == round(BOX * (1 - 517 / 7000), 1)
    # Evenly spaced months, each dot in the middle of its month.
    assert [p.x for p in drawn["value"].points] == [125.0, 375.0, 625.0]
    assert drawn["forecast"].points[-1].x == 875.0


def test_it_puts_rank_one_at_the_top_and_joins_last_year_across_a_gap():
    figure = trend_figure(
        chart(
            "rank",
            ["2022-01", "2022-02", "2022-03"],
            ranks=[3, None, 12],
            last_ranks=[1, 2, None],
        )
    )

    assert figure.ticks[0] == "1" and figure.ticks[-1] == "13"
    drawn = lines(figure)
    assert [p.title for p in drawn["value"].points] == ["2022-01 位次 3", "2022-03 位次 12"]
    assert drawn["value"].path.count("M") == 1  # one line across February
    assert drawn["same-month"].points[0].y == 0  # rank 1 at the top
    assert drawn["value"].points[1].y == round(BOX * 11 / 12, 1)


def test_it_steps_a_score_and_breaks_it_where_a_month_has_none():
    figure = trend_figure(
        chart(
            "status",
            ["2022-01", "2022-02", "2022-03", "2022-04"],
            scores=[100.0, 60.0, None, 80.0],
            last_scores=[None, None, None, None],
        )
    )

    assert figure.ticks == ["100", "80", "60", "40", "20", "0"]
    drawn = lines(figure)
    assert list(drawn) == ["value"]  # last year's line has no score to draw
    # January to February steps halfway between them; April stands alone.
    assert drawn["value"].path == "M125.0 0.0H250.0V400.0H375.0 M875.0 200.0"
    assert [p.title for p in drawn["value"].points][-1] == "2022-04 得分 80.00"
