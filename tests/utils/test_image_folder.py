"""The image-folder reader on real JPEG/PNG/WebP files written by Pillow: layouts, geometry, bad files, and the
seeded, sharded, resumable epoch order."""
import os

import numpy as np
import pytest
from PIL import Image

from utils.zoo_common.image_folder import CELEBA_BOX, ImageFolder, list_images


def _pixels(seed, height, width):
    """Smooth colour gradients plus noise: a photo-like RGB uint8 image."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([x * 255.0 / width, y * 255.0 / height, (x + y) * 127.0 / (width + height)], axis=-1)
    return np.clip(base + rng.randint(-20, 21, (height, width, 3)), 0, 255).astype(np.uint8)


def _save(path, pixels, **options):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(pixels).save(path, **options)
    return path


@pytest.fixture(scope="module")
def imagenet(tmp_path_factory):
    """Class folders with mixed extensions and cases, plus files that are not images."""
    root = str(tmp_path_factory.mktemp("imagenet"))
    _save(os.path.join(root, "n02", "b.JPEG"), _pixels(0, 40, 60), format="JPEG", quality=95)
    _save(os.path.join(root, "n02", "a.png"), _pixels(1, 48, 32))
    _save(os.path.join(root, "n01", "z.Jpg"), _pixels(2, 33, 33), format="JPEG", quality=95)
    _save(os.path.join(root, "n10", "c.PNG"), _pixels(3, 96, 64))
    for name, text in (("LOC_synset_mapping.txt", "n01 tench\n"), (os.path.join("n01", ".DS_Store"), "x"),
                       (os.path.join(".cache", "d.png"), "x"), (os.path.join("n01", "._z.jpg"), "x")):
        os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
        with open(os.path.join(root, name), "w") as handle:
            handle.write(text)
    return root


def test_listing_is_recursive_sorted_and_ignores_other_files(imagenet, tmp_path):
    names = [os.path.relpath(path, imagenet) for path in list_images(imagenet)]
    assert names == [os.path.join("n01", "z.Jpg"), os.path.join("n02", "a.png"), os.path.join("n02", "b.JPEG"),
                     os.path.join("n10", "c.PNG")]
    lsun = tmp_path / "lsun"  # fyu/lsun exports: nested hash folders, WebP data, sometimes under .jpg names
    _save(str(lsun / "bedroom" / "0" / "a" / "x.webp"), _pixels(4, 40, 50), format="WEBP", lossless=True)
    _save(str(lsun / "bedroom" / "0" / "b" / "y.jpg"), _pixels(5, 50, 40), format="WEBP", lossless=True)
    folder = ImageFolder(str(lsun), 32, output="uint8_hwc")
    assert [os.path.basename(path) for path in folder.files] == ["x.webp", "y.jpg"]
    expected = np.asarray(Image.fromarray(_pixels(5, 50, 40)).resize((32, 40), Image.BILINEAR))[4:36]
    np.testing.assert_array_equal(folder.load(1), expected)


def test_resize_then_centre_crop(imagenet):
    folder = ImageFolder(imagenet, 32, output="uint8_hwc")
    np.testing.assert_array_equal(folder.load(1), _pixels(1, 48, 32)[8:40])  # shorter side already 32: crop only
    resized = np.asarray(Image.fromarray(_pixels(3, 96, 64)).resize((32, 48), Image.BILINEAR))
    np.testing.assert_array_equal(folder.load(3), resized[8:40])
    with Image.open(folder.files[2]) as jpeg:  # 60×40 → 48×32 → columns 8..40
        expected = np.asarray(jpeg.convert("RGB").resize((48, 32), Image.BILINEAR))[:, 8:40]
    np.testing.assert_array_equal(folder.load(2), expected)
    assert np.abs(expected.astype(int) - np.asarray(Image.fromarray(_pixels(0, 40, 60)).resize(
        (48, 32), Image.BILINEAR))[:, 8:40]).mean() < 5  # the JPEG holds the written picture
    as_float = ImageFolder(imagenet, 32).load(1)
    assert as_float.dtype == np.float32 and as_float.shape == (3, 32, 32)
    np.testing.assert_allclose(as_float, (_pixels(1, 48, 32)[8:40].transpose(2, 0, 1) - 127.5) / 127.5, atol=1e-7)
    assert as_float.min() == -1.0 and as_float.max() == 1.0  # the picture holds 0 and 255
    np.testing.assert_array_equal(ImageFolder(imagenet, 32, output="uint8").load(1),
                                  _pixels(1, 48, 32)[8:40].transpose(2, 0, 1))


def test_crop_then_resize_with_the_celeba_box(tmp_path):
    faces = [_pixels(10 + i, 218, 178) for i in range(2)]
    for i, face in enumerate(faces):
        _save(str(tmp_path / "img_align_celeba" / f"{i + 1:06d}.png"), face)
    folder = ImageFolder(str(tmp_path / "img_align_celeba"), 128, mode="crop_resize", box=CELEBA_BOX,
                         output="uint8_hwc")
    np.testing.assert_array_equal(folder.load(0), faces[0][57:185, 25:153])
    small = folder.resized(16)  # a PGAN scale: same files, smaller output
    assert small.files == folder.files and folder.size == 128
    expected = np.asarray(Image.fromarray(faces[1][57:185, 25:153]).resize((16, 16), Image.BILINEAR))
    np.testing.assert_array_equal(small.load(1), expected)
    centred = ImageFolder(str(tmp_path / "img_align_celeba"), 178, mode="crop_resize", output="uint8_hwc")
    np.testing.assert_array_equal(centred.load(0), faces[0][20:198])  # largest centred square
    _save(str(tmp_path / "small" / "tiny.png"), _pixels(0, 100, 100))
    with pytest.raises(ValueError, match=r"tiny.png' is 100×100, too small for the crop box"):
        ImageFolder(str(tmp_path / "small"), 64, mode="crop_resize", box=CELEBA_BOX).load(0)


def test_grayscale_and_rgba_become_rgb(tmp_path):
    gray = _pixels(0, 16, 16)[..., 0]
    _save(str(tmp_path / "a_gray.png"), gray)
    _save(str(tmp_path / "b_rgba.png"), np.dstack([_pixels(1, 16, 16), np.full((16, 16), 255, np.uint8)]))
    images = ImageFolder(str(tmp_path), 16, output="uint8_hwc")
    np.testing.assert_array_equal(images.load(0), np.repeat(gray[..., None], 3, axis=2))
    np.testing.assert_array_equal(images.load(1), _pixels(1, 16, 16))


@pytest.fixture()
def with_bad_files(tmp_path):
    """Six good 8×8 PNGs (pixel value = 10·index) around a truncated JPEG and a text file named .jpg."""
    for i in range(6):
        _save(str(tmp_path / f"img{i}.png"), np.full((8, 8, 3), 10 * i, np.uint8))
    good = _save(str(tmp_path / "tmp.jpg"), _pixels(0, 64, 64), format="JPEG")
    with open(good, "rb") as handle:
        data = handle.read()
    with open(tmp_path / "img2_truncated.jpg", "wb") as handle:
        handle.write(data[:len(data) // 2])
    os.remove(good)
    (tmp_path / "img4_notes.jpg").write_text("not an image, just a name\n")
    return str(tmp_path)


def test_bad_files_are_a_clear_error_or_skipped_and_counted(with_bad_files):
    strict = ImageFolder(with_bad_files, 8, output="uint8_hwc")
    assert len(strict) == 8
    with pytest.raises(ValueError, match=r"img2_truncated.jpg' is not a readable image \(.*truncated.*\); "
                                         r"expected a JPEG, PNG or WebP file"):
        strict.load(strict.files.index(os.path.join(with_bad_files, "img2_truncated.jpg")))
    with pytest.raises(ValueError, match=r"img4_notes.jpg' is not a readable image \(cannot identify"):
        strict.load(strict.files.index(os.path.join(with_bad_files, "img4_notes.jpg")))
    with pytest.raises(ValueError, match="img2_truncated.jpg"):
        list(strict.batches(8, seed=None))
    lenient = ImageFolder(with_bad_files, 8, output="uint8_hwc", on_bad_file="skip")
    (batch,) = list(lenient.batches(8, seed=None))  # sorted: img0 img1 img2 img2_truncated img3 img4 img4_notes img5
    assert [int(image[0, 0, 0]) for image in batch] == [0, 10, 20, 30, 30, 40, 50, 50]  # next readable file instead
    assert sorted(os.path.basename(path) for path in lenient.bad_files) == ["img2_truncated.jpg", "img4_notes.jpg"]
    assert len(list(lenient.batches(4, seed=3, epoch=1))) == 2 and len(lenient.bad_files) == 2


def test_empty_missing_and_invalid(tmp_path):
    (tmp_path / "empty" / "class_a").mkdir(parents=True)
    (tmp_path / "empty" / "readme.txt").write_text("no images here")
    with pytest.raises(ValueError, match=r"'.*empty' holds no .jpg/.jpeg/.png/.webp files \(expected class "):
        ImageFolder(str(tmp_path / "empty"), 32)
    with pytest.raises(FileNotFoundError, match="'.*absent' is not a directory"):
        ImageFolder(str(tmp_path / "absent"), 32)
    _save(str(tmp_path / "one" / "a.png"), _pixels(0, 8, 8))
    for kwargs, message in (({"mode": "stretch"}, "mode must be one of"), ({"output": "nhwc"}, "output must be"),
                            ({"on_bad_file": "ignore"}, "on_bad_file must be"),
                            ({"box": CELEBA_BOX}, "box must be .* with mode 'crop_resize'")):
        with pytest.raises(ValueError, match=message):
            ImageFolder(str(tmp_path / "one"), 8, **kwargs)
    with pytest.raises(ValueError, match="1 images in .* cannot be shared by 2 ranks"):
        ImageFolder(str(tmp_path / "one"), 8).order(0, world_size=2)


@pytest.fixture(scope="module")
def numbered(tmp_path_factory):
    """Eleven 4×4 PNGs whose pixel value is their sorted index."""
    root = tmp_path_factory.mktemp("numbered")
    for i in range(11):
        _save(str(root / f"{i:02d}.png"), np.full((4, 4, 3), i, np.uint8))
    return str(root)


def _ids(batches):
    return [[int(image[0, 0, 0]) for image in batch] for batch in batches]


def test_epoch_order_is_seeded_sharded_and_resumable(numbered):
    folder = ImageFolder(numbered, 4, output="uint8_hwc")
    assert _ids(folder.batches(4, seed=None, drop_remainder=False)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]]
    epoch_3 = _ids(folder.batches(3, seed=5, epoch=3))
    assert len(epoch_3) == folder.steps_per_epoch(3) == 3 and sorted(sum(epoch_3, [])) != list(range(9))
    again = ImageFolder(numbered, 4, output="uint8_hwc", num_workers=3)  # a new process, other thread count
    assert _ids(again.batches(3, seed=5, epoch=3)) == epoch_3
    assert _ids(again.batches(3, seed=5, epoch=3, start_batch=1)) == epoch_3[1:]  # resumed mid-epoch
    assert _ids(folder.batches(3, seed=5, epoch=4)) != epoch_3 and _ids(folder.batches(3, seed=6, epoch=3)) != epoch_3
    shares = [folder.order(5, 3, rank, 3) for rank in range(3)]
    assert [len(share) for share in shares] == [3, 3, 3] and len(set(np.concatenate(shares))) == 9
    assert folder.steps_per_epoch(2, world_size=3) == 1 and folder.steps_per_epoch(2, 3, drop_remainder=False) == 2
    rank_1 = _ids(folder.batches(2, seed=5, epoch=3, rank=1, world_size=3, drop_remainder=False))
    assert rank_1 == [list(shares[1][:2]), list(shares[1][2:])]
    with pytest.raises(ValueError, match=r"rank must be in \[0, world_size=3\), got 3"):
        folder.order(5, 3, rank=3, world_size=3)
