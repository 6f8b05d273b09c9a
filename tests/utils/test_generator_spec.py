"""The generator description (utils/zoo_common/generator_spec.py) and what consumes it.

An unconditional toy generator (one noise input) declares its description and nothing else, and goes
through checkpoint, export, ONNX Runtime and the C++ generator main (OpenVINO), all in a folder whose name
has spaces and non-ASCII characters; each stage matches MindSpore to 1e-5.
"""
import subprocess

import numpy as np
import pytest

from cpp_infer_build import build_cpp_infer, run_generator_main
from utils.zoo_common import bin_io
from utils.zoo_common.generator_spec import (GeneratorSpec, Input, Output, class_rows, cycled_classes, normal,
                                             random_classes, uniform)
from utils.zoo_common.onnx_session import OnnxGenerator, open_session

NOISE_DIM, BATCH, COUNT = 8, 3, 7  # 7 samples: two full batches and one padded
TOY = GeneratorSpec("Toy", (Input("noise", "float32", (NOISE_DIM,), normal()),),
                    Output("images", (3, 8, 8), "NCHW", (-1.0, 1.0)))
TOLERANCE = 1e-5


def toy_generator():
    import mindspore as ms
    from mindspore import nn

    class ToyGenerator(nn.Cell):
        """noise (N, 8) -> Dense -> (N, 2, 4, 4) -> ConvTranspose stride 2 -> tanh -> (N, 3, 8, 8)."""

        def __init__(self):
            super().__init__()
            self.dense = nn.Dense(NOISE_DIM, 2 * 4 * 4)
            self.deconv = nn.Conv2dTranspose(2, 3, 4, 2, pad_mode="pad", padding=1, has_bias=False)
            self.tanh = nn.Tanh()

        def construct(self, noise):
            return self.tanh(self.deconv(self.dense(noise).reshape(noise.shape[0], 2, 4, 4)))

    ms.set_seed(3)
    return ToyGenerator()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("toy") / "dätä dir" / "toy out ü"
    path.mkdir(parents=True)
    return path


@pytest.fixture(scope="module")
def toy(folder):
    """(generator restored from a checkpoint in the non-ASCII folder, MindSpore outputs of the test inputs)."""
    from mindspore import Tensor
    from utils.zoo_common.ms_checkpoint import load_checkpoint_into, save_params

    saved = toy_generator()
    path = str(folder / "G toy ü.ckpt")
    save_params({p.name: p for p in saved.get_parameters()}, path, "Toy.generator")
    generator = toy_generator()  # other random weights until the checkpoint is loaded
    load_checkpoint_into(generator, path, "Toy.generator")
    generator.set_train(False)
    inputs = TOY.sample(COUNT, seed=11)
    expected = TOY.generate(lambda noise: generator(Tensor(noise)).asnumpy(), inputs, BATCH)
    assert np.array_equal(expected, TOY.generate(lambda noise: saved(Tensor(noise)).asnumpy(), inputs, BATCH))
    return generator, inputs, expected


@pytest.fixture(scope="module")
def exported(toy, folder):
    from utils.zoo_common.ms_export import export_generator
    generator, _, _ = toy
    return export_generator(generator, TOY, str(folder / "export"), "Toy", ["MINDIR", "ONNX"], TOY.sample(BATCH, 0))


def test_export_writes_mindir_and_onnx_into_a_non_ascii_folder(exported, folder):
    import mindspore as ms
    assert exported["MINDIR"][1] is None and exported["ONNX"][1] <= TOLERANCE
    assert sorted(p.name for p in (folder / "export").iterdir()) == ["Toy.mindir", "Toy.onnx"]  # no temp files left
    assert ms.load(exported["MINDIR"][0]) is not None


def test_onnx_runtime_matches_mindspore(toy, exported):
    _, inputs, expected = toy
    generator = OnnxGenerator(exported["ONNX"][0], TOY)
    assert generator.batch_size == BATCH and generator.providers == ["CPUExecutionProvider"]
    found = TOY.generate(generator, inputs, BATCH)
    assert found.shape == (COUNT, 3, 8, 8)
    assert np.abs(found - expected).max() <= TOLERANCE


def test_cpp_generator_main_matches_mindspore(toy, exported, folder):
    _, inputs, expected = toy
    root, results = folder / "preprocess_Result", folder / "result_Files"
    names = bin_io.write_inputs(TOY, str(root), inputs, BATCH)
    assert names == ["toy_bs3_00000.bin", "toy_bs3_00001.bin", "toy_bs3_00002.bin"]
    done = run_generator_main(exported["ONNX"][0], str(root), results, folder / "time.txt")
    assert done.returncode == 0, done.stderr
    assert "generated 3 batches of Toy" in done.stdout
    found = bin_io.read_outputs(TOY, str(root), str(results), inputs, BATCH)
    assert np.abs(found - expected).max() <= TOLERANCE
    main = build_cpp_infer("openvino") / "generator_main"
    other = subprocess.run([str(main), "--model_path", exported["ONNX"][0], "--label_path", str(root / "noise")],
                           capture_output=True, text=True, check=False)
    assert other.returncode == 1
    assert other.stderr.strip() == (f"error: unknown flag --label_path: the generator description "
                                    f"{root / bin_io.SPEC_FILE} names the input folders --input0_path or --noise_path")


def test_postprocess_rejects_other_inputs_and_missing_outputs(tmp_path):
    inputs = TOY.sample(4, seed=1)
    bin_io.write_inputs(TOY, str(tmp_path), inputs, 2)
    with pytest.raises(ValueError, match="toy_bs2_00000_0.bin' does not exist; run preprocess.py and the C"):
        bin_io.read_outputs(TOY, str(tmp_path), str(tmp_path / "out"), inputs, 2)
    with pytest.raises(ValueError, match="noise/toy_bs2_00000.bin' holds other inputs than this configuration"):
        bin_io.read_outputs(TOY, str(tmp_path), str(tmp_path / "out"), TOY.sample(4, seed=2), 2)


def test_onnx_session_names_the_file_it_cannot_use(tmp_path):
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"not an onnx model")
    with pytest.raises(ValueError) as error:
        open_session(str(junk))
    message = str(error.value)
    assert message.startswith(f"{str(junk)!r} is not an ONNX model that ONNX Runtime can load (") and "\n" not in message
    with pytest.raises(ValueError, match="does not exist; run export.py first"):
        open_session(str(tmp_path / "absent.onnx"))


def test_samplers_and_padded_batches():
    spec = GeneratorSpec("Cond", (Input("z", "float32", (2,), uniform(-1, 1)),
                                  Input("c", "int32", (1,), random_classes(5)),
                                  Input("k", "int64", (), cycled_classes(3)),
                                  Input("r", "int32", (), class_rows(3))),
                         Output("x", (4, 4, 1), "NHWC"), make_rng=np.random.RandomState)
    z, c, k, r = spec.sample(7, seed=4)
    rng = np.random.RandomState(4)
    assert np.array_equal(z, rng.uniform(-1, 1, (7, 2)).astype(np.float32))
    assert np.array_equal(c, rng.randint(0, 5, size=7).reshape(7, 1)) and c.dtype == np.int32
    assert k.tolist() == [0, 1, 2, 0, 1, 2, 0] and k.dtype == np.int64
    assert r.tolist() == [0, 0, 0, 1, 1, 1, 2]
    assert spec.sample(7, seed=4)[0].tobytes() == z.tobytes()
    batches = list(spec.padded_batches((z, c, k, r), 3))
    assert [count for _, count in batches] == [3, 3, 1]
    last, _ = batches[-1]
    assert [part.shape for part in last] == [(3, 2), (3, 1), (3,), (3,)] and not last[0][1:].any()
    images = spec.generate(lambda *batch: np.zeros((3, 4, 4, 1)) + batch[2][:, None, None, None], (z, c, k, r), 3)
    assert images.shape == (7, 4, 4, 1) and images[:, 0, 0, 0].tolist() == k.tolist()
    assert spec.output.to_nchw(images).shape == (7, 1, 4, 4)
    assert spec.describe_inputs() == ("inputs z float32 (N,2), c int32 (N,1), k int64 (N,) and r int32 (N,)")
    assert TOY.describe_inputs() == "input noise float32 (N,8)"


def test_inputs_are_matched_by_name_else_by_position():
    spec = GeneratorSpec("Cond", (Input("z", "float32", (2,), normal()), Input("y", "int32", (1,), cycled_classes(2))),
                         Output("x", (1, 2, 2)))
    assert spec.match_inputs([("y:0", "int32", [None, 1]), ("z:0", "float32", [None, 2])], "m") == [1, 0]
    assert spec.match_inputs([("a", "float32", [4, 2]), ("b", "int32", [4, 1])], "m") == [0, 1]
    for found in ([("a", "int32", [4, 1]), ("b", "float32", [4, 2])], [("z", "float32", [4, 3]), ("y", "int32", [4, 1])],
                  [("z", "float32", [4, 2])]):
        with pytest.raises(ValueError, match=r"^ONNX file 'm.onnx' is not a Cond generator: expected inputs "
                                             r"z float32 \(N,2\) and y int32 \(N,1\), found "):
            spec.match_inputs(found, "ONNX file 'm.onnx'")
    assert spec.to_text().splitlines()[2:] == ["input z float32 N,2 z", "input y int32 N,1 y",
                                               "output x float32 N,1,2,2 NCHW 0,1"]
    with pytest.raises(ValueError, match="input name 'a b' must be one word"):
        GeneratorSpec("M", (Input("a b", "float32", (1,), normal()),), Output("x", (1,))).to_text()
