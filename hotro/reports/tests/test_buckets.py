"""Percentiles from summed fixed buckets: exact to within one bucket, and additive across rows."""

from __future__ import annotations

from hotro.reports import buckets


def histogram(durations: list[float]) -> list[int]:
    counts = [0] * buckets.COUNT
    for seconds in durations:
        counts[buckets.index_of(seconds)] += 1
    return counts


def test_a_duration_falls_in_the_bucket_below_its_upper_edge():
    assert buckets.index_of(0) == 0
    assert buckets.index_of(15 * 60 - 1) == 0
    assert buckets.index_of(15 * 60) == 1  # edges are exclusive upper bounds
    assert buckets.index_of(-5) == 0  # clock skew counts as no time
    assert buckets.index_of(400 * 86400) == buckets.COUNT - 1


def test_no_data_has_no_percentile():
    assert buckets.percentile([0] * buckets.COUNT, 0.5) is None


def test_the_percentile_is_within_the_bucket_of_the_true_value():
    durations = [60 * m for m in (5, 10, 20, 40, 50, 70, 90, 200, 300, 600)]
    counts = histogram(durations)
    p50 = buckets.percentile(counts, 0.5)
    true_p50 = sorted(durations)[4]  # 50 minutes, in the 30 min - 1 h bucket
    assert buckets.index_of(p50 - 1e-6) == buckets.index_of(true_p50) or buckets.index_of(p50) == buckets.index_of(
        true_p50
    )
    p90 = buckets.percentile(counts, 0.9)
    assert 4 * 3600 <= p90 <= 8 * 3600  # the true p90 (300 min) is in the 4-8 h bucket


def test_summed_histograms_give_the_percentile_of_the_union():
    a, b = [60 * 10] * 9, [3 * 86400] * 1
    summed = [x + y for x, y in zip(histogram(a), histogram(b), strict=True)]
    assert summed == histogram(a + b)
    assert buckets.percentile(summed, 0.5) < 15 * 60


def test_the_open_last_bucket_answers_its_lower_edge():
    assert buckets.percentile(histogram([90 * 86400]), 0.9) == 30 * 86400
