"""Result names encode the protocol and the sample count."""
import pytest

from utils.zoo_common.metrics.naming import count_tag, describe, metric_name


def test_count_tags():
    assert [count_tag(n) for n in (10000, 50000, 4992, 16384, 1024, 12800, 3000)] == \
        ["10k", "50k", "4992", "16k", "1k", "12800", "3k"]


def test_metric_names_and_descriptions():
    assert metric_name("swd", 16384) == "swd16k"
    assert metric_name("fid", 10000, "train") == "fid10k_train"
    assert metric_name("ms_ssim_fake_pairs", 10000) == "ms_ssim_fake_pairs10k"
    assert metric_name("is", 50000) == "is50k"
    assert "10000 pairs of consecutive generated images" in describe("ms_ssim_fake_pairs", 10000)
    with pytest.raises(ValueError, match="unknown metric protocol 'kid'"):
        metric_name("kid", 100)
