"""Export of the EMA generator: frozen .pb and ONNX parity with the training graph; eval and ONNX CLIs."""
import json
import os
import shutil
import subprocess

import numpy as np
import pytest

from BigGAN.src.config import parse
from BigGAN.src.evaluate import Evaluator, evaluation_inputs, to_uint8
from BigGAN.src.exporter import export_generator
from BigGAN.src.generator_spec import generator_spec
from BigGAN.src.inference_graph import load_frozen
from BigGAN.src.latent import sample_labels, sample_z
from BigGAN.src.offline_inference import read_results, write_inputs
from BigGAN.src.tf_compat import tf
from BigGAN.src.trainer import Trainer
from utils.zoo_common.train_loop import train
from biggan_fixtures import MODEL_DIR, PYTHON, SUBPROCESS_ENV, ROOT, synthetic_batches, tiny_args, write_python, write_tiny_inception
from utils.zoo_common.metrics.fid_is import inception_score
from utils.zoo_common.metrics.inception import InceptionNetwork
from utils.zoo_common.onnx_session import OnnxGenerator


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A 2-step run; yields (run dir, data dir, trainer with its session still open, probe z, probe y)."""
    root = tmp_path_factory.mktemp("export")
    data = write_python(str(root / "data"), synthetic_batches(per_file=4))
    cfg = parse(tiny_args(data, str(root / "run"), steps=2), "test")
    trainer = train(cfg, lambda: Trainer(cfg))
    rng = np.random.RandomState(11)
    z, y = sample_z(rng, 5, 120, truncation=1.5), sample_labels(rng, 5, 10)
    yield str(root / "run"), data, trainer, z, y
    trainer.close()


@pytest.fixture(scope="module")
def exported(trained, tmp_path_factory):
    run_dir = trained[0]
    out = str(tmp_path_factory.mktemp("exported"))
    return export_generator(parse([f"--ckpt_path={run_dir}", f"--export_dir={out}", "--num_threads=1"], "t"))


def test_export_writes_pb_and_onnx_within_tolerance(exported):
    assert exported["ema"] is True and exported["checkpoint"].endswith("step_00000002")
    assert os.path.isfile(exported["pb"]) and os.path.isfile(exported["onnx"])
    assert exported["pb_max_abs_diff"] <= 1e-5 and exported["onnx_max_abs_diff"] <= 1e-5


def test_frozen_pb_reproduces_the_training_graph_ema_generator(trained, exported):
    _, _, trainer, z, y = trained
    expected = trainer.generate(z, y)
    graph, z_in, y_in, output = load_frozen(exported["pb"])
    assert z_in.dtype == tf.float32 and z_in.shape.as_list() == [None, 120]
    assert y_in.dtype == tf.int32 and y_in.shape.as_list() == [None, 1]
    assert not [n for n in graph.as_graph_def().node if n.op in ("VariableV2", "VarHandleOp", "Assign")]
    with tf.Session(graph=graph) as sess:
        frozen = sess.run(output, {z_in: z, y_in: y.reshape(-1, 1)})
        single = sess.run(output, {z_in: z[:1], y_in: y[:1].reshape(-1, 1)})
    assert frozen.shape == (5, 32, 32, 3)
    assert np.abs(frozen - expected).max() <= 1e-5
    assert np.abs(single[0] - frozen[0]).max() <= 1e-6


def test_onnx_runtime_matches_the_frozen_graph(trained, exported):
    import onnx
    _, _, _, z, y = trained
    model = onnx.load(exported["onnx"])
    assert [i.name for i in model.graph.input] == ["z", "y"] and [o.name for o in model.graph.output] == ["output"]
    assert model.graph.input[1].type.tensor_type.elem_type == onnx.TensorProto.INT32
    assert model.opset_import[0].version == 17
    graph, z_in, y_in, output = load_frozen(exported["pb"])
    with tf.Session(graph=graph) as sess:
        reference = sess.run(output, {z_in: z, y_in: y.reshape(-1, 1)})
    generator = OnnxGenerator(exported["onnx"], generator_spec(parse([], "t")))
    assert generator.batch_size is None  # the frozen graph takes any batch
    assert np.abs(generator(z, y) - reference).max() <= 1e-5


def test_infer_onnx_rejects_a_file_that_is_not_the_onnx_generator(exported, tmp_path):
    not_onnx = tmp_path / "model.onnx"
    not_onnx.write_bytes(b"not an onnx file")
    done = subprocess.run([PYTHON, os.path.join(MODEL_DIR, "infer_onnx.py"), f"--onnx_path={not_onnx}",
                           f"--output_path={tmp_path / 'out'}", "--metrics="], capture_output=True, text=True,
                          env=SUBPROCESS_ENV, timeout=180)
    lines = [line for line in done.stderr.splitlines() if line.startswith("error: ") or "Traceback" in line]
    assert done.returncode == 1 and len(lines) == 1, done.stderr[-2000:]
    assert lines[0].startswith(f"error: {str(not_onnx)!r} is not an ONNX model that ONNX Runtime can load (")
    assert not os.path.exists(tmp_path / "out" / "infer_onnx" / "samples.png")
    with pytest.raises(ValueError, match=r"^ONNX file '.*' is not a BigGAN generator: expected inputs z float32 "
                                         r"\(N,64\) and y int32 \(N,1\), found z float32 \[\?,120\]; y int32 \[\?,1\]$"):
        OnnxGenerator(exported["onnx"], generator_spec(parse(["--z_dim=64"], "t")))
    with pytest.raises(ValueError, match="absent.onnx' does not exist; run export.py first"):
        OnnxGenerator(str(tmp_path / "absent.onnx"), generator_spec(parse([], "t")))


def test_export_of_a_wrong_checkpoint_is_rejected(trained, tmp_path):
    run_dir = trained[0]
    with pytest.raises(ValueError, match="no BigGAN checkpoint at"):
        export_generator(parse([f"--ckpt_path={tmp_path}", f"--export_dir={tmp_path / 'x'}"], "t"))
    folder = os.path.join(run_dir, "ckpt", "step_00000002")
    bad = tmp_path / "step_00000002"
    os.makedirs(bad)
    meta = json.load(open(os.path.join(folder, "meta.json")))
    json.dump(dict(meta, model="CGAN"), open(bad / "meta.json", "w"))
    with pytest.raises(ValueError, match="is not a BigGAN checkpoint"):
        export_generator(parse([f"--ckpt_path={bad}", f"--export_dir={tmp_path / 'x'}"], "t"))
    json.dump(dict(meta, base_channel=8), open(bad / "meta.json", "w"))
    for name in ("model.index", "model.data-00000-of-00001"):
        os.symlink(os.path.join(folder, name), bad / name)
    with pytest.raises(ValueError, match=r"has shape \[.*\], the model expects \[.*\]"):
        export_generator(parse([f"--ckpt_path={bad}", f"--export_dir={tmp_path / 'x'}"], "t"))
    assert not os.path.exists(tmp_path / "x" / "biggan_generator.pb")


@pytest.mark.slow
def test_eval_and_onnx_inference_clis_agree(trained, exported, tmp_path):
    run_dir, data, _, _, _ = trained
    inception = write_tiny_inception(str(tmp_path / "inception.pb"))
    common = [f"--data_path={data}", f"--inception_pb={inception}", f"--stats_dir={tmp_path / 'stats'}",
              "--num_samples=20", "--eval_batch_size=10", "--is_splits=2", "--num_threads=1"]
    results = {}
    for name, args in (("eval", [f"--ckpt_path={run_dir}"]), ("infer_onnx", [f"--onnx_path={exported['onnx']}"])):
        out = tmp_path / name
        done = subprocess.run([PYTHON, os.path.join(MODEL_DIR, f"{name}.py"), f"--output_path={out}"] + common + args,
                              capture_output=True, text=True, env=SUBPROCESS_ENV, timeout=180)
        assert done.returncode == 0, done.stderr[-2000:]
        results[name] = {metric: json.load(open(out / name / f"{metric}.json")) for metric in ("fid20_train", "is20")}
    assert results["eval"]["fid20_train"]["value"] == pytest.approx(results["infer_onnx"]["fid20_train"]["value"], rel=1e-3)
    assert results["eval"]["is20"]["mean"] == pytest.approx(results["infer_onnx"]["is20"]["mean"], rel=1e-3)
    done = subprocess.run([PYTHON, os.path.join(MODEL_DIR, "eval.py"), f"--ckpt_path={run_dir}",
                           f"--output_path={tmp_path / 'none'}", f"--inception_pb={tmp_path / 'absent.pb'}"],
                          capture_output=True, text=True, env=SUBPROCESS_ENV, timeout=180)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith(f"error: Inception graph '{tmp_path / 'absent.pb'}' "
                                                           "does not exist")
    assert not os.path.exists(tmp_path / "none" / "eval" / "samples.png")


@pytest.fixture(scope="module")
def cpp_main(tmp_path_factory):
    build_dir = tmp_path_factory.mktemp("biggan_ascend310_infer")
    done = subprocess.run(["bash", os.path.join(ROOT, "utils", "cpp_infer", "build_infer.sh"),
                           os.path.join(MODEL_DIR, "ascend310_infer"), "openvino", str(build_dir)],
                          capture_output=True, text=True, env=SUBPROCESS_ENV, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return str(build_dir / "main")


def test_cpp_openvino_matches_tensorflow_on_pb_and_onnx(trained, exported, cpp_main, tmp_path):
    infer_dir = str(tmp_path / "infer")
    cfg = parse([f"--infer_dir={infer_dir}", "--infer_count=7", "--infer_batch=3"], "t")
    names = write_inputs(cfg)
    assert np.fromfile(os.path.join(infer_dir, "y", names[0]), np.int32).size == 3  # int32, not int64
    z, labels = evaluation_inputs(cfg, 7)
    graph, z_in, y_in, output = load_frozen(exported["pb"])
    with tf.Session(graph=graph) as sess:
        reference = sess.run(output, {z_in: z, y_in: labels.reshape(-1, 1)})
    for model in (exported["pb"], exported["onnx"]):
        result = os.path.join(infer_dir, "result")
        shutil.rmtree(result, ignore_errors=True)
        done = subprocess.run([cpp_main, f"--model_path={model}", f"--z_path={infer_dir}/z", f"--y_path={infer_dir}/y",
                               f"--result_path={result}", f"--time_file={tmp_path}/time.txt"],
                              capture_output=True, text=True, env=SUBPROCESS_ENV, timeout=120)
        assert done.returncode == 0, done.stderr
        assert np.abs(read_results(cfg) - reference).max() <= 1e-5, model
    # postprocess's evaluation of the C++ results: the IS of exactly these images
    inception = write_tiny_inception(str(tmp_path / "inception.pb"))
    cfg = parse([f"--infer_dir={infer_dir}", "--infer_count=7", "--infer_batch=3", "--metrics=is", "--is_splits=1",
                 f"--inception_pb={inception}"], "t")
    images = to_uint8(read_results(cfg))
    result = Evaluator(cfg, None, infer_dir).evaluate_images(images, "cpp")
    network = InceptionNetwork(inception)
    expected = inception_score(network.run(images, cfg.eval_batch_size)[1], 1)[0]
    network.close()
    assert result["num_samples"] == 7 and result["is7"] == pytest.approx(expected, rel=1e-9)


def test_cpp_main_rejects_a_model_that_is_not_the_generator(cpp_main, tmp_path):
    import onnx
    from onnx import TensorProto, helper
    node = helper.make_node("Identity", ["x"], ["out"])
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
                              [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 4])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, str(tmp_path / "other.onnx"))
    write_inputs(parse([f"--infer_dir={tmp_path}", "--infer_count=2"], "t"))
    done = subprocess.run([cpp_main, f"--model_path={tmp_path / 'other.onnx'}", f"--z_path={tmp_path}/z",
                           f"--y_path={tmp_path}/y"], capture_output=True, text=True, env=SUBPROCESS_ENV, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("error: model ") and "is not a BigGAN generator: expected inputs z " \
        "float32 (N,120) and y int32 (N,1), found x float32 [1,4]" in done.stderr


def test_postprocess_rejects_results_of_another_batch(tmp_path):
    cfg = parse([f"--infer_dir={tmp_path}", "--infer_count=4", "--infer_batch=2"], "t")
    write_inputs(cfg)
    os.makedirs(tmp_path / "result")
    for name in ("biggan_bs2_00000_0.bin", "biggan_bs2_00001_0.bin"):
        np.zeros((3, 32, 32, 3), np.float32).tofile(tmp_path / "result" / name)
    with pytest.raises(ValueError, match=r"holds 36864 bytes, expected output float32 \(2,32,32,3\) NHWC \(24576 "
                                         r"bytes\); run preprocess.py, the C\+\+ program and postprocess.py with"):
        read_results(cfg)
    with pytest.raises(ValueError, match="holds other inputs than this configuration generates"):
        read_results(parse([f"--infer_dir={tmp_path}", "--infer_count=4", "--infer_batch=2", "--eval_seed=5"], "t"))
