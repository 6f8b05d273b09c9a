"""DCGAN's training data: the image folder the trainer opens, and bad input as one error line."""
import os
import types

import numpy as np
import pytest
from PIL import Image

from DCGAN.src.trainer import open_image_folder, step_noise
from conftest import ZOO_ROOT, error_lines, run_python
from dcgan_fixtures import photo, tiny_flags, write_image_folder


def config_for(data_path, batch_size=4):
    return types.SimpleNamespace(data_path=data_path, batch_size=batch_size, num_parallel_workers=1)


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory):
    """The fixture folder plus a grayscale PNG, an RGBA PNG and a text file."""
    root = write_image_folder(str(tmp_path_factory.mktemp("mixed")))
    Image.fromarray(photo()[:50, :60, 0]).save(os.path.join(root, "n00", "gray.png"))
    Image.fromarray(np.dstack([photo()[:40, :40], np.full((40, 40), 128, np.uint8)])).save(
        os.path.join(root, "n01", "rgba.png"))
    with open(os.path.join(root, "n01", "notes.txt"), "w") as handle:
        handle.write("not an image")
    return root


def test_grayscale_and_rgba_images_become_rgb_and_other_files_are_ignored(mixed_folder):
    folder = open_image_folder(config_for(mixed_folder))
    assert len(folder) == 10 and not any(path.endswith(".txt") for path in folder.files)
    for index in range(len(folder)):
        image = folder.load(index)
        assert image.shape == (3, 32, 32) and image.dtype == np.float32
        assert -1.0 <= image.min() and image.max() <= 1.0
    gray = folder.load(folder.files.index(os.path.join(mixed_folder, "n00", "gray.png")))
    np.testing.assert_array_equal(gray[0], gray[1])
    assert folder.steps_per_epoch(4) == 2  # 10 images, batch 4: the partial batch is dropped


def test_a_folder_too_small_for_one_batch_and_an_empty_folder_are_errors(tmp_path):
    single = tmp_path / "single" / "n0"
    single.mkdir(parents=True)
    Image.fromarray(photo()[:40, :40]).save(single / "only.jpg")
    with pytest.raises(ValueError, match=r"holds 1 image\(s\): too few for one batch of 4"):
        open_image_folder(config_for(str(tmp_path / "single")))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="holds no"):
        open_image_folder(config_for(str(tmp_path / "empty")))
    with pytest.raises(ValueError, match="data_path is required"):
        open_image_folder(config_for(None))


def test_noise_depends_on_seed_step_and_rank_only():
    first = step_noise(3, 10, 0, 4)
    assert first.shape == (4, 100, 1, 1) and first.dtype == np.float32
    np.testing.assert_array_equal(first, step_noise(3, 10, 0, 4))
    assert not np.allclose(first, step_noise(3, 11, 0, 4))
    assert not np.allclose(first, step_noise(3, 10, 1, 4))


def test_a_corrupt_jpeg_ends_training_with_one_error_line_naming_it(tmp_path):
    data = write_image_folder(str(tmp_path / "data"))
    corrupt = os.path.join(data, "n00", "broken.jpg")
    with open(os.path.join(data, "n00", "img_0.JPEG"), "rb") as source, open(corrupt, "wb") as target:
        target.write(source.read()[:200])
    flags = tiny_flags(data, str(tmp_path / "run"), epochs=1) + ["--batch_size", "3"]  # 9 files: each one read
    result = run_python(os.path.join(ZOO_ROOT, "DCGAN", "train.py"), *flags, cwd=os.path.join(ZOO_ROOT, "DCGAN"))
    lines = error_lines(result.stderr)
    assert result.returncode == 1 and len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("error: ") and "broken.jpg" in lines[0] and "not a readable image" in lines[0]
